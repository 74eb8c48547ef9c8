// Two definitions of a data race, two implementations: the machine's racy state under sc and tso
// (src/machine/race.ts: two CPUs' next steps meet on a location) and linux-kernel.cat's data-race
// flag (src/explore/lkmm/linux-kernel-cat.ts). Two accesses that can stand side by side in an SC
// or TSO run have no chain of communication between them, so nothing in the LKMM orders them
// either: every race the machine finds, the LKMM flags too (not the other way round: the LKMM
// orders less, docs/memory-model.md). On random litmus tests of plain and marked accesses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadLitmus } from '../../litmus/load.js';
import type { MemoryModelName } from '../../machine/program.js';
import { exhaustive } from '../exhaustive.js';

const LOCS = ['x', 'y'] as const;

const arbStatement = (r: string): fc.Arbitrary<string> => {
  const loc = fc.constantFrom(...LOCS);
  const val = fc.integer({ min: 1, max: 2 });
  return fc.oneof(
    fc.tuple(loc, val).map(([l, v]) => `*${l} = ${v};`),
    loc.map((l) => `${r} = *${l};`),
    fc.tuple(loc, val).map(([l, v]) => `WRITE_ONCE(*${l}, ${v});`),
    fc.tuple(loc, val).map(([l, v]) => `smp_store_release(${l}, ${v});`),
    loc.map((l) => `${r} = READ_ONCE(*${l});`),
    loc.map((l) => `${r} = smp_load_acquire(${l});`),
    fc.constantFrom('smp_mb();', 'smp_wmb();', 'smp_rmb();'),
    // A plain read only after a marked one saw a value: message passing, which a schedule orders
    // and the LKMM orders only with the right barriers.
    fc.tuple(loc, loc).map(([f, d]) => `if (READ_ONCE(*${f}) == 1) ${r} = *${d};`),
  );
};

const arbTest = fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 3 }).chain((shape) =>
  fc.tuple(...shape.map((stmts, p) => fc.tuple(...stmts.map((_, i) => arbStatement(`r${i}`))).map((body) => ({ p, body }))))).map((procs) =>
  ['C random', '{}']
    .concat(procs.map(({ p, body }) => `P${p}(int *x, int *y)\n{\n${body.map((_, i) => `\tint r${i};`).join('\n')}\n${body.map((s) => `\t${s}`).join('\n')}\n}`))
    .concat(['exists (x=0)'])
    .join('\n'));

/** Whether the search under `m` found a data race; null when it did not finish (a refusal). */
function races(text: string, m: MemoryModelName): boolean | null {
  const l = loadLitmus('random.litmus', text, { memoryModel: m });
  if (l.kind !== 'ok') throw new Error(`${l.kind}: ${JSON.stringify(l)}\n${text}`);
  let t = 0;
  const o = exhaustive.explore(l.value.program, { maxStates: 1_000_000, now: () => t++, seed: 0 });
  return o.bound !== undefined ? null : o.findings.some((f) => f.violation.kind === 'data-race');
}

test('every data race the machine finds under sc or tso, the LKMM flags too (seed 2021)', () => {
  let raced = 0;
  let lkmmOnly = 0;
  fc.assert(fc.property(arbTest, (text) => {
    const lkmm = races(text, 'lkmm');
    fc.pre(lkmm !== null);
    const machine = (['sc', 'tso'] as const).map((m) => races(text, m));
    for (const [i, m] of (['sc', 'tso'] as const).entries()) if (machine[i]) assert.ok(lkmm, `${m} found a data race the LKMM did not flag in\n${text}`);
    if (machine.some((r) => r)) raced++;
    else if (lkmm) lkmmOnly++;
  }), { seed: 2021, numRuns: 300 });
  // Both sides of the implication are exercised: races found, and LKMM-only ones (ordering that a
  // schedule gives and the model does not).
  assert.ok(raced >= 60, `only ${raced} programs raced`);
  assert.ok(lkmmOnly >= 3, `only ${lkmmOnly} LKMM-only races`);
});
