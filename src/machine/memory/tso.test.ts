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
    assert.deepEqual(enabledKinds(p, walk(p, [run(0)]), 0), ['drain']);
    // CPU 0's unlock sits behind x = 2 and y = 2: the next holder sees both or neither.
    assert.deepEqual(kinds(explore(p)), []);
    const s = walk(p, [run(0), drain(0), run(0), run(0), run(0), run(0)]);
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

  test('a handler returns (IRET) only once the store buffer has drained, and shares it with the task', () => {
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
    const s = walk(p, [run(0), { kind: 'irq', cpu: 0, handler: 0 }, run(0)]);
    assert.deepEqual(enabledKinds(p, s, 0), ['drain'], 'the finished handler waits for its IRET');
    const t = walk(p, [run(0), { kind: 'irq', cpu: 0, handler: 0 }, run(0), drain(0), drain(0)]);
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
