// The partial-order reduction keeps data races (machine/race.ts): on random programs with plain
// accesses beside marked ones, locks, RCU, frees and handlers, the reduced search (with symmetry,
// as `raceway check` runs it) finds a data race exactly when the full search does, and the same
// other violation kinds and final states. docs/reduction.md, "Data races", argues why.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { arbSmallScenario } from '../../testing/arb-program.js';
import { searchWith } from '../../testing/full-and-reduced.js';
import { programOf } from '../../testing/inline.js';
import { racedAlong } from '../../testing/race-along.js';

for (const [model, seed] of [['sc', 61], ['tso', 62]] as const) {
  test(`${model}: the reduced search finds a data race exactly when the full one does (seed ${seed})`, () => {
    let raced = 0;
    let clean = 0;
    fc.assert(fc.property(arbSmallScenario({ plain: true, memoryModel: model }), ({ yaml }) => {
      const p = programOf(yaml);
      const full = searchWith(p, false, { orbits: true });
      fc.pre(full.o.bound === undefined);
      const reduced = searchWith(p, true, { symmetry: true });
      assert.deepEqual(reduced.kinds, full.kinds, yaml);
      assert.equal(reduced.o.verdict, full.o.verdict, yaml);
      assert.deepEqual(reduced.finals, full.finals, yaml);
      if (full.kinds.includes('data-race')) raced++; else clean++;
      // Each race the reduced search reports is a real run to a racy state.
      for (const f of reduced.o.findings) if (f.violation.kind === 'data-race') assert.ok(racedAlong(p, f.trace, f.violation.loc), yaml);
    }), { seed, numRuns: 400 });
    // The programs must tell the two apart: many race, many do not.
    assert.ok(raced >= 80 && clean >= 80, `${raced} programs raced, ${clean} did not`);
  });
}
