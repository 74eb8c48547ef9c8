// The global names of one (scenario, variant, strategy): constants, cells, objects and their
// fields, arrays, locks; and the memory they occupy. Pure.
import type { Diagnostic } from '../../common/diagnostic.js';
import type { Span } from '../../common/span.js';
import { suggest } from '../../common/suggest.js';
import { pointerTo, type ArrayDecl, type LockDecl, type ObjectDecl, type PoolDecl } from '../../machine/program.js';
import type { ScenarioAst, StateAst, ValueAst } from '../ast.js';

export type GlobalSymbol =
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'cell'; readonly object: number }
  | { readonly kind: 'object'; readonly object: number }
  | { readonly kind: 'array'; readonly array: number }
  | { readonly kind: 'lock'; readonly lock: number }
  | { readonly kind: 'pool'; readonly pool: number }
  | { readonly kind: 'srcu'; readonly srcu: number }
  /**
   * A wait queue head (ops/waitqueue.ts) or a completion (ops/completion.ts), declared under
   * `state: waits`: `loc` is its first memory word, the cell `object`'s (a completion's second
   * word, its queue, is the next cell's).
   */
  | { readonly kind: 'wait_queue_head' | 'completion'; readonly object: number; readonly loc: number }
  /** A task of the scheduler model (ops/sched.ts): its index in Program.sched.tasks. */
  | { readonly kind: 'task'; readonly task: number }
  /**
   * A work item declared under `state: works` (ops/workqueue.ts): `loc` is its word, work->data,
   * in the cell `object`; `flush` the word of the wait queue its flushers sleep on (the next
   * cell); `task` its kworker's index in Program.sched.tasks.
   */
  | { readonly kind: 'work'; readonly object: number; readonly loc: number; readonly flush: number; readonly task: number };

/** The name of the kworker task that runs work item `work` (ops/workqueue.ts). */
export function kworkerName(work: string): string {
  return `kworker/${work}`;
}

export interface Symbols {
  readonly globals: ReadonlyMap<string, GlobalSymbol>;
  readonly fieldNames: readonly string[];
  readonly fieldIds: ReadonlyMap<string, number>;
  readonly objects: readonly ObjectDecl[];
  readonly arrays: readonly ArrayDecl[];
  readonly locks: readonly LockDecl[];
  readonly pools: readonly PoolDecl[];
  /** The arrays declared under `percpu:` (first dimension the CPU count), by name. */
  readonly percpu: ReadonlySet<string>;
  /** The srcu_structs' names, by index (ops/srcu.ts). */
  readonly srcus: readonly string[];
  readonly memInit: readonly number[];
  readonly locOwner: readonly number[];
  readonly locNames: readonly string[];
  readonly pointerLocs: readonly boolean[];
  /** Cells declared with an integer initial value: freeing one is a type mistake we can see statically. */
  readonly scalarCells: ReadonlySet<string>;
  /** Lock fields of objects (`b->lock`): field id -> object index -> lock index. */
  readonly fieldLocks: ReadonlyMap<number, ReadonlyMap<number, number>>;
  /** With tasks (ops/sched.ts): by task name, the cell object holding its __state. */
  readonly taskStates: ReadonlyMap<string, number>;
}

const BUILTIN_CONSTANTS: ReadonlyMap<string, number> = new Map([['NULL', 0], ['true', 1], ['false', 0]]);
/** include/linux/sched.h's task states, for set_current_state() (ops/sched.ts). */
const TASK_STATES: ReadonlyMap<string, number> = new Map([['TASK_RUNNING', 0], ['TASK_INTERRUPTIBLE', 1], ['TASK_UNINTERRUPTIBLE', 2]]);

/** A task's name: `task NAME on cpu N`, or `cpu N` for the program of a CPU (ops/sched.ts). */
export function taskNameOf(p: { readonly cpu: number | '*'; readonly task?: { readonly name: string } }): string {
  return p.task?.name ?? `cpu${String(p.cpu)}`;
}

/**
 * `tasks`: the names of the tasks in Program.sched order, when the program has tasks: each gets
 * a cell `NAME->__state`, and the task states' names become constants.
 */
export function buildSymbols(ast: ScenarioAst, extra: StateAst, cpus: number, errors: Diagnostic[], tasks: readonly string[] = []): Symbols {
  const globals = new Map<string, GlobalSymbol>();
  const spans = new Map<string, Span>();
  const declare = (name: string, span: Span, sym: GlobalSymbol): void => {
    if (globals.has(name)) {
      errors.push({ span, message: `'${name}' is declared twice`, expected: 'a name not used before' });
      return;
    }
    globals.set(name, sym);
    spans.set(name, span);
  };
  for (const [n, v] of BUILTIN_CONSTANTS) globals.set(n, { kind: 'constant', value: v });
  globals.set('nr_cpus', { kind: 'constant', value: cpus });
  if (tasks.length > 0) for (const [n, v] of TASK_STATES) globals.set(n, { kind: 'constant', value: v });
  for (const c of ast.constants) declare(c.name, c.span, { kind: 'constant', value: c.value });

  const states = [ast.state, extra];
  const objects: ObjectDecl[] = [];
  const arrays: ArrayDecl[] = [];
  const locks: LockDecl[] = [];
  const pools: PoolDecl[] = [];
  const srcus: string[] = [];
  const percpu = new Set<string>();
  const fieldNames: string[] = [''];
  const fieldIds = new Map<string, number>([['', 0]]);
  const fieldId = (f: string): number => {
    let id = fieldIds.get(f);
    if (id === undefined) { id = fieldNames.length; fieldNames.push(f); fieldIds.set(f, id); }
    return id;
  };
  const memInit: number[] = [];
  const locOwner: number[] = [];
  const locNames: string[] = [];
  const pending: { loc: number; value: ValueAst | null }[] = [];
  const lockFields: { decl: LockDecl; object: number; field: number; span: Span }[] = [];
  const dataFields = new Map<number, Span>();
  const alloc = (owner: number, name: string, value: ValueAst | null): number => {
    const loc = memInit.length;
    memInit.push(0); locOwner.push(owner); locNames.push(name);
    pending.push({ loc, value });
    return loc;
  };

  // Objects first, so initial values can point at any of them.
  for (const st of states) {
    for (const c of st.cells) {
      const i = objects.length;
      declare(c.name, c.span, { kind: 'cell', object: i });
      objects.push({ name: c.name, heap: false, fields: new Map([[0, alloc(i, c.name, c.init)]]) });
    }
    for (const o of st.objects) {
      const i = objects.length;
      declare(o.name, o.span, { kind: 'object', object: i });
      const fields = new Map<number, number>();
      for (const f of o.fields) {
        const id = fieldId(f.name);
        if (fields.has(id)) { errors.push({ span: f.span, message: `field '${f.name}' is declared twice in '${o.name}'` }); continue; }
        // A lock field is a word of the object too (its lock state lives with the other locks),
        // so that taking it after the object is freed is a use-after-free of that word.
        const loc = alloc(i, `${o.name}->${f.name}`, f.lock ? null : f.init);
        fields.set(id, loc);
        if (!f.lock) { dataFields.set(id, f.span); continue; }
        // A seqlock_t field's sequence count is this word itself (LockDecl.at; compile-expr.ts
        // seqLoc), so reading it once the object is freed is a use-after-free, as the kernel's is.
        lockFields.push({ decl: { name: `${o.name}->${f.name}`, kind: f.lock.kind, readers: f.lock.readers, at: loc }, object: i, field: id, span: f.span });
      }
      objects.push({ name: o.name, heap: true, fields });
    }
    // A pool's slots are heap objects no name reaches: only kmalloc() hands out their addresses.
    for (const pl of st.pools ?? []) {
      const slots: number[] = [];
      for (let k = 0; k < pl.size; k++) {
        const i = objects.length;
        const name = `${pl.name}[${k}]`;
        const fields = new Map<number, number>();
        for (const f of pl.fields) {
          const id = fieldId(f.name);
          if (fields.has(id)) { if (k === 0) errors.push({ span: f.span, message: `field '${f.name}' is declared twice in pool '${pl.name}'` }); }
          else fields.set(id, alloc(i, `${name}->${f.name}`, null));
        }
        objects.push({ name, heap: true, fields, pool: pools.length });
        slots.push(i);
      }
      declare(pl.name, pl.span, { kind: 'pool', pool: pools.length });
      pools.push({ name: pl.name, objects: slots, whenEmpty: pl.whenEmpty });
    }
  }
  for (const st of states) {
    for (const a of st.arrays) {
      const dims = a.dims.map((d) => (d === 'cpus' ? cpus : d));
      const total = dims.reduce((x, y) => x * y, 1);
      if (total > 4096) { errors.push({ span: a.span, message: `array '${a.name}' has ${total} elements`, expected: 'at most 4096' }); continue; }
      declare(a.name, a.span, { kind: 'array', array: arrays.length });
      if (a.dims[0] === 'cpus') percpu.add(a.name);
      const base = memInit.length;
      for (let k = 0; k < total; k++) {
        let rest = k;
        const idx = dims.map((_, d) => { const stride = dims.slice(d + 1).reduce((x, y) => x * y, 1); const v = Math.floor(rest / stride); rest %= stride; return v; });
        alloc(-1, `${a.name}${idx.map((v) => `[${v}]`).join('')}`, a.init);
      }
      arrays.push({ name: a.name, base, dims });
    }
    for (const l of st.locks) {
      declare(l.name, l.span, { kind: 'lock', lock: locks.length });
      if (l.kind !== 'seqlock') { locks.push({ name: l.name, kind: l.kind, readers: l.readers }); continue; }
      // A seqlock_t: its sequence count is a cell of its own (`sl.seqcount`, not a name a scenario
      // can write: the seqlock primitives reach it), its lock a spinlock (include/linux/seqlock.h).
      const cell = objects.length;
      objects.push({ name: `${l.name}.seqcount`, heap: false, fields: new Map([[0, alloc(cell, `${l.name}.seqcount`, null)]]) });
      locks.push({ name: l.name, kind: 'seqlock', readers: l.readers, sequence: cell });
    }
    for (const d of st.srcu ?? []) {
      declare(d.name, d.span, { kind: 'srcu', srcu: srcus.length });
      srcus.push(d.name);
    }
    // A wait queue head is one word, the set of queued entries; a completion two, `done` and its
    // queue of waiters (ops/waitqueue.ts, ops/completion.ts). Cells of their own, which no name
    // of the scenario reaches but the wait primitives'.
    for (const d of st.waits ?? []) {
      const words = d.kind === 'completion' ? [`${d.name}.done`, `${d.name}.wait`] : [d.name];
      const object = objects.length;
      const locs = words.map((w) => {
        const cell = objects.length;
        const loc = alloc(cell, w, null);
        objects.push({ name: w, heap: false, fields: new Map([[0, loc]]) });
        return loc;
      });
      declare(d.name, d.span, { kind: d.kind, object, loc: locs[0]! });
    }
    // A work item is its word, work->data, and the wait queue its flushers sleep on: cells of
    // their own, reached only by the workqueue primitives (scenario/lower/compile-work.ts).
    for (const d of st.works ?? []) {
      const object = objects.length;
      const [loc, flush] = [d.name, `${d.name}.flush`].map((w) => {
        const cell = objects.length;
        const at = alloc(cell, w, null);
        objects.push({ name: w, heap: false, fields: new Map([[0, at]]) });
        return at;
      }) as [number, number];
      declare(d.name, d.span, { kind: 'work', object, loc, flush, task: tasks.indexOf(kworkerName(d.name)) });
    }
  }
  // Each task's __state is a cell of its own (TASK_RUNNING at first), after every declared word.
  const taskStates = new Map<string, number>();
  const workers = new Set(states.flatMap((st) => st.works ?? []).map((w) => kworkerName(w.name)));
  tasks.forEach((name, t) => {
    const cell = objects.length;
    if (!name.startsWith('cpu') && !workers.has(name)) globals.set(name, { kind: 'task', task: t });
    // A kworker starts asleep, idle (ops/workqueue.ts): TASK_UNINTERRUPTIBLE, include/linux/sched.h's 2.
    const init: ValueAst | null = workers.has(name) ? { k: 'int', v: 2, span: { file: ast.file, start: 0, end: 0 } } : null;
    objects.push({ name: `${name}->__state`, heap: false, fields: new Map([[0, alloc(cell, `${name}->__state`, init)]]) });
    taskStates.set(name, cell);
  });
  const fieldLocks = new Map<number, Map<number, number>>();
  for (const f of lockFields) {
    if (dataFields.has(f.field)) errors.push({ span: f.span, message: `field '${fieldNames[f.field]}' is a lock here and a value in another object`, expected: 'a field name used for locks only, so p->f names a lock whatever p points to' });
    let m = fieldLocks.get(f.field);
    if (!m) { m = new Map(); fieldLocks.set(f.field, m); }
    m.set(f.object, locks.length);
    locks.push(f.decl);
  }
  const pointerLocs = memInit.map(() => false);
  for (const { loc, value } of pending) {
    memInit[loc] = value ? initialValue(value, globals, errors) : 0;
    pointerLocs[loc] = value?.k === 'name' && (value.name === 'NULL' || globals.get(value.name)?.kind === 'object');
  }
  const scalarCells = new Set(states.flatMap((st) => st.cells).filter((c) => c.init?.k === 'int').map((c) => c.name));
  return { globals, fieldNames, fieldIds, objects, arrays, locks, pools, srcus, percpu, memInit, locOwner, locNames, pointerLocs, scalarCells, fieldLocks, taskStates };
}

function initialValue(v: ValueAst, globals: ReadonlyMap<string, GlobalSymbol>, errors: Diagnostic[]): number {
  if (v.k === 'int') return v.v;
  const g = globals.get(v.name);
  if (g?.kind === 'constant') return g.value;
  if (g?.kind === 'object' || g?.kind === 'cell') return pointerTo(g.object);
  const s = suggest(v.name, [...globals.keys()]);
  errors.push({ span: v.span, message: `'${v.name}' is not a constant or an object`, expected: 'an integer, NULL, a constant or an object name', ...(s ? { hint: `did you mean '${s}'?` } : {}) });
  return 0;
}
