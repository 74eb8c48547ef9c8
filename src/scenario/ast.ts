// The scenario file as a typed tree with spans, before names are resolved. Pure data.
import type { Span } from '../common/span.js';
import type { HandlerKind, MemoryModelName, RwlockReaders } from '../machine/program.js';
import type { ExprAst, ForHeaderAst, StmtAst } from './syntax/ast.js';

export interface Named {
  readonly name: string;
  readonly span: Span;
}

/** An initial value: an integer, NULL, a constant or an object name (a pointer to it). */
export type ValueAst = { readonly k: 'int'; readonly v: number; readonly span: Span } | { readonly k: 'name'; readonly name: string; readonly span: Span };

export type StatementNode =
  | { readonly k: 'simple'; readonly stmt: StmtAst; readonly text: string; readonly span: Span }
  | { readonly k: 'if'; readonly cond: ExprAst; readonly then: readonly StatementNode[]; readonly else: readonly StatementNode[]; readonly text: string; readonly span: Span }
  /** `doWhile`: C's `do { body } while (cond)`, the condition tested after each run of the body. */
  | { readonly k: 'while'; readonly cond: ExprAst; readonly body: readonly StatementNode[]; readonly bound: number; readonly text: string; readonly span: Span; readonly doWhile?: boolean }
  | { readonly k: 'for'; readonly header: ForHeaderAst; readonly body: readonly StatementNode[]; readonly bound: number | null; readonly text: string; readonly span: Span }
  | { readonly k: 'label'; readonly name: string; readonly span: Span };

export interface ProcedureAst extends Named {
  readonly params: readonly Named[];
  readonly body: readonly StatementNode[];
  /** Its signature did not parse: its parameters are unknown, so calls to it skip the arity check. */
  readonly broken?: boolean;
}

export interface CellDecl extends Named { readonly init: ValueAst | null }
export interface ArrayDeclAst extends Named {
  /** Dimensions; 'cpus' is the CPU count. Per-CPU cells are arrays whose first dimension is 'cpus'. */
  readonly dims: readonly (number | 'cpus')[];
  readonly init: ValueAst | null;
}
/** A lock's kind as declared: `spinlock`, `rwlock` (the kernel's qrwlock), `rwlock fair|unfair`, `seqlock`, `mutex`, `rw_semaphore`. */
export interface LockKindAst { readonly kind: 'spinlock' | 'rwlock' | 'seqlock' | 'mutex' | 'rw_semaphore'; readonly readers: RwlockReaders }
/** A field is a value, or a lock (`lock: spinlock`): a lock that lives in the object. */
export interface ObjectDeclAst extends Named { readonly fields: readonly (Named & { readonly init: ValueAst | null; readonly lock?: LockKindAst })[] }
/** A pool of `size` objects with these fields (all 0 at first) for kmalloc() and kmem_cache_alloc(). */
export interface PoolDeclAst extends Named {
  readonly fields: readonly Named[];
  readonly size: number;
  /** What kmalloc() of an empty pool does: return NULL, or end the run as pool-exhausted. */
  readonly whenEmpty: 'null' | 'exhausted';
}
export interface LockDeclAst extends Named, LockKindAst {}

export interface StateAst {
  readonly cells: readonly CellDecl[];
  readonly arrays: readonly ArrayDeclAst[];
  readonly objects: readonly ObjectDeclAst[];
  readonly locks: readonly LockDeclAst[];
  /** Absent: none. */
  readonly pools?: readonly PoolDeclAst[];
  /** `srcu: { ss: srcu_struct }`: SRCU domains (ops/srcu.ts); absent: none. */
  readonly srcu?: readonly Named[];
  /**
   * `waits: { wq: wait_queue_head, done: completion }`: wait queue heads and completions
   * (ops/waitqueue.ts, ops/completion.ts), as DECLARE_WAIT_QUEUE_HEAD() and DECLARE_COMPLETION()
   * declare them; absent: none.
   */
  readonly waits?: readonly WaitDeclAst[];
  /** `works: { w: { func: fn, cpu: 1 } }`: work items, DECLARE_WORK(w, fn), run by a kworker on that CPU (ops/workqueue.ts); absent: none. */
  readonly works?: readonly WorkDeclAst[];
}
export interface WaitDeclAst extends Named { readonly kind: 'wait_queue_head' | 'completion' }
export interface WorkDeclAst extends Named { readonly func: Named; readonly cpu: number }

export interface ProgramAst {
  /** A CPU number, or '*' for every CPU not given a program of its own. */
  readonly cpu: number | '*';
  readonly body: readonly StatementNode[];
  readonly span: Span;
  /** `task NAME on cpu N:`: one of several tasks of the CPU, by name (ops/sched.ts). */
  readonly task?: Named;
}

export interface InterruptAst {
  readonly kind: HandlerKind;
  readonly name: string;
  /** CPU numbers, or 'all'. */
  readonly cpus: readonly number[] | 'all';
  readonly at: readonly Named[] | null;
  readonly max: number;
  readonly body: readonly StatementNode[];
  readonly span: Span;
}

export interface StrategyAst extends Named {
  readonly description: string;
  readonly state: StateAst;
  readonly procedures: readonly ProcedureAst[];
}

/** An expectation: 'safe', or the exact set of violation kinds expected. */
export interface ExpectAst {
  readonly strategy: Named;
  readonly kinds: readonly Named[]; // empty = safe
  readonly span: Span;
}

/**
 * A condition on the final state (herd7's `exists` / `~exists` / `forall`), over cells, fields,
 * elements and CPU task locals written `0:r0`, with the values to print for each final state.
 */
export interface FinalAst {
  readonly quantifier: 'exists' | 'never' | 'forall';
  readonly cond: ExprAst;
  readonly text: string;
  readonly span: Span;
  /** null: the values the condition reads, in order of first use. */
  readonly observe: readonly { readonly expr: ExprAst; readonly text: string; readonly span: Span }[] | null;
}

export interface VariantAst extends Named {
  readonly description: string;
  readonly interrupts: readonly InterruptAst[] | null;
  readonly cpus: number | null;
  readonly memoryModel: MemoryModelName | null;
  readonly expect: readonly ExpectAst[];
  /** Overrides the scenario's final condition when set. */
  readonly final: FinalAst | null;
  /** Programs that replace the scenario's for the CPUs they name (`cpu *` replaces `cpu *`). */
  readonly programs: readonly ProgramAst[];
  /** Procedures that replace the scenario's of the same name, or add to them. */
  readonly procedures: readonly ProcedureAst[];
  /** Declarations that replace the scenario's of the same name (whatever their kind), or add to them. */
  readonly state: StateAst;
  /** Changes to the scenario's strategies of the same name, merged over them as `procedures` and `state` are. */
  readonly strategies: readonly StrategyAst[];
}

/** A figure measured on real hardware, drawn next to the model's (raceway matrix --plot). */
export interface MeasuredAst {
  readonly strategy: Named;
  /** The CPU count it was measured at, or null when the source does not say. */
  readonly cpus: number | null;
  readonly writerNs: number;
  readonly label: string;
  readonly span: Span;
}

/**
 * What the cost model prices (docs/costs.md): one run of the reader CPU's task is one read-side
 * call, one run of the writer CPU's task one update; totals are for `writerCalls` updates.
 */
export interface WorkloadAst {
  readonly description: string;
  readonly readerCpu: number;
  readonly writerCpu: number;
  readonly writerCalls: number;
  readonly readerCallsPerSecond: number | null;
  readonly measured: readonly MeasuredAst[];
  readonly span: Span;
}

export interface ScenarioAst {
  readonly file: string;
  readonly name: string;
  readonly description: string;
  /** Files whose procedures and strategies this one uses (paths as written; imports.ts reads them). */
  readonly imports: readonly Named[];
  readonly cpus: number;
  readonly memoryModel: MemoryModelName;
  readonly maxSteps: number;
  /** Declared capacity of each CPU's store buffer, or null: enough for the program (store-buffer-size.ts). */
  readonly storeBufferSize: number | null;
  /** `data_races: ignore`: false (machine/race.ts); absent: report them. */
  readonly dataRaces?: false;
  /** `preemptions:` the most involuntary context switches per run (ops/sched.ts); null: the default. */
  readonly preemptions?: number | null;
  readonly constants: readonly (Named & { readonly value: number })[];
  readonly state: StateAst;
  readonly procedures: readonly ProcedureAst[];
  readonly programs: readonly ProgramAst[];
  readonly interrupts: readonly InterruptAst[];
  readonly strategies: readonly StrategyAst[];
  readonly final: FinalAst | null;
  /** Never empty: a file without `variants` has one, named after the scenario. */
  readonly variants: readonly VariantAst[];
  /** The optional `workload:` key, for the cost model. */
  readonly workload: WorkloadAst | null;
  readonly span: Span;
}
