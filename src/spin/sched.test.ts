// Tasks in the Promela export (spin/sched.ts, switch.ts, promela.ts), as ops/sched.ts has them:
// each task in a frame of its own, run only while its CPU runs it; a switch is a move with
// canSwitch's guard that counts a preemption only when the outgoing task could go on; schedule()
// parks a task whose state is not TASK_RUNNING; a stuck state is a lost wakeup when a task sleeps;
// the preemption bound is found by a monitor, and the run bound counts every task and switch.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runLengthBound } from '../machine/code-bounds.js';
import { programOf } from '../testing/inline.js';
import { bothEngines, noSpin } from '../testing/spin-agree.js';
import { modelText } from '../testing/spin-test-model.js';
import { modelRunBound } from './run-bound.js';

const YAML = ['cpus: 2', 'preemptions: 1', 'state:', '  cells: { done: 0 }', 'programs:',
  '  cpu 0:', '    - "r = READ_ONCE(done)"',
  '  task sleeper on cpu 0:', '    - "set_current_state(TASK_UNINTERRUPTIBLE)"', '    - if !READ_ONCE(done):', '        - schedule()', '    - "__set_current_state(TASK_RUNNING)"',
  '  cpu 1:', '    - "WRITE_ONCE(done, 1)"', '    - "wake_up_process(sleeper)"'].join('\n') + '\n';

const model = modelText;

test('each task runs in its own frame while its CPU runs it; a switch counts a preemption only over a live task', () => {
  const text = model(YAML);
  assert.match(text, /^short cur\[2\]; bit asl\[3\]; byte used; bit fresh\[2\];/m);
  // Tasks 0 (CPU 0's program), 1 (the sleeper), 2 (CPU 1's): frames 6, 7, 8; CPU 1 starts on task 2.
  assert.match(text, /cur\[1\] = 2/);
  assert.match(text, /viol == 0 && cur\[0\] == 1 && irqh\[0\] == 0 && nmih\[0\] == 0 && pc\[7\] == 0 ->/);
  assert.match(text, /\/\* CPU 0 switches to task sleeper \*\//);
  assert.match(text, /used < 1\)\)/);
  assert.match(text, /if :: \(cur\[0\] == 0 && !\(asl\[0\] == 0 && pc\[6\] >= 1\)\) \|\| \(cur\[0\] == 1 && !\(asl\[1\] == 0 && pc\[7\] >= \d+\)\) -> used = used \+ 1 :: else -> skip fi; cur\[0\] = 1; fresh\[0\] = 1;/);
});

test('schedule() checks it may sleep, then parks a task whose state is not TASK_RUNNING; wake_up_process() makes it runnable', () => {
  const text = model(YAML);
  assert.match(text, /\(\(irqoff\[0\] != 0 \|\| pre\[0\] != 0 \|\| rcu\[0\] != 0\)\) -> viol = 4/);
  assert.match(text, /if :: m\[\d+\] != 0 -> asl\[1\] = 1; cur\[0\] = -1; fresh\[0\] = 0 :: else -> skip fi;/);
  assert.match(text, /if :: m\[\d+\] != 0 -> m\[\d+\] = 0; asl\[1\] = 0 :: else -> skip fi;/);
  // A stuck state: pan's timeout, a lost wakeup when a task sleeps.
  assert.match(text, /d_step \{ timeout && viol == 0 ->[^\n]*\n\s*if :: asl\[0\] != 0 \|\| asl\[1\] != 0 \|\| asl\[2\] != 0 -> viol = \d+; assert/);
  assert.doesNotMatch(text, /proctype bound/);
  assert.match(model(YAML, { preemptionBound: true }), /proctype bound\(\) \{\nend_bound: atomic \{ viol == 0 && /);
});

test('the run bound counts every task, a switch per preemption, sleep and task, and each queued callback\'s run', () => {
  const p = programOf(YAML);
  // CPU 0's program (1 step), the sleeper (5: set_current_state() is a store and an smp_mb()),
  // CPU 1's (2); switches: 1 preemption + 3 tasks + 1 schedule().
  assert.equal(modelRunBound(p), 1 + 5 + 2 + 1 + 3 + 1);
  assert.ok(runLengthBound(p) < modelRunBound(p)!);
  const plain = programOf(['cpus: 2', 'state:', '  cells: { x: 0 }', 'programs:', '  cpu 0:', '    - "WRITE_ONCE(x, 1)"', '  cpu 1:', '    - "r = READ_ONCE(x)"',
    'interrupts:', '  - kind: irq', '    cpus: [1]', '    max: 2', '    run:', '      - "r = READ_ONCE(x)"'].join('\n') + '\n');
  assert.equal(modelRunBound(plain), runLengthBound(plain));
});

// Two pan searches: nothing found, then the preemption-bound monitor (the lost wakeups of the
// shipped lost-wakeup.yaml are in `npm run crosscheck`).
test('Spin agrees: a search whose preemption bound is used up is inconclusive, never safe', { skip: noSpin }, async () => {
  const [bounded] = await bothEngines(YAML.replace('preemptions: 1', 'preemptions: 0'));
  assert.equal(bounded!.spin, 'inconclusive (task-preemptions)');
  assert.equal(bounded!.raceway, bounded!.spin);
});
