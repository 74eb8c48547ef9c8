// The reduced-versus-full property on programs with tasks (testing/arb-program.ts, `tasks`): a
// sleeper and a waker beside each CPU's own program, each running drawn statements of every
// primitive, with softirq handlers and RCU callbacks among them, preemption bounded by the
// scenario's `preemptions:`. Unlike registry-programs.test.ts, a program whose full search meets
// that bound is compared too: the bound is a word of the state, so both searches explore the same
// finite system, and the reduced one must say it met the bound exactly when the full one does
// (docs/reduction.md, "Tasks"): a reduced `safe` where the full search is bounded would be wrong.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { arbSmallScenario } from '../../testing/arb-program.js';
import { searchWith as run, type Searched } from '../../testing/full-and-reduced.js';
import { programOf } from '../../testing/inline.js';

const MAX_STATES = 10_000;

/**
 * The end of a program's YAML that both found-by-soundness programs below share: a sleeper on CPU 0
 * that sleeps in its last instruction, a waker on CPU 1 whose only move wakes it, and one IRQ.
 */
const sleeperWakerIrq = (irqCpu: number, irq: string): string => `  task sleeper on cpu 0:
    - "set_current_state(TASK_UNINTERRUPTIBLE)"
    - "schedule()"
  task waker on cpu 1:
    - "wake_up_process(sleeper)"
interrupts:
  - kind: irq
    cpus: [${irqCpu}]
    max: 1
    run:
      - "${irq}"
`;

/** What the reduced search must say as the full one does: its violation kinds, verdict, bound and final states. */
function sameAnswers(reduced: Searched, full: Searched, yaml: string): void {
  assert.deepEqual(reduced.kinds, full.kinds, yaml);
  assert.equal(reduced.o.verdict, full.o.verdict, yaml);
  assert.equal(reduced.o.bound, full.o.bound, yaml);
  assert.deepEqual(reduced.finals, full.finals, yaml);
}

for (const [model, seed] of [['sc', 19], ['tso', 23]] as const) {
  test(`tasks, preemption, sleeping and waking under ${model}: the reduced search finds the full one's violation kinds, final states and bound (seed ${seed})`, () => {
    const kinds = new Set<string>();
    let bounded = 0;
    let softirqs = 0;
    let callbacks = 0;
    fc.assert(fc.property(arbSmallScenario({ primitives: true, tasks: true, memoryModel: model }), ({ yaml }) => {
      const p = programOf(yaml);
      // A small bound on stored states keeps the test quick: a program whose full search meets it is skipped.
      const full = run(p, false, { maxStates: MAX_STATES });
      fc.pre(full.o.bound === undefined || full.o.bound === 'task-preemptions');
      const reduced = run(p, true, { maxStates: MAX_STATES });
      for (const k of full.kinds) kinds.add(k);
      if (full.o.bound) bounded++;
      if (/kind: softirq/.test(yaml)) softirqs++;
      if (/\b(call_rcu|kfree_rcu)\(/.test(yaml)) callbacks++;
      sameAnswers(reduced, full, yaml);
    }), { seed, numRuns: 40, endOnFailure: process.env.RACEWAY_MUTATE === '1' });
    // A property over programs that never fail, never meet the bound, or never use the contexts would prove nothing.
    for (const k of ['lost-wakeup', 'misuse', 'assertion']) assert.ok(kinds.has(k), `some program ends in ${k} (found: ${[...kinds].join(', ')})`);
    assert.ok(bounded > 0 && softirqs > 0 && callbacks > 0, `bounded ${bounded}, with softirqs ${softirqs}, with callbacks ${callbacks}`);
  });
}

// CPU 0's task waits for x, which only its second task writes, and a switch to that task is a
// preemption; CPU 1 may spend the only preemption first, and then CPU 0 deadlocks. The first set
// tried holds CPU 0's switch alone unless CPU 1's future says that CPU 1 may preempt too (it reads
// and counts the preemptions: the switch part of futures.ts); without it the deadlock is lost.
test('two CPUs that may each take the last preemption: the reduced search keeps the deadlock', () => {
  const yaml = `
cpus: 2
preemptions: 1
state: { cells: { x: 0, y: 0, z: 0 } }
programs:
  cpu 0: ["wait_until(READ_ONCE(x) == 1)"]
  task b on cpu 0: ["WRITE_ONCE(x, 1)"]
  cpu 1: ["WRITE_ONCE(y, 1)", "r = READ_ONCE(y)"]
  task d on cpu 1: ["WRITE_ONCE(z, 1)"]
`;
  const full = run(programOf(yaml), false);
  assert.deepEqual(full.kinds, ['deadlock']);
  sameAnswers(run(programOf(yaml), true), full, yaml);
});

// Found by the full-length `npm run soundness` (configuration tso, seeds 1100 and 1101, 2026-12-07)
// and shrunk by hand: a task that sleeps on a mutex its CPU's other program holds for ever, beside
// a sleeper and a waker. With `preemptions: 2` the full search reached a final state, with two
// preemptions used, that the reduced one did not (it reached the same memory with one); with 3
// the full search met the bound and the reduced one said it did not, which on a program with no
// violation would be a `safe` where the full search is inconclusive. The switch to a task asleep
// on a mutex is enabled by an unlock on any CPU, and the persistent sets counted only the sleep
// flags as what could enable a switch (futures.ts wakeBits now holds the lock's words too).
const SLEEPS_ON_A_HELD_MUTEX = (preemptions: number): string => `cpus: 2
memory_model: sc
preemptions: ${preemptions}
state:
  cells: { x: 0 }
  locks: { m: mutex }
  waits: { wq: wait_queue_head }
programs:
  cpu 0:
    - "mutex_lock(&m)"
  cpu 1:
    - "mutex_lock(&m)"
    - "mutex_unlock(&m)"
  task sleeper on cpu 0:
    - "wait_event(&wq, READ_ONCE(x) != 0)"
  task waker on cpu 1:
    - "WRITE_ONCE(x, 1)"
`;
for (const preemptions of [2, 3]) {
  test(`a task sleeping on a mutex held for ever, preemptions: ${preemptions}: the reduced search's final states and bound are the full one's`, () => {
    const yaml = SLEEPS_ON_A_HELD_MUTEX(preemptions);
    const p = programOf(yaml);
    sameAnswers(run(p, true), run(p, false), yaml);
  });
}

// Found by the same run (tso, seed 1101) and shrunk by line removal: CPU 0's last task sleeps in
// its last instruction, and CPU 1's last move wakes it, which ends the run; an IRQ on CPU 0 fires
// only while CPU 0 has a task to finish or the run is live. The firing's footprint read the live
// bit only on a CPU already idle, so the sleep sets called the firing and the wakeup independent,
// and the reduced search lost a final state of the full one (31 of 32). move-footprint.ts now
// reads it on a CPU whose tasks are all done or asleep in their last instruction.
test('an IRQ on a CPU whose last task another CPU wakes in the run\'s last move: the reduced search keeps every final state', () => {
  const yaml = `cpus: 3
memory_model: sc
state:
  cells: { p: o }
  objects: { o: { f: 0, lk: spinlock } }
programs:
  cpu 0:
    - "r = atomic_long_fetch_sub_acquire(1, &o->f)"
  cpu 1:
    - "r = READ_ONCE(p)"
    - "spin_lock(&r->lk)"
    - "spin_unlock(&r->lk)"
  cpu 2:
    - "r = atomic_inc_return(&o->f)"
${sleeperWakerIrq(0, 'free(o)')}`;
  const p = programOf(yaml);
  const full = run(p, false);
  assert.deepEqual(full.kinds, ['lost-wakeup', 'use-after-free']);
  sameAnswers(run(p, true), full, yaml);
});

// Found by the full-length soundness run (tso+symmetric, seed 1500) and shrunk by hand: CPU 0's
// only task sleeps in its last instruction, CPU 1's only move wakes it and so ends the run, and an
// IRQ may fire on the idle CPU 2 while the run is live. The persistent set of the wakeup counted
// CPU 0 as keeping the run live while the set stands still (persistent.ts liveCpus), but the wakeup
// itself finishes CPU 0's task: the firing was left out, and the reduced search lost the final
// state in which it fired (3 of 4), under SC and TSO alike.
for (const model of ['sc', 'tso'] as const) {
  test(`${model}: an IRQ on an idle CPU beside the wakeup that ends the run: the reduced search keeps every final state`, () => {
    const yaml = `cpus: 3
memory_model: ${model}
state:
  cells: { y: 0 }
programs:
  cpu 0: []
  cpu 1: []
  cpu 2: []
${sleeperWakerIrq(2, 'WRITE_ONCE(y, 1)')}`;
    const p = programOf(yaml);
    const full = run(p, false);
    assert.equal(full.finals.length, 4);
    sameAnswers(run(p, true), full, yaml);
    sameAnswers(run(p, true, { symmetry: true }), run(p, false, { orbits: true }), yaml);
  });
}
