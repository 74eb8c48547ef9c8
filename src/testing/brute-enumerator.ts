// Test support: a deliberately simple, independent enumerator of the final states of a loop-free
// C litmus test under SC and x86-TSO, to check raceway's answers against. It reads the parsed
// test (litmus/parse.ts) and nothing after it: no lowering, no scenario compiler, no machine, no
// explorer. Each process runs as a JavaScript generator that yields before every event another
// process could observe (a load, a store, an atomic, a fence, a lock or RCU operation); a run is
// a schedule, and every schedule is tried by replaying it from the start (stateless model
// checking, Godefroid, VeriSoft, POPL 1997), without any reduction.
//
// Semantics, written down here from their sources, not from raceway's code:
// - SC: one shared memory, each event atomic (Lamport 1979).
// - TSO: x86-TSO (Sewell et al., CACM 2010): a FIFO store buffer per process; a load reads the
//   newest buffered store to its location, else memory; any buffered store may drain at any
//   time, oldest first; smp_mb() and locked read-modify-writes (every xchg/cmpxchg/atomic_*
//   RMW) need an empty buffer; smp_rmb(), smp_wmb() and smp_mb__*() are compiler barriers on x86
//   (arch/x86/include/asm/barrier.h); release stores and acquire loads are plain MOVs.
// - Values are int32 (herd7 runs C with Int32Value, herd/CParseTest.ml); a pointer is the name
//   of the location it points to; NULL is 0.
// - Spinlocks (SC only): spin_lock waits for a free lock; RCU (SC only): synchronize_rcu waits
//   until every process that was inside a read-side section when it started has left it.
import type { CStmt, CondLoc, LitmusAst, ProcAst } from '../litmus/ast.js';
import type { ExprAst } from '../scenario/syntax/ast.js';

export type Model = 'sc' | 'tso';
type Val = number | string;
type Guard = () => boolean;
type Run<T> = Generator<Guard, T, void>;

/** A construct this enumerator does not model: the caller leaves the test out of the comparison. */
export class NotModelled extends Error {}

export interface Enumeration {
  /** Each final state as `loc=value` joined by `; `, in the order of `observe`. */
  readonly states: ReadonlySet<string>;
  /** Runs that could not go on with some process unfinished. */
  readonly deadlocks: number;
  readonly runs: number;
}

/** Atomic read-modify-writes of Documentation/atomic_t.txt: where the location is, and the new value. */
const RMW: Readonly<Record<string, { loc: number; arity: number; apply: (old: Val, a: readonly Val[]) => { store: Val | null; result: Val } }>> = {
  xchg: { loc: 0, arity: 2, apply: (o, a) => ({ store: a[1]!, result: o }) },
  cmpxchg: { loc: 0, arity: 3, apply: (o, a) => ({ store: o === a[1]! ? a[2]! : null, result: o }) },
  atomic_add_return: { loc: 1, arity: 2, apply: (o, a) => ({ store: (num(o) + num(a[0]!)) | 0, result: (num(o) + num(a[0]!)) | 0 }) },
  atomic_sub_return: { loc: 1, arity: 2, apply: (o, a) => ({ store: (num(o) - num(a[0]!)) | 0, result: (num(o) - num(a[0]!)) | 0 }) },
  atomic_inc_return: { loc: 0, arity: 1, apply: (o) => ({ store: (num(o) + 1) | 0, result: (num(o) + 1) | 0 }) },
  atomic_dec_return: { loc: 0, arity: 1, apply: (o) => ({ store: (num(o) - 1) | 0, result: (num(o) - 1) | 0 }) },
  atomic_fetch_add: { loc: 1, arity: 2, apply: (o, a) => ({ store: (num(o) + num(a[0]!)) | 0, result: o }) },
  atomic_fetch_sub: { loc: 1, arity: 2, apply: (o, a) => ({ store: (num(o) - num(a[0]!)) | 0, result: o }) },
  atomic_fetch_inc: { loc: 0, arity: 1, apply: (o) => ({ store: (num(o) + 1) | 0, result: o }) },
  atomic_fetch_dec: { loc: 0, arity: 1, apply: (o) => ({ store: (num(o) - 1) | 0, result: o }) },
  atomic_add: { loc: 1, arity: 2, apply: (o, a) => ({ store: (num(o) + num(a[0]!)) | 0, result: 0 }) },
  atomic_sub: { loc: 1, arity: 2, apply: (o, a) => ({ store: (num(o) - num(a[0]!)) | 0, result: 0 }) },
  atomic_inc: { loc: 0, arity: 1, apply: (o) => ({ store: (num(o) + 1) | 0, result: 0 }) },
  atomic_dec: { loc: 0, arity: 1, apply: (o) => ({ store: (num(o) - 1) | 0, result: 0 }) },
  atomic_dec_and_test: { loc: 0, arity: 1, apply: (o) => ({ store: (num(o) - 1) | 0, result: ((num(o) - 1) | 0) === 0 ? 1 : 0 }) },
  atomic_xchg: { loc: 0, arity: 2, apply: (o, a) => ({ store: a[1]!, result: o }) },
  atomic_cmpxchg: { loc: 0, arity: 3, apply: (o, a) => ({ store: o === a[1]! ? a[2]! : null, result: o }) },
};
const NO_OPS = new Set(['smp_rmb', 'smp_wmb', 'barrier', 'smp_mb__before_atomic', 'smp_mb__after_atomic', 'smp_mb__after_spinlock', 'smp_mb__after_unlock_lock', 'smp_mb__after_srcu_read_unlock']);

function num(v: Val): number {
  if (typeof v === 'number') return v;
  throw new NotModelled(`arithmetic on the address of ${v}`);
}

const always: Guard = () => true;

/** The shared state of one run. */
class World {
  readonly mem = new Map<string, Val>();
  readonly buffers: [string, Val][][];
  readonly holder = new Map<string, number>();
  readonly rcuDepth: number[];
  readonly rcuExits: number[];
  constructor(readonly model: Model, procs: number) {
    this.buffers = Array.from({ length: procs }, () => []);
    this.rcuDepth = new Array<number>(procs).fill(0);
    this.rcuExits = new Array<number>(procs).fill(0);
  }
  empty(p: number): Guard { return () => this.buffers[p]!.length === 0; }
  read(p: number, loc: string): Val {
    const b = this.buffers[p]!;
    for (let i = b.length - 1; i >= 0; i--) if (b[i]![0] === loc) return b[i]![1];
    return this.mem.get(loc) ?? 0;
  }
  write(p: number, loc: string, v: Val): void {
    if (this.model === 'tso') this.buffers[p]!.push([loc, v]);
    else this.mem.set(loc, v);
  }
}

/** One process: its registers and its code, run as a generator over the shared World. */
class Process {
  readonly regs = new Map<string, Val>();
  private readonly params: ReadonlySet<string>;
  constructor(private readonly w: World, private readonly id: number, proc: ProcAst, init: ReadonlyMap<string, Val>) {
    this.params = new Set(proc.params.map((q) => q.name));
    for (const [n, v] of init) this.regs.set(n, v);
  }

  *block(body: readonly CStmt[]): Run<void> {
    for (const s of body) yield* this.statement(s);
  }

  private *statement(s: CStmt): Run<void> {
    switch (s.k) {
      case 'decl': if (s.init) this.regs.set(s.name, yield* this.eval(s.init)); return;
      case 'assign': {
        if (s.target.k === 'name') { this.regs.set(s.target.name, yield* this.eval(s.value)); return; }
        if (s.target.k !== 'deref') throw new NotModelled(`assignment to a ${s.target.k}`);
        const loc = yield* this.address(s.target.ptr);
        const v = yield* this.eval(s.value);
        yield* this.store(loc, v);
        return;
      }
      case 'expr': yield* this.eval(s.expr); return;
      case 'if': {
        const c = yield* this.eval(s.cond);
        yield* this.block(c !== 0 ? s.then : s.else);
        return;
      }
    }
  }

  /** The location an expression points to. */
  private *address(e: ExprAst): Run<string> {
    const v = yield* this.eval(e);
    if (typeof v !== 'string') throw new NotModelled(`dereference of the integer ${v}`);
    return v;
  }

  /** The location of an lvalue argument (READ_ONCE(*x)). */
  private *lvalue(e: ExprAst): Run<string> {
    if (e.k !== 'deref') throw new NotModelled(`lvalue ${e.k}`);
    return yield* this.address(e.ptr);
  }

  private *load(loc: string): Run<Val> {
    yield always;
    return this.w.read(this.id, loc);
  }

  private *store(loc: string, v: Val): Run<void> {
    yield always;
    this.w.write(this.id, loc, v);
  }

  private *fence(): Run<void> {
    if (this.w.model === 'tso') yield this.w.empty(this.id);
  }

  private *eval(e: ExprAst): Run<Val> {
    switch (e.k) {
      case 'num': return e.value | 0;
      case 'name':
        if (this.params.has(e.name)) return e.name;
        if (e.name === 'NULL' || e.name === 'false') return 0;
        if (e.name === 'true') return 1;
        return this.regs.get(e.name) ?? 0;
      case 'deref': return yield* this.load(yield* this.address(e.ptr));
      case 'unary': {
        const a = yield* this.eval(e.arg);
        if (e.op === '!') return a === 0 ? 1 : 0;
        return e.op === '-' ? -num(a) | 0 : ~num(a);
      }
      case 'binary': {
        if (e.op === '&&' || e.op === '||') {
          const a = yield* this.eval(e.left);
          if ((a !== 0) === (e.op === '||')) return e.op === '||' ? 1 : 0;
          return (yield* this.eval(e.right)) !== 0 ? 1 : 0;
        }
        const a = yield* this.eval(e.left);
        const b = yield* this.eval(e.right);
        if (e.op === '==') return a === b ? 1 : 0;
        if (e.op === '!=') return a !== b ? 1 : 0;
        // herdtools7 lib/symbValue.ml, `add`: a zero offset leaves a symbolic address as it is
        // (the address-dependency idiom `y + (r1 ^ r1)`); any other offset is not modelled here.
        if ((e.op === '+' || e.op === '-') && typeof a === 'string' && b === 0) return a;
        if (e.op === '+' && a === 0 && typeof b === 'string') return b;
        return arith(e.op, num(a), num(b));
      }
      case 'call': return yield* this.call(e);
      default: throw new NotModelled(`expression ${e.k}`);
    }
  }

  private *call(e: Extract<ExprAst, { k: 'call' }>): Run<Val> {
    const name = e.callee;
    const a = e.args;
    switch (name) {
      case 'READ_ONCE': case 'rcu_dereference': case 'rcu_access_pointer': return yield* this.load(yield* this.lvalue(a[0]!));
      case 'smp_load_acquire': case 'atomic_read': case 'atomic_read_acquire': return yield* this.load(yield* this.address(a[0]!));
      case 'WRITE_ONCE': case 'rcu_assign_pointer': case 'smp_store_mb': {
        const loc = yield* this.lvalue(a[0]!);
        yield* this.store(loc, yield* this.eval(a[1]!));
        if (name === 'smp_store_mb') yield* this.fence();
        return 0;
      }
      case 'smp_store_release': case 'atomic_set': case 'atomic_set_release': {
        const loc = yield* this.address(a[0]!);
        yield* this.store(loc, yield* this.eval(a[1]!));
        return 0;
      }
      case 'smp_mb': yield* this.fence(); return 0;
      case 'spin_lock': case 'spin_unlock': case 'spin_trylock': case 'spin_is_locked': return yield* this.lock(name, yield* this.address(a[0]!));
      case 'rcu_read_lock': case 'rcu_read_unlock': case 'synchronize_rcu': case 'synchronize_rcu_expedited': return yield* this.rcu(name);
      default: break;
    }
    if (NO_OPS.has(name)) return 0;
    const base = Object.hasOwn(RMW, name) ? name : name.replace(/_(relaxed|acquire|release)$/, '');
    const rmw = Object.hasOwn(RMW, base) ? RMW[base] : undefined;
    if (!rmw || rmw.arity !== a.length) throw new NotModelled(`${name}()`);
    const args: Val[] = [];
    for (const x of a) args.push(yield* this.eval(x));
    const loc = args[rmw.loc];
    if (typeof loc !== 'string') throw new NotModelled(`${name}() on an integer`);
    // A locked instruction: an empty buffer, then read and write memory in one event.
    yield this.w.model === 'tso' ? this.w.empty(this.id) : always;
    const r = rmw.apply(this.w.mem.get(loc) ?? 0, args);
    if (r.store !== null) this.w.mem.set(loc, r.store);
    return r.result;
  }

  private *lock(name: string, s: string): Run<Val> {
    if (this.w.model === 'tso') throw new NotModelled('locks under TSO');
    const free = () => !this.w.holder.has(s);
    if (name === 'spin_lock') { yield free; this.w.holder.set(s, this.id); return 0; }
    yield always;
    if (name === 'spin_unlock') { this.w.holder.delete(s); return 0; }
    if (name === 'spin_is_locked') return free() ? 0 : 1;
    if (!free()) return 0;
    this.w.holder.set(s, this.id);
    return 1;
  }

  private *rcu(name: string): Run<Val> {
    if (this.w.model === 'tso') throw new NotModelled('RCU under TSO');
    const w = this.w;
    yield always;
    if (name === 'rcu_read_lock') { w.rcuDepth[this.id]!++; return 0; }
    if (name === 'rcu_read_unlock') { if (--w.rcuDepth[this.id]! === 0) w.rcuExits[this.id]!++; return 0; }
    // A grace period waits for the readers in a section when it starts, and for no others.
    const waitFor = w.rcuDepth.map((d, p) => (d > 0 && p !== this.id ? w.rcuExits[p]! : -1));
    yield () => waitFor.every((e, p) => e < 0 || w.rcuExits[p]! > e);
    return 0;
  }
}

function arith(op: string, a: number, b: number): number {
  switch (op) {
    case '+': return (a + b) | 0;
    case '-': return (a - b) | 0;
    case '*': return Math.imul(a, b);
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '<': return a < b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '<<': return a << b;
    case '>>': return a >> b;
    default: throw new NotModelled(`operator ${op}`);
  }
}

/**
 * Every final state of `ast` under `model`, shown over `observe` (registers as `0:r0`, shared
 * locations by name), by trying every schedule. Throws NotModelled for what it does not model,
 * and an Error past `maxRuns` schedules.
 */
export function enumerate(ast: LitmusAst, model: Model, observe: readonly CondLoc[], maxRuns = 200_000): Enumeration {
  if (ast.handlers.length > 0) throw new NotModelled('interrupt handlers');
  const states = new Set<string>();
  let deadlocks = 0;
  let runs = 0;
  // Depth-first over schedules: `prefix` holds the choice made at each point of the current run.
  const prefix: { choice: number; options: number }[] = [];
  for (;;) {
    if (++runs > maxRuns) throw new Error(`more than ${maxRuns} schedules`);
    const r = replay(ast, model, prefix);
    if (r.final === null) deadlocks++;
    else states.add(observe.map((l) => `${l.k === 'reg' ? `${l.cpu}:${l.name}` : l.name}=${r.final!(l)}`).join('; '));
    // Next schedule: bump the deepest choice that has an untried option, drop what follows it.
    while (prefix.length > 0 && prefix[prefix.length - 1]!.choice + 1 >= prefix[prefix.length - 1]!.options) prefix.pop();
    if (prefix.length === 0) return { states, deadlocks, runs };
    prefix[prefix.length - 1]!.choice++;
  }
}

/** Runs one schedule: follows `prefix`, then takes the first option at every later point, recording it. */
function replay(ast: LitmusAst, model: Model, prefix: { choice: number; options: number }[]): { final: ((l: CondLoc) => string) | null } {
  const w = new World(model, ast.procs.length);
  for (const d of ast.init) {
    if (d.value) w.mem.set(d.name, d.value.k === 'int' ? d.value.v | 0 : d.value.name === 'NULL' ? 0 : d.value.name);
  }
  const procs = ast.procs.map((p, i) => {
    const init = new Map<string, Val>();
    for (const r of ast.regInit) if (r.cpu === i) init.set(r.name, r.value === null ? 0 : r.value.k === 'int' ? r.value.v | 0 : r.value.name);
    return new Process(w, i, p, init);
  });
  const gens = procs.map((p, i) => p.block(ast.procs[i]!.body));
  // Each process's pending guard (what its next event waits for), or null once it has finished.
  const pending: (Guard | null)[] = gens.map((g) => { const n = g.next(); return n.done ? null : n.value; });
  for (let depth = 0; ; depth++) {
    const options: (() => void)[] = [];
    pending.forEach((guard, p) => {
      if (guard && guard()) options.push(() => { const n = gens[p]!.next(); pending[p] = n.done ? null : n.value; });
    });
    w.buffers.forEach((b, p) => {
      if (b.length > 0) options.push(() => { const [loc, v] = b.shift()!; w.mem.set(loc, v); });
    });
    if (options.length === 0) break;
    if (depth === prefix.length) prefix.push({ choice: 0, options: options.length });
    options[prefix[depth]!.choice]!();
  }
  if (pending.some((g) => g !== null)) return { final: null };
  return {
    final: (l) => {
      const v = l.k === 'reg' ? procs[l.cpu]?.regs.get(l.name) ?? 0 : w.mem.get(l.name) ?? 0;
      return String(v);
    },
  };
}
