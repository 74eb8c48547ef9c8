// The parallel search against the sequential one (docs/reduction.md, "Parallel search"): on
// random programs drawn from the primitive registry, with the participants taking turns on one
// thread a few transitions at a time (so states are handed on, and threads go idle and come back,
// many times in every search), the parallel search, with and without the reduction, stops at a
// violation exactly when the full sequential search finds one; when it finds none it is complete, and without the reduction it
// stores the very states of the sequential search and takes the same transitions. With the
// reduction its count does not depend on how many threads share it. Real threads: cli/search/parallel-search.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { arbSmallScenario } from '../../testing/arb-program.js';
import { programOf, testBudget } from '../../testing/inline.js';
import { machineExplorer } from '../machine-search.js';
import { sequentialBecause } from './gate.js';
import { searchInTurns } from './shared-search.js';
import { Stop } from './work-queue.js';

const MAX = 10_000;

for (const [model, seed] of [['sc', 7], ['tso', 8]] as const) {
  test(`the parallel search finds a violation exactly when the sequential one does, and the same states (${model}, seed ${seed})`, () => {
    let compared = 0;
    let failing = 0;
    let safe = 0;
    fc.assert(fc.property(arbSmallScenario({ primitives: true, memoryModel: model }), fc.integer({ min: 1, max: 9 }), ({ yaml }, slice) => {
      const p = programOf(yaml);
      const full = machineExplorer({ reduction: false }).explore(p, testBudget(MAX));
      fc.pre(full.bound === undefined || full.bound === 'store-buffer' || full.bound === 'task-preemptions');
      const o = { reduction: false, threads: 3 };
      fc.pre(sequentialBecause(p, testBudget(MAX), o) === null);
      compared++;
      const t = searchInTurns(p, testBudget(MAX), o, slice);
      assert.equal(t.raw.stop === Stop.VIOLATION, full.findings.length > 0, yaml);
      const out = t.outcome();
      assert.equal(out.verdict, full.verdict, yaml);
      assert.equal(out.bound, full.bound, yaml);
      assert.deepEqual(out.findings, full.findings, yaml);
      const r3 = searchInTurns(p, testBudget(MAX), { reduction: true, symmetry: true, threads: 3 }, slice).raw;
      assert.equal(r3.stop === Stop.VIOLATION, full.findings.length > 0, yaml);
      if (full.findings.length > 0) { failing++; return; }
      safe++;
      assert.ok(t.raw.complete, yaml);
      assert.equal(t.raw.states, full.stats.states, yaml);
      assert.equal(t.raw.transitions, full.stats.transitions, yaml);
      assert.equal(t.raw.runs, full.stats.runs, yaml);
      assert.ok(r3.complete && r3.stop === Stop.NONE, yaml);
      assert.ok(r3.states <= full.stats.states, yaml);
      // Without symmetry (which expands whichever member of an orbit came first) the reduced
      // count does not depend on the threads: each state is expanded once, with its persistent set.
      const a = searchInTurns(p, testBudget(MAX), { reduction: true, threads: 3 }, slice).raw;
      const b = searchInTurns(p, testBudget(MAX), { reduction: true, threads: 1 }, slice).raw;
      assert.equal(a.states, b.states, yaml);
      assert.equal(a.transitions, b.transitions, yaml);
    }), { seed, numRuns: 20 });
    assert.ok(compared >= 10 && failing >= 3 && safe >= 3, `compared ${compared}, failing ${failing}, safe ${safe}`);
  });

}
