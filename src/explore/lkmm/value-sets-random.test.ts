// The LKMM value sets on random small programs whose counter RMWs feed each other, load
// buffering shapes among them (a read, then a write that does not depend on it): the final
// states over the sets pathsToFixpoint settles on are those over sets widened by hand (values no
// execution may write, around every value found), and every SC final state is among them. A set
// that missed a value some consistent execution reads would lose a final state here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadLitmus } from '../../litmus/load.js';
import type { MemoryModelName, Program } from '../../machine/program.js';
import { exhaustive } from '../exhaustive.js';
import type { Budget, Outcome } from '../explorer.js';
import { exploreLkmm, exploreLkmmOver, lkmmValueSets } from './lkmm-explorer.js';

/** One marked statement on the counter c or the flag x; `r` names the register a read assigns. */
const arbStatement = (r: string): fc.Arbitrary<string> => fc.oneof(
  fc.constantFrom('atomic_inc(c);', 'atomic_dec(c);', `${r} = atomic_inc_not_zero(c);`, `${r} = cmpxchg(c, 1, 0);`,
    `${r} = atomic_inc_return_relaxed(c);`, `${r} = READ_ONCE(*x);`, `${r} = smp_load_acquire(x);`),
  fc.integer({ min: 1, max: 2 }).map((v) => `atomic_set(c, ${v});`),
  fc.integer({ min: 1, max: 2 }).map((v) => `WRITE_ONCE(*x, ${v});`),
  fc.integer({ min: 1, max: 2 }).map((v) => `smp_store_release(x, ${v});`),
);

const arbTest = fc.array(fc.integer({ min: 2, max: 3 }), { minLength: 2, maxLength: 2 }).chain((sizes) =>
  fc.tuple(...sizes.map((n, p) => fc.array(fc.nat(), { minLength: n, maxLength: n }).chain((slots) =>
    fc.tuple(...slots.map((_, i) => arbStatement(`r${i}`))).map((body) => ({ p, body })))))).map((procs) => {
  const regs = procs.flatMap(({ p, body }) => body.flatMap((s, i) => (s.startsWith(`r${i} =`) ? [`${p}:r${i}`] : [])));
  return ['C random', '{ atomic_t c = ATOMIC_INIT(1); }']
    .concat(procs.map(({ p, body }) => `P${p}(atomic_t *c, int *x)\n{\n${body.map((_, i) => `\tint r${i};`).join('\n')}\n${body.map((s) => `\t${s}`).join('\n')}\n}`))
    .concat([`locations [${[...regs, 'c', 'x'].join('; ')}]`, 'exists (x=0)'])
    .join('\n');
});

const budget = (): Budget => {
  let t = 0;
  return { maxStates: 1_000_000, now: () => t++, seed: 0 };
};

function programOf(text: string, m: MemoryModelName): Program {
  const l = loadLitmus('random.litmus', text, { memoryModel: m });
  if (l.kind !== 'ok') throw new Error(`${l.kind}: ${JSON.stringify(l)}\n${text}`);
  return l.value.program;
}

function finals(o: Outcome, text: string): string[] {
  assert.equal(o.bound, undefined, `complete search (${o.note ?? ''}) of\n${text}`);
  return o.finals!.states.map((s) => s.values.join(',')).sort();
}

test('value sets settled on coherent prefixes give the final states of wider sets, and SC\'s (seed 2026)', () => {
  fc.assert(fc.property(arbTest, (text) => {
    const p = programOf(text, 'lkmm');
    // The third level's sets, also where an earlier level settles (the search then uses that one).
    const sets = lkmmValueSets(p, 'coherent');
    const lkmm = finals(exploreLkmmOver(p, budget(), sets.values), text);
    assert.deepEqual(finals(exploreLkmm(p, budget()), text), lkmm, `the search's own sets give another answer for\n${text}`);
    const wider = new Map([...sets.values].map(([loc, vs]) => [loc, [...new Set(vs.flatMap((v) => [v - 1, v, v + 1]))]]));
    assert.deepEqual(finals(exploreLkmmOver(p, budget(), wider), text), lkmm, `wider sets change the answer of\n${text}`);
    const missing = finals(exhaustive.explore(programOf(text, 'sc'), budget()), text).filter((s) => !lkmm.includes(s));
    assert.deepEqual(missing, [], `SC states the LKMM lacks in\n${text}`);
  }), { seed: 2026, numRuns: 40 });
});
