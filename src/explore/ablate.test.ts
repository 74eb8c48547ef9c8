// Ablation removes a statement, or a pair of statements together (ablate-pairs.ts), by nops that
// keep pcs and spans. Which operations the seed's strategies need is pinned on the shipped file,
// in test/scenarios/ablate.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, programOf } from '../testing/inline.js';
import type { InstrBody } from '../machine/program.js';
import { FAMILIES } from '../machine/ops/registry.js';
import { ablate, ablationSites } from './ablate.js';
import { bracketOf } from './ablate-pairs.js';

const shape = (yaml: string) => ablationSites(programOf(yaml)).map((s) => `${s.what} ${s.pairing}: ${s.statements.map((st) => st.text).join(' + ')} (${s.instrs.length})`);

test('a lock and its unlock, and an IRQ save and its restore, are each removed as one pair', () => {
  const p = programOf(`
cpus: 1
state: { locks: { l: spinlock } }
programs:
  cpu 0: ["local_irq_save(f)", "spin_lock_irqsave(l, g)", "spin_unlock_irqrestore(l, g)", "local_irq_restore(f)"]
`);
  const sites = ablationSites(p);
  // spin_lock_irqsave: the IRQ save, the lock's preempt_disable(), the acquire; the unlock and restore.
  assert.deepEqual(sites.map((s) => `${s.what} ${s.pairing} ${s.instrs.length}`), ['irq pair 2', 'lock pair 5']);
  const q = ablate(p, sites[1]!);
  const code = q.codes[p.tasks[0]!]!;
  assert.equal(code.instrs.length, p.codes[p.tasks[0]!]!.instrs.length);
  assert.deepEqual(code.instrs.map((i) => i.op), ['irq', 'nop', 'nop', 'nop', 'nop', 'nop', 'irq']);
  assert.notEqual(q.fingerprint, p.fingerprint);
  // Removed whole, the pair leaves nothing behind to misuse.
  assert.deepEqual(explore(q).findings.map((f) => f.violation.kind), []);
});

test('every pair of the table pairs: rwlocks, IRQ disable/enable, RCU, preemption', () => {
  assert.deepEqual(shape(`
cpus: 1
state: { locks: { r: rwlock fair, w: rwlock fair } }
programs:
  cpu 0: [read_lock(r), write_lock_irq(w), local_irq_disable(), rcu_read_lock(), preempt_disable(), preempt_enable(), rcu_read_unlock(), local_irq_enable(), write_unlock_irq(w), read_unlock(r)]
`), [
    'lock pair: read_lock(r) + read_unlock(r) (3)',
    'lock pair: write_lock_irq(w) + write_unlock_irq(w) (6)',
    'irq pair: local_irq_disable() + local_irq_enable() (2)',
    'rcu pair: rcu_read_lock() + rcu_read_unlock() (2)',
    'preempt pair: preempt_disable() + preempt_enable() (2)',
  ]);
});

test('an unlock on each path of a branch joins its lock; a lock unlocked in another context is removed alone', () => {
  assert.deepEqual(shape(`
cpus: 1
state: { cells: { x: 0, y: 0 }, locks: { l: spinlock, m: spinlock } }
programs:
  cpu 0:
    - spin_lock(l)
    - if READ_ONCE(x) == 1:
        - spin_unlock(l)
      else:
        - WRITE_ONCE(y, 1)
        - spin_unlock(l)
    - spin_lock(m)
interrupts:
  - { kind: irq, cpus: [0], max: 1, run: ["spin_unlock(m)"] }
`), [
    'lock pair: spin_lock(l) + spin_unlock(l) + spin_unlock(l) (4)',
    'lock unpaired: spin_lock(m) (2)',
    'lock unpaired: spin_unlock(m) (1)',
  ]);
});

test("a scenario's reader_enter() and reader_exit() are removed together, bodies whole, when they do more than a listed pair", () => {
  const sites = shape(`
cpus: 1
state: { cells: { slot: 0, x: 0 } }
procedures:
  reader_enter():
    - WRITE_ONCE(slot, 1)
    - smp_mb()
  reader_exit():
    - smp_store_release(slot, 0)
  writer_lock():
    - rcu_read_lock()
  writer_unlock():
    - rcu_read_unlock()
programs:
  cpu 0: [reader_enter(), "x = READ_ONCE(x)", reader_exit(), writer_lock(), writer_unlock()]
`);
  // writer_lock()/writer_unlock() hold only the RCU pair already listed: not listed twice.
  assert.deepEqual(sites, ['procedures pair: reader_enter() + reader_exit() (3)', 'barrier single: smp_mb() (1)', 'rcu pair: rcu_read_lock() + rcu_read_unlock() (2)']);
});

test("every family's pairs name operations its primitives lower to, as opener and closer of one bracket", () => {
  // The instructions the registry's names lower to (the lock statements' ops and IRQ changes).
  const bodies: InstrBody[] = FAMILIES.flatMap((f) => f.names).flatMap((n): InstrBody[] => {
    const w = n.lower;
    switch (w.to) {
      case 'instr': return [w.body];
      case 'irq_flags': return [{ op: 'irq', kind: w.kind, flags: 0 }];
      case 'lock': return [...w.ops.map((kind): InstrBody => ({ op: 'lock', kind, lock: 0 })), ...(w.irq ? [{ op: 'irq', kind: w.irq, flags: 0 } as const] : [])];
      default: return [];
    }
  });
  const pairs = FAMILIES.flatMap((f) => f.pairs ?? []);
  assert.ok(pairs.length >= 7);
  for (const [open, close] of pairs) {
    const roles = bodies.map(bracketOf).filter((b) => b !== null && b.family.startsWith(open)).map((b) => b!.role);
    assert.ok(roles.includes('open') && roles.includes('close'), `${open}/${close}: ${roles.join(', ')}`);
  }
});
