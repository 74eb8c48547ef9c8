// Semantics of the machine, each pinned by a tiny scenario written as users write them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exhaustiveExplorer } from '../explore/exhaustive.js';
import type { Outcome } from '../explore/explorer.js';
import { explore, kinds, programOf, testBudget } from '../testing/inline.js';
import { initialState } from './start.js';
import { enabledMoves } from './enabled.js';
import { step } from './step.js';

describe('RCU', () => {
  const rcu = (readerStarts: 'before' | 'after') => `
cpus: 2
state:
  objects: { obj: { v: 1 } }
  cells: { gp_started: 0, reader_in: 0 }
programs:
  cpu 0:
${readerStarts === 'before' ? `    - rcu_read_lock()
    - WRITE_ONCE(reader_in, 1)
    - x = READ_ONCE(obj->v)
    - rcu_read_unlock()
  cpu 1:
    - wait_until(READ_ONCE(reader_in) == 1)` : `    - wait_until(READ_ONCE(gp_started) == 1)
    - rcu_read_lock()
    - x = READ_ONCE(obj->v)
    - rcu_read_unlock()
  cpu 1:`}
    - WRITE_ONCE(gp_started, 1)
    - synchronize_rcu()
    - free(obj)
`;
  test('synchronize_rcu waits for a reader that began before it', () => {
    assert.deepEqual(kinds(explore(programOf(rcu('before')))), []);
  });

  test('synchronize_rcu does not wait for a reader that begins after it, so that reader may see the free', () => {
    assert.deepEqual(kinds(explore(programOf(rcu('after')))), ['use-after-free']);
  });

  test('a region with IRQs disabled is a read-side critical section', () => {
    const p = programOf(`
cpus: 2
state: { objects: { obj: { v: 1 } }, cells: { in: 0 } }
programs:
  cpu 0: [local_irq_disable(), "WRITE_ONCE(in, 1)", "x = READ_ONCE(obj->v)", "y = READ_ONCE(obj->v)", local_irq_enable()]
  cpu 1: ["wait_until(READ_ONCE(in) == 1)", synchronize_rcu(), free(obj)]
`);
    assert.deepEqual(kinds(explore(p)), []);
  });

  test('without any reader protection the free can land between two reads', () => {
    const p = programOf(`
cpus: 2
state: { objects: { obj: { v: 1 } }, cells: { in: 0 } }
programs:
  cpu 0: ["WRITE_ONCE(in, 1)", "x = READ_ONCE(obj->v)", "y = READ_ONCE(obj->v)"]
  cpu 1: ["wait_until(READ_ONCE(in) == 1)", synchronize_rcu(), free(obj)]
`);
    assert.deepEqual(kinds(explore(p)), ['use-after-free']);
  });

  test('holding a spinlock disables preemption, so synchronize_rcu waits for the holder', () => {
    const p = programOf(`
cpus: 2
state: { objects: { head: { p: obj }, obj: { v: 1 } }, locks: { L: spinlock } }
programs:
  cpu 0:
    - spin_lock(L)
    - k = READ_ONCE(head->p)
    - if k != NULL:
        - r = READ_ONCE(k->v)
    - spin_unlock(L)
  cpu 1: ["WRITE_ONCE(head->p, NULL)", synchronize_rcu(), free(obj)]
`);
    assert.deepEqual(kinds(explore(p)), []);
  });

  test('synchronize_rcu while holding a spinlock is misuse (it would sleep with preemption off)', () => {
    const p = programOf(`
cpus: 1
state: { locks: { L: spinlock } }
programs:
  cpu 0: [spin_lock(L), synchronize_rcu(), spin_unlock(L)]
`);
    assert.deepEqual(kinds(explore(p)), ['misuse']);
  });

  test('a CPU spinning for a lock has preemption off: a grace period waiting for it can deadlock', () => {
    // CPU 2 holds L until CPU 0 sets the flag after its grace period; CPU 1 spins for L with
    // preemption off from before the grace period began, so the grace period never ends.
    const p = programOf(`
cpus: 3
state: { cells: { flag: 0, held: 0, spinning: 0 }, locks: { L: spinlock } }
programs:
  cpu 0: ["wait_until(READ_ONCE(spinning) == 1)", synchronize_rcu(), "WRITE_ONCE(flag, 1)"]
  cpu 1: ["wait_until(READ_ONCE(held) == 1)", "WRITE_ONCE(spinning, 1)", spin_lock(L), spin_unlock(L)]
  cpu 2: [spin_lock(L), "WRITE_ONCE(held, 1)", "wait_until(READ_ONCE(flag) == 1)", spin_unlock(L)]
`);
    assert.deepEqual(kinds(explore(p)), ['deadlock']);
  });

  test('synchronize_rcu inside a read-side critical section is reported as misuse', () => {
    const p = programOf(`
cpus: 1
programs:
  cpu 0: [rcu_read_lock(), synchronize_rcu(), rcu_read_unlock()]
`);
    assert.deepEqual(kinds(explore(p)), ['misuse']);
  });
});

describe('rwlocks', () => {
  const rw = (fairness: string) => `
cpus: 2
state: { locks: { l: rwlock ${fairness} } }
programs:
  cpu 0:
    - read_lock(l)
    - label: held
    - read_unlock(l)
  cpu 1:
    - write_lock_irqsave(l, flags)
    - write_unlock_irqrestore(l, flags)
interrupts:
  - kind: irq
    cpus: [0]
    at: [held]
    run: [read_lock(l), read_unlock(l)]
`;
  test('an unfair reader in an IRQ passes a waiting writer, so no deadlock', () => {
    assert.deepEqual(kinds(explore(programOf(rw('unfair')))), []);
  });

  test('a fair reader in an IRQ queues behind a waiting writer while its task holds the lock: deadlock', () => {
    assert.deepEqual(kinds(explore(programOf(rw('fair')))), ['deadlock']);
  });

  // read_unlock checks the unlocking context's own count of read locks, not the shared reader
  // count: another context's read lock does not make an unbalanced read_unlock right, and the
  // misuse is the unbalanced context's (counting only the shared readers would blame CPU 0's
  // later, correct unlock). The count is also what lets the readers of different contexts
  // commute under reduction (docs/reduction.md).
  const misuseAt = (o: Outcome) => {
    const v = o.findings[0]?.violation;
    return v?.kind === 'misuse' ? { cpu: v.at.cpu, level: v.at.level, reason: v.reason } : v;
  };
  const unbalanced = `
cpus: 2
state:
  cells: { held: 0, done: 0 }
  locks: { l: rwlock fair }
programs:
  cpu 0:
    - read_lock(l)
    - WRITE_ONCE(held, 1)
    - wait_until(READ_ONCE(done) == 1)
    - read_unlock(l)
  cpu 1:
    - wait_until(READ_ONCE(held) == 1)
    - read_unlock(l)
    - WRITE_ONCE(done, 1)
`;
  for (const reduction of [false, true]) {
    test(`read_unlock by a context that holds no read lock is its misuse, whoever else holds one (reduction ${reduction ? 'on' : 'off'})`, () => {
      const o = exhaustiveExplorer({ reduction }).explore(programOf(unbalanced), testBudget());
      assert.deepEqual(kinds(o), ['misuse']);
      assert.deepEqual(misuseAt(o), { cpu: 1, level: 0, reason: 'read_unlock(l) by a context that holds no read lock on it' });
    });
  }

  test('a handler does not inherit the read locks of the task it interrupts', () => {
    const p = programOf(`
cpus: 1
state: { locks: { l: rwlock fair } }
programs:
  cpu 0: [read_lock(l), { label: held }, read_unlock(l)]
interrupts:
  - { kind: irq, cpus: [0], at: [held], run: [read_unlock(l)] }
`);
    const o = explore(p);
    assert.deepEqual(kinds(o), ['misuse']);
    assert.deepEqual(misuseAt(o), { cpu: 0, level: 1, reason: 'read_unlock(l) by a context that holds no read lock on it' });
  });
});

describe('interrupts', () => {
  test('an IRQ never fires while IRQs are disabled', () => {
    const p = programOf(`
cpus: 1
state: { cells: { x: 0 } }
programs:
  cpu 0: [local_irq_disable(), "WRITE_ONCE(x, 1)", "WRITE_ONCE(x, 0)", local_irq_enable()]
interrupts:
  - kind: irq
    run: ["assert(READ_ONCE(x) == 0)"]
`);
    assert.deepEqual(kinds(explore(p)), []);
  });

  test('an NMI fires even while IRQs are disabled', () => {
    const p = programOf(`
cpus: 1
state: { cells: { x: 0 } }
programs:
  cpu 0: [local_irq_disable(), "WRITE_ONCE(x, 1)", "WRITE_ONCE(x, 0)", local_irq_enable()]
interrupts:
  - kind: nmi
    run: ["assert(READ_ONCE(x) == 0)"]
`);
    assert.deepEqual(kinds(explore(p)), ['assertion']);
  });

  test('an NMI may nest on top of an IRQ handler', () => {
    const p = programOf(`
cpus: 1
state: { cells: { in_irq: 0, z: 0 } }
programs:
  cpu 0: ["WRITE_ONCE(z, 1)"]
interrupts:
  - kind: irq
    run: ["WRITE_ONCE(in_irq, 1)", "WRITE_ONCE(in_irq, 0)"]
  - kind: nmi
    run: ["assert(READ_ONCE(in_irq) == 0)"]
`);
    const o = explore(p);
    assert.deepEqual(kinds(o), ['assertion']);
    const moves = o.findings[0]!.trace.map((m) => m.kind);
    assert.ok(moves.indexOf('irq') < moves.indexOf('nmi'), 'the NMI fires inside the IRQ handler');
  });

  test('a handler runs to completion before the context it interrupted resumes', () => {
    const p = programOf(`
cpus: 1
state: { cells: { x: 0 } }
programs:
  cpu 0: ["WRITE_ONCE(x, 5)", "assert(READ_ONCE(x) != 1)"]
interrupts:
  - kind: irq
    run: ["WRITE_ONCE(x, 1)", "WRITE_ONCE(x, 2)"]
`);
    assert.deepEqual(kinds(explore(p)), []);
  });

  test('a handler fires at most max times, and only at the labels it names', () => {
    const p = programOf(`
cpus: 1
state: { cells: { n: 0, x: 0 } }
programs:
  cpu 0: ["WRITE_ONCE(x, 1)", {label: here}, "WRITE_ONCE(x, 2)", "WRITE_ONCE(x, 3)"]
interrupts:
  - kind: irq
    at: [here]
    max: 1
    run: ["assert(READ_ONCE(x) == 1)", "atomic_inc(&n)", "assert(READ_ONCE(n) == 1)"]
`);
    assert.deepEqual(kinds(explore(p)), []);
  });

  const lateReader = (cpu0: string) => `
cpus: 2
state: { objects: { o: { f: 1 }, g: { f: 0 } } }
programs:
${cpu0}
  cpu 1: ["wait_until(READ_ONCE(g->f) == 1)", free(o)]
interrupts:
  - kind: irq
    cpus: [0]
    max: 1
    run: ["x = READ_ONCE(o->f)"]
`;

  test('an IRQ still fires on a CPU whose task has finished while another CPU runs', () => {
    const p = programOf(lateReader('  cpu 0: ["WRITE_ONCE(g->f, 1)"]'));
    assert.deepEqual(kinds(explore(p)), ['use-after-free']);
  });

  test('an IRQ fires on a CPU that has no task at all while another CPU runs', () => {
    const p = programOf(lateReader('  cpu 0: []').replace('"wait_until(READ_ONCE(g->f) == 1)", ', ''));
    assert.deepEqual(kinds(explore(p)), ['use-after-free']);
  });

  test('once every context has finished no handler fires: the run is over', () => {
    const p = programOf(`
cpus: 1
state: { cells: { x: 0 } }
programs:
  cpu 0: ["WRITE_ONCE(x, 1)"]
interrupts:
  - kind: irq
    max: 1
    run: ["WRITE_ONCE(x, 2)"]
`);
    const s0 = initialState(p);
    assert.deepEqual(enabledMoves(p, s0).map((m) => m.kind), ['run', 'irq']);
    const done = step(p, s0, enabledMoves(p, s0)[0]!);
    assert.equal(done.kind, 'next');
    assert.deepEqual(enabledMoves(p, (done as { state: Int32Array }).state), []);
  });
});

describe('findings', () => {
  test('reading a field of a freed object is a use-after-free at that step', () => {
    const p = programOf(`
cpus: 1
state: { objects: { o: { f: 7 } } }
programs:
  cpu 0: [free(o), "x = READ_ONCE(o->f)"]
`);
    const o = explore(p);
    assert.deepEqual(kinds(o), ['use-after-free']);
    const v = o.findings[0]!.violation;
    assert.equal(v.kind === 'use-after-free' && v.access, 'read');
    assert.equal(o.findings[0]!.trace.length, 2);
  });

  test('two CPUs taking two spinlocks in opposite order deadlock', () => {
    const p = programOf(`
cpus: 2
state: { locks: { a: spinlock, b: spinlock } }
programs:
  cpu 0: [spin_lock(a), spin_lock(b), spin_unlock(b), spin_unlock(a)]
  cpu 1: [spin_lock(b), spin_lock(a), spin_unlock(a), spin_unlock(b)]
`);
    const o = explore(p);
    assert.deepEqual(kinds(o), ['deadlock']);
    const v = o.findings[0]!.violation;
    assert.equal(v.kind === 'deadlock' && v.blocked.length, 2);
  });

  test('a loop that passes its bound is a livelock naming the bound', () => {
    const p = programOf(`
cpus: 1
state: { cells: { x: 0 } }
programs:
  cpu 0:
    - while READ_ONCE(x) == 0:
        - i = i + 1
      bound: 3
`);
    const o = explore(p);
    assert.deepEqual(kinds(o), ['livelock']);
    const v = o.findings[0]!.violation;
    assert.equal(v.kind === 'livelock' && v.bound, 3);
  });

  test('freeing an object twice is a double free', () => {
    const p = programOf(`
cpus: 2
state: { objects: { o: { f: 0 } } }
programs:
  cpu 0: [free(o)]
  cpu 1: [free(o)]
`);
    assert.deepEqual(kinds(explore(p)), ['double-free']);
  });
});

describe('step', () => {
  test('never mutates the state it is given', () => {
    const p = programOf(`
cpus: 2
state: { cells: { x: 0 } }
programs:
  cpu 0: ["WRITE_ONCE(x, 1)"]
  cpu 1: ["y = xchg(&x, 2)"]
`);
    const s = initialState(p);
    const copy = s.slice();
    for (const m of enabledMoves(p, s)) step(p, s, m);
    assert.deepEqual(s, copy);
  });
});
