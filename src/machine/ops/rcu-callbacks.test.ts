// RCU callbacks (ops/rcu-callbacks.ts), through the front end: a callback runs after a grace period
// that started at call_rcu() (Documentation/RCU/whatisRCU.rst), in softirq context on the CPU that
// queued it; synchronize_rcu() does not wait for callbacks and rcu_barrier() does
// (Documentation/RCU/rcubarrier.rst); a head queued twice is a double call_rcu(); a program that
// queues none spends no word on them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, kinds, programOf } from '../../testing/inline.js';
import { layoutOf } from '../layout.js';

/** A two-CPU scenario: objects a and b with an rcu head, cell p -> a, the procedures given. */
const scenario = (cpu0: readonly string[], cpu1: readonly string[], procs = ''): string => `
cpus: 2
state:
  cells: { p: a, done: 0, where: -1 }
  objects: { a: { val: 1, rcu: 0 }, b: { val: 2, rcu: 0 } }
procedures:
  free_it(n):
    - kfree(n)
  mark(n):
    - WRITE_ONCE(done, 1)
    - WRITE_ONCE(where, this_cpu * 10 + this_context)
    - assert(in_serving_softirq() == 1)
${procs}
programs:
  cpu 0: ${JSON.stringify(cpu0)}
  cpu 1: ${JSON.stringify(cpu1)}
`;
const run = (y: string): string[] => kinds(explore(programOf(y)));

const READER = ['rcu_read_lock()', 'r = rcu_dereference(p)', 'v = READ_ONCE(r->val)', 'rcu_read_unlock()'];

test('call_rcu() frees after the readers in progress at the call; kfree at once does not wait', () => {
  assert.deepEqual(run(scenario(READER, ['rcu_assign_pointer(p, b)', 'call_rcu(&a->rcu, free_it)'])), []);
  assert.deepEqual(run(scenario(READER, ['rcu_assign_pointer(p, b)', 'kfree_rcu(a, rcu)'])), []);
  assert.deepEqual(run(scenario(READER, ['rcu_assign_pointer(p, b)', 'kfree(a)'])), ['use-after-free']);
});

test('the grace period starts at the call: a reader that begins after it is not waited for', () => {
  // The updater queues the free before it unpublishes a: a reader that starts after the call
  // still finds a, and the callback may free it under that reader.
  assert.deepEqual(run(scenario(READER, ['call_rcu(&a->rcu, free_it)', 'rcu_assign_pointer(p, b)'])), ['use-after-free']);
});

test('the callback runs in softirq context on the CPU that queued it, and only after the call', () => {
  const y = scenario(['WRITE_ONCE(b->val, 3)'], ['call_rcu(&a->rcu, mark)', 'assert(READ_ONCE(done) == 0 || READ_ONCE(where) == 13)']);
  assert.deepEqual(run(y), []);
  // It does run before the run ends: the final state always has it done.
  const ends = explore(programOf(`${y}final:\n  never: done == 0\n`));
  assert.deepEqual(kinds(ends), []);
  assert.ok((ends.finals?.states.length ?? 0) > 0);
  assert.ok(ends.finals!.states.every((f) => !f.holds));
});

test('synchronize_rcu() does not wait for callbacks; rcu_barrier() does', () => {
  const after = (wait: string): string => scenario(['WRITE_ONCE(where, 0)'], ['call_rcu(&a->rcu, mark)', wait, 'assert(READ_ONCE(done) == 1)']);
  assert.deepEqual(run(after('synchronize_rcu()')), ['assertion']);
  assert.deepEqual(run(after('rcu_barrier()')), []);
});

test('a head queued again before its callback ran is a double call_rcu(); after it ran, it may be queued again', () => {
  assert.deepEqual(run(scenario(['WRITE_ONCE(where, 0)'], ['call_rcu(&a->rcu, mark)', 'call_rcu(&a->rcu, mark)'])), ['misuse']);
  assert.deepEqual(run(scenario(['WRITE_ONCE(where, 0)'], ['call_rcu(&a->rcu, mark)', 'rcu_barrier()', 'call_rcu(&a->rcu, mark)'])), []);
});

test('call_rcu() of a freed object is a use-after-free (it writes the head); rcu_barrier() in atomic context is a misuse', () => {
  assert.deepEqual(run(scenario(['WRITE_ONCE(where, 0)'], ['kfree(a)', 'call_rcu(&a->rcu, free_it)'])), ['use-after-free']);
  assert.deepEqual(run(scenario(['WRITE_ONCE(where, 0)'], ['rcu_read_lock()', 'rcu_barrier()', 'rcu_read_unlock()'])), ['misuse']);
});

test('no callback starts while its CPU has bottom halves off', () => {
  const y = scenario(['WRITE_ONCE(where, 0)'], ['local_bh_disable()', 'call_rcu(&a->rcu, mark)', 'synchronize_rcu()', 'assert(READ_ONCE(done) == 0)', 'local_bh_enable()']);
  // synchronize_rcu() with bottom halves off is itself a misuse (a reader waiting for itself).
  assert.deepEqual(run(y), ['misuse']);
  const z = scenario(['WRITE_ONCE(where, 0)'], ['call_rcu(&a->rcu, mark)', 'local_bh_disable()', 'r = READ_ONCE(done)', 's = READ_ONCE(done)', 'assert(r == s)', 'local_bh_enable()']);
  assert.deepEqual(run(z), []);
});

test('a program that queues no callback spends no word on them', () => {
  const l = layoutOf(programOf(scenario(READER, ['rcu_assign_pointer(p, b)', 'synchronize_rcu()', 'kfree(a)'])));
  assert.equal(l.cbObjects, 0);
  assert.equal(l.barrierWords, 0);
  assert.equal(l.size, l.cbBase);
});

/** CPU 0 reads the object p points to under RCU; CPU 1 allocates one from the pool, publishes it, unpublishes it and frees it. */
const pooled = (retire: string): string => `
cpus: 2
state:
  cells: { p: NULL }
  pools: { pl: { fields: [val, rcu], size: 2 } }
procedures:
  free_it(n):
    - kfree(n)
programs:
  cpu 0:
    - rcu_read_lock()
    - r = rcu_dereference(p)
    - if r != NULL:
        - v = READ_ONCE(r->val)
    - rcu_read_unlock()
  cpu 1: ${JSON.stringify(['q = kmalloc(pl)', 'WRITE_ONCE(q->val, 1)', 'rcu_assign_pointer(p, q)', 'rcu_assign_pointer(p, NULL)', retire])}
`;

test("a kmalloc() pool's objects have callbacks: kfree_rcu(), call_rcu(), kfree_rcu_mightsleep() and the kvfree_rcu() forms wait for the reader, kfree() does not", () => {
  for (const retire of ['kfree_rcu(q, rcu)', 'call_rcu(&q->rcu, free_it)', 'kfree_rcu_mightsleep(q)', 'kvfree_rcu(q, rcu)', 'kvfree_rcu_mightsleep(q)']) assert.deepEqual(run(pooled(retire)), [], retire);
  assert.deepEqual(run(pooled('kfree(q)')), ['use-after-free']);
});

test('kfree_rcu_mightsleep() may sleep: a misuse under a spinlock or in an RCU reader, fine outside them', () => {
  const y = (cpu1: readonly string[]): string => scenario(READER, cpu1).replace('state:', 'state:\n  locks: { l: spinlock }');
  assert.deepEqual(run(y(['rcu_assign_pointer(p, b)', 'kfree_rcu_mightsleep(a)'])), []);
  const misuse = explore(programOf(y(['rcu_assign_pointer(p, b)', 'spin_lock(l)', 'kfree_rcu_mightsleep(a)', 'spin_unlock(l)']))).findings.map((f) => (f.violation.kind === 'misuse' ? f.violation.reason : f.violation.kind));
  assert.deepEqual(misuse, ['sleeping function called from invalid context: kfree_rcu_mightsleep(a) with preemption disabled (preempt_disable() or a spinlock held)']);
  assert.deepEqual(run(y(['rcu_read_lock()', 'kfree_rcu_mightsleep(b)', 'rcu_read_unlock()'])), ['misuse']);
});

// rcu_barrier() is "Wait until all in-flight call_rcu() callbacks complete" (kernel/rcu/tree.c);
// kfree_rcu() frees go through the kfree_rcu_cpu batches, which only kvfree_rcu_barrier() waits for.
test('rcu_barrier() returns before a kfree_rcu() free queued before it; kvfree_rcu_barrier() waits for it', () => {
  // CPU 0 queues the free with bottom halves off (a read-side section its grace period waits for,
  // and no softirq may run the free there), and only then lets CPU 1 start its barrier: CPU 1's
  // write after the barrier can reach CPU 0's read only if the barrier returned with the free queued.
  const y = (retire: string, barrier: string): string => scenario(
    ['local_bh_disable()', retire, 'WRITE_ONCE(where, 0)', 'r = READ_ONCE(done)', 'assert(r == 0)', 'local_bh_enable()'],
    ['wait_until(READ_ONCE(where) == 0)', barrier, 'WRITE_ONCE(done, 1)']);
  for (const retire of ['kfree_rcu(b, rcu)', 'kvfree_rcu(b, rcu)']) {
    assert.deepEqual(run(y(retire, 'rcu_barrier()')), ['assertion'], retire);
    assert.deepEqual(run(y(retire, 'kvfree_rcu_barrier()')), [], retire);
  }
  // A call_rcu() callback is waited for by rcu_barrier(), as before.
  assert.deepEqual(run(y('call_rcu(&b->rcu, free_it)', 'rcu_barrier()')), []);
});

test('kvfree_rcu_barrier() does not wait for call_rcu() callbacks, and may sleep', () => {
  const after = (wait: string): string => scenario(['WRITE_ONCE(where, 0)'], ['call_rcu(&a->rcu, mark)', wait, 'assert(READ_ONCE(done) == 1)']);
  assert.deepEqual(run(after('kvfree_rcu_barrier()')), ['assertion']);
  const misuse = explore(programOf(scenario(['WRITE_ONCE(where, 0)'], ['rcu_read_lock()', 'kvfree_rcu_barrier()', 'rcu_read_unlock()']))).findings.map((f) => (f.violation.kind === 'misuse' ? f.violation.reason : f.violation.kind));
  assert.deepEqual(misuse, ['kvfree_rcu_barrier() in atomic context (IRQs, preemption or bottom halves off, rcu_read_lock or a handler): it sleeps']);
});

test('no deadlock from rcu_barrier() waiting for a kfree_rcu() free it never waits for', () => {
  // CPU 0 queues the free, then keeps bottom halves off (so the free cannot run there) until CPU 1
  // is past its barrier: rcu_barrier() returns at once; kvfree_rcu_barrier() waits for ever.
  const y = (barrier: string): string => scenario(['kfree_rcu(b, rcu)', 'local_bh_disable()', 'wait_until(READ_ONCE(done) == 1)', 'local_bh_enable()'], [barrier, 'WRITE_ONCE(done, 1)']);
  assert.deepEqual(run(y('rcu_barrier()')), []);
  assert.deepEqual(run(y('kvfree_rcu_barrier()')), ['deadlock']);
});
