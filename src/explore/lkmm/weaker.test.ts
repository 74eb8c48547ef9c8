// The LKMM is weaker than SC and x86-TSO on marked accesses: on random small litmus tests, every
// final state the machine reaches under sc or tso (its own exhaustive search, a different code
// path) is a final state of some LKMM execution. A final state found by SC but not by the LKMM
// would be an LKMM bug that makes it say Never too often, the one mistake that gives a wrong safe.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadLitmus } from '../../litmus/load.js';
import type { MemoryModelName } from '../../machine/program.js';
import { exhaustive } from '../exhaustive.js';

const LOCS = ['x', 'y'] as const;

/** One marked statement; `r` names the register a read assigns. */
const arbStatement = (r: string): fc.Arbitrary<string> => {
  const loc = fc.constantFrom(...LOCS);
  const val = fc.integer({ min: 1, max: 2 });
  return fc.oneof(
    fc.tuple(loc, val).map(([l, v]) => `WRITE_ONCE(*${l}, ${v});`),
    fc.tuple(loc, val).map(([l, v]) => `smp_store_release(${l}, ${v});`),
    loc.map((l) => `${r} = READ_ONCE(*${l});`),
    loc.map((l) => `${r} = smp_load_acquire(${l});`),
    fc.tuple(loc, val).map(([l, v]) => `${r} = xchg_relaxed(${l}, ${v});`),
    fc.tuple(loc, val).map(([l, v]) => `${r} = cmpxchg(${l}, 0, ${v});`),
    loc.map((l) => `atomic_inc(${l});`),
    fc.constantFrom('smp_mb();', 'smp_wmb();', 'smp_rmb();', 'smp_mb__after_atomic();'),
  );
};

const arbTest = fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 }).chain((shape) =>
  fc.tuple(...shape.map((stmts, p) => fc.tuple(...stmts.map((_, i) => arbStatement(`r${i}`))).map((body) => ({ p, body }))))).map((procs) => {
  const regs = procs.flatMap(({ p, body }) => body.flatMap((s, i) => (s.startsWith(`r${i} =`) ? [`${p}:r${i}`] : [])));
  const text = ['C random', '{}']
    .concat(procs.map(({ p, body }) => `P${p}(atomic_t *x, atomic_t *y)\n{\n${body.map((_, i) => `\tint r${i};`).join('\n')}\n${body.map((s) => `\t${s}`).join('\n')}\n}`))
    .concat([`locations [${[...regs, ...LOCS].join('; ')}]`, 'exists (x=0)'])
    .join('\n');
  return text;
});

function finals(text: string, m: MemoryModelName): Set<string> {
  const l = loadLitmus('random.litmus', text, { memoryModel: m });
  if (l.kind !== 'ok') throw new Error(`${l.kind}: ${JSON.stringify(l)}\n${text}`);
  let t = 0;
  const o = exhaustive.explore(l.value.program, { maxStates: 1_000_000, now: () => t++, seed: 0 });
  assert.equal(o.bound, undefined, `${m} search complete`);
  return new Set(o.finals!.states.map((s) => s.values.join(',')));
}

test('every SC and every TSO final state is an LKMM final state (seed 2020)', () => {
  fc.assert(fc.property(arbTest, (text) => {
    const lkmm = finals(text, 'lkmm');
    for (const m of ['sc', 'tso'] as const) {
      const missing = [...finals(text, m)].filter((s) => !lkmm.has(s));
      assert.deepEqual(missing, [], `${m} states the LKMM lacks in\n${text}`);
    }
  }), { seed: 2020, numRuns: 120 });
});
