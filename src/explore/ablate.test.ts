// Ablation replaces a statement by nops, keeping pcs and spans. Which barriers the hazard-pointer
// scenario needs is pinned on the shipped file, in test/scenarios/ablate.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, programOf } from '../testing/inline.js';
import { ablate, ablationSites } from './ablate.js';

test('ablating replaces each instruction of the statement by a nop, keeping pcs and spans', () => {
  const p = programOf(`
cpus: 1
state: { locks: { l: spinlock } }
programs:
  cpu 0: ["local_irq_save(f)", "spin_lock_irqsave(l, g)", "spin_unlock_irqrestore(l, g)", "local_irq_restore(f)"]
`);
  const sites = ablationSites(p);
  // spin_lock_irqsave: the IRQ save, the lock's preempt_disable(), the acquire.
  assert.deepEqual(sites.map((s) => s.instrs.length), [1, 3, 2, 1]);
  const q = ablate(p, sites[1]!);
  const code = q.codes[p.tasks[0]!]!;
  assert.equal(code.instrs.length, p.codes[p.tasks[0]!]!.instrs.length);
  assert.deepEqual(code.instrs.map((i) => i.op), ['irq', 'nop', 'nop', 'nop', 'lock', 'irq', 'irq']);
  assert.notEqual(q.fingerprint, p.fingerprint);
  // The unlock is now by a context that does not hold the lock: reported, not hidden.
  assert.deepEqual(explore(q).findings.map((f) => f.violation.kind), ['misuse']);
});
