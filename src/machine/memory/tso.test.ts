// x86-TSO semantics, each pinned by a tiny scenario written as users write them and stepped by hand.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explore, kinds, programOf } from '../../testing/inline.js';
import { enabledMoves } from '../enabled.js';
import type { StepObserver } from '../exec.js';
import { layoutOf } from '../layout.js';
import type { Move } from '../moves.js';
import type { Program } from '../program.js';
import { initialState } from '../start.js';
import type { State } from '../state.js';
import { step } from '../step.js';

const run = (cpu: number): Move => ({ kind: 'run', cpu });
const drain = (cpu: number): Move => ({ kind: 'drain', cpu });

/** Apply moves in order, asserting each is enabled and none violates. */
function walk(p: Program, moves: readonly Move[], obs?: StepObserver): State {
  let s = initialState(p);
  for (const m of moves) {
    assert.ok(enabledMoves(p, s).some((e) => e.kind === m.kind && e.cpu === m.cpu), `${m.kind} ${m.cpu} is enabled`);
    const r = step(p, s, m, obs);
    assert.equal(r.kind, 'next');
    if (r.kind === 'next') s = r.state;
  }
  return s;
}

const mem = (p: Program, s: State, loc: number): number => s[layoutOf(p).memBase + loc] ?? 0;
const enabledKinds = (p: Program, s: State, cpu: number): string[] => enabledMoves(p, s).filter((m) => m.cpu === cpu).map((m) => m.kind);

const twoStores = (extra: string) => programOf(`
cpus: 2
memory_model: tso
state: { cells: { x: 0, y: 0 }, objects: { o: { f: 0 } }, locks: { l: spinlock } }
programs:
  cpu 0: ["WRITE_ONCE(x, 1)", "WRITE_ONCE(y, 2)", ${extra}]
  cpu 1: ["r = READ_ONCE(x)"]
`);

describe('x86-TSO store buffers', () => {
  test('a store waits in the store buffer; memory changes only when it drains', () => {
    const p = twoStores('"r = READ_ONCE(x)"');
    const s = walk(p, [run(0)]);
    assert.equal(mem(p, s, 0), 0);
    assert.equal(mem(p, walk(p, [run(0), drain(0)]), 0), 1);
  });

  test('a load reads its own CPU\'s newest buffered store first; other CPUs read memory', () => {
    const p = twoStores('"r = READ_ONCE(x)"');
    const reads: string[] = [];
    const obs: StepObserver = { read: (loc, v, from) => reads.push(`${loc}=${v} ${from}`), write: () => {} };
    walk(p, [run(0), run(0), run(0), run(1)], obs);
    assert.deepEqual(reads, ['0=1 buffer', '0=0 memory']);
  });

  test('drains are FIFO: the oldest store reaches memory first', () => {
    const p = twoStores('"r = READ_ONCE(x)"');
    const s = walk(p, [run(0), run(0), drain(0)]);
    assert.deepEqual([mem(p, s, 0), mem(p, s, 1)], [1, 0]);
    const t = walk(p, [run(0), run(0), drain(0), drain(0)]);
    assert.deepEqual([mem(p, t, 0), mem(p, t, 1)], [1, 2]);
  });

  test('smp_mb waits until the store buffer has drained', () => {
    const p = twoStores('smp_mb()');
    assert.deepEqual(enabledKinds(p, walk(p, [run(0), run(0)]), 0), ['drain']);
    assert.deepEqual(enabledKinds(p, walk(p, [run(0), run(0), drain(0), drain(0)]), 0), ['run']);
  });

  test('an atomic read-modify-write waits for the drain, then writes memory directly', () => {
    const p = twoStores('"r = xchg(&x, 7)"');
    assert.deepEqual(enabledKinds(p, walk(p, [run(0), run(0)]), 0), ['drain']);
    const s = walk(p, [run(0), run(0), drain(0), drain(0), run(0)]);
    assert.equal(mem(p, s, 0), 7);
    assert.deepEqual(enabledKinds(p, s, 0), []);
  });

  test('spin_lock waits for the drain; spin_unlock queues behind the buffered stores', () => {
    const p = programOf(`
cpus: 2
memory_model: tso
state: { cells: { x: 0, y: 0 }, locks: { l: spinlock } }
programs:
  cpu 0: ["WRITE_ONCE(x, 1)", "spin_lock(l)", "WRITE_ONCE(x, 2)", "WRITE_ONCE(y, 2)", "spin_unlock(l)"]
  cpu 1: ["spin_lock(l)", "r0 = READ_ONCE(x)", "r1 = READ_ONCE(y)", "assert(r1 == 0 || r0 == 2)", "spin_unlock(l)"]
`);
    // The lock's preempt_disable() is a step of its own that need not wait; the acquire does.
    assert.deepEqual(enabledKinds(p, walk(p, [run(0)]), 0), ['run', 'drain']);
    assert.deepEqual(enabledKinds(p, walk(p, [run(0), run(0)]), 0), ['drain']);
    // CPU 0's unlock sits behind x = 2 and y = 2: the next holder sees both or neither.
    assert.deepEqual(kinds(explore(p)), []);
    // CPU 1 has taken its preempt_disable() step and now waits for the lock itself.
    const s = walk(p, [run(0), drain(0), run(0), run(0), run(0), run(0), run(0), run(1)]);
    assert.ok(!enabledMoves(p, s).some((m) => m.kind === 'run' && m.cpu === 1), 'the lock is still held while the unlock is buffered');
  });

  test('a store to an object freed while it sat in the buffer is a use-after-free when it drains', () => {
    const p = programOf(`
cpus: 2
memory_model: tso
state: { objects: { o: { f: 0 } } }
programs:
  cpu 0: ["WRITE_ONCE(o->f, 1)"]
  cpu 1: ["free(o)"]
`);
    const s = walk(p, [run(0), run(1)]);
    const r = step(p, s, drain(0));
    assert.equal(r.kind, 'violation');
    if (r.kind === 'violation') {
      assert.equal(r.violation.kind, 'use-after-free');
      if (r.violation.kind === 'use-after-free') assert.deepEqual([r.violation.at.cpu, r.violation.at.code, r.violation.access], [0, -1, 'write']);
    }
  });

  test('a full store buffer blocks the next store until a drain (store_buffer_size)', () => {
    const p = programOf(`
cpus: 1
memory_model: tso
store_buffer_size: 1
state: { cells: { x: 0, y: 0 } }
programs:
  cpu 0: ["WRITE_ONCE(x, 1)", "WRITE_ONCE(y, 1)"]
`);
    assert.deepEqual(enabledKinds(p, walk(p, [run(0)]), 0), ['drain']);
  });

  test('an interrupt is delivered only on an empty store buffer, and returns (IRET) only once it has drained again', () => {
    const p = programOf(`
cpus: 1
memory_model: tso
state: { cells: { x: 0 } }
programs:
  cpu 0: ["WRITE_ONCE(x, 1)", "r = READ_ONCE(x)"]
interrupts:
  - kind: irq
    cpus: [0]
    run: ["WRITE_ONCE(x, 2)"]
`);
    const irq = { kind: 'irq', cpu: 0, handler: 0 } as const;
    assert.deepEqual(enabledKinds(p, walk(p, [run(0)]), 0), ['run', 'drain'], 'delivery drains the buffer first (Intel SDM 11.10)');
    const s = walk(p, [run(0), drain(0), irq, run(0)]);
    assert.deepEqual(enabledKinds(p, s, 0), ['drain'], 'the finished handler waits for its IRET');
    const t = walk(p, [run(0), drain(0), irq, run(0), drain(0)]);
    assert.deepEqual(enabledKinds(p, t, 0), ['run'], 'back in the task');
    assert.equal(mem(p, t, 0), 2);
  });

  test('under SC the same stores reach memory at once', () => {
    const p = programOf(`
cpus: 1
state: { cells: { x: 0 } }
programs:
  cpu 0: ["WRITE_ONCE(x, 1)", "r = READ_ONCE(x)"]
`);
    assert.equal(mem(p, walk(p, [run(0)]), 0), 1);
  });
});

describe('x86 details of TSO', () => {
  // Store buffering with `between` after each CPU's store: is r0 == 0 on both CPUs reachable?
  const sb = (between: string, extraCells = '', extraCpu = '') => programOf(`
cpus: ${extraCpu ? 3 : 2}
memory_model: tso
state: { cells: { x: 0, y: 0, z: 0, held: 0, done: 0${extraCells} }, locks: { L: spinlock } }
programs:
  cpu 0: [${extraCpu ? '"wait_until(READ_ONCE(held) == 1)", ' : ''}"WRITE_ONCE(x, 1)", ${between}, "r0 = READ_ONCE(y)", "atomic_inc(&done)"]
  cpu 1: [${extraCpu ? '"wait_until(READ_ONCE(held) == 1)", ' : ''}"WRITE_ONCE(y, 1)", ${between}, "r0 = READ_ONCE(x)", "atomic_inc(&done)"]
${extraCpu ? `  cpu 2: ${extraCpu}\n` : ''}final:
  exists: 0:r0 == 0 && 1:r0 == 0
`);
  const reachable = (p: Program): boolean => explore(p).finals!.states.some((f) => f.holds);

  for (const b of ['smp_mb__before_atomic()', 'smp_mb__after_atomic()', 'smp_mb__after_spinlock()', 'smp_mb__after_unlock_lock()']) {
    test(`${b} is barrier() on x86: with no atomic beside it, store buffering is still allowed`, () => {
      assert.equal(reachable(sb(b)), true);
    });
  }

  test('a failing atomic_inc_not_zero() is a plain read, no barrier: store buffering is allowed', () => {
    assert.equal(reachable(sb('"t = atomic_inc_not_zero(&z)"')), true);
  });

  test('a succeeding atomic_inc_not_zero() is a locked instruction: store buffering is forbidden', () => {
    assert.equal(reachable(sb('"t = atomic_inc_not_zero(&z)"'.replace('&z', '&z2'), ', z2: 1')), false);
  });

  test('a spin_trylock() of a held lock fails on a plain read, no barrier: store buffering is allowed', () => {
    const holder = '[spin_lock(L), "WRITE_ONCE(held, 1)", "wait_until(atomic_read(&done) == 2)", spin_unlock(L)]';
    assert.equal(reachable(sb('"t = spin_trylock(L)"', '', holder)), true);
  });

  test('spin_is_locked() and spin_trylock() see their own CPU\'s buffered unlock', () => {
    const p = programOf(`
cpus: 1
memory_model: tso
state: { cells: { x: 0 }, locks: { l: spinlock } }
programs:
  cpu 0: [spin_lock(l), "WRITE_ONCE(x, 1)", spin_unlock(l), "r = spin_is_locked(l)"]
final:
  exists: 0:r == 1
`);
    assert.equal(reachable(p), false);
  });

  test('a grace period waits for a buffer only until it drains, not for a reader that begins after', () => {
    const p = programOf(`
cpus: 2
memory_model: tso
state: { cells: { flag: 0, x: 0 } }
programs:
  cpu 0: ["WRITE_ONCE(x, 1)", rcu_read_lock(), "wait_until(READ_ONCE(flag) == 1)", rcu_read_unlock()]
  cpu 1: [synchronize_rcu(), "WRITE_ONCE(flag, 1)"]
`);
    // CPU 1 starts the grace period while CPU 0's store is buffered (CPU 0 is noted for its
    // buffer, not as a reader); CPU 0 then begins a read-side section and its store drains.
    const s = walk(p, [run(0), run(1), run(0), drain(0)]);
    assert.deepEqual(enabledKinds(p, s, 1), ['run'], 'the grace period is over');
  });

  test('a store buffer too small for the program makes a search inconclusive, never safe', () => {
    const text = (size: string) => `
cpus: 2
memory_model: tso
${size}
state: { cells: { x: 0, y: 0, a: 0 } }
programs:
  cpu 0: ["WRITE_ONCE(a, 1)", "WRITE_ONCE(a, 2)", "WRITE_ONCE(a, 3)", "WRITE_ONCE(a, 4)", "WRITE_ONCE(x, 1)", "r0 = READ_ONCE(y)"]
  cpu 1: ["WRITE_ONCE(y, 1)", smp_mb(), "r0 = READ_ONCE(x)", "r1 = READ_ONCE(a)"]
final:
  exists: 0:r0 == 0 && 1:r0 == 0 && 1:r1 == 0
`;
    const small = explore(programOf(text('store_buffer_size: 4')));
    assert.equal(small.verdict, 'inconclusive');
    assert.equal(small.bound, 'store-buffer');
    // By default the buffer holds the five stores CPU 0 can issue: nothing waits for room.
    const p = programOf(text(''));
    assert.equal(p.storeBufferSize, 5);
    const full = explore(p);
    assert.equal(full.bound, undefined);
    assert.equal(full.finals!.states.some((f) => f.holds), true);
  });
});
