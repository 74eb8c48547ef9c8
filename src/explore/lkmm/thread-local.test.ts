// judge() keeps a judgement by thread-local key (thread-local.ts): on every candidate of random
// programs it must say what judgeWhole() says, axiom for axiom, and the search's answers
// (states and their counts) must be the same either way. The diy7 RCU chains it was made for
// must keep every consistent candidate (their counts, herd7's Positive and Negative, would drop).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { judgeLitmus } from '../../litmus/verdict.js';
import type { Outcome } from '../explorer.js';
import { Base, type Execution } from './execution.js';
import { judge, judgeWhole, type Judged } from './linux-kernel-cat.js';
import { exploreLkmm, exploreLkmmJudgedBy } from './lkmm-explorer.js';
import { countingBudget, lkmmProgram } from '../../testing/lkmm-litmus.js';
import { ThreadLocal } from './thread-local.js';

const budget = countingBudget;
const programOf = lkmmProgram;

/** What a search found, counts included: the states, the findings' kinds and the candidates. */
function answer(o: Outcome): string {
  const states = (o.finals?.states ?? []).map((s) => `${s.values.join(',')}:${s.holds}x${s.count ?? 1}`);
  return JSON.stringify({ verdict: o.verdict, bound: o.bound, states, kinds: o.findings.map((f) => f.violation.kind), candidates: o.stats.states, consistent: o.stats.runs });
}

interface Seen { candidates: number; keyed: number; keyedRejected: number; cyclic: number }

/** A judge that asks both, asserts they agree, and counts the candidates that had a key. */
function comparing(seen: Seen, text: string): (x: Execution, b?: Base) => Judged {
  return (x, b = new Base(x)) => {
    const whole = judgeWhole(x, b);
    const kept = judge(x, b);
    assert.deepEqual(kept, whole, `judge() and judgeWhole() differ on a candidate of\n${text}`);
    seen.candidates++;
    const key = new ThreadLocal(x).key(x.rf, x.co);
    if (key !== null) {
      seen.keyed++;
      if (whole.failed !== null) seen.keyedRejected++;
    } else seen.cyclic++;
    return kept;
  };
}

/** Marked statements (and a few plain ones, which judge() leaves to judgeWhole()) on x and y. */
const arbStatement = (r: string): fc.Arbitrary<string> => fc.oneof(
  fc.constantFrom(`${r} = READ_ONCE(*x);`, `${r} = READ_ONCE(*y);`, `${r} = smp_load_acquire(y);`, `${r} = xchg(x, 2);`, `${r} = xchg_relaxed(y, 2);`,
    'smp_mb();', 'smp_rmb();', 'smp_wmb();', 'synchronize_rcu();', `${r} = *x;`, `${r} = READ_ONCE(*x); WRITE_ONCE(*y, ${r});`),
  fc.integer({ min: 1, max: 2 }).map((v) => `WRITE_ONCE(*x, ${v});`),
  fc.integer({ min: 1, max: 2 }).map((v) => `WRITE_ONCE(*y, ${v});`),
  fc.integer({ min: 1, max: 2 }).map((v) => `smp_store_release(x, ${v});`),
  fc.constant('*y = 1;'),
);

/** 2 or 3 CPUs of 1 to 3 statements, each body maybe inside an RCU read-side section or a spinlock. */
const arbTest = fc.array(fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), fc.constantFrom('', 'rcu', 'lock')), { minLength: 2, maxLength: 3 })
  .chain((procs) => fc.tuple(...procs.map(([slots, wrap], p) => fc.tuple(...slots.map((_, i) => arbStatement(`r${i}`))).map((body) => ({ p, body, wrap })))))
  .map((procs) => {
    const regs = procs.flatMap(({ p, body }) => body.flatMap((s, i) => (s.includes(`r${i} =`) ? [`${p}:r${i}`] : [])));
    const wrapped = (body: string[], wrap: string): string[] => wrap === 'rcu' ? ['rcu_read_lock();', ...body, 'rcu_read_unlock();']
      : wrap === 'lock' ? ['spin_lock(s);', ...body, 'spin_unlock(s);'] : body;
    return ['C random', '{}']
      .concat(procs.map(({ p, body, wrap }) => `P${p}(int *x, int *y, spinlock_t *s)\n{\n${body.map((_, i) => `\tint r${i};`).join('\n')}\n${wrapped(body, wrap).map((s) => `\t${s}`).join('\n')}\n}`))
      .concat([`locations [${[...regs, 'x', 'y'].join('; ')}]`, 'exists (x=0)'])
      .join('\n');
  });

test('judge() by thread-local key says what judgeWhole() says on every candidate of random programs (seed 2027)', () => {
  const seen: Seen = { candidates: 0, keyed: 0, keyedRejected: 0, cyclic: 0 };
  fc.assert(fc.property(arbTest, (text) => {
    const p = programOf(text);
    const compared = exploreLkmmJudgedBy(p, budget(), comparing(seen, text));
    assert.equal(answer(exploreLkmm(p, budget())), answer(compared), `the search's answer changes with the judge for\n${text}`);
    assert.equal(answer(exploreLkmmJudgedBy(p, budget(), judgeWhole)), answer(compared), `judgeWhole() alone answers otherwise for\n${text}`);
  }), { seed: 2027, numRuns: 150 });
  // The property says something only if both kinds of candidate, and rejections by key, occur.
  assert.ok(seen.keyed > 100 && seen.cyclic > 100, `candidates with a key ${seen.keyed}, without ${seen.cyclic}`);
  assert.ok(seen.keyedRejected > 0, 'some candidate with a key is rejected (inside one thread: a grace period in a read-side section)');
});

const P = (n: number, params: string, body: string): string => `P${n}(${params})\n{\n${body}\n}\n`;

test('the key: SB+mbs\'s forbidden candidate orders its two CPUs both ways (no key), as does the one where each reads the other\'s write', () => {
  const text = `C SB\n{}\n${P(0, 'int *x, int *y', 'int r0; WRITE_ONCE(*x, 1); smp_mb(); r0 = READ_ONCE(*y);')}${P(1, 'int *x, int *y', 'int r0; WRITE_ONCE(*y, 1); smp_mb(); r0 = READ_ONCE(*x);')}exists (0:r0=0 /\\ 1:r0=0)`;
  const keys: [string | null, string | null][] = [];
  exploreLkmmJudgedBy(programOf(text), budget(), (x, b) => {
    const j = judge(x, b);
    keys.push([new ThreadLocal(x).key(x.rf, x.co), j.failed]);
    return j;
  });
  assert.deepEqual(keys.filter(([, failed]) => failed !== null), [[null, 'propagation']]);
  assert.deepEqual(keys.filter(([, failed]) => failed === null).map(([k]) => k).sort(), ['', '', null]);
});

/** The keys of the candidates of `text` that have one. */
function keysOf(text: string): string[] {
  const keys: string[] = [];
  exploreLkmmJudgedBy(programOf(text), budget(), (x, b) => {
    const k = new ThreadLocal(x).key(x.rf, x.co);
    if (k !== null) keys.push(k);
    return judge(x, b);
  });
  return keys;
}

test('the key holds a thread\'s own rf and fr', () => {
  // P0 reads its own write: rf inside P0 (reading P1's instead orders the CPUs both ways).
  const own = keysOf(`C own\n{}\n${P(0, 'int *x', 'int r0; WRITE_ONCE(*x, 1); r0 = READ_ONCE(*x);')}${P(1, 'int *x', 'WRITE_ONCE(*x, 2);')}exists (0:r0=2)`);
  assert.ok(own.length > 0 && own.every((k) => /^r\d+,\d+;$/.test(k)), own.join(' | '));
  // P0 reads before it writes: fr from its read to its own write, whichever write it reads.
  const before = keysOf(`C before\n{}\n${P(0, 'int *x', 'int r0; r0 = READ_ONCE(*x); WRITE_ONCE(*x, 1);')}${P(1, 'int *x', 'WRITE_ONCE(*x, 2);')}exists (0:r0=2)`);
  assert.ok(before.length > 0 && before.every((k) => /f\d+,\d+;/.test(k)), before.join(' | '));
});

/** A diy7 RCU chain as Paul McKenney's collection writes them (auto/C-RW-G+RW-R+...): CPU i reads x_i, writes x_(i+1). */
function chain(kinds: readonly ('G' | 'R')[]): string {
  const n = kinds.length;
  const procs = kinds.map((k, i) => {
    const a = `x${i}`, b = `x${(i + 1) % n}`;
    const body = k === 'G' ? `int r1; r1 = READ_ONCE(*${a}); synchronize_rcu(); WRITE_ONCE(*${b}, 1);`
      : `int r1; rcu_read_lock(); r1 = READ_ONCE(*${a}); WRITE_ONCE(*${b}, 1); rcu_read_unlock();`;
    return P(i, `int *${a}, int *${b}`, body);
  });
  return `C chain\n{}\n${procs.join('')}exists (${kinds.map((_, i) => `${i}:r1=1`).join(' /\\ ')})`;
}

test('RCU chains keep every consistent candidate: 2^n - 2 share one key, and the cycle is forbidden exactly when grace periods are at least as many as read-side sections', () => {
  // The RCU guarantee (Documentation/RCU/Design/Requirements, and the collection's Result lines
  // for these shapes): the cycle through every CPU is forbidden when the chain has at least as
  // many grace periods as read-side critical sections.
  for (const kinds of [['G', 'G', 'R', 'R'], ['G', 'R', 'R', 'R'], ['G', 'R', 'G', 'R', 'R'], ['G', 'G', 'R', 'G', 'R', 'R'], ['R', 'G', 'R', 'R', 'G', 'R', 'R']] as const) {
    const text = chain(kinds);
    const p = programOf(text);
    const seen: Seen = { candidates: 0, keyed: 0, keyedRejected: 0, cyclic: 0 };
    const o = exploreLkmmJudgedBy(p, budget(), comparing(seen, text));
    const v = judgeLitmus(o, p.final!.quantifier, null, p.final!.observe, { source: 'none', word: null }, true);
    const all = 2 ** kinds.length;
    const forbidden = kinds.filter((k) => k === 'G').length >= kinds.filter((k) => k === 'R').length;
    const name = kinds.join('+');
    assert.equal(v.observation, forbidden ? 'Never' : 'Sometimes', name);
    assert.equal(v.positive, forbidden ? 0 : 1, name);
    assert.equal(v.negative, all - 1, `${name}: every candidate but the one of the cycle is consistent`);
    // Every read taking the previous CPU's write (rf all round the ring), or every read taking
    // the initial value (fr all round the other way), orders the CPUs in a cycle: judged whole.
    assert.deepEqual([seen.candidates, seen.keyed, seen.cyclic], [all, all - 2, 2], name);
    assert.equal(answer(exploreLkmm(p, budget())), answer(o), name);
  }
});
