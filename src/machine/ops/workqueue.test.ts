// Workqueues (ops/workqueue.ts, lowered by scenario/lower/compile-work.ts; kernel/workqueue.c,
// Documentation/core-api/workqueue.rst): queue_work() returns false when the work is already
// pending; the work function runs later in its kworker, a task (process context); flush_work()
// waits for the last queued instance; cancel_work() takes off a pending one without waiting for a
// running one, cancel_work_sync() waits; an idle kworker ends a run as a finished task.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lower } from '../../scenario/lower/lower.js';
import { parseScenario } from '../../scenario/parse.js';
import { explore, kinds, programOf, testBudget } from '../../testing/inline.js';
import { exhaustiveExplorer } from '../../explore/exhaustive.js';
import { lkmmRefusal } from '../../explore/lkmm/unsupported.js';
import { refusal } from '../../spin/refuse.js';

/** A scenario with work item w (function `fn`, kworker on `cpu`) and CPU 0's task `task`. */
const withWork = (fn: string[], task: string[], o: { cpu?: number; preemptions?: number; model?: string; locks?: string } = {}): string => [
  'cpus: 2', `memory_model: ${o.model ?? 'sc'}`, ...(o.preemptions !== undefined ? [`preemptions: ${o.preemptions}`] : []),
  'state:', '  cells: { x: 0, a: 0, b: 0, started: 0, never: 0 }', ...(o.locks ? [`  locks: { ${o.locks} }`] : []),
  `  works: { w: { func: fn, cpu: ${o.cpu ?? 1} } }`,
  'procedures:', '  fn():', ...fn.map((s) => `    - ${JSON.stringify(s)}`),
  'programs:', '  cpu 0:', ...task.map((s) => `    - ${JSON.stringify(s)}`),
].join('\n') + '\n';

test('queue_work() returns true when it queues the work and false while the work is already pending', () => {
  // The kworker shares CPU 0 and no preemption is allowed: it cannot take the work in between.
  const yaml = withWork(['WRITE_ONCE(x, 1)'], ['r = schedule_work(&w)', 'q = queue_work(system_wq, &w)', 'assert(r == 1 && q == 0)'], { cpu: 0, preemptions: 0 });
  assert.deepEqual(kinds(explore(programOf(yaml))), []);
  const flipped = withWork(['WRITE_ONCE(x, 1)'], ['r = schedule_work(&w)', 'q = queue_work(system_wq, &w)', 'assert(q == 1)'], { cpu: 0, preemptions: 0 });
  assert.deepEqual(kinds(explore(programOf(flipped))), ['assertion']);
});

test('a work item declared and never queued, or queued and run, leaves its kworker idle: no lost wakeup', () => {
  assert.deepEqual(kinds(explore(programOf(withWork(['WRITE_ONCE(x, 1)'], ['WRITE_ONCE(a, 1)'])))), []);
  assert.deepEqual(kinds(explore(programOf(withWork(['WRITE_ONCE(x, 1)'], ['schedule_work(&w)'])))), []);
});

test('the work function runs later, in process context: it may sleep on a mutex and in_task() holds', () => {
  const yaml = withWork(['assert(in_task())', 'mutex_lock(&m)', 'msleep(1)', 'WRITE_ONCE(x, 1)', 'mutex_unlock(&m)'], ['schedule_work(&w)', 'r = READ_ONCE(x)', 'assert(r == 0)'], { locks: 'm: mutex' });
  // x may still be 0 when read (the work runs later), or already 1: only the assert can fail, never a misuse.
  const p = programOf(yaml);
  assert.deepEqual(kinds(exhaustiveExplorer({ reduction: true }).explore(p, testBudget())), ['assertion']);
  assert.deepEqual(kinds(explore(p)), ['assertion']);
});

test('flush_work() waits for the queued instance: its effects are seen after it, under SC and TSO', () => {
  for (const model of ['sc', 'tso']) {
    assert.deepEqual(kinds(explore(programOf(withWork(['WRITE_ONCE(x, 1)'], ['schedule_work(&w)', 'flush_work(&w)', 'assert(READ_ONCE(x) == 1)'], { model })))), [], model);
    assert.deepEqual(kinds(explore(programOf(withWork(['WRITE_ONCE(x, 1)'], ['schedule_work(&w)', 'assert(READ_ONCE(x) == 1)'], { model })))), ['assertion'], model);
  }
  // Nothing queued: flush_work() returns false at once.
  assert.deepEqual(kinds(explore(programOf(withWork(['WRITE_ONCE(x, 1)'], ['r = flush_work(&w)', 'assert(r == 0)'])))), []);
});

test('flush_work() on a work that runs and is pending again waits for both instances (the last queued one)', () => {
  const fn = ['WRITE_ONCE(started, 1)', 'n = READ_ONCE(x)', 'WRITE_ONCE(x, n + 1)'];
  const yaml = withWork(fn, ['schedule_work(&w)', 'wait_until(READ_ONCE(started) == 1)', 'schedule_work(&w)', 'flush_work(&w)', 'assert(READ_ONCE(x) == 2)']);
  assert.deepEqual(kinds(explore(programOf(yaml))), []);
});

test('cancel_work() takes a pending instance off: it never runs', () => {
  const yaml = withWork(['assert(READ_ONCE(never) == 1)'], ['schedule_work(&w)', 'r = cancel_work(&w)', 'assert(r == 1)'], { cpu: 0, preemptions: 0 });
  assert.deepEqual(kinds(explore(programOf(yaml))), []);
});

test('cancel_work() does not wait for a running instance; cancel_work_sync() does', () => {
  const fn = ['WRITE_ONCE(a, 1)', 'WRITE_ONCE(b, 1)'];
  const after = ['r1 = READ_ONCE(b)', 'r2 = READ_ONCE(a)', 'assert(r1 == r2)'];
  assert.deepEqual(kinds(explore(programOf(withWork(fn, ['schedule_work(&w)', 'cancel_work(&w)', ...after])))), ['assertion']);
  assert.deepEqual(kinds(explore(programOf(withWork(fn, ['schedule_work(&w)', 'cancel_work_sync(&w)', ...after])))), []);
});

test('flush_work() under a mutex the work function takes is a deadlock, not a lost wakeup', () => {
  const fn = ['mutex_lock(&m)', 'WRITE_ONCE(x, 1)', 'mutex_unlock(&m)'];
  assert.deepEqual(kinds(explore(programOf(withWork(fn, ['schedule_work(&w)', 'mutex_lock(&m)', 'flush_work(&w)', 'mutex_unlock(&m)'], { locks: 'm: mutex' })))), ['deadlock']);
  assert.deepEqual(kinds(explore(programOf(withWork(fn, ['schedule_work(&w)', 'flush_work(&w)', 'mutex_lock(&m)', 'mutex_unlock(&m)'], { locks: 'm: mutex' })))), []);
});

test('flush_work() and cancel_work_sync() may sleep: with IRQs off they are the invalid-context misuse, even with nothing to wait for', () => {
  for (const call of ['flush_work(&w)', 'cancel_work_sync(&w)']) {
    const o = explore(programOf(withWork(['WRITE_ONCE(x, 1)'], ['local_irq_disable()', call, 'local_irq_enable()'])));
    assert.deepEqual(kinds(o), ['misuse'], call);
  }
});

test('a work item must be declared, and a flush from an interrupt handler is refused', () => {
  const bad = (yaml: string): string => {
    const ast = parseScenario('t.yaml', yaml);
    assert.ok(ast.ok);
    const r = lower(ast.value, yaml, { variant: ast.value.variants[0]!.name, strategy: 'default' });
    assert.ok(!r.ok);
    return r.errors.map((e) => e.message).join('\n');
  };
  assert.match(bad(withWork(['WRITE_ONCE(x, 1)'], ['schedule_work(&v)'])), /undefined work item 'v'/);
  const handler = withWork(['WRITE_ONCE(x, 1)'], ['WRITE_ONCE(a, 1)']) + 'interrupts:\n  - kind: irq\n    cpus: [0]\n    max: 1\n    run:\n      - "flush_work(&w)"\n';
  assert.match(bad(handler), /flush_work\(\) outside a task/);
  assert.match(bad(withWork(['WRITE_ONCE(x, 1)'], ['schedule_work(&w)'], { cpu: 5 })), /work 'w' runs on CPU 5, but the machine has 2 CPUs/);
});

test('the LKMM search refuses work items with its reason; the Promela export takes them (spin/workqueue.test.ts)', () => {
  const p = programOf(withWork(['WRITE_ONCE(x, 1)'], ['schedule_work(&w)']));
  assert.match(lkmmRefusal(p)?.reason ?? '', /^work items under lkmm: kworker\/w is a task/);
  assert.equal(refusal(p), null);
});

test("the reduced search keeps an idle kworker's work function in its CPU's future: a conflict with it is not missed", () => {
  // CPU 0's store and the work function's read conflict, but the kworker sleeps until CPU 2
  // queues the work: a persistent set of CPU 0 alone, made while CPU 1's future looked empty,
  // ran the store first only and called this safe (explore/reduce/futures.ts waitingTasks).
  const yaml = ['cpus: 3', 'state:', '  cells: { flag: 0 }', '  works: { w: { func: fn, cpu: 1 } }', 'procedures:', '  fn():', '    - "assert(READ_ONCE(flag) == 1)"',
    'programs:', '  cpu 0:', '    - "WRITE_ONCE(flag, 1)"', '  cpu 2:', '    - "schedule_work(&w)"'].join('\n') + '\n';
  const p = programOf(yaml);
  assert.deepEqual(kinds(exhaustiveExplorer({ reduction: true }).explore(p, testBudget())), ['assertion']);
  assert.deepEqual(kinds(explore(p)), ['assertion']);
});
