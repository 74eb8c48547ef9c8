// Expressions and locations of one statement, resolved against a scope: ExprAst -> Expr / Loc.
// Reports mistakes as diagnostics and returns a harmless placeholder, so one pass finds them all.
import { assertNever } from '../../common/assert-never.js';
import type { Diagnostic } from '../../common/diagnostic.js';
import type { Span } from '../../common/span.js';
import { suggest } from '../../common/suggest.js';
import type { Lowering, PrimitiveName } from '../../machine/ops/family.js';
import { primitiveNamed, primitiveNames } from '../../machine/ops/registry.js';
import { PTR_BASE, pointerTo, type Expr, type Loc } from '../../machine/program.js';
import type { ArgRole } from '../../machine/ops/family.js';
import type { ExprAst } from '../syntax/ast.js';
import type { Symbols } from './symbols.js';

/** Names visible inside the code being compiled, innermost first. */
export interface Scope {
  /** Locals and unsubstituted parameters -> slot. */
  readonly locals: ReadonlyMap<string, number>;
  /** Parameters bound to a constant or to a caller's local, and unrolled loop variables. */
  readonly bound: ReadonlyMap<string, Expr>;
  /** Parameters that a caller passed a lock (`f(&b->lock)`, `f(graph_lock)`). */
  readonly locks?: ReadonlyMap<string, LockRef>;
}

/** The kinds of lock a primitive's argument role asks for. */
export type LockWanted = 'spinlock' | 'rwlock' | 'seqlock' | 'mutex' | 'rw_semaphore';

/**
 * The lock an argument names: one known when the code is compiled (a declared lock, a lock field
 * of a named object or of a pointer bound to one), or a lock field reached through a pointer known
 * only at run time, which the code compiler turns into a test of the pointer against each object
 * that has that field (`candidates`: object index -> lock index).
 */
export type LockRef =
  | { readonly kind: 'static'; readonly lock: number }
  | { readonly kind: 'dynamic'; readonly ptr: Expr; readonly field: number; readonly candidates: ReadonlyMap<number, number> };

/** Whether `name` is a primitive with a value (a load, an atomic, a lock test): ops/registry.ts. */
export function isValuePrimitive(name: string): boolean {
  const to = primitiveNamed(name)?.lower.to;
  return to === 'load' || to === 'rmw' || to === 'lock_value' || to === 'seq_retry' || to === 'hoist' || to === 'context_test';
}

/** Lowers a hoisted primitive's call (compile-hoisted.ts) and returns the local with its value. */
export type Hoister = (prim: PrimitiveName, low: Extract<Lowering, { to: 'hoist' }>, e: Extract<ExprAst, { k: 'call' }>, scope: Scope) => number;

/** Every primitive with a value, for "did you mean". */
const VALUE_PRIMITIVES: readonly string[] = primitiveNames().filter(isValuePrimitive);

export class ExprCompiler {
  constructor(
    private readonly sym: Symbols,
    /** The file of the expressions compiled now: an imported procedure's while it is inlined. */
    public file: string,
    private readonly errors: Diagnostic[],
    /** Names of user procedures: a call to one inside an expression is an error. */
    private readonly procedures: ReadonlySet<string>,
  ) {}

  /** Operations that are statements only (smp_mb, spin_lock, ...): set by the code compiler. */
  statementOps: ReadonlySet<string> = new Set();

  /**
   * Where a hoisted primitive (atomic_try_cmpxchg, kref_put, ...) may run its instructions: set by
   * the code compiler around the statements that allow one, unset in conditions that must be one
   * step (wait_until, assert) and in the final condition.
   */
  hoist: Hoister | undefined = undefined;

  /** How deep in the right operand of && or ||, where C may not evaluate a call at all. */
  private conditional = 0;

  /** Where each shared access (load, atomic, trylock) was written: rows and errors name it. */
  readonly accessSites = new WeakMap<Expr, { start: number; end: number }>();

  private access<T extends Expr>(node: T, at: { start: number; end: number }): T {
    this.accessSites.set(node, { start: at.start, end: at.end });
    return node;
  }

  span(n: { start: number; end: number }): Span {
    return { file: this.file, start: n.start, end: n.end };
  }

  error(n: { start: number; end: number }, message: string, expected?: string, hint?: string, code?: string): void {
    this.errors.push({ span: this.span(n), message, ...(expected ? { expected } : {}), ...(hint ? { hint } : {}), ...(code ? { code } : {}) });
  }

  private undefinedName(e: { start: number; end: number; name: string }, scope: Scope): void {
    const names = [...scope.locals.keys(), ...scope.bound.keys(), ...this.sym.globals.keys(), 'this_cpu', 'this_context'];
    const s = suggest(e.name, names);
    this.error(e, `undefined name '${e.name}'`, 'a local, a parameter, a cell, an object or a constant', s ? `did you mean '${s}'?` : undefined);
  }

  expr(e: ExprAst, scope: Scope): Expr {
    switch (e.k) {
      case 'num':
        if (e.value > 0xffffffff) this.error(e, 'integer literal out of range', 'a 32-bit integer');
        return { kind: 'const', v: e.value | 0 };
      case 'name': {
        if (e.name === 'this_cpu') return { kind: 'this_cpu' };
        if (e.name === 'this_context') return { kind: 'this_context' };
        const slot = scope.locals.get(e.name);
        if (slot !== undefined) return { kind: 'local', slot };
        const b = scope.bound.get(e.name);
        if (b) return b;
        const g = this.sym.globals.get(e.name);
        if (!g) { this.undefinedName(e, scope); return { kind: 'const', v: 0 }; }
        switch (g.kind) {
          case 'constant': return { kind: 'const', v: g.value };
          case 'object': return { kind: 'const', v: pointerTo(g.object) };
          case 'cell': return this.access({ kind: 'load', loc: { kind: 'deref', ptr: { kind: 'const', v: pointerTo(g.object) }, field: 0 }, order: 'plain' }, e);
          case 'array': this.error(e, `array '${e.name}' needs an index`, `${e.name}[i]`); return { kind: 'const', v: 0 };
          case 'lock': this.error(e, `lock '${e.name}' has no value`, 'a lock operation such as spin_lock(' + e.name + ')'); return { kind: 'const', v: 0 };
          case 'pool': this.error(e, `pool '${e.name}' has no value`, `an allocation such as p = kmalloc(${e.name})`); return { kind: 'const', v: 0 };
          case 'task': this.error(e, `task '${e.name}' has no value`, `a scheduler call such as wake_up_process(${e.name})`); return { kind: 'const', v: 0 };
          case 'wait_queue_head': case 'completion': this.error(e, `${g.kind} '${e.name}' has no value`, g.kind === 'completion' ? `a completion call such as completion_done(&${e.name})` : `a wait queue call such as waitqueue_active(&${e.name})`); return { kind: 'const', v: 0 };
        }
        return { kind: 'const', v: 0 };
      }
      case 'field':
      case 'index':
      case 'deref':
        return this.access({ kind: 'load', loc: this.loc(e, scope), order: 'plain' }, e);
      case 'addr': {
        const of = e.of;
        if (of.k === 'name') {
          const g = this.sym.globals.get(of.name);
          if (g?.kind === 'cell' || g?.kind === 'object') return { kind: 'const', v: pointerTo(g.object) };
        }
        this.error(e, `cannot take the address of this expression`, '&cell or &object');
        return { kind: 'const', v: 0 };
      }
      case 'unary': {
        // Folded on a constant, so `slot[-1]` is an index known to be out of range.
        const a = this.expr(e.arg, scope);
        if (a.kind === 'const') return { kind: 'const', v: e.op === '-' ? -a.v | 0 : e.op === '~' ? ~a.v : a.v === 0 ? 1 : 0 };
        return { kind: 'un', op: e.op, a };
      }
      case 'binary': {
        const a = this.expr(e.left, scope);
        const lazy = e.op === '&&' || e.op === '||';
        if (lazy) this.conditional++;
        const b = this.expr(e.right, scope);
        if (lazy) this.conditional--;
        return { kind: 'bin', op: e.op, a, b };
      }
      case 'call': return this.call(e, scope);
    }
  }

  /** A bit operation's bit number: a constant from 0 to 31 (one machine word). */
  bitNumber(e: ExprAst, scope: Scope, callee: string): number {
    const v = this.expr(e, scope);
    if (v.kind === 'const' && v.v >= 0 && v.v < 32) return v.v;
    this.error(e, v.kind === 'const' ? `${callee}() of bit ${v.v}, outside the word` : `${callee}() takes a constant bit number`, 'a constant from 0 to 31', 'a bitmap of several words is an array of cells, one call per word');
    return 0;
  }

  private arity(e: Extract<ExprAst, { k: 'call' }>, n: number): boolean {
    if (e.args.length === n) return true;
    this.error(e, `${e.callee}() takes ${n} argument${n === 1 ? '' : 's'}, not ${e.args.length}`, `${n} argument${n === 1 ? '' : 's'}`);
    return false;
  }

  /** The srcu_struct an SRCU call names (`&ss` or `ss`), declared under `state: srcu`. */
  srcuArg(e: ExprAst, callee: string): number {
    const name = e.k === 'name' ? e.name : e.k === 'addr' && e.of.k === 'name' ? e.of.name : null;
    const g = name === null ? undefined : this.sym.globals.get(name);
    if (g?.kind === 'srcu') return g.srcu;
    const s = name === null ? undefined : suggest(name, [...this.sym.globals].filter(([, v]) => v.kind === 'srcu').map(([k]) => k));
    this.error(e, name !== null && !g ? `undefined srcu_struct '${name}'` : `${callee}() takes an srcu_struct`, "an srcu_struct declared under state: srcu, as &ss", s ? `did you mean '${s}'?` : undefined);
    return 0;
  }

  /**
   * The word of the wait queue head or completion a wait call names (`&wq` or `wq`), declared
   * under `state: waits` (ops/waitqueue.ts, ops/completion.ts).
   */
  waitArg(e: ExprAst, kind: 'wait_queue_head' | 'completion', callee: string): { readonly object: number; readonly loc: number } {
    const name = e.k === 'name' ? e.name : e.k === 'addr' && e.of.k === 'name' ? e.of.name : null;
    const g = name === null ? undefined : this.sym.globals.get(name);
    if (g?.kind === kind) return { object: g.object, loc: g.loc };
    const s = name === null ? undefined : suggest(name, [...this.sym.globals].filter(([, v]) => v.kind === kind).map(([k]) => k));
    this.error(e, name !== null && !g ? `undefined ${kind} '${name}'` : `${callee}() takes a ${kind}`, `a ${kind} declared under state: waits, as &${kind === 'completion' ? 'done' : 'wq'}`, s ? `did you mean '${s}'?` : undefined);
    return { object: 0, loc: 0 };
  }

  /** Compiling a procedure on its own (checkAlone): its parameters may be locks, unknown here. */
  aloneParams: ReadonlySet<string> = new Set();

  /** Whether `e` names a lock (a declared one, a lock parameter, a lock field): a call passes it as one. */
  isLockArg(e: ExprAst, scope: Scope): boolean {
    const of = e.k === 'addr' ? e.of : e;
    if (of.k === 'name') return scope.locks?.has(of.name) === true || this.sym.globals.get(of.name)?.kind === 'lock';
    if (of.k === 'field') { const id = this.sym.fieldIds.get(of.field); return id !== undefined && this.sym.fieldLocks.has(id); }
    return false;
  }

  /** The lock an argument names (LockRef); `wanted` null accepts any kind (a procedure's lock parameter). */
  lockRef(e: ExprAst, wanted: LockWanted | null, callee: string, scope: Scope): LockRef {
    const none: LockRef = { kind: 'static', lock: 0 };
    const expected = `a ${wanted ?? 'lock'} declared under state: locks, a lock field (&p->lock) or a lock parameter`;
    const of = e.k === 'addr' ? e.of : e;
    const check = (lock: number, what: string): void => {
      const decl = this.sym.locks[lock];
      if (decl && wanted !== null && decl.kind !== wanted) this.error(e, `${callee}() needs a ${wanted}, but '${what}' is a ${decl.kind}`, `a ${wanted} declared under state: locks`);
    };
    if (of.k === 'name') {
      const param = scope.locks?.get(of.name);
      if (param) {
        if (param.kind === 'static') check(param.lock, of.name);
        else for (const l of param.candidates.values()) check(l, of.name);
        return param;
      }
      const g = this.sym.globals.get(of.name);
      if (g?.kind === 'lock') { check(g.lock, of.name); return { kind: 'static', lock: g.lock }; }
      if (this.aloneParams.has(of.name)) return none;
      const s = suggest(of.name, [...this.sym.globals].filter(([, v]) => v.kind === 'lock').map(([k]) => k));
      this.error(e, g || scope.locals.has(of.name) || scope.bound.has(of.name) ? `'${of.name}' is not a lock` : `undefined lock '${of.name}'`, expected, s ? `did you mean '${s}'?` : undefined);
      return none;
    }
    if (of.k === 'field') {
      const id = this.sym.fieldIds.get(of.field);
      const candidates = id === undefined ? undefined : this.sym.fieldLocks.get(id);
      if (id === undefined || !candidates) {
        this.error({ start: of.fieldStart, end: of.end }, `no object has a lock field '${of.field}'`, 'a field declared as a lock under state: objects (lock: spinlock)');
        return none;
      }
      const ptr = this.expr(of.obj, scope);
      for (const [obj, lock] of candidates) check(lock, `${this.sym.objects[obj]?.name ?? '?'}->${of.field}`);
      if (ptr.kind !== 'const') return { kind: 'dynamic', ptr, field: id, candidates };
      const obj = ptr.v - PTR_BASE;
      const lock = candidates.get(obj);
      if (lock !== undefined) return { kind: 'static', lock };
      const name = this.sym.objects[obj]?.name;
      this.error(e, name === undefined ? `${callee}() of a lock field through a pointer that is not an object` : `'${name}' has no lock field '${of.field}'`, expected);
      return none;
    }
    this.error(e, `${callee}() takes a lock`, expected);
    return none;
  }

  /**
   * The sequence count a seqcount primitive reads or writes: its pointer argument, or a seqlock's
   * own count (LockDecl.sequence, a cell of its own: ops/seqcount.ts).
   */
  seqLoc(e: ExprAst, role: ArgRole | undefined, callee: string, scope: Scope): Loc {
    if (role !== 'seqlock') return this.loc(e, scope);
    const at = (obj: number, field: number): Loc => ({ kind: 'deref', ptr: { kind: 'const', v: pointerTo(obj) }, field });
    const ref = this.lockRef(e, 'seqlock', callee, scope);
    // A seqlock field (`&p->sl`, p known at run time): its count is the field's word of *p.
    if (ref.kind === 'dynamic') return { kind: 'deref', ptr: ref.ptr, field: ref.field };
    const cell = this.sym.locks[ref.lock]?.sequence;
    if (cell !== undefined) return at(cell, 0);
    for (const [field, objects] of this.sym.fieldLocks) for (const [obj, lock] of objects) if (lock === ref.lock) return at(obj, field);
    return at(0, 0); // an error was reported
  }

  /** A lock an expression tests (a trylock): one known when the code is compiled. */
  staticLock(e: ExprAst, wanted: LockWanted, callee: string, scope: Scope): number {
    const r = this.lockRef(e, wanted, callee, scope);
    if (r.kind === 'static') return r.lock;
    this.error(e, `${callee}() of a lock reached through a pointer known only at run time is not supported inside an expression`, 'a lock named when the code is compiled: a declared lock, a field of a named object, or of a parameter given one', 'take the lock with a statement (spin_lock(&p->lock)), or branch on the pointer first');
    return 0;
  }

  private call(e: Extract<ExprAst, { k: 'call' }>, scope: Scope): Expr {
    const prim = primitiveNamed(e.callee);
    const low = prim?.lower;
    if (prim && low && isValuePrimitive(e.callee)) {
      if (!this.arity(e, prim.roles.length)) return { kind: 'const', v: 0 };
      if (low.to === 'hoist') {
        if (this.hoist === undefined || this.conditional > 0) {
          this.error(e, `${e.callee}() is several steps and cannot be called ${this.hoist ? 'on the right of && or ||' : 'here'}`, `${e.callee}() on a line of its own: r = ${e.callee}(...)`);
          return { kind: 'const', v: 0 };
        }
        return { kind: 'local', slot: this.hoist(prim, low, e, scope) };
      }
      // The location is the pointer argument (atomic_add(i, v) and set_bit(nr, p) take it second).
      const at = prim.roles.findIndex((r) => r === 'pointer' || r === 'lvalue' || r === 'percpu');
      if (low.to === 'load') {
        const where = prim.roles[at] === 'percpu' ? this.percpuLoc(e.args[at]!, scope, e.callee, low.ofCpu ? e.args[1] : undefined) : this.loc(e.args[at]!, scope);
        const load = this.access({ kind: 'load', loc: where, order: low.order }, e);
        if (!low.bit) return load;
        // include/asm-generic/bitops/generic-non-atomic.h, generic_test_bit: 1UL & (p[BIT_WORD(nr)] >> (nr & 31)).
        const nr = this.bitNumber(e.args[0]!, scope, e.callee);
        return { kind: 'bin', op: '&', a: { kind: 'bin', op: '>>', a: load, b: { kind: 'const', v: nr } }, b: { kind: 'const', v: 1 } };
      }
      if (low.to === 'seq_retry') {
        // ops/seqcount.ts: READ_ONCE(sequence) != start (the smp_rmb() before it orders nothing on SC and TSO).
        const load = this.access({ kind: 'load', loc: this.seqLoc(e.args[0]!, prim.roles[0], e.callee, scope), order: 'once' }, e);
        return { kind: 'bin', op: '!=', a: load, b: this.expr(e.args[1]!, scope) };
      }
      if (low.to === 'context_test') return { kind: 'context_test', test: low.test };
      if (low.to === 'lock_value') return this.access({ kind: 'lock_value', query: low.query, lock: this.staticLock(e.args[0]!, lockWanted(prim.roles[0]), e.callee, scope) }, e);
      if (low.to === 'rmw') {
        // The rest of the arguments are the operands.
        const loc = this.loc(e.args[at]!, scope);
        let args = e.args.filter((_, i) => i !== at).map((a) => this.expr(a, scope));
        if (low.operands) args = low.operands.map((v) => ({ kind: 'const', v }));
        if (low.negate) args = args.map((a) => ({ kind: 'un', op: '-', a }));
        // A bit operation's operand is BIT_MASK(nr) (ops/bitops.ts).
        const mask = low.bit ? (1 << this.bitNumber(e.args[0]!, scope, e.callee)) : 0;
        if (low.bit) args = [{ kind: 'const', v: mask }];
        const rmw = this.access({ kind: 'rmw', op: low.op, loc, args, ...(low.order ? { order: low.order } : {}) } as const, e);
        // include/asm-generic/bitops/atomic.h: test_and_set_bit() returns !!(old & mask).
        return low.bit === 'test' ? { kind: 'bin', op: '!=', a: { kind: 'bin', op: '&', a: rmw, b: { kind: 'const', v: mask } }, b: { kind: 'const', v: 0 } } : rmw;
      }
    }
    if (this.procedures.has(e.callee)) {
      this.error(e, `a procedure call must be a statement of its own`, `x = ${e.callee}(...) on a line of its own`);
    } else if (!this.statementOps.has(e.callee)) {
      const s = suggest(e.callee, [...VALUE_PRIMITIVES, ...this.procedures, ...this.statementOps]);
      this.error({ start: e.start, end: e.calleeEnd }, `unknown operation '${e.callee}'`, 'READ_ONCE, smp_load_acquire, an atomic such as xchg or cmpxchg, or a procedure of this scenario', s ? `did you mean '${s}'?` : undefined);
    } else {
      this.error(e, `'${e.callee}' has no value here`, 'READ_ONCE, smp_load_acquire, an atomic such as xchg or cmpxchg, or an operator', suggestCall(e.callee));
    }
    return { kind: 'const', v: 0 };
  }

  /**
   * The slot of per-CPU variable `e` (a name declared under `percpu:`, or `name[i]` for a per-CPU
   * array) of this CPU, or of CPU `cpu` (per_cpu(var, cpu): include/linux/percpu-defs.h).
   */
  percpuLoc(e: ExprAst, scope: Scope, callee: string, cpu?: ExprAst): Loc {
    const idx: ExprAst[] = [];
    let base: ExprAst = e.k === 'addr' ? e.of : e;
    while (base.k === 'index') { idx.unshift(base.index); base = base.arr; }
    const g = base.k === 'name' ? this.sym.globals.get(base.name) : undefined;
    if (base.k !== 'name' || g?.kind !== 'array' || !this.sym.percpu.has(base.name) || this.sym.arrays[g.array]!.dims.length !== idx.length + 1) {
      this.error(e, `${callee}() takes a per-CPU variable`, 'a name declared under state: percpu (or name[i] for a per-CPU array)');
      return { kind: 'deref', ptr: { kind: 'const', v: 0 }, field: 0 };
    }
    const which: Expr = cpu ? this.expr(cpu, scope) : { kind: 'this_cpu' };
    if (which.kind === 'const' && (which.v < 0 || which.v >= (this.sym.arrays[g.array]!.dims[0] ?? 0))) this.error(cpu!, `CPU ${which.v} is out of range for '${base.name}'`);
    return { kind: 'array', array: g.array, index: [which, ...idx.map((i) => this.expr(i, scope))] };
  }

  /** A memory location: a cell, p->f, *p, a[i]; `&x` is accepted where the kernel passes a pointer. */
  loc(e: ExprAst, scope: Scope): Loc {
    if (e.k === 'call' && e.callee === 'per_cpu' && e.args.length === 2) return this.percpuLoc(e.args[0]!, scope, e.callee, e.args[1]);
    switch (e.k) {
      case 'addr': return this.loc(e.of, scope);
      case 'name': {
        const g = this.sym.globals.get(e.name);
        if (g?.kind === 'cell') return { kind: 'deref', ptr: { kind: 'const', v: pointerTo(g.object) }, field: 0 };
        if (scope.locals.has(e.name) || scope.bound.has(e.name)) {
          this.error(e, `'${e.name}' is a local, not a memory location`, `a cell, p->field, *p or a[i]`, `use *${e.name} if it holds a pointer`);
        } else if (!g) this.undefinedName(e, scope);
        else this.error(e, `'${e.name}' is not a memory location`, 'a cell, p->field, *p or a[i]');
        return { kind: 'deref', ptr: { kind: 'const', v: 0 }, field: 0 };
      }
      case 'field': {
        const id = this.sym.fieldIds.get(e.field);
        if (id === undefined || id === 0) {
          const s = suggest(e.field, this.sym.fieldNames.filter((f) => f !== ''));
          this.error({ start: e.fieldStart, end: e.end }, `no object has a field '${e.field}'`, 'a field declared under state: objects', s ? `did you mean '${s}'?` : undefined);
        } else if (this.sym.fieldLocks.has(id)) {
          this.error({ start: e.fieldStart, end: e.end }, `'${e.field}' is a lock field, not a value`, `a lock operation such as spin_lock(&p->${e.field})`);
        }
        return { kind: 'deref', ptr: this.expr(e.obj, scope), field: id ?? 0 };
      }
      case 'deref': return { kind: 'deref', ptr: this.expr(e.ptr, scope), field: 0 };
      case 'index': {
        const idx: ExprAst[] = [];
        let base: ExprAst = e;
        while (base.k === 'index') { idx.unshift(base.index); base = base.arr; }
        const g = base.k === 'name' ? this.sym.globals.get(base.name) : undefined;
        if (base.k !== 'name' || g?.kind !== 'array') {
          this.error(base, base.k === 'name' && !g ? `undefined array '${base.name}'` : 'only arrays can be indexed', 'an array or per-CPU cell declared under state');
          return { kind: 'deref', ptr: { kind: 'const', v: 0 }, field: 0 };
        }
        const decl = this.sym.arrays[g.array]!;
        if (idx.length !== decl.dims.length) {
          this.error(e, `'${decl.name}' has ${decl.dims.length} dimension${decl.dims.length === 1 ? '' : 's'}, indexed with ${idx.length}`);
        }
        const index = idx.map((i, d) => {
          const x = this.expr(i, scope);
          const n = decl.dims[d];
          if (x.kind === 'const' && n !== undefined && (x.v < 0 || x.v >= n)) this.error(i, `index ${x.v} is out of range for '${decl.name}'`, `0..${n - 1}`);
          return x;
        });
        return { kind: 'array', array: g.array, index };
      }
      case 'num': case 'unary': case 'binary': case 'call':
        this.error(e, 'not a memory location', 'a cell, p->field, *p or a[i]');
        return { kind: 'deref', ptr: { kind: 'const', v: 0 }, field: 0 };
      default:
        return assertNever(e);
    }
  }
}

/** The lock kind a lock role asks for. */
export function lockWanted(r: ArgRole | undefined): LockWanted {
  return r === 'rwlock' || r === 'seqlock' || r === 'mutex' || r === 'rw_semaphore' ? r : 'spinlock';
}

function suggestCall(name: string): string | undefined {
  const s = suggest(name, VALUE_PRIMITIVES);
  return s ? `did you mean '${s}'?` : undefined;
}
