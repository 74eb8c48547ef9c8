// Every primitive family reaches the Promela export: programs drawn from every name of the
// registry (testing/arb-program.ts), under SC and TSO, with issue 19's contexts (tasks, softirqs,
// RCU callbacks), export without an exception, and the only refusals left are a run that may pass
// max_steps, which the drawn step bounds cause, and, under TSO, a softirq's stores piled on its
// task's past the store buffer's size (spin/refuse.ts: raceway reports that bound, the model cannot).
// Whether Spin then agrees with raceway is `npm run crosscheck`'s question (CROSSCHECK_FOCUS=families).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { arbSmallScenario } from '../testing/arb-program.js';
import { casesOf } from '../testing/inline.js';
import { exportPromela } from './promela.js';

test('registry-drawn programs, SC and TSO, export or are refused only for max_steps or a softirq-filled store buffer', () => {
  const reasons = new Set<string>();
  let exported = 0;
  for (const memoryModel of ['sc', 'tso'] as const) {
    for (const s of fc.sample(arbSmallScenario({ primitives: true, memoryModel }), { numRuns: 60, seed: 21 })) {
      for (const c of casesOf(s.yaml)) {
        const r = exportPromela(c.program);
        if (r.ok) exported++;
        else reasons.add(r.reason.replace(/\d+/g, 'N'));
      }
    }
  }
  // Work items export too (spin/sched.ts workerIdle): none is refused for them.
  assert.deepEqual([...reasons].filter((w) => !/more than max_steps|more than store_buffer_size/.test(w)), []);
  // Most export (the rest may pass max_steps); half is the floor, as the registry and the generator grow.
  assert.ok(exported >= 60, `only ${exported} of 120 exported`);
});
