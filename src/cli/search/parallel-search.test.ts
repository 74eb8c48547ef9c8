// The parallel search on real threads (parallel-search.ts; the search itself and its property on
// random programs: explore/parallel/parallel.test.ts): the sequential search's answer, and its
// stop at --max-states.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { machineExplorer } from '../../explore/machine-search.js';
import { sequentialBecause } from '../../explore/parallel/gate.js';
import { loadScenario, type Case } from '../../scenario/load.js';
import { programOf, testBudget } from '../../testing/inline.js';
import { repoRoot } from '../../testing/repo-root.js';
import { parallelSearch } from './parallel-search.js';

test('the parallel search on threads: the sequential answer, states and transitions, and a violation found again with its trace', async () => {
  const file = `${repoRoot}/scenarios/scaled/key-race-scaled.yaml`;
  const r = loadScenario(file, readFileSync(file, 'utf8'));
  assert.ok(r.ok);
  const o = { reduction: false, symmetry: true, threads: 2 };
  for (const strategy of ['none', 'rcu']) {
    const c: Case | undefined = r.value.cases.find((x) => x.strategy === strategy);
    assert.ok(c);
    assert.equal(sequentialBecause(c.program, testBudget(), o), null);
    const seq = machineExplorer(o).explore(c.program, testBudget());
    const par = await parallelSearch(c.program, testBudget(), o);
    assert.equal(par.verdict, strategy === 'none' ? 'violation' : 'safe');
    assert.equal(par.verdict, seq.verdict);
    assert.deepEqual(par.findings, seq.findings);
    assert.equal(par.stats.states, seq.stats.states);
    assert.equal(par.stats.transitions, seq.stats.transitions);
  }
});

test('the parallel search stops at --max-states as the sequential one does', async () => {
  const p = programOf(readFileSync(`${repoRoot}/scenarios/scaled/key-race-scaled.yaml`, 'utf8'));
  const o = { reduction: false, threads: 2 };
  const seq = machineExplorer(o).explore(p, testBudget(300));
  const par = await parallelSearch(p, testBudget(300), o);
  assert.equal(par.bound, 'max-states');
  assert.deepEqual({ ...par, stats: null }, { ...seq, stats: null });
});
