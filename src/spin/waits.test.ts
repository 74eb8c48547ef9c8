// Wait queues and completions in the Promela export (spin/waits.ts), as ops/waitqueue.ts and
// ops/completion.ts have them: a head word with a bit per queued task; wake_up() wakes each queued
// task not TASK_RUNNING and dequeues it; a completion's FIFO queue of four-bit waiters, complete()
// waking only the first, complete_all() every one; wait_for_completion() taking one or queuing at
// the tail and sleeping. And the run bound counts the wait loops' passes after a wakeup.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { programOf } from '../testing/inline.js';
import { modelRunBound } from './run-bound.js';
import { modelText as model } from '../testing/spin-test-model.js';

/** Task a (task 0) waits on wq (m[1]) and then on done (m[2], its queue m[3]); task b wakes it. */
const YAML = ['cpus: 2', 'state:', '  cells: { ready: 0 }', '  waits: { wq: wait_queue_head, done: completion }', 'programs:',
  '  task a on cpu 0:', '    - wait_event(wq, READ_ONCE(ready) == 1)', '    - wait_for_completion(&done)',
  '  task b on cpu 1:', '    - WRITE_ONCE(ready, 1)', '    - wake_up(&wq)', '    - complete(&done)', '    - complete_all(&done)', '    - "t = try_wait_for_completion(&done)"'].join('\n') + '\n';

test('prepare_to_wait queues the task\'s bit and sets its state; finish_wait dequeues it; wake_up wakes and dequeues each queued task not running', () => {
  const text = model(YAML);
  assert.match(text, /prepare_to_wait_event\(&wq[^\n]*\n\s*fresh\[0\] = 0;\n\s*m\[1\] = m\[1\] \| 1; m\[4\] = 2;/);
  assert.match(text, /finish_wait\(&wq[^\n]*\n\s*fresh\[0\] = 0;\n\s*m\[1\] = m\[1\] & \(-2\);/);
  assert.match(text, /if :: \(m\[1\] & 1\) != 0 && m\[4\] != 0 -> m\[4\] = 0; asl\[0\] = 0; m\[1\] = m\[1\] & \(-2\) :: else -> skip fi;\n\s*if :: \(m\[1\] & 2\) != 0 && m\[5\] != 0 -> m\[5\] = 0; asl\[1\] = 0; m\[1\] = m\[1\] & \(-3\) :: else -> skip fi;/);
});

test('wait_for_completion checks it may sleep, then takes one (leaving the queue) or queues at the tail and sleeps', () => {
  const text = model(YAML);
  assert.match(text, /wait_for_completion\(&done\) \*\/\n\s*fresh\[0\] = 0;\n\s*if\n\s*:: \(\(irqoff\[0\] != 0 \|\| pre\[0\] != 0 \|\| rcu\[0\] != 0\)\) -> viol = 4/);
  assert.match(text, /:: m\[2\] != 0 -> tmp\[0\] = 0; tmp\[1\] = 0; if :: \(\(m\[3\] >> 0\) & 15\) != 0 && \(\(m\[3\] >> 0\) & 15\) != 1 -> tmp\[0\] = tmp\[0\] \| \(\(\(m\[3\] >> 0\) & 15\) << tmp\[1\]\); tmp\[1\] = tmp\[1\] \+ 4 :: else -> skip fi;[^\n]*\n\s*m\[3\] = tmp\[0\]; if :: m\[2\] != \(-1\) -> m\[2\] = m\[2\] - 1 :: else -> skip fi; lc\[\d+\] = 1;/);
  assert.match(text, /:: else -> if :: !\(\(\(m\[3\] >> 0\) & 15\) == 1 \|\|[^\n]*if :: \(\(m\[3\] >> 24\) & 15\) != 0 -> tmp\[1\] = 28 :: else -> skip fi; m\[3\] = m\[3\] \| \(1 << tmp\[1\]\) :: else -> skip fi;\n\s*m\[4\] = 2; asl\[0\] = 1; cur\[0\] = -1; fresh\[0\] = 0; lc\[\d+\] = 0;/);
});

test('complete wakes the first waiter only; complete_all sets done to UINT_MAX and wakes every one; try_wait takes one when done', () => {
  const text = model(YAML);
  assert.match(text, /if :: m\[2\] != \(-1\) -> m\[2\] = m\[2\] \+ 1 :: else -> skip fi; tmp\[0\] = m\[3\] & 15; m\[3\] = m\[3\] >> 4;\n\s*if :: tmp\[0\] == 1 && m\[4\] != 0 -> m\[4\] = 0; asl\[0\] = 0 :: else -> skip fi;\n\s*if :: tmp\[0\] == 2 && m\[5\] != 0/);
  assert.match(text, /m\[2\] = \(-1\);\n\s*if :: \(\(\(m\[3\] >> 0\) & 15\) == 1 \|\|[^\n]*&& m\[4\] != 0 -> m\[4\] = 0; asl\[0\] = 0 :: else -> skip fi;\n[^\n]*\n\s*m\[3\] = 0;/);
  assert.match(text, /if :: m\[2\] == 0 -> lc\[\d+\] = 0; skip :: else -> if :: m\[2\] != \(-1\) -> m\[2\] = m\[2\] - 1 :: else -> skip fi; lc\[\d+\] = 1; fi;/);
});

test('the run bound counts a pass of a wait loop, its code\'s steps and a switch, per task for each wakeup step', () => {
  const p = programOf(YAML);
  const noWakes = programOf(YAML.replace(/ {4}- wake_up\(&wq\)\n {4}- complete\(&done\)\n {4}- complete_all\(&done\)\n/, ''));
  // Three wakeup steps (wake_up, complete, complete_all), two tasks: six more passes of task a's code (its steps and a switch).
  const pass = (modelRunBound(p)! - modelRunBound(noWakes)! - 3) / 6;
  assert.ok(Number.isInteger(pass) && pass > 1, `pass ${pass}`);
});
