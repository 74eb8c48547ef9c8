// `--mode both` (exactFirst): the exact search first within a quick state budget, random search
// only where that budget runs out, and always the exhaustive search's verdict.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { arbSmallScenario } from '../../testing/arb-program.js';
import { explore, kinds, programOf, testBudget } from '../../testing/inline.js';
import { exhaustiveExplorer } from '../exhaustive.js';
import { replay } from '../replay.js';
import { exactFirst } from './both.js';
import { DEFAULT_RANDOM, randomSearch } from './random-explorer.js';

const exact = exhaustiveExplorer({ reduction: true });
const both = (quickStates?: number) => exactFirst({ random: { ...DEFAULT_RANDOM, runs: 40 }, randomSearch, exact, shrink: true, ...(quickStates !== undefined ? { quickStates } : {}) });

// Two CPUs race on a freed object: settled in a few dozen states.
const RACE = `
cpus: 2
state:
  objects: { obj: { v: 0 } }
  cells: { p: obj }
programs:
  cpu 0: ["q = READ_ONCE(p)", "r = READ_ONCE(q->v)"]
  cpu 1: ["WRITE_ONCE(p, NULL)", "free(obj)"]
`;

test('a program the quick budget settles gets no random search: its findings are the exhaustive search\'s', () => {
  const p = programOf(RACE);
  const o = both().explore(p, testBudget());
  assert.equal(o.verdict, 'violation');
  assert.equal(o.stats.randomRuns, undefined);
  assert.ok(o.findings.length > 0);
  assert.ok(o.findings.every((f) => f.mode === 'exhaustive'));
  assert.equal(o.stats.states, exact.explore(p, testBudget()).stats.states);
});

test('where the quick budget runs out, random search runs, then the exact search with the whole budget', () => {
  const p = programOf(RACE);
  const o = both(3).explore(p, testBudget());
  assert.equal(o.stats.randomRuns, 40);
  assert.equal(o.stats.quickStates, 3);
  assert.equal(o.bound, undefined, 'the second exact search completed');
  assert.equal(o.stats.states, exact.explore(p, testBudget()).stats.states);
});

test('where the user\'s own state bound is hit, random search runs once and the verdict is inconclusive or a violation', () => {
  const p = programOf(RACE);
  const o = both().explore(p, testBudget(3));
  assert.equal(o.stats.randomRuns, 40);
  assert.equal(o.stats.quickStates, undefined, 'no second exact search: it would hit the same bound');
  assert.equal(o.bound, 'max-states');
  assert.notEqual(o.verdict, 'safe');
});

test('both gives the exhaustive verdict and kinds, with a quick budget of any size, and its traces replay (seed 29)', () => {
  fc.assert(fc.property(arbSmallScenario(), fc.integer({ min: 1, max: 40 }), ({ yaml }, quick) => {
    const p = programOf(yaml);
    const want = explore(p);
    for (const o of [both().explore(p, testBudget()), both(quick).explore(p, testBudget())]) {
      assert.equal(o.verdict, want.verdict);
      assert.deepEqual(kinds(o), kinds(want));
      for (const f of o.findings) assert.ok(replay(p, f.trace).ok);
    }
  }), { seed: 29, numRuns: 25 });
});

test('exhaustive findings are shrunk: never longer than the depth-first trace', () => {
  fc.assert(fc.property(arbSmallScenario(), ({ yaml }) => {
    const p = programOf(yaml);
    const dfs = new Map(explore(p).findings.map((f) => [f.violation.kind, f.trace.length]));
    for (const f of both().explore(p, testBudget()).findings) assert.ok(f.trace.length <= dfs.get(f.violation.kind)!, f.violation.kind);
  }), { seed: 31, numRuns: 30 });
});
