// The lock family's rules, through the front end: the kernel's qrwlock (kernel/locking/qrwlock.c
// queued_read_lock_slowpath: an in_interrupt() reader waits only while a writer holds the lock, a
// task reader queues behind a waiting one), the trylocks of include/asm-generic/qrwlock.h and
// qspinlock.h, the raw_spin_* names (include/linux/spinlock.h), and locks that are fields of heap
// objects or parameters of procedures.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadScenario } from '../../scenario/load.js';
import { explore, kinds, programOf } from '../../testing/inline.js';
import { readerQueues } from './locks.js';

test('readerQueues: qrwlock queues task readers only; fair all; unfair none', () => {
  assert.equal(readerQueues({ name: 'l', kind: 'rwlock', readers: 'qrwlock' }, false), true);
  assert.equal(readerQueues({ name: 'l', kind: 'rwlock', readers: 'qrwlock' }, true), false);
  assert.equal(readerQueues({ name: 'l', kind: 'rwlock', readers: 'fair' }, true), true);
  assert.equal(readerQueues({ name: 'l', kind: 'rwlock', readers: 'unfair' }, false), false);
});

// CPU 1 queues as the waiting writer while CPU 0's task holds a read lock; a second reader
// comes on CPU 0, from an IRQ running `irqRun` (`irq`) or from the task itself (`task`).
const scenario = (kind: string, from: 'irq' | 'task', irqRun = '[read_lock(l), read_unlock(l)]'): string => `
cpus: 2
state: { cells: { queued: 0 }, locks: { l: ${kind} } }
programs:
  cpu 0:
    - read_lock(l)
    - label: held
${from === 'task' ? '    - wait_until(READ_ONCE(queued) == 1)\n    - read_lock(l)\n    - read_unlock(l)\n' : ''}    - read_unlock(l)
  cpu 1:
    - WRITE_ONCE(queued, 1)
    - write_lock_irqsave(l, flags)
    - write_unlock_irqrestore(l, flags)
${from === 'irq' ? `interrupts:\n  - kind: irq\n    cpus: [0]\n    at: [held]\n    run: ${irqRun}\n` : ''}`;

describe('the kernel rwlock (qrwlock), the default kind', () => {
  test('a reader in an IRQ passes the waiting writer: no deadlock (in_interrupt() reader)', () => {
    assert.deepEqual(kinds(explore(programOf(scenario('rwlock', 'irq')))), []);
  });

  test('the same with rwlock fair deadlocks, so the IRQ reader is what the kind changes', () => {
    assert.deepEqual(kinds(explore(programOf(scenario('rwlock fair', 'irq')))), ['deadlock']);
  });

  test('a second task reader queues behind the waiting writer: a recursive read_lock deadlocks', () => {
    // queued_read_lock_slowpath(): a task reader queues on wait_lock behind the waiting writer,
    // even one that already holds a read lock: a recursive read_lock in task context deadlocks.
    assert.deepEqual(kinds(explore(programOf(scenario('rwlock', 'task')))), ['deadlock']);
    assert.deepEqual(kinds(explore(programOf(scenario('rwlock unfair', 'task')))), []);
  });
});

describe('trylocks', () => {
  const one = (stmts: string[], check: string, locks = '{ l: spinlock, rw: rwlock }'): boolean => {
    const y = ['cpus: 1', 'state:', `  locks: ${locks}`, 'programs:', '  cpu 0:', ...[...stmts, `assert(${check})`].map((s) => `    - ${JSON.stringify(s)}`)].join('\n') + '\n';
    return explore(programOf(y)).findings.length === 0;
  };

  test('read_trylock fails while a writer holds the lock, succeeds beside readers', () => {
    assert.ok(one(['write_lock(rw)', 'r = read_trylock(rw)', 'write_unlock(rw)'], 'r == 0'));
    assert.ok(one(['read_lock(rw)', 'r = read_trylock(rw)', 'read_unlock(rw)', 'read_unlock(rw)'], 'r == 1'));
    assert.ok(!one(['write_lock(rw)', 'r = read_trylock(rw)', 'write_unlock(rw)'], 'r == 1'));
  });

  test('write_trylock fails beside a reader and succeeds on a free lock; a taken one is released by write_unlock', () => {
    assert.ok(one(['read_lock(rw)', 'r = write_trylock(rw)', 'read_unlock(rw)'], 'r == 0'));
    assert.ok(one(['r = write_trylock(rw)', 'write_unlock(rw)', 's = write_trylock(rw)', 'write_unlock(rw)'], 'r == 1 && s == 1'));
  });

  test('an unbalanced unlock after a failed trylock is a misuse', () => {
    const y = ['cpus: 1', 'state: { locks: { rw: rwlock } }', 'programs:', '  cpu 0:', '    - write_lock(rw)', '    - r = read_trylock(rw)', '    - read_unlock(rw)'].join('\n') + '\n';
    assert.deepEqual(kinds(explore(programOf(y))), ['misuse']);
  });

  test('read_trylock from an IRQ fails while a writer waits: no in_interrupt() exception for a try', () => {
    const y = scenario('rwlock', 'irq', '["r = read_trylock(l)", { "if r": [read_unlock(l)] }, "assert(r == 1)"]');
    // The assertion fails in the run where CPU 1 waits as the IRQ tries (read_lock would pass).
    assert.deepEqual(kinds(explore(programOf(y))), ['assertion']);
  });

  test('raw_spin_* are the spin_* operations', () => {
    assert.ok(one(['raw_spin_lock(l)', 'r = raw_spin_trylock(l)', 's = raw_spin_is_locked(l)', 'raw_spin_unlock(l)', 't = spin_trylock(l)', 'spin_unlock(l)'], 'r == 0 && s == 1 && t == 1'));
    assert.ok(one(['raw_spin_lock_irqsave(l, flags)', 'raw_spin_unlock_irqrestore(l, flags)', 'raw_spin_lock_irq(l)', 'raw_spin_unlock_irq(l)', 'raw_spin_lock_bh(l)', 'raw_spin_unlock_bh(l)'], 'spin_is_locked(l) == 0'));
  });
});

describe('trylocks with IRQs off (include/linux/spinlock.h raw_spin_trylock_irqsave, rwlock.h write_trylock_irqsave)', () => {
  const withIrq = (task: string[], irq: string, cpus = 1): string => [`cpus: ${cpus}`, 'state: { cells: { x: 0 }, locks: { l: spinlock, rw: rwlock } }', 'programs:', '  cpu 0:',
    ...task.map((s) => `    - ${JSON.stringify(s)}`), 'interrupts:', '  - kind: irq', '    cpus: [0]', `    run: ${irq}`, ''].join('\n');

  test('a taken spin_trylock_irqsave keeps IRQs off until the unlock: an IRQ taking the lock cannot deadlock', () => {
    for (const [take, drop] of [['r = spin_trylock_irqsave(l, flags)', 'spin_unlock_irqrestore(l, flags)'], ['r = raw_spin_trylock_irqsave(l, flags)', 'raw_spin_unlock_irqrestore(l, flags)'],
      ['r = spin_trylock_irq(l)', 'spin_unlock_irq(l)'], ['r = raw_spin_trylock_irq(l)', 'raw_spin_unlock_irq(l)']]) {
      assert.deepEqual(kinds(explore(programOf(withIrq([take, 'assert(r == 1)', drop], '[spin_lock(l), spin_unlock(l)]')))), [], take);
    }
    // The same with spin_trylock(): the IRQ spins on the lock its own task holds.
    assert.deepEqual(kinds(explore(programOf(withIrq(['r = spin_trylock(l)', 'spin_unlock(l)'], '[spin_lock(l), spin_unlock(l)]')))), ['deadlock']);
  });

  test('a failed one gives IRQs back: a task waiting for its IRQ afterwards does not hang', () => {
    for (const [take, gone] of [['r = spin_trylock_irqsave(l, flags)', 'spin_unlock(l)'], ['r = spin_trylock_irq(l)', 'spin_unlock(l)'], ['r = write_trylock_irqsave(rw, flags)', 'read_unlock(rw)']]) {
      const first = take.includes('rw') ? 'read_lock(rw)' : 'spin_lock(l)';
      assert.deepEqual(kinds(explore(programOf(withIrq([first, take, gone, 'assert(r == 0)', 'wait_until(READ_ONCE(x) == 1)'], '["WRITE_ONCE(x, 1)"]')))), [], take);
    }
    // Had it left IRQs off (local_irq_save alone), the wait could never end.
    assert.deepEqual(kinds(explore(programOf(withIrq(['spin_lock(l)', 'local_irq_save(flags)', 'r = spin_trylock(l)', 'spin_unlock(l)', 'wait_until(READ_ONCE(x) == 1)'], '["WRITE_ONCE(x, 1)"]')))), ['deadlock']);
  });

  test('as the condition of an if, as kernel code writes it (the flags local is declared by the call)', () => {
    const y = (take: string, drop: string): string => ['cpus: 2', 'state: { cells: { x: 0 }, locks: { l: spinlock } }', 'procedures:', '  work():',
      `    - if ${take}:`, '      - "WRITE_ONCE(x, READ_ONCE(x) + 1)"', `      - ${drop}`, 'programs:', '  cpu 0: [work()]', '  cpu 1: [work()]',
      'interrupts:', '  - kind: irq', '    cpus: [0]', '    run: [spin_lock(l), spin_unlock(l)]', ''].join('\n');
    assert.deepEqual(kinds(explore(programOf(y('spin_trylock_irqsave(l, flags)', 'spin_unlock_irqrestore(l, flags)')))), []);
    assert.deepEqual(kinds(explore(programOf(y('spin_trylock(l)', 'spin_unlock(l)')))), ['deadlock']);
  });

  test('write_trylock_irqsave takes a free rwlock and fails beside a reader', () => {
    const one = (stmts: string[]): string[] => kinds(explore(programOf(['cpus: 1', 'state: { locks: { rw: rwlock } }', 'programs:', '  cpu 0:', ...stmts.map((s) => `    - ${JSON.stringify(s)}`), ''].join('\n'))));
    assert.deepEqual(one(['r = write_trylock_irqsave(rw, flags)', 'assert(r == 1)', 'write_unlock_irqrestore(rw, flags)']), []);
    assert.deepEqual(one(['read_lock(rw)', 'r = write_trylock_irqsave(rw, flags)', 'assert(r == 0)', 'read_unlock(rw)']), []);
  });
});

describe('locks in objects and as parameters', () => {
  const base = (body: string, extra = ''): string => `
cpus: 1
state:
  objects:
    a: { lock: spinlock, v: 0 }
    b: { lock: spinlock, v: 0 }
  cells: { p: a }
procedures:
  bump(o):
    - spin_lock(&o->lock)
    - WRITE_ONCE(o->v, 1)
    - spin_unlock(&o->lock)
  under(m):
    - spin_lock(m)
    - spin_unlock(m)
${extra}programs:
  cpu 0:
${body}`;

  test('spin_lock(&o->lock) inside a procedure, with a named object and with a pointer known at run time', () => {
    assert.deepEqual(kinds(explore(programOf(base('    - bump(b)\n    - q = READ_ONCE(p)\n    - bump(q)\n    - assert(READ_ONCE(a->v) == 1 && spin_is_locked(&a->lock) == 0)\n')))), []);
  });

  test('a lock passed to a procedure: by name, as &b->lock, and through a pointer', () => {
    assert.deepEqual(kinds(explore(programOf(base('    - under(&b->lock)\n    - q = READ_ONCE(p)\n    - under(&q->lock)\n    - spin_lock(&a->lock)\n    - r = spin_trylock(&a->lock)\n    - spin_unlock(&a->lock)\n    - assert(r == 0)\n')))), []);
  });

  test('the object a pointer names decides which lock is taken: a held one blocks', () => {
    // p points to a; a->lock is held, so taking it through p deadlocks, while b->lock is free.
    assert.deepEqual(kinds(explore(programOf(base('    - spin_lock(&a->lock)\n    - q = READ_ONCE(p)\n    - spin_lock(&q->lock)\n')))), ['deadlock']);
    assert.deepEqual(kinds(explore(programOf(base('    - spin_lock(&b->lock)\n    - q = READ_ONCE(p)\n    - spin_lock(&q->lock)\n    - spin_unlock(&q->lock)\n    - spin_unlock(&b->lock)\n')))), []);
  });

  test('taking the lock of a freed object is a use-after-free; through NULL an invalid access', () => {
    assert.deepEqual(kinds(explore(programOf(base('    - free(a)\n    - bump(a)\n')))), ['use-after-free']);
    assert.deepEqual(kinds(explore(programOf(base('    - free(a)\n    - q = READ_ONCE(p)\n    - bump(q)\n')))), ['use-after-free']);
    assert.deepEqual(kinds(explore(programOf(base('    - WRITE_ONCE(p, NULL)\n    - q = READ_ONCE(p)\n    - bump(q)\n')))), ['invalid-access']);
  });

  test('mistakes are located errors: a field that is no lock, an object without it, a lock field used as a value elsewhere', () => {
    const errs = (yaml: string): string[] => { const r = loadScenario('x.yaml', yaml); return r.ok ? [] : r.errors.map((e) => e.message); };
    assert.deepEqual(errs(base('    - spin_lock(&a->v)\n')), ["no object has a lock field 'v'"]);
    // A value passed where the procedure takes a lock: the lock ops on the parameter say so.
    assert.deepEqual(errs(base('    - under(1)\n')), ["'m' is not a lock", "'m' is not a lock"]);
    assert.deepEqual(errs(base('    - spin_lock(nolock)\n')), ["undefined lock 'nolock'"]);
    assert.deepEqual(errs(base('    - r = READ_ONCE(a->lock)\n')), ["'lock' is a lock field, not a value"]);
    const clash = base('    - bump(a)\n').replace('b: { lock: spinlock, v: 0 }', 'b: { lock: 0, v: 0 }');
    assert.deepEqual(errs(clash), ["field 'lock' is a lock here and a value in another object"]);
  });
});
