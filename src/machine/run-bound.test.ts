// The run bound (run-bound.ts) is an upper bound: the exhaustive search turns sleep sets on, and
// the shortest-trace search skips its look for long runs, only when it is at most max_steps, so a
// bound below a real run could hide a livelock. Checked against the longest path the full search
// walks, on random programs with tasks (switches, sleeps, wakeups), softirqs and RCU callbacks,
// where the older runLengthBound (code-bounds.ts: each CPU's first task, the handlers) falls short.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { exhaustiveExplorer } from '../explore/exhaustive.js';
import { arbSmallScenario } from '../testing/arb-program.js';
import { programOf } from '../testing/inline.js';
import { testBudget } from '../testing/inline.js';
import { runLengthBound } from './code-bounds.js';
import { runBound, runBoundCounting } from './run-bound.js';

test('no run the full search walks is longer than the run bound, on programs with tasks, softirqs and callbacks (seed 41)', () => {
  let beyondOld = 0;
  let unknown = 0;
  fc.assert(fc.property(arbSmallScenario({ primitives: true, tasks: true }), ({ yaml }) => {
    const p = programOf(yaml);
    // runBoundCounting also counts the waits' switches and passes (the Promela export's bound).
    const bound = runBoundCounting(p);
    if (runBound(p) === null) unknown++;
    if (bound === null) return;
    const o = exhaustiveExplorer({ reduction: false }).explore(p, testBudget(10_000));
    fc.pre(o.bound === undefined || o.bound === 'task-preemptions');
    assert.ok(o.stats.maxDepth <= bound, `a run of ${o.stats.maxDepth} moves, bound ${bound}\n${yaml}`);
    if (o.stats.maxDepth > runLengthBound(p)) beyondOld++;
  }), { seed: 41, numRuns: 40 });
  // The sample must hold programs the older bound undercounts, or it checks nothing new.
  assert.ok(beyondOld > 0, `no program ran longer than runLengthBound (${unknown} without a bound)`);
});

test('the exhaustive search trusts no bound of a program with a sleeping lock; the export counts its switches', () => {
  const mutex = programOf(['cpus: 1', 'state:', '  locks: { m: mutex }', 'programs:',
    '  cpu 0:', '    - mutex_lock(&m)', '    - mutex_unlock(&m)',
    '  task b on cpu 0:', '    - mutex_lock(&m)', '    - mutex_unlock(&m)'].join('\n') + '\n');
  assert.equal(runBound(mutex), null);
  // 4 steps, 2 tasks, 2 switches away from a waiter, and one more per task for each lock taken.
  assert.ok((runBoundCounting(mutex) ?? 0) >= 4 + 2);
});
