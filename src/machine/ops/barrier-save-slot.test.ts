// rcu_barrier() in a task that is switched out while it waits (ops/rcu-callbacks.ts finishCallback,
// ops/sched.ts savedFrame): the callback that returns meanwhile must clear the barrier's bit in
// the waiting task's save slot too, not only in the CPUs' live frames. rcu_barrier() waits only
// for the callbacks queued before it (kernel/rcu/tree.c rcu_barrier(), rcu_barrier_entrain();
// Documentation/RCU/rcubarrier.rst): with the bit left in the save slot, a task switched back in
// after the same head was queued again would wait for that later callback as well.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { programOf } from '../../testing/inline.js';
import { enabledMoves } from '../enabled.js';
import { layoutOf } from '../layout.js';
import type { Move } from '../moves.js';
import type { Program } from '../program.js';
import { initialState } from '../start.js';
import { innermost, type State } from '../state.js';
import { step } from '../step.js';

// CPU 0's first task queues a's callback and waits for it in rcu_barrier(); a second task runs
// while it waits, and once the callback has run, queues a again.
const p = programOf(`
cpus: 1
preemptions: 2
state:
  cells: { x: 0 }
  objects: { a: { val: 1, rcu: 0 } }
procedures:
  mark(n):
    - WRITE_ONCE(x, 1)
programs:
  cpu 0: ['call_rcu(&a->rcu, mark)', 'rcu_barrier()', 'WRITE_ONCE(x, 2)']
  task other on cpu 0: ['r = READ_ONCE(x)', 'call_rcu(&a->rcu, mark)']
`);

/** Take the enabled move `want` describes; fails when it is not enabled. */
function take(p: Program, s: State, want: (m: Move) => boolean, what: string): State {
  const m = enabledMoves(p, s).find(want);
  assert.ok(m, `${what} is enabled`);
  const r = step(p, s, m);
  assert.equal(r.kind, 'next', what);
  return r.kind === 'next' ? r.state : s;
}
const run = (m: Move): boolean => m.kind === 'run';

test('a task switched out in rcu_barrier() does not wait for a callback queued after the one it waited for has run', () => {
  let s = initialState(p);
  s = take(p, s, run, 'call_rcu()');
  s = take(p, s, run, 'rcu_barrier() starts');
  assert.ok(!enabledMoves(p, s).some(run), 'rcu_barrier() waits for the queued callback');
  s = take(p, s, (m) => m.kind === 'switch', 'the switch to task other');
  s = take(p, s, (m) => m.kind === 'softirq', 'the callback');
  while (innermost(layoutOf(p), s, 0) !== 0) s = take(p, s, run, 'a step of the callback');
  s = take(p, s, run, "other's READ_ONCE(x)");
  s = take(p, s, run, "other's call_rcu() of a again");
  s = take(p, s, (m) => m.kind === 'switch', 'the switch back');
  // The callback it waited for has returned: its rcu_barrier() goes on, the new callback queued or not.
  assert.ok(enabledMoves(p, s).some(run), 'rcu_barrier() returns');
});
