// The explorer skips every candidate that extends a choice of rf and co for the first locations
// which already breaks an axiom in MONOTONE (linux-kernel-cat.ts). Skipped candidates must all
// be inconsistent: the answers, with every state's count (herd7's Positive and Negative), the
// findings and the number of consistent candidates, must be those of the search that judges
// every candidate whole. A pruning that dropped one consistent candidate changes a count here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Outcome } from '../explorer.js';
import { judgeWhole } from './linux-kernel-cat.js';
import { exploreLkmm, exploreLkmmJudgedBy } from './lkmm-explorer.js';
import { countingBudget, lkmmProgram } from '../../testing/lkmm-litmus.js';

const budget = countingBudget;
const programOf = lkmmProgram;

/** Everything of an answer but the number of candidates tried (which the pruning lowers). */
function answer(o: Outcome): string {
  const states = (o.finals?.states ?? []).map((s) => `${s.values.join(',')}:${s.holds}x${s.count ?? 1}`);
  return JSON.stringify({ verdict: o.verdict, bound: o.bound, note: o.note, states, findings: o.findings.map((f) => f.violation), consistent: o.stats.runs });
}

/**
 * Writes of several values to x, y and z (many coherence orders; a prefix is judged only when
 * two or more combinations remain below it, so each CPU ends with a write to z, the last
 * location chosen: its orders are what a rejected choice for x and y skips), locks, fences, some
 * plain accesses.
 */
const arbStatement = (r: string): fc.Arbitrary<string> => fc.oneof(
  fc.constantFrom(`${r} = READ_ONCE(*x);`, `${r} = READ_ONCE(*y);`, `${r} = READ_ONCE(*z);`, `${r} = smp_load_acquire(x);`, `${r} = xchg(y, 3);`,
    'smp_mb();', 'smp_wmb();', 'smp_rmb();', `${r} = *y;`),
  fc.integer({ min: 1, max: 2 }).map((v) => `WRITE_ONCE(*x, ${v});`),
  fc.integer({ min: 1, max: 2 }).map((v) => `WRITE_ONCE(*y, ${v});`),
  fc.integer({ min: 1, max: 2 }).map((v) => `WRITE_ONCE(*z, ${v});`),
  fc.integer({ min: 1, max: 2 }).map((v) => `smp_store_release(y, ${v});`),
);

const arbTest = fc.array(fc.tuple(fc.array(fc.nat(), { minLength: 2, maxLength: 3 }), fc.boolean()), { minLength: 2, maxLength: 3 })
  .chain((procs) => fc.tuple(...procs.map(([slots, locked], p) => fc.tuple(...slots.map((_, i) => arbStatement(`r${i}`))).map((body) => ({ p, body, locked })))))
  .map((procs) => {
    const regs = procs.flatMap(({ p, body }) => body.flatMap((s, i) => (s.includes(`r${i} =`) ? [`${p}:r${i}`] : [])));
    return ['C random', '{}']
      .concat(procs.map(({ p, body, locked }) => `P${p}(int *x, int *y, int *z, spinlock_t *s)\n{\n${body.map((_, i) => `\tint r${i};`).join('\n')}\n${[...(locked ? ['spin_lock(s);', ...body, 'spin_unlock(s);'] : body), `WRITE_ONCE(*z, ${p + 1});`].map((s) => `\t${s}`).join('\n')}\n}`))
      .concat([`locations [${[...regs, 'x', 'y', 'z'].join('; ')}]`, 'exists (x=0)'])
      .join('\n');
  });

test('rejecting prefixes of locations\' choices keeps every consistent candidate of random programs (seed 2028)', () => {
  let pruned = 0;
  fc.assert(fc.property(arbTest, (text) => {
    const p = programOf(text);
    const whole = exploreLkmmJudgedBy(p, budget(), judgeWhole, false);
    const fast = exploreLkmm(p, budget());
    assert.equal(answer(fast), answer(whole), `pruning changes the answer of\n${text}`);
    assert.ok(fast.stats.states <= whole.stats.states, text);
    if (fast.stats.states < whole.stats.states) pruned++;
  }), { seed: 2028, numRuns: 120 });
  // Few random programs have a cycle through x and y alone (5 of these 120): enough that the comparison covers pruned searches.
  assert.ok(pruned >= 3, `the pruning skipped candidates in ${pruned} of 120 programs`);
});

const P = (n: number, body: string): string => `P${n}(int *x, int *y, int *z)\n{\n${body}\n}\n`;

test('MP with a third location: the choices for x and y that make MP+mbs\'s cycle are rejected before z\'s, with the same answer', () => {
  // Locations are chosen in order x, y, z: with x and y chosen, P1 reading y=1 and x=0 is
  // already a propagation cycle, whichever of z's two coherence orders follows.
  const text = `C MP+z\n{}\n${P(0, 'WRITE_ONCE(*x, 1); smp_mb(); WRITE_ONCE(*y, 1); WRITE_ONCE(*z, 1);')}${P(1, 'int r0; int r1; r0 = READ_ONCE(*y); smp_mb(); r1 = READ_ONCE(*x); WRITE_ONCE(*z, 2);')}exists (1:r0=1 /\\ 1:r1=0)`;
  const p = programOf(text);
  const whole = exploreLkmmJudgedBy(p, budget(), judgeWhole, false);
  const fast = exploreLkmm(p, budget());
  assert.equal(answer(fast), answer(whole));
  assert.ok(fast.finals!.states.every((s) => !s.holds), 'Never, as MP+mbs');
  assert.equal(fast.stats.states, whole.stats.states - 2, `candidates ${fast.stats.states} of ${whole.stats.states}: z's two orders under the cycle skipped`);
});
