// The futures narrowed to the objects a CPU can still name (footprint/reach.ts, futures.ts): what
// each source of names is for, pinned by a program that goes wrong without it. In each, CPU 0
// frees `o` and is the first seed the reduction tries; a future that wrongly leaves `o` out lets
// the free run alone, and the run in which the other CPU reads `o` first is lost. The random
// programs of persistent.test.ts cover memory, store buffers and stores; these cover the rest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canForgePointers } from '../../machine/footprint/reach.js';
import { searchWith as run } from '../../testing/full-and-reduced.js';
import { programOf } from '../../testing/inline.js';

function sameAsFull(yaml: string): void {
  const p = programOf(yaml);
  const full = run(p, false);
  const reduced = run(p, true);
  assert.deepEqual(reduced.kinds, full.kinds);
  assert.deepEqual(reduced.finals, full.finals);
  assert.ok(reduced.o.stats.states < full.o.stats.states, 'the reduction pruned something');
}

// The handler loads o, and when CPU 0 frees o it stands at the store to x: the deref is further
// on, and o is only in the handler's frame (memory no longer points to it). A CPU's names must
// include the frames of its running handlers, not only its task's.
test('an object a running handler holds in its frame stays in its CPU\'s future', () => {
  sameAsFull(`
cpus: 2
state: { cells: { p: o, x: 0, y: 0 }, objects: { o: { f: 0 } } }
programs:
  cpu 0: ["WRITE_ONCE(p, NULL)", "WRITE_ONCE(y, 1)", "free(o)"]
  cpu 1: []
interrupts:
  - kind: irq
    cpus: [1]
    max: 1
    run: ["r = READ_ONCE(p)", "s = READ_ONCE(y)", "WRITE_ONCE(x, s)", "t = READ_ONCE(r->f)"]
`);
});

// The same with the holder a task that an IRQ interrupts: the task's frame counts while it waits.
test('an object an interrupted task holds stays in its CPU\'s future', () => {
  sameAsFull(`
cpus: 2
state: { cells: { p: o, x: 0, y: 0 }, objects: { o: { f: 0 } } }
programs:
  cpu 0: ["WRITE_ONCE(p, NULL)", "WRITE_ONCE(y, 1)", "free(o)"]
  cpu 1: ["r = READ_ONCE(p)", "s = READ_ONCE(y)", "WRITE_ONCE(x, s)", "t = READ_ONCE(r->f)"]
interrupts:
  - kind: irq
    cpus: [1]
    max: 1
    run: ["WRITE_ONCE(x, 2)"]
`);
});

// CPU 1 makes a pointer to o out of a pointer to o2 (objects are numbered in declaration order)
// and o is in no frame, no memory word and none of its literals: with arithmetic on values the
// narrowing must be off.
test('a program that computes pointers is not narrowed', () => {
  const yaml = `
cpus: 2
state: { cells: { y: 0 }, objects: { o2: { f: 0 }, o: { f: 0 } } }
programs:
  cpu 0: ["WRITE_ONCE(y, 1)", "free(o)"]
  cpu 1: ["r = o2", "s = READ_ONCE(y)", "WRITE_ONCE(y, s)", "r = r + 1", "t = READ_ONCE(r->f)"]
`;
  assert.ok(canForgePointers(programOf(yaml)));
  sameAsFull(yaml);
});

test('canForgePointers: arithmetic and adding atomics forge, copies and comparisons do not', () => {
  const forges = (stmt: string): boolean => canForgePointers(programOf(`
cpus: 1
state: { cells: { x: 0, y: 0 }, arrays: { a: { size: 4, init: 0 } } }
programs:
  cpu 0: ["r = READ_ONCE(x)", ${JSON.stringify(stmt)}]
`));
  for (const s of ['q = r + 1', 'q = -r', 'q = ~r', 'q = r & 3', 'atomic_inc(&y)', 'q = atomic_add_return(1, &y)', 'WRITE_ONCE(a[atomic_add_return(1, &y) & 3], 1)']) {
    assert.equal(forges(s), true, s);
  }
  for (const s of ['q = r', 'q = r == 1', 'q = !r', 'q = r < 2 && r > 0', 'q = xchg(&y, r)', 'q = cmpxchg(&y, 0, r)', 'WRITE_ONCE(a[r + 1], 1)', 'q = READ_ONCE(a[r * 2])']) {
    assert.equal(forges(s), false, s);
  }
});

// The same with the holder a task switched out (ops/sched.ts): its frame waits in its save slot,
// which counts too (issue 19).
test('an object a switched-out task holds in its save slot stays in its CPU\'s future', () => {
  sameAsFull(`
cpus: 2
preemptions: 1
state: { cells: { p: o, x: 0, y: 0 }, objects: { o: { f: 0 } } }
programs:
  cpu 0: ["WRITE_ONCE(p, NULL)", "WRITE_ONCE(y, 1)", "free(o)"]
  cpu 1: ["r = READ_ONCE(p)", "s = READ_ONCE(y)", "WRITE_ONCE(x, s)", "t = READ_ONCE(r->f)"]
  task other on cpu 1: ["WRITE_ONCE(x, 2)"]
`);
});
