// The reduction is sound: on random small scenarios the reduced search finds exactly the violation
// kinds of the full search and reaches exactly the same final states (fast-check, fixed seeds).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { arbSmallScenario } from '../../testing/arb-program.js';
import { searchWith as run } from '../../testing/full-and-reduced.js';
import { programOf, testBudget } from '../../testing/inline.js';
import { runBound } from '../../machine/run-bound.js';
import { canForgePointers } from '../../machine/footprint/reach.js';
import { exhaustiveExplorer } from '../exhaustive.js';
import type { Outcome } from '../explorer.js';

/** The reduced search finds the full one's violation kinds, verdict and final states. */
function sameAsFull(yaml: string): { full: Outcome; reduced: Outcome } {
  const p = programOf(yaml);
  const full = run(p, false);
  // A full search stopped at the test budget has nothing complete to compare with: skip the
  // program (fast-check counts it as skipped, and fails if too many are).
  fc.pre(full.o.bound === undefined);
  const reduced = run(p, true);
  assert.deepEqual(reduced.kinds, full.kinds, yaml);
  assert.equal(reduced.o.verdict, full.o.verdict);
  assert.deepEqual(reduced.finals, full.finals, yaml);
  return { full: full.o, reduced: reduced.o };
}

test('the reduced search finds the same violation kinds and final states as the full one (seed 5)', () => {
  let reducedSomewhere = false;
  // Programs whose runs cannot reach max_steps, where the search adds sleep sets (exhaustive.ts).
  let sleepy = 0;
  fc.assert(fc.property(arbSmallScenario(), ({ yaml }) => {
    const p = programOf(yaml);
    if ((runBound(p) ?? Infinity) <= p.maxSteps) sleepy++;
    const { full, reduced } = sameAsFull(yaml);
    assert.ok(reduced.stats.states <= full.stats.states);
    if (reduced.stats.states < full.stats.states) reducedSomewhere = true;
  }), { seed: 5, numRuns: 2000 });
  assert.ok(reducedSomewhere, 'the reduction pruned something');
  assert.ok(sleepy >= 1200, `sleep sets were on for only ${sleepy} programs`);
});

test('a preemption-bounded search is never safe (seed 9)', () => {
  fc.assert(fc.property(arbSmallScenario(), fc.integer({ min: 0, max: 2 }), ({ yaml }, k) => {
    const o = exhaustiveExplorer({ reduction: true, preemptionBound: k }).explore(programOf(yaml), testBudget());
    assert.notEqual(o.verdict, 'safe');
    if (o.verdict === 'inconclusive') assert.equal(o.bound, 'preemptions');
  }), { seed: 9, numRuns: 200 });
});

test('under TSO too, the reduced search finds the same violation kinds and final states (seed 23)', () => {
  fc.assert(fc.property(arbSmallScenario({ memoryModel: 'tso' }), ({ yaml }) => { sameAsFull(yaml); }), { seed: 23, numRuns: 1000 });
});

// The futures narrowed to the objects each CPU can still name (footprint/reach.ts), and the
// instruction a context stands at resolved from its locals (futures.ts): pointers move through
// memory, locals, handlers' frames and TSO store buffers.
test('with pointers loaded, followed, freed and republished, the reduced search finds the same violation kinds and final states (seed 47)', () => {
  let narrowed = 0;
  const arb = fc.constantFrom<'sc' | 'tso'>('sc', 'tso').chain((memoryModel) => arbSmallScenario({ pointers: true, memoryModel }));
  fc.assert(fc.property(arb, ({ yaml }) => {
    if (!canForgePointers(programOf(yaml))) narrowed++;
    sameAsFull(yaml);
  }), { seed: 47, numRuns: 1000 });
  assert.ok(narrowed >= 1000, `the narrowing was on for only ${narrowed} programs`);
});

// Blocked contexts need only the CPU that can release them (a lock's holder, a CPU the grace
// period waits for): rwlocks, fair and unfair, with readers in handlers, check the writer case.
test('with fair and unfair rwlocks, the reduced search finds the same violation kinds and final states (seed 41)', () => {
  fc.assert(fc.property(arbSmallScenario({ rwlocks: true }), ({ yaml }) => { sameAsFull(yaml); }), { seed: 41, numRuns: 600 });
});

// A context blocked on a lock can go on only after the holder's CPU moves. The CPU numbering makes
// the reader of `o` the first seed the reduction tries, so a set that left out the holder would let
// the reader finish before the free, and miss the fault. (Leaving out the CPU a grace period waits
// for is caught by the TSO property above.)
test('a context waiting for a spinlock brings in the CPU that holds it', () => {
  const p = programOf(`
cpus: 3
state: { cells: { x: 0 }, objects: { o: { f: 0 } }, locks: { l: spinlock } }
programs:
  cpu 0: ["wait_until(READ_ONCE(x) == 1)", "spin_lock(l)", "free(o)", "spin_unlock(l)"]
  cpu 1: ["r = READ_ONCE(o->f)"]
  cpu 2: ["spin_lock(l)", "WRITE_ONCE(x, 1)", "smp_mb()", "spin_unlock(l)"]
`);
  assert.deepEqual(run(p, true).kinds, run(p, false).kinds);
  assert.deepEqual(run(p, true).kinds, ['use-after-free']);
});

// Under TSO CPU 0's unlock may still sit in its store buffer when CPU 1 tries the lock: the try
// fails now, and succeeds after the drain. The drain is in CPU 0's future (futures.ts `buffered`),
// so the trylock depends on it and both orders are explored. Without it the reduced search said
// safe here (the mutant "a buffered unlock's future drain touches no lock word", npm run mutate).
test("a buffered unlock's drain is in its CPU's future: a trylock that fails now may succeed after it", () => {
  const p = programOf(`
cpus: 2
memory_model: tso
state: { cells: { flag: 0 }, locks: { l: spinlock } }
programs:
  cpu 0: ["spin_lock(l)", "WRITE_ONCE(flag, 1)", "spin_unlock(l)"]
  cpu 1:
    - wait_until(READ_ONCE(flag) == 1)
    - r = spin_trylock(l)
    - if r:
        - spin_unlock(l)
    - assert(r == 0)
`);
  assert.deepEqual(run(p, false).kinds, ['assertion']);
  assert.deepEqual(run(p, true).kinds, ['assertion']);
});

// A handler that may fire on two CPUs, once: its firing on one disables it on the other, so each
// firing is in the other CPU's future (futures.ts: the fire counter). Here CPU 0 waits forever at
// the label, so its only move is the firing; CPU 1 reaches the label one step later. Without the
// counter in CPU 1's future the reduced search fired h on CPU 0 alone and never on CPU 1 (the
// mutant "a firing's future touches no fire counter", npm run mutate).
test("a firing's fire counter is in the future of every CPU the handler may fire on", () => {
  const p = programOf(`
cpus: 2
state: { cells: { x: 0, y: 0, z: 0 } }
programs:
  cpu 0:
    - label: here
    - wait_until(READ_ONCE(z) == 1)
  cpu 1:
    - WRITE_ONCE(x, 1)
    - label: here
    - WRITE_ONCE(y, 1)
interrupts:
  - { kind: irq, name: h, cpus: [0, 1], max: 1, at: [here], run: ["assert(this_cpu == 0)"] }
`);
  assert.deepEqual(run(p, false).kinds, ['assertion', 'deadlock']);
  assert.deepEqual(run(p, true).kinds, ['assertion', 'deadlock']);
});

// While the CPUs of a set stand still, a grace period that waits for one of them never ends, so
// the reduction may leave out what a writer does after its synchronize_rcu(). A period that started
// before the reader entered its section does not wait for it, though: here CPU 1's synchronize_rcu_start runs
// first, CPU 0 then enters its section, and CPU 1's wait may end and free o while CPU 0 is still to
// read it. Cutting CPU 1's future at its wait because CPU 0 is in a section now would miss that.
test('a grace period that does not wait for a reader keeps the writer\'s free in its future', () => {
  const p = programOf(`
cpus: 2
state: { objects: { o: { f: 0 } } }
programs:
  cpu 0: ["rcu_read_lock()", "r = READ_ONCE(o->f)", "rcu_read_unlock()"]
  cpu 1: ["synchronize_rcu()", "free(o)"]
`);
  assert.deepEqual(run(p, false).kinds, ['use-after-free']);
  assert.deepEqual(run(p, true).kinds, ['use-after-free']);
});

// The footprint bitsets hold 32 shared words a word; past 32 the union's fixpoint once compared a
// signed int32 with an unsigned element and never ended. The timeout guards against that hang.
test('the reduction handles programs with more than 32 shared words', { timeout: 60_000 }, () => {
  const cells = Array.from({ length: 40 }, (_, i) => `c${i}: 0`).join(', ');
  const p = programOf(`
cpus: 2
state: { cells: { ${cells} } }
programs:
  cpu 0: ["WRITE_ONCE(c39, 1)", "r = READ_ONCE(c0)"]
  cpu 1: ["WRITE_ONCE(c0, 1)", "r = READ_ONCE(c39)"]
`);
  const full = run(p, false);
  const reduced = run(p, true);
  assert.equal(reduced.o.verdict, 'safe');
  assert.deepEqual(reduced.finals, full.finals);
});

// Counts (machine/footprint/counts.ts): references taken and dropped on one counter commute away
// from its guard values; the persistent sets ask how far the other CPUs can move it (count-drift.ts).
test('with references taken and dropped on a counter, the reduced search finds the same violation kinds and final states (seed 107)', () => {
  let fewer = 0;
  fc.assert(fc.property(arbSmallScenario({ counters: true }), ({ yaml }) => {
    const { full, reduced } = sameAsFull(yaml);
    if (reduced.stats.states < full.stats.states) fewer++;
  }), { seed: 107, numRuns: 200 });
  assert.ok(fewer >= 40, `the reduction pruned only ${fewer} programs`);
});
