// The counter rule (count-drift.ts) with several tasks per CPU: how far a CPU outside a persistent
// set may still move a counted word must count every task of it that is not done, the
// switched-out ones too (ops/sched.ts), not only the CPU's first task. Reduced against full.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { searchWith as run } from '../../testing/full-and-reduced.js';
import { programOf } from '../../testing/inline.js';

// CPU 1's atomic_inc_not_zero() fails only if CPU 0's second task, switched out at first, drops
// the count to 0 before it. Counting CPU 0's first task alone (no count) put no drift on rc, so
// the increment "commuted" with the decrement and the reduced search said `safe`.
test('a switched-out task\'s atomic_dec() is in its CPU\'s drift: the failed atomic_inc_not_zero() is found', () => {
  const yaml = `
cpus: 2
preemptions: 4
state: { cells: { rc: 1, ok: 0 } }
programs:
  cpu 0: ["WRITE_ONCE(ok, 1)"]
  task other on cpu 0: ["atomic_dec(&rc)"]
  cpu 1: ["r = atomic_inc_not_zero(&rc)", "assert(r)"]
`;
  const full = run(programOf(yaml), false);
  assert.deepEqual(full.kinds, ['assertion']);
  assert.deepEqual(run(programOf(yaml), true).kinds, full.kinds);
});

// An idle kworker counts as done (task-words.ts workerIdle), yet CPU 2's schedule_work() wakes it
// to run put_work() from the top: its atomic_dec() is in CPU 0's drift, or CPU 1's
// atomic_inc_not_zero() "commutes" with it and the reduced search says `safe`.
test("an idle kworker's work function is in its CPU's drift", () => {
  const yaml = `
cpus: 3
state:
  cells: { rc: 1, ok: 0 }
  works:
    put: { func: put_work, cpu: 0 }
procedures:
  put_work():
    - atomic_dec(&rc)
programs:
  cpu 0: ["WRITE_ONCE(ok, 1)"]
  cpu 1: ["r = atomic_inc_not_zero(&rc)", "assert(r)"]
  cpu 2: ["schedule_work(&put)"]
`;
  const full = run(programOf(yaml), false);
  assert.deepEqual(full.kinds, ['assertion']);
  assert.deepEqual(run(programOf(yaml), true).kinds, full.kinds);
});

// Counts near and away from their guards in every task of CPU 0 and on CPU 1, preemption bounded.
const atoms = [
  'atomic_inc(&rc)', 'atomic_dec(&rc)', 'r = atomic_inc_not_zero(&rc)', 'r = atomic_add_unless(&rc, 1, 2)',
  'assert(atomic_inc_not_zero(&rc))', 'r = READ_ONCE(rc)', 'WRITE_ONCE(x, 1)', 'r = READ_ONCE(x)',
];
const block = fc.array(fc.constantFrom(...atoms), { minLength: 1, maxLength: 3 });
const q = (s: string): string => JSON.stringify(s);

test('counts in switched-out tasks: the reduced search finds the full one\'s violation kinds and final states (seed 43)', () => {
  let failing = 0;
  fc.assert(fc.property(block, block, block, fc.constantFrom(0, 1, 2), (a, b, c, preemptions) => {
    const yaml = [
      'cpus: 2', `preemptions: ${preemptions}`, 'state: { cells: { rc: 1, x: 0 } }', 'programs:',
      `  cpu 0: [${a.map(q).join(', ')}]`, `  task t on cpu 0: [${b.map(q).join(', ')}]`, `  cpu 1: [${c.map(q).join(', ')}]`,
    ].join('\n') + '\n';
    const p = programOf(yaml);
    const full = run(p, false);
    const reduced = run(p, true);
    if (full.kinds.length > 0) failing++;
    assert.deepEqual(reduced.kinds, full.kinds, yaml);
    assert.equal(reduced.o.bound, full.o.bound, yaml);
    assert.deepEqual(reduced.finals, full.finals, yaml);
  }), { seed: 43, numRuns: 150, endOnFailure: process.env.RACEWAY_MUTATE === '1' });
  assert.ok(failing > 10, `programs that fail: ${failing}`);
});
