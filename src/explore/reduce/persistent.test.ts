// The reduction is sound: on random small scenarios the reduced search finds exactly the violation
// kinds of the full search and reaches exactly the same final states (fast-check, fixed seeds).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { arbSmallScenario } from '../../testing/arb-program.js';
import { programOf, testBudget } from '../../testing/inline.js';
import { exhaustiveExplorer } from '../exhaustive.js';
import { stateKey } from '../state-key.js';
import type { Program } from '../../machine/program.js';
import type { Outcome } from '../explorer.js';

function run(p: Program, reduction: boolean): { o: Outcome; finals: string[] } {
  const finals: string[] = [];
  const o = exhaustiveExplorer({ reduction, onFinal: (s) => finals.push(stateKey(s)) }).explore(p, testBudget());
  return { o, finals: finals.sort() };
}

const kinds = (o: Outcome): string[] => o.findings.map((f) => f.violation.kind).sort();

test('the reduced search finds the same violation kinds and final states as the full one (seed 5)', () => {
  let reducedSomewhere = false;
  fc.assert(fc.property(arbSmallScenario(), ({ yaml }) => {
    const p = programOf(yaml);
    const full = run(p, false);
    const reduced = run(p, true);
    assert.deepEqual(kinds(reduced.o), kinds(full.o), yaml);
    assert.equal(reduced.o.verdict, full.o.verdict);
    assert.deepEqual(reduced.finals, full.finals, yaml);
    assert.ok(reduced.o.stats.states <= full.o.stats.states);
    if (reduced.o.stats.states < full.o.stats.states) reducedSomewhere = true;
  }), { seed: 5, numRuns: 2000 });
  assert.ok(reducedSomewhere, 'the reduction pruned something');
});

test('a preemption-bounded search is never safe (seed 9)', () => {
  fc.assert(fc.property(arbSmallScenario(), fc.integer({ min: 0, max: 2 }), ({ yaml }, k) => {
    const o = exhaustiveExplorer({ reduction: true, preemptionBound: k }).explore(programOf(yaml), testBudget());
    assert.notEqual(o.verdict, 'safe');
    if (o.verdict === 'inconclusive') assert.equal(o.bound, 'preemptions');
  }), { seed: 9, numRuns: 200 });
});

test('under TSO too, the reduced search finds the same violation kinds and final states (seed 23)', () => {
  fc.assert(fc.property(arbSmallScenario({ memoryModel: 'tso' }), ({ yaml }) => {
    const p = programOf(yaml);
    const full = run(p, false);
    const reduced = run(p, true);
    assert.deepEqual(kinds(reduced.o), kinds(full.o), yaml);
    assert.equal(reduced.o.verdict, full.o.verdict);
    assert.deepEqual(reduced.finals, full.finals, yaml);
  }), { seed: 23, numRuns: 1000 });
});

// The footprint bitsets hold 32 shared words a word; past 32 the union's fixpoint once compared a
// signed int32 with an unsigned element and never ended. The timeout guards against that hang.
test('the reduction handles programs with more than 32 shared words', { timeout: 60_000 }, () => {
  const cells = Array.from({ length: 40 }, (_, i) => `c${i}: 0`).join(', ');
  const p = programOf(`
cpus: 2
state: { cells: { ${cells} } }
programs:
  cpu 0: ["WRITE_ONCE(c39, 1)", "r = READ_ONCE(c0)"]
  cpu 1: ["WRITE_ONCE(c0, 1)", "r = READ_ONCE(c39)"]
`);
  const full = run(p, false);
  const reduced = run(p, true);
  assert.equal(reduced.o.verdict, 'safe');
  assert.deepEqual(reduced.finals, full.finals);
});
