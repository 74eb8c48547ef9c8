// Sleep sets with state caching (sleep.ts, exhaustive.ts): what each part is for, pinned by a
// program the reduced search gets wrong without it. The random programs of persistent.test.ts
// check the whole against the full search.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchWith as run } from '../../testing/full-and-reduced.js';
import { programOf } from '../../testing/inline.js';

// CPU 1 ends its run with IRQs off, so a grace period CPU 0 starts after that never ends. The
// state in which CPU 1 has done both statements and drained its store, and CPU 0 has not started,
// is reached first with CPU 0's synchronize_rcu() asleep (taken in an earlier branch, and
// independent of what came since), and later, by store, drain, IRQs off, with it awake: a known
// state reached with fewer moves asleep than when it was expanded must be expanded again for those
// moves, or the only runs to the deadlock are lost (Godefroid 1996, fig. 6.2). Found by
// `npm run soundness` with that expansion taken out.
test('a known state reached with a move awake that slept when it was expanded is expanded again', () => {
  const p = programOf(`
cpus: 2
memory_model: tso
state: { cells: { x: 0 } }
programs:
  cpu 0: ["synchronize_rcu()", "WRITE_ONCE(x, 1)"]
  cpu 1: ["WRITE_ONCE(x, 1)", "local_irq_disable()"]
`);
  const full = run(p, false);
  const reduced = run(p, true);
  assert.deepEqual(full.kinds, ['deadlock']);
  assert.deepEqual(reduced.kinds, full.kinds);
  assert.deepEqual(reduced.finals, full.finals);
});
