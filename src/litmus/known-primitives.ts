// Functions a litmus body may call that raceway knows but cannot run yet: a call to one is
// `unsupported` (the file is skipped, the run does not fail). A name that is neither one of these
// nor a primitive raceway runs (primitives.ts) is a mistake, reported as an error with a "did you
// mean". Sources: the kernel memory model's linux-kernel.def (tools/memory-model, herdtools7
// catalogue/linux/cats), herd7's C11 atomics, and kernel APIs litmus tests are written with. Pure.

/** The *_relaxed, *_acquire and *_release forms of each are known too. */
const NAMES = [
  // linux-kernel.def: SRCU.
  'srcu_read_lock', 'srcu_read_unlock', 'srcu_down_read', 'srcu_up_read', 'synchronize_srcu',
  'synchronize_srcu_expedited', 'smp_mb__after_srcu_read_unlock', 'srcu_dereference',
  // linux-kernel.def: atomics the machine has no operation for.
  'atomic_and', 'atomic_or', 'atomic_xor', 'atomic_andnot', 'atomic_fetch_and', 'atomic_fetch_or',
  'atomic_fetch_xor', 'atomic_fetch_andnot', 'atomic_sub_and_test', 'atomic_inc_and_test',
  'atomic_add_negative', 'atomic_add_unless',
  // Other kernel atomics and ordering.
  'atomic_try_cmpxchg', 'try_cmpxchg', 'cmpxchg64', 'atomic_fetch_add_unless', 'atomic_dec_if_positive',
  'atomic_inc_unless_negative', 'atomic_dec_unless_positive', 'smp_cond_load_acquire',
  'smp_cond_load_relaxed', 'smp_acquire__after_ctrl_dep', 'smp_mb__before_spinlock',
  'set_bit', 'clear_bit', 'change_bit', 'test_bit', 'test_and_set_bit', 'test_and_clear_bit',
  'test_and_change_bit', 'test_and_set_bit_lock', 'clear_bit_unlock',
  // Locks other than spin_lock/spin_unlock/spin_trylock/spin_is_locked.
  'spin_unlock_wait', 'spin_lock_irq', 'spin_unlock_irq', 'spin_lock_irqsave', 'spin_unlock_irqrestore',
  'spin_lock_bh', 'spin_unlock_bh', 'spin_trylock_irqsave', 'raw_spin_lock', 'raw_spin_unlock',
  'raw_spin_trylock', 'raw_spin_lock_irqsave', 'raw_spin_unlock_irqrestore', 'read_lock', 'read_unlock',
  'read_trylock', 'write_lock', 'write_unlock', 'write_trylock', 'read_lock_irqsave',
  'read_unlock_irqrestore', 'write_lock_irqsave', 'write_unlock_irqrestore', 'mutex_lock',
  'mutex_unlock', 'mutex_trylock', 'down_read', 'up_read', 'down_write', 'up_write',
  // RCU beyond rcu_read_lock/unlock, synchronize_rcu[_expedited], the dereference/assign forms.
  'rcu_read_lock_bh', 'rcu_read_unlock_bh', 'rcu_read_lock_sched', 'rcu_read_unlock_sched',
  'call_rcu', 'rcu_barrier', 'synchronize_sched', 'synchronize_rcu_bh', 'kfree_rcu',
  'rcu_dereference_check', 'rcu_dereference_protected', 'rcu_dereference_bh', 'rcu_dereference_sched',
  'lockless_dereference', 'rcu_pointer_handoff', 'RCU_INIT_POINTER', 'rcu_replace_pointer',
  // Memory and assertions.
  'kfree', 'kmalloc', 'kzalloc', 'WARN_ON', 'WARN_ON_ONCE', 'BUG_ON',
  // herd7's C11 atomics (herd/tests/instructions/C).
  'atomic_load', 'atomic_store', 'atomic_load_explicit', 'atomic_store_explicit', 'atomic_exchange',
  'atomic_exchange_explicit', 'atomic_compare_exchange_strong', 'atomic_compare_exchange_weak',
  'atomic_compare_exchange_strong_explicit', 'atomic_compare_exchange_weak_explicit',
  'atomic_fetch_add_explicit', 'atomic_fetch_sub_explicit', 'atomic_fetch_and_explicit',
  'atomic_fetch_or_explicit', 'atomic_fetch_xor_explicit', 'atomic_thread_fence', 'atomic_signal_fence',
  'atomic_init', 'lock', 'unlock',
  // C operators that read like calls.
  'sizeof', '_Alignof', 'alignof',
];

const SUFFIX = /_(relaxed|acquire|release)$/;
const KNOWN: ReadonlySet<string> = new Set(NAMES);

/** Every name above, for "did you mean" (the suffixed forms are left out: they only add noise). */
export const KNOWN_PRIMITIVES: readonly string[] = NAMES;

/**
 * Whether raceway knows `name` as a primitive it cannot run. `atomic64_*` and `atomic_long_*`
 * are known when the `atomic_*` of the same name is (supported or not: raceway models neither
 * 64-bit atomics nor atomic_long_t); so are GCC's `__sync_*` and `__atomic_*` builtins.
 */
export function knownUnsupported(name: string, supported: (name: string) => boolean): boolean {
  if (KNOWN.has(name) || KNOWN.has(name.replace(SUFFIX, ''))) return true;
  if (/^__(sync|atomic)_\w+$/.test(name)) return true;
  const wide = /^atomic(64|_long)_(\w+)$/.exec(name);
  return wide !== null && (supported(`atomic_${wide[2]}`) || knownUnsupported(`atomic_${wide[2]}`, supported));
}
