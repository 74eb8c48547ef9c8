// The kernel primitives a litmus body may call, by how they take their arguments: an lvalue
// (READ_ONCE(*x)), a pointer (smp_load_acquire(x)), a lock, or nothing. Any other call is
// unsupported (known-primitives.ts) or a mistake. Semantics live in the scenario compiler and the
// machine, not here.
import { nameTable } from '../common/name-table.js';
import { ATOMICS, atomicSpec } from '../scenario/lower/compile-expr.js';

export type ArgRole = 'lvalue' | 'pointer' | 'value' | 'lock';

export interface Primitive {
  readonly roles: readonly ArgRole[];
  /** A memory access (a load, a store, an atomic), for splitting statements into steps. */
  readonly access: boolean;
}

const P = (roles: ArgRole[], access = true): Primitive => ({ roles, access });

const TABLE: Readonly<Record<string, Primitive>> = nameTable({
  READ_ONCE: P(['lvalue']),
  WRITE_ONCE: P(['lvalue', 'value']),
  smp_load_acquire: P(['pointer']),
  smp_store_release: P(['pointer', 'value']),
  smp_store_mb: P(['lvalue', 'value']),
  rcu_dereference: P(['lvalue']),
  rcu_dereference_raw: P(['lvalue']),
  rcu_access_pointer: P(['lvalue']),
  rcu_assign_pointer: P(['lvalue', 'value']),
  atomic_read: P(['pointer']),
  atomic_read_acquire: P(['pointer']),
  atomic_set: P(['pointer', 'value']),
  atomic_set_release: P(['pointer', 'value']),
  // Fences. The machine's SC and x86-TSO memories are at least as strong as each of these asks
  // (smp_mb__after_unlock_lock and smp_mb__after_spinlock are full barriers here).
  smp_mb: P([], false), smp_rmb: P([], false), smp_wmb: P([], false), barrier: P([], false),
  smp_mb__before_atomic: P([], false), smp_mb__after_atomic: P([], false),
  smp_mb__after_spinlock: P([], false), smp_mb__after_unlock_lock: P([], false),
  rcu_read_lock: P([], false), rcu_read_unlock: P([], false),
  synchronize_rcu: P([], false), synchronize_rcu_expedited: P([], false),
  // Not in LKMM (herd7 rejects them); here for tests that add interrupt handlers.
  local_irq_disable: P([], false), local_irq_enable: P([], false),
  local_irq_save: P(['value'], false), local_irq_restore: P(['value'], false),
  preempt_disable: P([], false), preempt_enable: P([], false),
  spin_lock: P(['lock'], false), spin_unlock: P(['lock'], false),
  spin_trylock: P(['lock']), spin_is_locked: P(['lock']),
});

/** Every name primitive() accepts, ordering suffixes aside, for "did you mean". */
export const PRIMITIVE_NAMES: readonly string[] = [...Object.keys(TABLE), ...Object.keys(ATOMICS)];

/** The primitive named `name`, or undefined when raceway cannot run it. */
export function primitive(name: string): Primitive | undefined {
  const p = TABLE[name];
  if (p) return p;
  const a = atomicSpec(name);
  if (!a) return undefined;
  // atomic_add(i, v) takes its location second; every xchg/cmpxchg/atomic_* takes a pointer.
  return { roles: Array.from({ length: a.arity }, (_, i) => (i === a.loc ? 'pointer' : 'value')), access: true };
}

/** Whether a primitive's first argument is where it reads or writes (for counting accesses). */
export function isLoad(name: string): boolean {
  return ['READ_ONCE', 'smp_load_acquire', 'rcu_dereference', 'rcu_dereference_raw', 'rcu_access_pointer', 'atomic_read', 'atomic_read_acquire'].includes(name);
}
