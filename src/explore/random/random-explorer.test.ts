// The random explorer on random small scenarios: a random finding is also an exhaustive finding.
// Its runs on the seed table (PCT at the default budget, seeds, deadlines, cancellation) read a
// shipped scenario, so they live in test/scenarios/random-explorer.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { arbSmallScenario } from '../../testing/arb-program.js';
import { explore, programOf, testBudget } from '../../testing/inline.js';
import { randomExplorer } from './random-explorer.js';

test('a violation found by random search is also found by exhaustive search (seed 13)', () => {
  const uniform = randomExplorer({ scheduler: 'uniform', runs: 60, depth: 3 });
  fc.assert(fc.property(arbSmallScenario(), fc.nat(), ({ yaml }, seed) => {
    const p = programOf(yaml);
    const r = uniform.explore(p, { ...testBudget(), seed });
    const kinds = new Set(explore(p).findings.map((f) => f.violation.kind));
    for (const f of r.findings) assert.ok(kinds.has(f.violation.kind), f.violation.kind);
  }), { seed: 13, numRuns: 100 });
});
