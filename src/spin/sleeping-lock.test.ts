// Sleeping locks in the Promela export (spin/sleeping-lock.ts, switch.ts), as ops/sleeping-lock.ts
// has them: a waiter is a guard unless it may not sleep (then its step reports the misuse); the
// owner checks; a task that waits on a lock is switched away from for free and never switched to
// while it waits; the run bound counts those switches. And wake_up_process() may run in a handler.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { programOf } from '../testing/inline.js';
import { bothEngines, noSpin } from '../testing/spin-agree.js';
import { modelRunBound } from './run-bound.js';
import { modelText as model } from '../testing/spin-test-model.js';

/** CPU 0's task waits on m while CPU 1 holds it; with no preemption left, only its wait lets task b run. */
const YAML = ['cpus: 2', 'preemptions: 0', 'state:', '  cells: { x: 0, y: 0 }', '  locks:', '    m: mutex', 'programs:',
  '  cpu 0:', '    - mutex_lock(&m)', '    - r = READ_ONCE(x)', '    - mutex_unlock(&m)',
  '  task b on cpu 0:', '    - WRITE_ONCE(y, 1)',
  '  cpu 1:', '    - mutex_lock(&m)', '    - WRITE_ONCE(x, 1)', '    - mutex_unlock(&m)'].join('\n') + '\n';

test('a mutex waiter is a guard unless it may not sleep; the owner is the task id, and only it may unlock', () => {
  const text = model(YAML);
  assert.match(text, /pc\[6\] == 0 && \(!\(lk\[0\] != 0\) \|\| \(irqoff\[0\] != 0 \|\| pre\[0\] != 0 \|\| rcu\[0\] != 0\)\) ->/);
  // might_sleep() first, then the lock taken by task 0 (id 1); mutex_unlock by task 2 (id 3) checks it owns it.
  assert.match(text, /\(\(irqoff\[0\] != 0 \|\| pre\[0\] != 0 \|\| rcu\[0\] != 0\)\) -> viol = 4[^\n]*\n[^\n]*\n\s*lk\[0\] = 1;/);
  assert.match(text, /:: \(lk\[0\] != 3\) -> viol = 4[^\n]*\n[^\n]*\n\s*lk\[0\] = 0;/);
});

test('a task waiting on a lock is switched away from without a preemption, and not switched back to while it waits', () => {
  const text = model(YAML);
  const waits = '\\(\\(\\(pc\\[6\\] == 0 && \\(lk\\[0\\] != 0\\)\\)\\) && \\(cur\\[0\\] != 0 \\|\\| !\\(irqoff\\[0\\] != 0 \\|\\| pre\\[0\\] != 0 \\|\\| rcu\\[0\\] != 0\\)\\)\\)';
  // To task b: a free switch while task 0 waits.
  assert.match(text, new RegExp(`\\|\\| \\(\\(cur\\[0\\] == 0 && ${waits}\\)\\) \\|\\| [^\\n]*-> /\\* CPU 0 switches to task b`));
  // To task 0: never while it waits; the switch away from it counts no preemption.
  assert.match(text, new RegExp(`cur\\[0\\] != 0 && asl\\[0\\] == 0 && !\\(asl\\[0\\] == 0 && pc\\[6\\] >= 3\\) && !${waits}`));
  assert.match(text, new RegExp(`if :: \\(cur\\[0\\] == 0 && !\\(asl\\[0\\] == 0 && pc\\[6\\] >= 3\\) && !${waits}\\) \\|\\| \\(cur\\[0\\] == 1 [^\\n]*-> used = used \\+ 1`));
});

test('trylocks write their result; rw_semaphore owner checks; the lock ops of a handler are misuses', () => {
  const text = model(['cpus: 1', 'state:', '  locks:', '    m: mutex', '    s: rw_semaphore', 'programs:',
    '  cpu 0:', '    - "t = mutex_trylock(&m)"', '    - "u = down_read_trylock(&s)"', '    - down_write(&s)', '    - downgrade_write(&s)', '    - up_read(&s)',
    'interrupts:', '  - kind: irq', '    cpus: [0]', '    max: 1', '    run:', '      - up_write(&s)'].join('\n') + '\n');
  // The result in the call's temporary (lc[2]), then copied to t and u.
  assert.match(text, /if :: lk\[0\] != 0 -> lc\[2\] = 0; skip :: else -> lk\[0\] = 1; lc\[2\] = 1; fi;/);
  assert.match(text, /if :: lk\[4\] != 0 \|\| lk\[5\] != 0 -> lc\[2\] = 0; skip :: else -> lk\[3\] = lk\[3\] \+ 1; lc\[2\] = 1; fi;/);
  // down_write queues (waiting writer), then the acquisition waits for the readers to leave.
  assert.match(text, /pc\[0\] == 7 && \(!\(lk\[3\] != 0\) \|\|[^\n]*\n\s*lk\[5\] = 0; lk\[4\] = 1;/);
  assert.match(text, /:: \(lk\[4\] != 1\) -> viol = 4[^\n]*\n[^\n]*\n\s*lk\[4\] = 0; lk\[3\] = lk\[3\] \+ 1;/);
  assert.match(text, /:: \(lk\[3\] <= 0\) -> viol = 4/);
  // up_write() in a handler: no task owns it there.
  assert.match(text, /irqh\[0\] == 1 && pc\[1\] == 0 -> [^\n]*up_write\(&s\) \*\/\n\s*if\n\s*:: \(true\) -> viol = 4/);
});

test('wake_up_process() in a handler is no misuse (try_to_wake_up() does not sleep)', () => {
  const text = model(['cpus: 1', 'state:', '  cells: { x: 0 }', 'programs:', '  cpu 0:', '    - "WRITE_ONCE(x, 1)"', '  task b on cpu 0:', '    - "WRITE_ONCE(x, 2)"',
    'interrupts:', '  - kind: irq', '    cpus: [0]', '    max: 1', '    run:', '      - wake_up_process(b)'].join('\n') + '\n');
  assert.match(text, /wake_up_process\(b\) \*\/\n\s*if :: m\[\d+\] != 0 -> m\[\d+\] = 0; asl\[1\] = 0 :: else -> skip fi;/);
});

test('the run bound counts a switch away from a waiter per lock op it waits at and per task for each acquisition', () => {
  // Tasks 0, 1, 2 (3 steps, 1, 3) + a switch per task (3) + waits: 1 per waiting op (2) + 3 tasks x 2 lock acquisitions.
  assert.equal(modelRunBound(programOf(YAML)), 3 + 1 + 3 + 3 + 2 + 3 * 2);
});

test('Spin agrees on a wait that hands the CPU to another task with no preemption left', { skip: noSpin }, async () => {
  const [r] = await bothEngines(YAML);
  assert.equal(r!.spin, r!.raceway);
});
