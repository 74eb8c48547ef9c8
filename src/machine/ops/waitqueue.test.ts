// Wait queues (ops/waitqueue.ts, lowered by scenario/lower/compile-wait.ts): wait_event() against
// wake_up() is safe; waitqueue_active() without smp_mb() on the waker's side loses the wakeup
// under TSO (the comment on waitqueue_active() in include/linux/wait.h); prepare_to_wait() and
// finish_wait() as the kernel pairs them; sleeping in atomic context is the existing misuse.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, kinds, programOf } from '../../testing/inline.js';

/** A waiter task on CPU 0 (its body YAML lines, indented for the list) and a waker on CPU 1. */
const handshake = (waiter: string[], waker: string[], model = 'sc'): string => [
  'cpus: 2', `memory_model: ${model}`, 'state:', '  cells: { cond: 0 }', '  waits: { wq: wait_queue_head }', 'programs:',
  '  task waiter on cpu 0:', ...waiter.map((s) => `    ${s}`),
  '  task waker on cpu 1:', ...waker.map((s) => `    ${s}`),
].join('\n') + '\n';

const WAIT = ['- wait_event(wq, READ_ONCE(cond) == 1)', '- assert(READ_ONCE(cond) == 1)'];

test('wait_event() against a condition store and wake_up() is safe under SC and TSO', () => {
  for (const model of ['sc', 'tso']) {
    assert.deepEqual(kinds(explore(programOf(handshake(WAIT, ['- WRITE_ONCE(cond, 1)', '- wake_up(&wq)'], model)))), [], model);
  }
});

test('a wake_up() before the condition is set leaves wait_event() asleep: a lost wakeup', () => {
  assert.deepEqual(kinds(explore(programOf(handshake(WAIT, ['- wake_up(&wq)', '- WRITE_ONCE(cond, 1)'])))), ['lost-wakeup']);
});

test('waitqueue_active() without smp_mb() loses the wakeup under TSO only; with it, or wq_has_sleeper(), it does not', () => {
  const active = (before: string[]): string[] => ['- WRITE_ONCE(cond, 1)', ...before, '- if waitqueue_active(&wq):', '    - wake_up(&wq)'];
  assert.deepEqual(kinds(explore(programOf(handshake(WAIT, active([]), 'sc')))), [], 'SC keeps the store before the load');
  assert.deepEqual(kinds(explore(programOf(handshake(WAIT, active([]), 'tso')))), ['lost-wakeup'], 'the store of cond waits in the buffer');
  assert.deepEqual(kinds(explore(programOf(handshake(WAIT, active(['- smp_mb()']), 'tso')))), []);
  const sleeper = ['- WRITE_ONCE(cond, 1)', '- if wq_has_sleeper(&wq):', '    - wake_up(&wq)'];
  assert.deepEqual(kinds(explore(programOf(handshake(WAIT, sleeper, 'tso')))), []);
});

test('prepare_to_wait(), the test, schedule() and finish_wait() in the kernel order are safe; testing first loses the wakeup', () => {
  const loop = (first: string[], then: string[]): string[] => [
    ...first, '- prepare_to_wait(&wq, &wait, TASK_UNINTERRUPTIBLE)', ...then, '- finish_wait(&wq, &wait)', '- assert(READ_ONCE(cond) == 1)'];
  const waker = ['- WRITE_ONCE(cond, 1)', '- wake_up(&wq)'];
  const right = loop([], ['- if READ_ONCE(cond) == 0:', '    - schedule()']);
  for (const model of ['sc', 'tso']) assert.deepEqual(kinds(explore(programOf(handshake(right, waker, model)))), [], model);
  const early = ['- r = READ_ONCE(cond)'];
  const wrong = loop(early, ['- if r == 0:', '    - schedule()']);
  assert.deepEqual(kinds(explore(programOf(handshake(wrong, waker)))), ['lost-wakeup']);
});

test('wake_up() wakes every waiter on the queue', () => {
  const yaml = [
    'cpus: 3', 'state:', '  cells: { cond: 0 }', '  waits: { wq: wait_queue_head }', 'programs:',
    '  task a on cpu 0:', '    - wait_event(wq, READ_ONCE(cond) == 1)',
    '  task b on cpu 1:', '    - wait_event(wq, READ_ONCE(cond) == 1)',
    '  task c on cpu 2:', '    - WRITE_ONCE(cond, 1)', '    - wake_up(&wq)',
  ].join('\n') + '\n';
  assert.deepEqual(kinds(explore(programOf(yaml))), []);
});

test('wait_event() with a spinlock held or in an interrupt handler is the invalid-context misuse, or refused', () => {
  const held = handshake(['- spin_lock(l)', ...WAIT, '- spin_unlock(l)'], ['- WRITE_ONCE(cond, 1)', '- wake_up(&wq)']).replace('  cells: { cond: 0 }', '  cells: { cond: 0 }\n  locks: { l: spinlock }');
  const o = explore(programOf(held));
  assert.deepEqual(kinds(o), ['misuse']);
  const v = o.findings[0]!.violation;
  assert.match(v.kind === 'misuse' ? v.reason : '', /^sleeping function called from invalid context: /);
  const inIrq = handshake(WAIT, ['- WRITE_ONCE(cond, 1)']) + 'interrupts:\n  - kind: irq\n    cpus: [1]\n    run: [ "wait_event(wq, READ_ONCE(cond) == 1)" ]\n';
  assert.throws(() => programOf(inIrq), /wait_event\(\) outside a task/);
});
