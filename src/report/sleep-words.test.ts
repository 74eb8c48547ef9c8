// The words of a lost wakeup's trace: the sentence names the call the task slept in, a drain that
// ends the run says what it did rather than that it reached freed memory, and a queue of waiters
// shows the tasks on it, not the packed word (ops/waitqueue.ts, ops/completion.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, programOf } from '../testing/inline.js';
import { sentence } from './sentence.js';
import { traceRows } from './trace-rows.js';

// include/linux/wait.h, the comment on waitqueue_active(): without smp_mb() after the condition
// store, x86-TSO lets the test see an empty queue while the store still waits in the buffer.
const activeNoMb = `
cpus: 2
memory_model: tso
state:
  cells: { ready: 0 }
  waits: { wq: wait_queue_head }
programs:
  task waiter on cpu 0:
    - wait_event(wq, READ_ONCE(ready) == 1)
  task waker on cpu 1:
    - WRITE_ONCE(ready, 1)
    - if waitqueue_active(&wq):
        - wake_up(&wq)
`;

// One complete() for two waiters (Documentation/scheduler/completion.rst).
const completeOne = `
cpus: 3
state:
  waits: { done: completion }
programs:
  task a on cpu 0:
    - wait_for_completion(&done)
  task b on cpu 1:
    - wait_for_completion(&done)
  task setter on cpu 2:
    - complete(&done)
`;

function lostWakeup(yaml: string) {
  const p = programOf(yaml);
  const f = explore(p).findings.find((x) => x.violation.kind === 'lost-wakeup');
  assert.ok(f, 'a lost wakeup is found');
  const { rows, steps } = traceRows(p, f, undefined);
  return { rows, said: sentence(p, f.violation, steps, undefined) };
}

test('a lost wakeup in wait_event() names wait_event(), and the drain that ends it reaches memory, not freed memory', () => {
  const { rows, said } = lostWakeup(activeNoMb);
  assert.match(said, /^Lost wakeup: task waiter went to sleep in wait_event\(\)/, said);
  const last = rows.at(-1)!;
  assert.equal(last.kind, 'drain', rows.map((r) => r.text).join('\n'));
  assert.equal(last.note, 'store reaches memory');
  // The waker's waitqueue_active() read the queue empty: the queue shows as the tasks on it.
  assert.ok(rows.some((r) => r.note.includes('wq=[]')), rows.map((r) => r.note).join('\n'));
});

test("a lost wakeup in wait_for_completion() names it, and the completion's queue shows its waiters in order", () => {
  const { rows, said } = lostWakeup(completeOne);
  assert.match(said, /went to sleep in wait_for_completion\(\)/, said);
  assert.doesNotMatch(said, /schedule\(\)/, said);
  const notes = rows.map((r) => r.note).join('\n');
  assert.match(notes, /done\.wait=\[a,b\]|done\.wait=\[b,a\]/, notes);
  assert.doesNotMatch(notes, /done\.wait=\d/, notes);
});
