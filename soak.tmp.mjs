import fc from 'fast-check';
import assert from 'node:assert/strict';
import { arbSmallScenario } from '/work/main/dist/testing/arb-program.js';
import { programOf, testBudget } from '/work/main/dist/testing/inline.js';
import { exhaustiveExplorer } from '/work/main/dist/explore/exhaustive.js';
import { stateKey } from '/work/main/dist/explore/state-key.js';
const run = (p, reduction) => { const finals = []; const o = exhaustiveExplorer({ reduction, onFinal: (s) => finals.push(stateKey(s)) }).explore(p, testBudget()); return { o, finals: finals.sort() }; };
const kinds = (o) => o.findings.map((f) => f.violation.kind).sort();
for (const mm of ['sc', 'tso']) for (const seed of [101, 102, 103]) {
  fc.assert(fc.property(arbSmallScenario(mm === 'tso' ? { memoryModel: 'tso' } : {}), ({ yaml }) => {
    const p = programOf(yaml); const a = run(p, false), b = run(p, true);
    assert.deepEqual(kinds(b.o), kinds(a.o), yaml); assert.deepEqual(b.finals, a.finals, yaml);
  }), { seed, numRuns: 4000 });
  console.log('ok', mm, seed);
}
