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
import { searchWith as run } from '../../testing/full-and-reduced.js';
import { programOf } from '../../testing/inline.js';

const MAX_STATES = 20_000;

for (const [model, seed] of [['sc', 19], ['tso', 23]] as const) {
  test(`tasks, preemption, sleeping and waking under ${model}: the reduced search finds the full one's violation kinds, final states and bound (seed ${seed})`, () => {
    const kinds = new Set<string>();
    let bounded = 0;
    let softirqs = 0;
    let callbacks = 0;
    fc.assert(fc.property(arbSmallScenario({ primitives: true, tasks: true, memoryModel: model }), ({ yaml }) => {
      const p = programOf(yaml);
      // A small bound on stored states keeps the test quick: a program whose full search meets it is skipped.
      const full = run(p, false, MAX_STATES);
      fc.pre(full.o.bound === undefined || full.o.bound === 'task-preemptions');
      const reduced = run(p, true, MAX_STATES);
      for (const k of full.kinds) kinds.add(k);
      if (full.o.bound) bounded++;
      if (/kind: softirq/.test(yaml)) softirqs++;
      if (/\b(call_rcu|kfree_rcu)\(/.test(yaml)) callbacks++;
      assert.deepEqual(reduced.kinds, full.kinds, yaml);
      assert.equal(reduced.o.verdict, full.o.verdict, yaml);
      assert.equal(reduced.o.bound, full.o.bound, yaml);
      assert.deepEqual(reduced.finals, full.finals, yaml);
    }), { seed, numRuns: 60, endOnFailure: process.env.RACEWAY_MUTATE === '1' });
    // A property over programs that never fail, never meet the bound, or never use the contexts would prove nothing.
    for (const k of ['lost-wakeup', 'misuse', 'assertion']) assert.ok(kinds.has(k), `some program ends in ${k} (found: ${[...kinds].join(', ')})`);
    assert.ok(bounded > 0 && softirqs > 0 && callbacks > 0, `bounded ${bounded}, with softirqs ${softirqs}, with callbacks ${callbacks}`);
  });
}
