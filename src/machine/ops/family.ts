// What a primitive family tells the rest of raceway about the kernel names it owns: how each takes
// its arguments (for both front ends), what it lowers to, and its row of the language reference.
// The machine side of a family (step, guard, footprint, cost) is code in the family's module;
// this file is the shape of the data the registry (registry.ts) lists. Pure data, no behaviour.
import type { ContextTest, InstrBody, IrqOp, LoadOrder, LockOp, LockValueKind, RmwOp, RmwOrder, SleepingLockOp } from '../program.js';

/**
 * How a primitive takes an argument. `lvalue` is a location written as such (`READ_ONCE(x)`),
 * `pointer` its address (`smp_load_acquire(&x)`): the scenario language accepts either for both,
 * the C litmus front end tells them apart. `flags` is a local that local_irq_save() writes.
 * `valcond` is a condition on `VAL`, the value smp_cond_load_acquire() reads (ops/cond-load.ts).
 */
export type ArgRole = 'lvalue' | 'pointer' | 'value' | 'spinlock' | 'rwlock' | 'seqlock' | 'flags' | 'cond' | 'valcond' | 'object' | 'pool'
  /** `&old`: a local the primitive writes back (atomic_try_cmpxchg); `procedure`: one of the scenario's (kref_put's release). */
  | 'old' | 'procedure'
  /** An srcu_struct declared under `state: srcu` (ops/srcu.ts). */
  | 'srcu'
  /** A per-CPU variable declared under `state: percpu`, by name: this CPU's slot of it (ops/percpu.ts). */
  | 'percpu'
  /** `&obj->head`: a callback head, a field of an object (call_rcu: ops/rcu-callbacks.ts); `field`: a field's name (kfree_rcu's head). */
  | 'rcu_head' | 'field'
  /** A task of the scenario, by name (ops/sched.ts). */
  | 'task'
  /** A struct mutex or struct rw_semaphore: declared, a lock field or a lock parameter (ops/sleeping-lock.ts). */
  | 'mutex' | 'rw_semaphore'
  /**
   * A wait queue head or a completion declared under `state: waits` (ops/waitqueue.ts,
   * ops/completion.ts); `wait_entry`: prepare_to_wait()'s `&wait`, the calling task's own entry
   * (DEFINE_WAIT(wait)), any name.
   */
  | 'waitqueue' | 'completion' | 'wait_entry'
  /** `&w`: a work item declared under `state: works`; `wq`: a workqueue, any name (ops/workqueue.ts). */
  | 'work' | 'workqueue';

/** What a call lowers to: the front ends' compilers read this, and nothing else, per name. */
export type Lowering =
  /** `bit`: the first argument is a bit number, and the value is that bit of the word (test_bit). */
  /** `ofCpu`: the second argument names the CPU whose per-CPU slot is read (per_cpu(var, cpu)). */
  | { readonly to: 'load'; readonly order: LoadOrder; readonly bit?: true; readonly ofCpu?: true }
  /**
   * `fence`: a barrier after the store (smp_store_mb() is WRITE_ONCE + smp_mb()). `value`: the
   * value stored, when it is no argument (kref_init stores 1).
   */
  | { readonly to: 'store'; readonly order: 'once' | 'release'; readonly fence?: 'smp_mb'; readonly value?: number }
  /**
   * One read-modify-write on the `pointer`/`lvalue` argument; the others are its operands in
   * order. `operands` replaces them with constants (atomic_inc is atomic_add of 1); `negate`
   * negates them (atomic_sub is atomic_add of -i).
   */
  | {
      readonly to: 'rmw'; readonly op: RmwOp; readonly operands?: readonly number[]; readonly negate?: boolean; readonly order?: RmwOrder;
      /**
       * A bit operation (ops/bitops.ts): the first argument is a constant bit number nr and the
       * operand is BIT_MASK(nr); `test` makes the value !!(old & mask), `mask` drops it.
       */
      readonly bit?: 'mask' | 'test';
    }
  | { readonly to: 'lock_value'; readonly query: LockValueKind }
  /** A fixed instruction with no operands. */
  | { readonly to: 'instr'; readonly body: InstrBody }
  /** local_irq_save(flags) / local_irq_restore(flags): the flags argument is a local. */
  | { readonly to: 'irq_flags'; readonly kind: Extract<IrqOp, 'local_irq_save' | 'local_irq_restore'> }
  /**
   * Lock ops on the lock argument, with an IRQ op before (`irq`) or, for the unlocks, after them;
   * a lock that is taken disables preemption first (include/linux/spinlock_api_smp.h).
   */
  | { readonly to: 'lock'; readonly ops: readonly LockOp[]; readonly irq?: IrqOp; readonly irqAfter?: boolean }
  | { readonly to: 'grace_period'; readonly expedited: boolean }
  /**
   * A wait on one location that returns the value that satisfied its condition (ops/cond-load.ts):
   * the `valcond` argument on VAL, or `even` (a sequence count with no write in progress).
   */
  | { readonly to: 'cond_load'; readonly order: 'acquire' | 'relaxed'; readonly even?: boolean }
  /** read_seqcount_retry(s, start): 1 when the sequence count is no longer `start` (ops/seqcount.ts). */
  | { readonly to: 'seq_retry' }
  /** A write side's `s->sequence++`: a plain load and a plain store (ops/seqcount.ts). */
  | { readonly to: 'seq_write' }
  /**
   * A seqlock_t statement: its spinlock as `lock` says and, when `write`, the sequence count's
   * increment after taking it or before releasing it (ops/seqcount.ts).
   */
  | { readonly to: 'seqlock'; readonly lock: Extract<Lowering, { to: 'lock' }>; readonly write: boolean }
  /**
   * A primitive with a value and control flow of its own (scenario/lower/compile-hoisted.ts): its
   * instructions run first, as steps of the statement that calls it, and its value is a local.
   */
  | {
      readonly to: 'hoist'; readonly kind: HoistKind; readonly order?: RmwOrder;
      /**
       * `trylock_irq`: the lock test, and whether the IRQ flag is saved (_irqsave) or IRQs only
       * disabled (_irq); `bh`: bottom halves disabled instead (spin_trylock_bh).
       */
      readonly trylock?: { readonly query: Extract<LockValueKind, 'trylock' | 'write_trylock'>; readonly save: boolean; readonly bh?: true };
      /** `plain_test_bit`: what the non-atomic __test_and_*_bit() does to the bit. */
      readonly bitOp?: PlainBitOp;
      /**
       * `sleeping_lock`: the ops on the lock argument; the value is the last one's (a trylock's 1
       * or 0), or 0 when it is no trylock (mutex_lock_interruptible(): no signal is modelled).
       */
      readonly sleeping?: readonly SleepingLockOp[];
    }
  /** __set_bit(nr, p) and kin (ops/bitops.ts): a plain load of the word, then a plain store of it with bit nr changed. */
  | { readonly to: 'plain_bit'; readonly op: PlainBitOp }
  /** srcu_read_unlock(ss, idx); synchronize_srcu(ss), which lowers to a start and a wait (ops/srcu.ts). */
  | { readonly to: 'srcu'; readonly kind: 'srcu_read_unlock' | 'synchronize_srcu' | 'srcu_up_read'; readonly expedited?: boolean }
  /**
   * this_cpu_add(var, i) and its kin (ops/percpu.ts): with IRQs saved and disabled, a load of this
   * CPU's slot and a store of it plus `add` (or plus the argument, negated when `negate`).
   */
  | { readonly to: 'percpu_add'; readonly add?: number; readonly negate?: boolean }
  | { readonly to: 'wait_until' }
  /**
   * call_rcu(&obj->head, fn), kfree_rcu(obj, head), rcu_barrier() (ops/rcu-callbacks.ts);
   * `kvfree`: kvfree_rcu_barrier(), which waits for the kfree_rcu() frees instead.
   */
  | { readonly to: 'call_rcu' } | { readonly to: 'rcu_barrier'; readonly kvfree?: true }
  /** `mightSleep`: kfree_rcu_mightsleep(ptr), which may sleep (ops/rcu-callbacks.ts). */
  | { readonly to: 'kfree_rcu'; readonly mightSleep?: true }
  /** in_interrupt() and its kin (ops/softirq.ts): a test of the evaluating context. */
  | { readonly to: 'context_test'; readonly test: ContextTest }
  | { readonly to: 'assert' }
  /** `fromPool`: the first argument names the pool (kmem_cache_free's cache) the object must be of. */
  | { readonly to: 'free'; readonly fromPool?: boolean }
  /** `p = kmalloc(pool)`: an object of the pool into a local (ops/pool.ts). */
  | { readonly to: 'alloc' }
  /** set_current_state(v): a store of v to the running task's __state, and smp_mb() when `barrier` (ops/sched.ts). */
  | { readonly to: 'task_state'; readonly barrier: boolean }
  /** wake_up_process(task): the scheduler's wakeup of the task the argument names (ops/sched.ts). */
  | { readonly to: 'wake_up_process' }
  /** A mutex or rw_semaphore statement: these ops on the lock argument, in order (ops/sleeping-lock.ts). */
  | { readonly to: 'sleeping_lock'; readonly ops: readonly SleepingLockOp[] }
  /** A wait queue or completion statement (ops/waitqueue.ts, ops/completion.ts; scenario/lower/compile-wait.ts). */
  | { readonly to: 'wait'; readonly kind: WaitStatement };

/** The wait queue and completion statements, as the kernel names them. */
export type WaitStatement = 'wait_event' | 'wake_up' | 'prepare_to_wait' | 'finish_wait' | 'init_waitqueue_head'
  | 'wait_for_completion' | 'complete' | 'complete_all' | 'reinit_completion' | 'init_completion';

/** The primitives that lower to a few instructions and a value (Lowering 'hoist'). */
export type HoistKind = 'try_cmpxchg' | 'kref_put' | 'refcount_dec_and_lock' | 'srcu_read_lock' | 'trylock_irq' | 'plain_test_bit' | 'sleeping_lock'
  /** The wait queue and completion tests (ops/waitqueue.ts, ops/completion.ts). */
  | 'waitqueue_active' | 'wq_has_sleeper' | 'completion_done' | 'try_wait_for_completion'
  /** The workqueue calls (ops/workqueue.ts, scenario/lower/compile-work.ts). */
  | 'queue_work' | 'flush_work' | 'cancel_work' | 'cancel_work_sync'
  /** srcu_down_read(), which returns its index as srcu_read_lock() does (ops/srcu-down.ts). */
  | 'srcu_down_read';

/** What a non-atomic bit operation does to its bit (include/asm-generic/bitops/generic-non-atomic.h). */
export type PlainBitOp = 'set' | 'clear' | 'change';

export interface PrimitiveName {
  /** As the kernel spells it. */
  readonly name: string;
  readonly roles: readonly ArgRole[];
  readonly lower: Lowering;
  /** Whether a C litmus body may call it (herd7's linux-kernel.def, or a raceway extension there). */
  readonly litmus: boolean;
  /** The language reference's words for it (docs/scenario-language.md, docs/litmus.md). */
  readonly doc: string;
}

export interface Family {
  /** e.g. 'locks': the module under src/machine/ops/ that holds it. */
  readonly name: string;
  readonly names: readonly PrimitiveName[];
  /**
   * Kernel names of this family that raceway knows but cannot run yet: a litmus call to one is
   * `unsupported` (the file is skipped), not a mistake (litmus/known-primitives.ts).
   */
  readonly known?: readonly string[];
  /**
   * Operations of this family that come in pairs, opener and closer, as the machine's instructions
   * name their kind (a lock op, an IRQ op, an RCU op). `ablate` removes a pair whole: removing one
   * half alone breaks the other (an unlock without its lock is a misuse, a lock never unlocked a
   * deadlock), which says nothing about whether the pair is needed (explore/ablate-pairs.ts).
   */
  readonly pairs?: readonly (readonly [opener: string, closer: string])[];
  /**
   * Whether swapping two CPUs that run the same code maps this family's runs to runs: its state
   * names no CPU, or names one only in words that explore/symmetry.ts renames (a CPU's own block,
   * a lock holder's context id, a grace period's pending CPUs, a per-CPU array's slots). Symmetry
   * is on only in a program whose every family says so (explore/symmetry-groups.ts): a family that
   * does not, a new one included, turns it off, which costs states and never a verdict.
   */
  readonly cpuSymmetric?: true;
}

/** The ordering suffixes the kernel adds to value-returning atomics (Documentation/atomic_t.txt). */
export const ORDER_SUFFIXES = ['_relaxed', '_acquire', '_release'] as const;

/** The ordering each suffix names, which the LKMM reads (the machine runs every form fully ordered). */
const ORDER_OF = { _relaxed: 'relaxed', _acquire: 'acquire', _release: 'release' } as const satisfies Record<(typeof ORDER_SUFFIXES)[number], RmwOrder>;

/**
 * A name and its _relaxed, _acquire and _release forms, which the machine runs as the fully ordered
 * one: SC and x86-TSO give every locked RMW full ordering (arch/x86/include/asm/atomic.h), so the
 * weaker forms allow nothing more there.
 */
export function withOrderings(n: PrimitiveName): PrimitiveName[] {
  return [n, ...ORDER_SUFFIXES.map((s) => ({ ...n, name: n.name + s, lower: n.lower.to === 'rmw' || n.lower.to === 'hoist' ? { ...n.lower, order: ORDER_OF[s] } : n.lower }))];
}
