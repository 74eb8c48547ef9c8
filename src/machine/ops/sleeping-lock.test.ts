// The sleeping locks (ops/sleeping-lock.ts, ops/mutex.ts, ops/rwsem.ts): a mutex excludes, only its
// owner may release it, taking it may sleep (a misuse in atomic context, even when it is free), and
// a task waiting on it sleeps, so its CPU runs its other tasks without a preemption; rw_semaphore
// readers share, writers exclude and are preferred.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judge } from '../../explore/judge.js';
import { explore, kinds, programOf } from '../../testing/inline.js';

const list = (xs: readonly string[], indent: string): string[] => xs.map((s) => `${indent}- ${JSON.stringify(s)}`);

/** A scenario: `progs` are CPU programs (index = CPU), `tasks` more tasks as [name, cpu, body]. */
function yaml(progs: string[][], o: { tasks?: [string, number, string[]][]; preemptions?: number; extra?: string[]; irq?: string[] } = {}): string {
  return [
    `cpus: ${progs.length}`, ...(o.preemptions !== undefined ? [`preemptions: ${o.preemptions}`] : []),
    'state:', '  cells: { n: 0, x: 0, y: 0 }', '  locks: { m: mutex, m2: mutex, sem: rw_semaphore, l: spinlock }', ...(o.extra ?? []),
    'programs:', ...progs.flatMap((b, i) => [`  cpu ${i}:`, ...list(b, '    ')]),
    ...(o.tasks ?? []).flatMap(([name, cpu, b]) => [`  task ${name} on cpu ${cpu}:`, ...list(b, '    ')]),
    ...(o.irq ? ['interrupts:', '  - kind: irq', '    cpus: [0]', '    max: 1', '    run:', ...list(o.irq, '      ')] : []),
  ].join('\n') + '\n';
}

const BUMP = ['r = READ_ONCE(n)', 'WRITE_ONCE(n, r + 1)'];
const reasons = (y: string): string[] => explore(programOf(y)).findings.map((f) => (f.violation.kind === 'misuse' ? f.violation.reason : f.violation.kind));

test('a mutex excludes: two CPUs that bump a counter under it lose no update, without it they do', () => {
  const locked = ['mutex_lock(&m)', ...BUMP, 'mutex_unlock(&m)'];
  const final = ['final:', '  never: n != 2'].join('\n');
  assert.equal(judge(explore(programOf(yaml([locked, locked]) + final)), ['never']), 'met');
  assert.equal(judge(explore(programOf(yaml([BUMP, BUMP]) + final)), ['never']), 'unmet');
});

test('a task waiting on a mutex sleeps: its CPU runs its other task without spending a preemption', () => {
  // CPU 1 holds m until task other on CPU 0 has written x. With no preemption allowed, other runs
  // only because the first task went to sleep in mutex_lock(): a spinning waiter would deadlock.
  const y = yaml([
    ['wait_until(READ_ONCE(y) == 1)', 'mutex_lock(&m)', 'mutex_unlock(&m)'],
    ['mutex_lock(&m)', 'WRITE_ONCE(y, 1)', 'wait_until(READ_ONCE(x) == 1)', 'mutex_unlock(&m)'],
  ], { preemptions: 0, tasks: [['other', 0, ['wait_until(READ_ONCE(y) == 1)', 'WRITE_ONCE(x, 1)']]] });
  const o = explore(programOf(y));
  assert.deepEqual(kinds(o), []);
});

test('ABBA between two tasks of one CPU is a deadlock naming both waits; one lock order is safe', () => {
  const ab = ['mutex_lock(&m)', 'mutex_lock(&m2)', 'WRITE_ONCE(n, 1)', 'mutex_unlock(&m2)', 'mutex_unlock(&m)'];
  const ba = ['mutex_lock(&m2)', 'mutex_lock(&m)', 'WRITE_ONCE(n, 2)', 'mutex_unlock(&m)', 'mutex_unlock(&m2)'];
  const abba = explore(programOf(yaml([ab], { preemptions: 8, tasks: [['other', 0, ba]] })));
  assert.deepEqual(kinds(abba), ['deadlock']);
  const v = abba.findings[0]!.violation;
  assert.equal(v.kind === 'deadlock' && v.blocked.length, 2, 'the running task and the one switched out are both named');
  const ordered = explore(programOf(yaml([ab], { preemptions: 8, tasks: [['other', 0, ab]] })));
  assert.equal(ordered.verdict, 'safe');
});

test('mutex_lock() may sleep: under a spinlock, with IRQs off, in an RCU reader or a handler it is a misuse, even when the mutex is free', () => {
  const spin = reasons(yaml([['spin_lock(l)', 'mutex_lock(&m)', 'mutex_unlock(&m)', 'spin_unlock(l)']]));
  assert.deepEqual(spin, ['sleeping function called from invalid context: mutex_lock(m) with preemption disabled (preempt_disable() or a spinlock held)']);
  assert.match(reasons(yaml([['local_irq_disable()', 'down_read(&sem)', 'up_read(&sem)', 'local_irq_enable()']]))[0]!, /invalid context: down_read\(sem\) with IRQs disabled/);
  assert.match(reasons(yaml([['rcu_read_lock()', 'down_write(&sem)', 'up_write(&sem)', 'rcu_read_unlock()']]))[0]!, /invalid context: down_write\(sem\) inside an RCU read-side/);
  assert.match(reasons(yaml([['WRITE_ONCE(x, 1)']], { irq: ['mutex_lock(&m)', 'mutex_unlock(&m)'] }))[0]!, /invalid context: mutex_lock\(m\) in an interrupt handler/);
  // The fixed order, mutex outside the spinlock, is safe.
  assert.deepEqual(reasons(yaml([['mutex_lock(&m)', 'spin_lock(l)', 'spin_unlock(l)', 'mutex_unlock(&m)']])), []);
});

test('mutex_trylock() never sleeps (fine under a spinlock) but is a misuse in interrupt context', () => {
  assert.deepEqual(reasons(yaml([['spin_lock(l)', 'r = mutex_trylock(&m)', 'spin_unlock(l)']])), []);
  assert.match(reasons(yaml([['WRITE_ONCE(x, 1)']], { irq: ['r = mutex_trylock(&m)'] }))[0]!, /mutex_trylock\(m\) in interrupt context/);
  // It fails while another CPU holds the mutex: 0, and nothing taken.
  const y = yaml([['mutex_lock(&m)', 'WRITE_ONCE(x, 1)', 'wait_until(READ_ONCE(y) == 1)', 'mutex_unlock(&m)'], ['wait_until(READ_ONCE(x) == 1)', 'r = mutex_trylock(&m)', 'assert(r == 0)', 'WRITE_ONCE(y, 1)']]);
  assert.deepEqual(kinds(explore(programOf(y))), []);
  assert.deepEqual(kinds(explore(programOf(y.replace('assert(r == 0)', 'assert(r == 1)')))), ['assertion']);
});

test('only the owner unlocks a mutex; a second unlock is a misuse; taking it again in the same task deadlocks', () => {
  assert.match(reasons(yaml([['mutex_lock(&m)', 'WRITE_ONCE(x, 1)'], ['wait_until(READ_ONCE(x) == 1)', 'mutex_unlock(&m)']]))[0]!, /mutex_unlock\(m\) by CPU 1's task, but CPU 0's task holds it \(mutex-design.rst: only the owner/);
  assert.match(reasons(yaml([['mutex_lock(&m)', 'mutex_unlock(&m)', 'mutex_unlock(&m)']]))[0]!, /mutex_unlock\(m\) of a mutex nobody holds/);
  assert.deepEqual(reasons(yaml([['mutex_lock(&m)', 'mutex_lock(&m)']])), ['deadlock']);
  // With tasks the owner is the task, not the CPU: another task of the same CPU is not the owner.
  const t = yaml([['mutex_lock(&m)', 'WRITE_ONCE(x, 1)', 'wait_until(READ_ONCE(y) == 1)']], { preemptions: 4, tasks: [['other', 0, ['wait_until(READ_ONCE(x) == 1)', 'mutex_unlock(&m)', 'WRITE_ONCE(y, 1)']]] });
  assert.match(reasons(t)[0]!, /mutex_unlock\(m\) by task other, but task cpu0 holds it/);
});

test('rw_semaphore: readers share, a writer excludes them, and a reader queues behind a waiting writer', () => {
  // Two readers can be inside at once.
  const both = yaml([['down_read(&sem)', 'WRITE_ONCE(x, 1)', 'r = READ_ONCE(y)', 'up_read(&sem)', 'assert(r == 0)'], ['down_read(&sem)', 'WRITE_ONCE(y, 1)', 'r = READ_ONCE(x)', 'up_read(&sem)', 'assert(r == 0)']]);
  assert.deepEqual(kinds(explore(programOf(both))), ['assertion'], 'both readers inside: each sees the other');
  // A writer excludes readers: the reader never sees the writer's half-done update.
  const w = yaml([['down_write(&sem)', 'WRITE_ONCE(x, 1)', 'WRITE_ONCE(y, 1)', 'up_write(&sem)'], ['down_read(&sem)', 'r = READ_ONCE(x)', 't = READ_ONCE(y)', 'up_read(&sem)', 'assert(r == t)']]);
  assert.deepEqual(kinds(explore(programOf(w))), []);
  assert.deepEqual(kinds(explore(programOf(w.replace(/"(down|up)_read\(&sem\)"/g, '"WRITE_ONCE(n, 0)"')))), ['assertion']);
  // Writer preference: a task that takes the read side again while a writer waits deadlocks
  // (the recursive read the kernel's lock validator warns about).
  const rec = yaml([['down_read(&sem)', 'WRITE_ONCE(x, 1)', 'wait_until(READ_ONCE(y) == 1)', 'down_read(&sem)', 'up_read(&sem)', 'up_read(&sem)'], ['wait_until(READ_ONCE(x) == 1)', 'WRITE_ONCE(y, 1)', 'down_write(&sem)', 'up_write(&sem)']]);
  assert.deepEqual(kinds(explore(programOf(rec))), ['deadlock']);
});

test('rw_semaphore: up_write by a task that does not hold it, up_read of no reader; downgrade_write lets readers in', () => {
  assert.match(reasons(yaml([['down_write(&sem)', 'WRITE_ONCE(x, 1)'], ['wait_until(READ_ONCE(x) == 1)', 'up_write(&sem)']]))[0]!, /up_write\(sem\) by CPU 1's task, but CPU 0's task holds it/);
  assert.match(reasons(yaml([['up_read(&sem)']]))[0]!, /up_read\(sem\) of a rw_semaphore no task holds for reading/);
  // After downgrade_write() the writer is a reader: another reader gets in while it still holds.
  const d = yaml([['down_write(&sem)', 'downgrade_write(&sem)', 'WRITE_ONCE(x, 1)', 'wait_until(READ_ONCE(y) == 1)', 'up_read(&sem)'], ['wait_until(READ_ONCE(x) == 1)', 'down_read(&sem)', 'WRITE_ONCE(y, 1)', 'up_read(&sem)']]);
  assert.deepEqual(kinds(explore(programOf(d))), []);
  assert.deepEqual(kinds(explore(programOf(d.replace('"downgrade_write(&sem)"', '"WRITE_ONCE(n, 1)"')))), ['deadlock'], 'still a writer: the reader waits for it, it for the reader');
});

test('rw_semaphore trylocks: a read try fails while a writer waits or holds, a write try unless it is free', () => {
  const y = (first: string, second: string, want: number): string => yaml([[first, 'WRITE_ONCE(x, 1)', 'wait_until(READ_ONCE(y) == 1)'], ['wait_until(READ_ONCE(x) == 1)', `r = ${second}`, `assert(r == ${want})`, 'WRITE_ONCE(y, 1)']]);
  for (const [first, second, want] of [['down_read(&sem)', 'down_read_trylock(&sem)', 1], ['down_read(&sem)', 'down_write_trylock(&sem)', 0], ['down_write(&sem)', 'down_read_trylock(&sem)', 0], ['WRITE_ONCE(n, 1)', 'down_write_trylock(&sem)', 1]] as const) {
    assert.deepEqual(kinds(explore(programOf(y(first, second, want)))), [], `${first} then ${second}`);
  }
});

test('a mutex that is a field of an object, taken after the object is freed, is a use-after-free; a lock parameter works', () => {
  const extra = ['  objects: { obj: { f: 0, lock: mutex } }', 'procedures:', '  bump(lk):', '    - mutex_lock(lk)', '    - WRITE_ONCE(n, 1)', '    - mutex_unlock(lk)'];
  assert.deepEqual(reasons(yaml([['free(obj)', 'mutex_lock(&obj->lock)']], { extra })), ['use-after-free']);
  assert.deepEqual(reasons(yaml([['bump(&obj->lock)', 'bump(&m)']], { extra })), []);
});

test('a lock of the wrong kind is refused with its place', () => {
  assert.throws(() => programOf(yaml([['mutex_lock(l)']])), /mutex_lock\(\) needs a mutex, but 'l' is a spinlock/);
  assert.throws(() => programOf(yaml([['spin_lock(&m)']])), /spin_lock\(\) needs a spinlock, but 'm' is a mutex/);
});
