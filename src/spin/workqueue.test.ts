// Work items in the Promela export (spin/sched.ts workerIdle, lostSleeper): a kworker starts
// asleep at its code's start, where it counts as done (machine/task-words.ts taskDone), and a
// flusher asleep on a stuck kworker is a deadlock, not a lost wakeup (machine/enabled.ts stuck);
// the kworker's loop is bounded by the steps that may restart it (machine/worker-passes.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { programOf } from '../testing/inline.js';
import { bothEngines, noSpin } from '../testing/spin-agree.js';
import { modelText } from '../testing/spin-test-model.js';
import { exportPromela } from './promela.js';
import { modelRunBound } from './run-bound.js';

/** Queue a work that uses dev, stop it with `stop`, free dev. */
function teardown(stop: string): string {
  return ['cpus: 2', 'state:', '  objects:', '    dev: { events: 0 }', '  works:', '    poll: { func: poll_work, cpu: 1 }',
    'procedures:', '  poll_work():', '    - "WRITE_ONCE(dev->events, 1)"',
    'programs:', '  cpu 0:', '    - "schedule_work(&poll)"', `    - "${stop}(&poll)"`, '    - "kfree(dev)"'].join('\n') + '\n';
}

/** flush_work() under a mutex the work function takes: a deadlock. */
function flushUnderLock(): string {
  const shutdown = ['    - "mutex_lock(&m)"', '    - "flush_work(&reset)"', '    - "mutex_unlock(&m)"'];
  return ['cpus: 2', 'state:', '  cells: { stats: 1 }', '  locks: { m: mutex }', '  works:', '    reset: { func: reset_work, cpu: 1 }',
    'procedures:', '  reset_work():', '    - "mutex_lock(&m)"', '    - "WRITE_ONCE(stats, 0)"', '    - "mutex_unlock(&m)"',
    'programs:', '  cpu 0:', '    - "schedule_work(&reset)"', ...shutdown].join('\n') + '\n';
}

test('a kworker starts asleep, is done while idle at its start, and its idle sleep is no lost wakeup', () => {
  const text = modelText(teardown('cancel_work_sync'));
  // Task 1 is poll's kworker: asleep in the initial state, CPU 1 runs no task.
  assert.match(text, /init \{\n\s*d_step \{[^\n]*cur\[1\] = -1[^\n]*asl\[1\] = 1/);
  assert.match(text, /\(asl\[1\] == 0 && pc\[\d+\] >= \d+\) \|\| \(asl\[1\] != 0 && pc\[\d+\] == 0\)/);
  assert.match(text, /timeout && viol == 0 [^\n]*\n\s*if :: [^\n]*\(asl\[1\] != 0 && !\(asl\[1\] != 0 && pc\[\d+\] == 0\)\)/);
});

test('a kworker\'s loop is bounded by the steps that may restart it, within max_steps', () => {
  const bound = modelRunBound(programOf(teardown('cancel_work_sync')));
  assert.ok(bound !== null && bound <= 1000, `bound ${bound}`);
  // A work function that queues its own work restarts its kworker without end: no bound.
  const requeue = teardown('cancel_work_sync').replace('    - "WRITE_ONCE(dev->events, 1)"', '    - "WRITE_ONCE(dev->events, 1)"\n    - "schedule_work(&poll)"');
  assert.equal(modelRunBound(programOf(requeue)), null);
  const r = exportPromela(programOf(requeue));
  assert.ok(!r.ok && /^a work item that its own function/.test(r.reason), r.ok ? 'exported' : r.reason);
});

// Three cases, two pan searches each.
test('Spin agrees on work items: cancel_work() frees under a running work, cancel_work_sync() does not; flush_work() under the work\'s mutex deadlocks', { skip: noSpin }, async () => {
  const [uaf] = await bothEngines(teardown('cancel_work'));
  assert.equal(uaf!.spin, 'violation use-after-free');
  assert.equal(uaf!.raceway, uaf!.spin);
  const [safe] = await bothEngines(teardown('cancel_work_sync'));
  assert.equal(safe!.spin, 'safe');
  assert.equal(safe!.raceway, safe!.spin);
  const [deadlock] = await bothEngines(flushUnderLock());
  assert.equal(deadlock!.spin, 'violation deadlock');
  assert.equal(deadlock!.raceway, deadlock!.spin);
});
