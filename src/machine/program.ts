// The instruction set that front ends lower to and the machine executes.
// Nothing here knows which front end (YAML scenario, C litmus) a program came from.
// Pure data: no I/O, no behaviour beyond small lookups.
import { assertNever } from '../common/assert-never.js';
import type { Span } from '../common/span.js';

/** Pointers are tagged integers: PTR_BASE + object index; NULL is 0. Plain integers are int32. */
export const PTR_BASE = 0x40000000;
export const NULL_VALUE = 0;

/**
 * 0 task, 1 hardirq, 2 NMI, 3 softirq: also the value of `this_context`. Softirq is numbered last
 * so that the levels of programs without softirqs keep their numbers (frames, context ids), though
 * it nests between task and hardirq (state.ts innermost; ops/softirq.ts).
 */
export type Level = 0 | 1 | 2 | 3;

/** The kinds of handler a scenario declares under `interrupts:`. */
export type HandlerKind = 'irq' | 'nmi' | 'softirq';

/** The level a handler of this kind runs at. */
export function handlerLevel(kind: HandlerKind): Level {
  return kind === 'irq' ? 1 : kind === 'nmi' ? 2 : 3;
}
export const LEVEL_NAMES = ['task', 'irq', 'nmi', 'softirq'] as const;
export type ContextName = (typeof LEVEL_NAMES)[number];

/** The memory models a program can be checked under (docs/memory-model.md). */
export type MemoryModelName = 'sc' | 'tso' | 'lkmm';

export type LoadOrder = 'plain' | 'once' | 'acquire';
export type StoreOrder = 'plain' | 'once' | 'release';

export type UnaryOp = '!' | '-' | '~';
export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>'
  | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

/**
 * Atomic read-modify-writes, named as the kernel spells them. Each is one indivisible access;
 * ops/atomics.ts gives each its meaning and lists the kernel names that lower to it.
 */
export type RmwOp =
  | 'xchg'              // (loc, new) -> old
  | 'cmpxchg'           // (loc, old, new) -> value seen
  | 'atomic_add_return' // (loc, i) -> new value
  | 'atomic_fetch_add'  // (loc, i) -> old value
  | 'atomic_add_unless' // (loc, a, u) -> 1 if it added a, 0 if the value was u
  | 'atomic_dec_and_test' // (loc) -> 1 if the new value is zero
  | 'atomic_add'        // (loc, i) -> 0 (atomic_inc, atomic_dec, atomic_sub lower to it)
  | 'atomic_fetch_and' | 'atomic_fetch_or' | 'atomic_fetch_xor' | 'atomic_fetch_andnot' // (loc, i) -> old value
  | 'atomic_sub_and_test'  // (loc, i) -> 1 if v - i is zero (atomic_inc_and_test subtracts -1)
  | 'atomic_add_negative'  // (loc, i) -> 1 if v + i is negative
  | 'atomic_fetch_add_unless' // (loc, a, u) -> old value; adds a unless it was u
  | 'atomic_dec_if_positive'  // (loc) -> old - 1; stores it only when it is not negative
  | 'atomic_inc_unless_negative' | 'atomic_dec_unless_positive' // (loc) -> 1 if it changed v
  // refcount_t (ops/refcount.ts): as the atomics, and a misuse where the kernel WARNs.
  | 'refcount_add' | 'refcount_add_not_zero' | 'refcount_sub_and_test' | 'refcount_dec' | 'refcount_dec_not_one';

/** Lock operations that have a value (ops/locks.ts): tries that may fail, and a test. */
export type LockValueKind = 'trylock' | 'read_trylock' | 'write_trylock' | 'is_locked';

/** An RMW's ordering when weaker than full (Documentation/atomic_t.txt, tools/memory-model/linux-kernel.def). */
export type RmwOrder = 'relaxed' | 'acquire' | 'release' | 'noreturn';

/**
 * Fences. The `smp_mb__*` ones strengthen an adjacent atomic, lock or unlock+lock pair; under SC
 * and TSO they are no-ops (those are already full barriers on x86), and only the LKMM reads them.
 */
export type FenceKind =
  | 'smp_mb' | 'smp_rmb' | 'smp_wmb'
  | 'smp_mb__before_atomic' | 'smp_mb__after_atomic' | 'smp_mb__after_spinlock' | 'smp_mb__after_unlock_lock'
  | 'smp_mb__after_srcu_read_unlock';

/** A memory location computed at run time. */
export type Loc =
  /** Field `field` of the object the pointer points to (`p->f`; `*p` is field 0 of a scalar cell). */
  | { readonly kind: 'deref'; readonly ptr: Expr; readonly field: number }
  /** Element of an array (per-CPU arrays are arrays whose first dimension is the CPU count). */
  | { readonly kind: 'array'; readonly array: number; readonly index: readonly Expr[] };

export type Expr =
  | { readonly kind: 'const'; readonly v: number }
  | { readonly kind: 'local'; readonly slot: number }
  | { readonly kind: 'this_cpu' }
  | { readonly kind: 'this_context' }
  /** A context test (in_interrupt() ...): reads only its own CPU's context words. */
  | { readonly kind: 'context_test'; readonly test: ContextTest }
  | { readonly kind: 'load'; readonly loc: Loc; readonly order: LoadOrder }
  | { readonly kind: 'un'; readonly op: UnaryOp; readonly a: Expr }
  | { readonly kind: 'bin'; readonly op: BinaryOp; readonly a: Expr; readonly b: Expr }
  /**
   * `order`: the kernel name's ordering (`xchg_relaxed` ..., and `noreturn` for the void RMWs such
   * as atomic_inc(), which atomic_t.txt calls unordered); absent for the fully ordered form. Only
   * the LKMM reads it (tools/memory-model/linux-kernel.def); the machine's atomics are all fully
   * ordered (x86's locked instructions), which is at least as strong.
   */
  | { readonly kind: 'rmw'; readonly op: RmwOp; readonly loc: Loc; readonly args: readonly Expr[]; readonly order?: RmwOrder }
  | { readonly kind: 'lock_value'; readonly query: LockValueKind; readonly lock: number };

export type SrcuOp = 'srcu_read_lock' | 'srcu_read_unlock' | 'synchronize_srcu_start' | 'synchronize_srcu_wait' | 'srcu_down_read' | 'srcu_up_read';

export type RcuCallbackOp = 'call_rcu' | 'kfree_rcu' | 'rcu_barrier_start' | 'rcu_barrier_wait';

export type IrqOp = 'local_irq_disable' | 'local_irq_enable' | 'local_irq_save' | 'local_irq_restore'
  /** Bottom halves (ops/softirq.ts): the CPU's softirq-disable count, kept beside the IRQ flag. */
  | 'local_bh_disable' | 'local_bh_enable';

/**
 * The context tests of include/linux/preempt.h, as expressions of the context that evaluates them
 * (ops/softirq.ts contextTest).
 */
export type ContextTest = 'in_interrupt' | 'in_softirq' | 'in_serving_softirq' | 'in_task' | 'in_hardirq' | 'in_nmi';
export type LockOp =
  | 'spin_lock' | 'spin_unlock'
  | 'read_lock' | 'read_unlock'
  | 'write_lock'          // phase 1: queue as the waiting writer (qrwlock sets _QW_WAITING)
  | 'write_lock_acquire'  // phase 2: wait for readers to leave, then hold
  | 'write_unlock';

export type InstrBody =
  /** A `silent` assignment reads no memory: it is folded into the step before it. */
  | { readonly op: 'assign'; readonly local: number; readonly value: Expr; readonly silent: boolean }
  /**
   * `kcsanAtomic`: a plain store the kernel tells KCSAN to treat as atomic, with its plain loads
   * (seqcount's `s->sequence++` inside kcsan_nestable_atomic_begin(), include/linux/seqlock.h):
   * plain for every model, but never half of a data race (machine/race.ts).
   */
  | { readonly op: 'store'; readonly loc: Loc; readonly value: Expr; readonly order: StoreOrder; readonly kcsanAtomic?: true }
  | { readonly op: 'eval'; readonly value: Expr }
  | { readonly op: 'fence'; readonly kind: FenceKind }
  /**
   * Goes on to the next instruction when `cond` is non-zero, else to `to`, zeroing the locals in
   * `clear` (counters and locals of the loop or procedure it leaves, so dead values do not split
   * states). A `silent` branch tests locals only and is folded into the step before it.
   */
  | { readonly op: 'branch'; readonly cond: Expr; readonly to: number; readonly clear: readonly number[]; readonly silent: boolean }
  /** Silent: folded into the step before it (a compilation artefact, never a row of its own). */
  | { readonly op: 'jump'; readonly to: number; readonly clear: readonly number[] }
  /** Silent loop back-edge: counts iterations in local `counter`; past `bound` it is a livelock. */
  | { readonly op: 'loop'; readonly counter: number; readonly bound: number; readonly to: number }
  /**
   * Blocks until `cond` holds. `into`: smp_cond_load_acquire() and read_seqcount_begin() also
   * return the value that satisfied the condition, read in the same step (ops/cond-load.ts).
   */
  | { readonly op: 'wait_until'; readonly cond: Expr; readonly into?: { readonly local: number; readonly value: Expr } }
  /** Silent (folded into the step before it) when `cond` reads only locals. */
  | { readonly op: 'assert'; readonly cond: Expr }
  | { readonly op: 'irq'; readonly kind: IrqOp; readonly flags: number } // flags: local slot, -1 if none
  /** ofLock: the preempt_disable() a lock statement makes before it spins (lowered, not written). */
  | { readonly op: 'preempt'; readonly kind: 'preempt_disable' | 'preempt_enable'; readonly ofLock?: boolean }
  | { readonly op: 'rcu'; readonly kind: 'rcu_read_lock' | 'rcu_read_unlock' }
  /** Phase 1 of synchronize_rcu: note every CPU now inside a read-side critical section. */
  | { readonly op: 'synchronize_rcu_start'; readonly expedited: boolean }
  /** Phase 2: blocks until every CPU noted in phase 1 has left that section. */
  | { readonly op: 'synchronize_rcu_wait'; readonly expedited: boolean }
  | { readonly op: 'lock'; readonly kind: LockOp; readonly lock: number }
  /**
   * SRCU on srcu_struct `ss` (ops/srcu.ts). srcu_read_lock writes its index into `local` (-1:
   * dropped); srcu_read_unlock takes it back in `idx`; synchronize_srcu() is a start that notes the
   * readers to wait for and a wait, as synchronize_rcu().
   */
  | { readonly op: 'srcu'; readonly kind: SrcuOp; readonly ss: number; readonly local: number; readonly idx: Expr; readonly expedited: boolean }
  /** `pool`: kmem_cache_free(cache, p) frees only an object of that cache's pool (ops/pool.ts). */
  | { readonly op: 'free'; readonly ptr: Expr; readonly pool?: number }
  /**
   * RCU callbacks (ops/rcu-callbacks.ts). call_rcu(&obj->head, fn) and kfree_rcu(obj, head) queue
   * the callback of the object `ptr` names: `decls[object]` is the handler declaration that runs
   * it (HandlerDecl.callback), -1 for an object this call cannot queue. rcu_barrier() is a start
   * that notes the callbacks queued now and a wait until each has run; `ptr` is unused there.
   * `kvfree` (on the barrier's start and wait): kvfree_rcu_barrier(), which notes the queued
   * kfree_rcu() frees instead of the call_rcu() callbacks.
   */
  | { readonly op: 'rcu_callback'; readonly kind: RcuCallbackOp; readonly ptr: Expr; readonly decls: readonly number[]; readonly kvfree?: true }
  /** kmalloc/kzalloc/kmem_cache_alloc: a never-used object of the pool into `local` (ops/pool.ts). */
  | { readonly op: 'alloc'; readonly local: number; readonly pool: number }
  | { readonly op: 'nop' }
  /**
   * The scheduler's primitives (ops/sched.ts): `task` names the task for wake_up_process, and the
   * calling task for the wait queue and completion ops, else 0. `at`: the wait queue head's word
   * or the completion's first word (ops/waitqueue.ts, ops/completion.ts); `state`: the task state
   * prepare_to_wait() sets. The sleeping locks (ops/sleeping-lock.ts) name their lock in `lock`.
   * `local`: where a sleeping trylock writes its value, and where wait_for_completion() and
   * try_wait_for_completion() write whether they took a completion.
   */
  | { readonly op: 'sched'; readonly kind: SchedOp; readonly task: number; readonly lock?: number; readonly at?: number; readonly state?: number; readonly local?: number };

/**
 * schedule(): sleep when the task's state is not TASK_RUNNING; wake_up_process(task); might_sleep:
 * msleep() and the like, which may sleep but need no wakeup (ops/sched.ts).
 */
export type SchedOp = 'schedule' | 'wake_up_process' | 'might_sleep' | SleepingLockOp | WaitQueueOp | CompletionOp;

/**
 * The sleeping locks (ops/sleeping-lock.ts): struct mutex and struct rw_semaphore. Their waiters sleep
 * instead of spinning. down_write is rwsem's two phases, as write_lock is qrwlock's: queue as the
 * waiting writer, then wait for the readers to leave. The trylocks write 1 or 0 into a local.
 */
export type SleepingLockOp =
  | 'mutex_lock' | 'mutex_unlock' | 'mutex_trylock'
  | 'down_read' | 'up_read' | 'down_write' | 'down_write_acquire' | 'up_write' | 'downgrade_write'
  | 'down_read_trylock' | 'down_write_trylock';

/** The wait queue's steps under wq_head->lock (ops/waitqueue.ts). */
export type WaitQueueOp = 'prepare_to_wait' | 'finish_wait' | 'wake_up';
/** The completion's steps under its wait.lock (ops/completion.ts). */
export type CompletionOp = 'wait_for_completion' | 'complete' | 'complete_all' | 'try_wait_for_completion';

/**
 * Silent instructions never make a step of their own: they run right after the step before.
 * They touch nothing another context can see (locals and control flow only), so every
 * interleaving point before them is equivalent to one after them: folding them loses no
 * behaviour (Spin merges such local statements the same way, Holzmann 1997).
 */
export function isSilent(i: InstrBody): boolean {
  // An assert on locals is decided by the step before it: checking it there changes no outcome.
  return i.op === 'jump' || i.op === 'loop' || ((i.op === 'branch' || i.op === 'assign') && i.silent) || (i.op === 'assert' && readsOnlyLocals(i.cond));
}

/** Whether `e` reads nothing another context can see or change (locals, constants, its own CPU). */
export function readsOnlyLocals(e: Expr): boolean {
  switch (e.kind) {
    case 'const': case 'local': case 'this_cpu': case 'this_context': case 'context_test': return true;
    case 'un': return readsOnlyLocals(e.a);
    case 'bin': return readsOnlyLocals(e.a) && readsOnlyLocals(e.b);
    case 'load': case 'rmw': case 'lock_value': return false;
    default: return assertNever(e);
  }
}

export type Instr = InstrBody & {
  readonly span: Span;
  /** The statement as the user wrote it, for trace rows. */
  readonly text: string;
  /** Procedure names from the program down to this statement, e.g. ['is_dynamic_key']. */
  readonly via: readonly string[];
  /** Labels placed just before this instruction. */
  readonly labels: readonly string[];
  /**
   * `raceway ablate` under lkmm: the dependency of this kind that the instruction's events carry
   * (addr, data) or that its branch starts (ctrl) is dropped, as a compiler may break one; the
   * values are unchanged (explore/ablate-dependency.ts). Only the LKMM reads it.
   */
  readonly dropDep?: DependencyKind;
};

/** linux-kernel.cat's dependency relations (herd7's addr, data, ctrl). */
export type DependencyKind = 'addr' | 'data' | 'ctrl';

export interface Code {
  readonly name: string; // e.g. 'CPU 0 task', 'irq handler 0'
  readonly instrs: readonly Instr[];
  readonly localNames: readonly string[];
}

export interface ObjectDecl {
  readonly name: string;
  /** Heap objects can be freed; scalar cells (one field, id 0) cannot. */
  readonly heap: boolean;
  /** fieldId -> memory location, for the fields this object has. */
  readonly fields: ReadonlyMap<number, number>;
  /** The pool this object is a slot of (Program.pools): unallocated until kmalloc hands it out. */
  readonly pool?: number;
}

/** A bounded pool of heap objects of one shape, for kmalloc and kmem_cache_alloc (ops/pool.ts). */
export interface PoolDecl {
  readonly name: string;
  /** Its slots' object indexes, in the order allocation hands them out. */
  readonly objects: readonly number[];
  /** What an allocation from the empty pool does: return NULL, or stop the run (pool-exhausted). */
  readonly whenEmpty: 'null' | 'exhausted';
}

export interface ArrayDecl {
  readonly name: string;
  readonly base: number; // first memory location
  readonly dims: readonly number[];
}

/**
 * Which readers of an rwlock wait behind a *waiting* writer (ops/locks.ts): all of them (`fair`),
 * none (`unfair`), or, as Linux's qrwlock, readers in task context only (`qrwlock`, the default).
 */
export type RwlockReaders = 'qrwlock' | 'fair' | 'unfair';

export interface LockDecl {
  readonly name: string;
  /**
   * A seqlock_t's lock is a spinlock beside its sequence count (ops/seqcount.ts); `mutex` and
   * `rw_semaphore` are the sleeping locks (ops/mutex.ts).
   */
  readonly kind: 'spinlock' | 'rwlock' | 'seqlock' | 'mutex' | 'rw_semaphore';
  readonly readers: RwlockReaders;
  /** A lock that is a field of a heap object (`b->lock`): that field's memory location, whose object may be freed. */
  readonly at?: number;
  /** A seqlock_t: the cell object holding its sequence count. */
  readonly sequence?: number;
}

/**
 * A task of the scheduler model (ops/sched.ts): it runs `code` on `cpu` (no migration), and its
 * `__state` is the memory location `stateLoc` (TASK_RUNNING is 0), so a store to it is buffered as
 * any store is under TSO.
 */
export interface TaskDecl {
  readonly name: string;
  readonly cpu: number;
  readonly code: number;
  readonly stateLoc: number;
  /**
   * A kworker (ops/workqueue.ts): it starts asleep at the start of its code, TASK_UNINTERRUPTIBLE,
   * and asleep there it is idle, waiting for work, which is how a run may end (not a lost wakeup).
   * `flush`: the word of the wait queue its work's flushers sleep on (enabled.ts stuck()).
   */
  readonly worker?: { readonly flush: number };
}

/** Tasks and their scheduler: present when a scenario names tasks or sleeps (absent: zero cost). */
export interface SchedDecl {
  /** Every task; a CPU's first is the one it runs at the start. */
  readonly tasks: readonly TaskDecl[];
  /** At most this many involuntary context switches per run (a bound of the model: reported when hit). */
  readonly preemptions: number;
}

export interface HandlerDecl {
  readonly kind: HandlerKind;
  readonly name: string;
  readonly cpus: readonly number[];
  /** null: at any step; else only when the interrupted instruction carries one of these labels. */
  readonly at: readonly string[] | null;
  /** Total firings of this declaration in one run, over all its CPUs. */
  readonly max: number;
  /**
   * An RCU callback (kind softirq): it is not raised at random but runs on the CPU that queued it
   * once a grace period has passed (ops/rcu-callbacks.ts). `object`: the object whose callback
   * head it is queued on; its code is the callback called on that object. `kfree`: a
   * kfree_rcu() free (its code is kfree() of the object), which rcu_barrier() does not wait for
   * and kvfree_rcu_barrier() does (ops/rcu-callbacks.ts).
   */
  readonly callback?: { readonly object: number; readonly kfree?: true };
  readonly code: number;
  readonly span: Span;
}

/** An expression over a final state: memory and the task locals of each CPU. */
export type FinalExpr =
  | { readonly kind: 'const'; readonly v: number }
  | { readonly kind: 'mem'; readonly loc: number }
  | { readonly kind: 'local'; readonly cpu: number; readonly slot: number }
  | { readonly kind: 'un'; readonly op: UnaryOp; readonly a: FinalExpr }
  | { readonly kind: 'bin'; readonly op: BinaryOp; readonly a: FinalExpr; readonly b: FinalExpr };

/**
 * A condition on the state a run ends in (herd7's `exists`, `~exists`, `forall`): the explorer
 * reports the final states reached, which satisfy `cond`, and a trace to one that does.
 */
export interface FinalSpec {
  readonly quantifier: 'exists' | 'never' | 'forall';
  readonly cond: FinalExpr;
  readonly text: string;
  readonly span: Span;
  /** The values shown for each final state, in order (e.g. `0:r0`, `x`). */
  readonly observe: readonly { readonly name: string; readonly expr: FinalExpr }[];
  /**
   * A litmus test's `filter` clause: herd7 discards the executions whose final state fails it,
   * their flags (data-race) with them (herd/test_herd.ml). The explorers report final states
   * whatever it says (litmus/verdict.ts counts only the kept ones); the LKMM explorer leaves out
   * the findings of an execution it discards.
   */
  readonly filter?: FinalExpr;
}

export interface Program {
  readonly scenario: string;
  readonly variant: string;
  readonly strategy: string;
  readonly file: string;
  readonly cpus: number;
  /** `lkmm` programs are explored by explore/lkmm (exhaustive.ts hands them over), not by moves. */
  readonly memoryModel: MemoryModelName;
  /**
   * false: the machine does not look for data races under sc and tso (machine/race.ts); absent
   * or true, it does. The LKMM's data-race flag is its own (explore/lkmm).
   */
  readonly dataRaces?: boolean;
  /** Capacity of each CPU's store buffer under TSO (a bound of the model, reported when hit). */
  readonly storeBufferSize: number;
  readonly fieldNames: readonly string[]; // fieldId -> name; id 0 is '' (a scalar cell's value)
  readonly objects: readonly ObjectDecl[];
  readonly arrays: readonly ArrayDecl[];
  readonly locks: readonly LockDecl[];
  /** Pools of objects allocated at run time (absent: none). */
  readonly pools?: readonly PoolDecl[];
  /** SRCU domains (srcu_structs) by name; absent: none (ops/srcu.ts). */
  readonly srcus?: readonly string[];
  /** Number of memory words and their initial values. */
  readonly memInit: readonly number[];
  /** Memory location -> owning object index, or -1 for array elements. */
  readonly locOwner: readonly number[];
  /** Memory location -> whether it was declared with a pointer or NULL (so 0 prints as NULL). */
  readonly pointerLocs: readonly boolean[];
  /** Memory location -> printable name (`bucket->first`, `slot[1]`). */
  readonly locNames: readonly string[];
  readonly codes: readonly Code[];
  /** Per CPU: the task program's code index, or -1 for an idle CPU (with `sched`: its first task's). */
  readonly tasks: readonly number[];
  /** Several tasks per CPU, preemption and sleeping (ops/sched.ts); absent: one task per CPU, never preempted. */
  readonly sched?: SchedDecl;
  readonly handlers: readonly HandlerDecl[];
  /** A condition on final states, or null. */
  readonly final: FinalSpec | null;
  /** Per-run step bound: a run longer than this is reported as a livelock. */
  readonly maxSteps: number;
  /** A printable fingerprint of everything above, for replay tokens. */
  readonly fingerprint: string;
}

export function pointerTo(objectIndex: number): number {
  return PTR_BASE + objectIndex;
}

/** The object a value points to, or -1 when it is not a pointer to a declared object. */
export function pointee(program: Program, value: number): number {
  const i = value - PTR_BASE;
  return i >= 0 && i < program.objects.length ? i : -1;
}
