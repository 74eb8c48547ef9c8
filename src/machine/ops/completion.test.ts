// Completions (ops/completion.ts, lowered by scenario/lower/compile-wait.ts;
// Documentation/scheduler/completion.rst): complete() wakes one waiter and lets one wait return,
// complete_all() all of them for good; init_completion() on a completion with waiters loses them;
// try_wait_for_completion() and completion_done() never sleep.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, kinds, programOf } from '../../testing/inline.js';

/** Waiter tasks on CPUs 0 and 1 (`waiters` of them), a completer on the last CPU. */
const waiters = (n: number, completer: string[], model = 'sc'): string => [
  `cpus: ${n + 1}`, `memory_model: ${model}`, 'state:', '  cells: { data: 0 }', '  waits: { setup: completion }', 'programs:',
  ...Array.from({ length: n }, (_, k) => [`  task w${k} on cpu ${k}:`, '    - wait_for_completion(&setup)', '    - assert(READ_ONCE(data) == 1)']).flat(),
  `  task c on cpu ${n}:`, '    - WRITE_ONCE(data, 1)', ...completer.map((s) => `    - ${JSON.stringify(s)}`),
].join('\n') + '\n';

test('complete() after the data is written lets wait_for_completion() return to see it, under SC and TSO', () => {
  for (const model of ['sc', 'tso']) assert.deepEqual(kinds(explore(programOf(waiters(1, ['complete(&setup)'], model)))), [], model);
});

test('complete() wakes one waiter: a second one sleeps for good; complete_all(), or complete() twice, wakes both', () => {
  assert.deepEqual(kinds(explore(programOf(waiters(2, ['complete(&setup)'])))), ['lost-wakeup']);
  assert.deepEqual(kinds(explore(programOf(waiters(2, ['complete(&setup)', 'complete(&setup)'])))), []);
  assert.deepEqual(kinds(explore(programOf(waiters(2, ['complete_all(&setup)'])))), []);
});

test('a completion done before the wait makes the wait return at once; reinit_completion() undoes it', () => {
  const before = (completer: string[]): string => [
    'cpus: 1', 'state:', '  waits: { setup: completion }', 'programs:', '  task t on cpu 0:',
    ...completer.map((s) => `    - ${JSON.stringify(s)}`), '    - wait_for_completion(&setup)',
  ].join('\n') + '\n';
  assert.deepEqual(kinds(explore(programOf(before(['complete(&setup)'])))), []);
  assert.deepEqual(kinds(explore(programOf(before(['complete_all(&setup)', 'wait_for_completion(&setup)'])))), [], 'complete_all() is for good');
  assert.deepEqual(kinds(explore(programOf(before(['complete(&setup)', 'wait_for_completion(&setup)'])))), ['lost-wakeup'], 'complete() is for one wait');
  assert.deepEqual(kinds(explore(programOf(before(['complete_all(&setup)', 'reinit_completion(&setup)'])))), ['lost-wakeup']);
});

test('init_completion() while a task waits empties the queue: that task is never woken', () => {
  // Its plain `x->done = 0` also races with the waiter's read of done (machine/race.ts).
  assert.deepEqual(kinds(explore(programOf(waiters(1, ['init_completion(&setup)', 'complete(&setup)'])))), ['data-race', 'lost-wakeup']);
});

test('try_wait_for_completion() takes a completion only when there is one, and completion_done() tells without taking it', () => {
  const yaml = (body: string[]): string => [
    'cpus: 2', 'state:', '  cells: { r1: 0 }', '  waits: { setup: completion }', 'programs:',
    '  task t on cpu 0:', ...body.map((s) => `    - ${JSON.stringify(s)}`),
    '  task c on cpu 1:', '    - complete(&setup)',
  ].join('\n') + '\n';
  // Either order: the try sees 0 and takes nothing, or 1 and takes it; either way no second one.
  assert.deepEqual(kinds(explore(programOf(yaml(['r = try_wait_for_completion(&setup)', 'q = try_wait_for_completion(&setup)', 'assert(r + q <= 1)'])))), []);
  assert.deepEqual(kinds(explore(programOf(yaml(['r = try_wait_for_completion(&setup)', 'assert(r == 1)'])))), ['assertion']);
  assert.deepEqual(kinds(explore(programOf(yaml(['r = completion_done(&setup)', 'q = completion_done(&setup)', 'assert(r <= q)', 'wait_for_completion(&setup)'])))), []);
});

test('wait_for_completion() with IRQs off is the invalid-context misuse', () => {
  const o = explore(programOf(waiters(1, ['complete(&setup)']).replace('    - wait_for_completion(&setup)', '    - local_irq_disable()\n    - wait_for_completion(&setup)')));
  assert.deepEqual(kinds(o), ['misuse']);
  const v = o.findings[0]!.violation;
  assert.match(v.kind === 'misuse' ? v.reason : '', /^sleeping function called from invalid context: wait_for_completion\(\) with IRQs disabled/);
});
