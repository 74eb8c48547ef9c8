// Expressions and locations of one statement, resolved against a scope: ExprAst -> Expr / Loc.
// Reports mistakes as diagnostics and returns a harmless placeholder, so one pass finds them all.
import type { Diagnostic } from '../../common/diagnostic.js';
import type { Span } from '../../common/span.js';
import { nameTable } from '../../common/name-table.js';
import { suggest } from '../../common/suggest.js';
import { pointerTo, type Expr, type Loc, type LoadOrder, type RmwOp } from '../../machine/program.js';
import type { ExprAst } from '../syntax/ast.js';
import type { Symbols } from './symbols.js';

/** Names visible inside the code being compiled, innermost first. */
export interface Scope {
  /** Locals and unsubstituted parameters -> slot. */
  readonly locals: ReadonlyMap<string, number>;
  /** Parameters bound to a constant or to a caller's local, and unrolled loop variables. */
  readonly bound: ReadonlyMap<string, Expr>;
}

export const LOADS: Readonly<Record<string, LoadOrder>> = nameTable({
  READ_ONCE: 'once', smp_load_acquire: 'acquire', atomic_read: 'once', atomic_read_acquire: 'acquire',
  rcu_dereference: 'once', rcu_dereference_raw: 'once', rcu_access_pointer: 'once', srcu_dereference: 'once',
});

/** Value-returning atomics: kernel name -> (op, index of the location argument, arity, constant operand). */
interface AtomicSpec { readonly op: RmwOp; readonly loc: number; readonly arity: number; readonly operand?: number; readonly negate?: boolean }
export const ATOMICS: Readonly<Record<string, AtomicSpec>> = nameTable({
  xchg: { op: 'xchg', loc: 0, arity: 2 },
  atomic_xchg: { op: 'xchg', loc: 0, arity: 2 },
  cmpxchg: { op: 'cmpxchg', loc: 0, arity: 3 },
  atomic_cmpxchg: { op: 'cmpxchg', loc: 0, arity: 3 },
  atomic_add_return: { op: 'atomic_add_return', loc: 1, arity: 2 },
  atomic_sub_return: { op: 'atomic_add_return', loc: 1, arity: 2, negate: true },
  atomic_inc_return: { op: 'atomic_add_return', loc: 0, arity: 1, operand: 1 },
  atomic_dec_return: { op: 'atomic_add_return', loc: 0, arity: 1, operand: -1 },
  atomic_fetch_add: { op: 'atomic_fetch_add', loc: 1, arity: 2 },
  atomic_fetch_sub: { op: 'atomic_fetch_add', loc: 1, arity: 2, negate: true },
  atomic_fetch_inc: { op: 'atomic_fetch_add', loc: 0, arity: 1, operand: 1 },
  atomic_fetch_dec: { op: 'atomic_fetch_add', loc: 0, arity: 1, operand: -1 },
  atomic_inc_not_zero: { op: 'atomic_inc_not_zero', loc: 0, arity: 1 },
  atomic_dec_and_test: { op: 'atomic_dec_and_test', loc: 0, arity: 1 },
  atomic_inc: { op: 'atomic_add', loc: 0, arity: 1, operand: 1 },
  atomic_dec: { op: 'atomic_add', loc: 0, arity: 1, operand: -1 },
  atomic_add: { op: 'atomic_add', loc: 1, arity: 2 },
  atomic_sub: { op: 'atomic_add', loc: 1, arity: 2, negate: true },
});
/** Ordering suffixes the kernel adds to atomics; the machine's atomics are all fully ordered. */
const ORDER_SUFFIX = /_(relaxed|acquire|release)$/;

export function atomicSpec(name: string): AtomicSpec | undefined {
  return ATOMICS[name] ?? ATOMICS[name.replace(ORDER_SUFFIX, '')];
}

export class ExprCompiler {
  constructor(
    private readonly sym: Symbols,
    private readonly file: string,
    private readonly errors: Diagnostic[],
    /** Names of user procedures: a call to one inside an expression is an error. */
    private readonly procedures: ReadonlySet<string>,
  ) {}

  /** Operations that are statements only (smp_mb, spin_lock, ...): set by the code compiler. */
  statementOps: ReadonlySet<string> = new Set();

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
        return { k: 'const', v: e.value | 0 };
      case 'name': {
        if (e.name === 'this_cpu') return { k: 'this_cpu' };
        if (e.name === 'this_context') return { k: 'this_context' };
        const slot = scope.locals.get(e.name);
        if (slot !== undefined) return { k: 'local', slot };
        const b = scope.bound.get(e.name);
        if (b) return b;
        const g = this.sym.globals.get(e.name);
        if (!g) { this.undefinedName(e, scope); return { k: 'const', v: 0 }; }
        switch (g.kind) {
          case 'constant': return { k: 'const', v: g.value };
          case 'object': return { k: 'const', v: pointerTo(g.object) };
          case 'cell': return this.access({ k: 'load', loc: { k: 'deref', ptr: { k: 'const', v: pointerTo(g.object) }, field: 0 }, order: 'plain' }, e);
          case 'array': this.error(e, `array '${e.name}' needs an index`, `${e.name}[i]`); return { k: 'const', v: 0 };
          case 'lock': this.error(e, `lock '${e.name}' has no value`, 'a lock operation such as spin_lock(' + e.name + ')'); return { k: 'const', v: 0 };
        }
        return { k: 'const', v: 0 };
      }
      case 'field':
      case 'index':
      case 'deref':
        return this.access({ k: 'load', loc: this.loc(e, scope), order: 'plain' }, e);
      case 'addr': {
        const of = e.of;
        if (of.k === 'name') {
          const g = this.sym.globals.get(of.name);
          if (g?.kind === 'cell' || g?.kind === 'object') return { k: 'const', v: pointerTo(g.object) };
        }
        this.error(e, `cannot take the address of this expression`, '&cell or &object');
        return { k: 'const', v: 0 };
      }
      case 'unary': {
        // Folded on a constant, so `slot[-1]` is an index known to be out of range.
        const a = this.expr(e.arg, scope);
        if (a.k === 'const') return { k: 'const', v: e.op === '-' ? -a.v | 0 : e.op === '~' ? ~a.v : a.v === 0 ? 1 : 0 };
        return { k: 'un', op: e.op, a };
      }
      case 'binary': return { k: 'bin', op: e.op, a: this.expr(e.left, scope), b: this.expr(e.right, scope) };
      case 'call': return this.call(e, scope);
    }
  }

  private arity(e: Extract<ExprAst, { k: 'call' }>, n: number): boolean {
    if (e.args.length === n) return true;
    this.error(e, `${e.callee}() takes ${n} argument${n === 1 ? '' : 's'}, not ${e.args.length}`, `${n} argument${n === 1 ? '' : 's'}`);
    return false;
  }

  lockArg(e: ExprAst, wanted: 'spinlock' | 'rwlock', callee: string): number {
    if (e.k === 'name' || (e.k === 'addr' && e.of.k === 'name')) {
      const name = e.k === 'name' ? e.name : (e.of as { name: string }).name;
      const g = this.sym.globals.get(name);
      if (g?.kind === 'lock') {
        const decl = this.sym.locks[g.lock]!;
        if (decl.kind === wanted) return g.lock;
        this.error(e, `${callee}() needs a ${wanted}, but '${name}' is a ${decl.kind}`, `a ${wanted} declared under state: locks`);
        return g.lock;
      }
      const s = suggest(name, [...this.sym.globals].filter(([, v]) => v.kind === 'lock').map(([k]) => k));
      this.error(e, g ? `'${name}' is not a lock` : `undefined lock '${name}'`, `a ${wanted} declared under state: locks`, s ? `did you mean '${s}'?` : undefined);
      return 0;
    }
    this.error(e, `${callee}() takes a lock name`, `a ${wanted} declared under state: locks`);
    return 0;
  }

  private call(e: Extract<ExprAst, { k: 'call' }>, scope: Scope): Expr {
    const order = LOADS[e.callee];
    if (order) {
      if (!this.arity(e, 1)) return { k: 'const', v: 0 };
      return this.access({ k: 'load', loc: this.loc(e.args[0]!, scope), order }, e);
    }
    const at = atomicSpec(e.callee);
    if (at) {
      if (!this.arity(e, at.arity)) return { k: 'const', v: 0 };
      const loc = this.loc(e.args[at.loc]!, scope);
      let args = e.args.filter((_, i) => i !== at.loc).map((a) => this.expr(a, scope));
      if (at.operand !== undefined) args = [{ k: 'const', v: at.operand }];
      if (at.negate) args = args.map((a) => ({ k: 'un', op: '-', a }));
      return this.access({ k: 'rmw', op: at.op, loc, args }, e);
    }
    if (e.callee === 'spin_trylock' || e.callee === 'spin_is_locked') {
      if (!this.arity(e, 1)) return { k: 'const', v: 0 };
      return this.access({ k: e.callee, lock: this.lockArg(e.args[0]!, 'spinlock', e.callee) }, e);
    }
    if (this.procedures.has(e.callee)) {
      this.error(e, `a procedure call must be a statement of its own`, `x = ${e.callee}(...) on a line of its own`);
    } else if (!this.statementOps.has(e.callee)) {
      const s = suggest(e.callee, [...Object.keys(LOADS), ...Object.keys(ATOMICS), 'spin_trylock', 'spin_is_locked', ...this.procedures, ...this.statementOps]);
      this.error({ start: e.start, end: e.calleeEnd }, `unknown operation '${e.callee}'`, 'READ_ONCE, smp_load_acquire, an atomic such as xchg or cmpxchg, or a procedure of this scenario', s ? `did you mean '${s}'?` : undefined);
    } else {
      this.error(e, `'${e.callee}' has no value here`, 'READ_ONCE, smp_load_acquire, an atomic such as xchg or cmpxchg, or an operator', suggestCall(e.callee));
    }
    return { k: 'const', v: 0 };
  }

  /** A memory location: a cell, p->f, *p, a[i]; `&x` is accepted where the kernel passes a pointer. */
  loc(e: ExprAst, scope: Scope): Loc {
    switch (e.k) {
      case 'addr': return this.loc(e.of, scope);
      case 'name': {
        const g = this.sym.globals.get(e.name);
        if (g?.kind === 'cell') return { k: 'deref', ptr: { k: 'const', v: pointerTo(g.object) }, field: 0 };
        if (scope.locals.has(e.name) || scope.bound.has(e.name)) {
          this.error(e, `'${e.name}' is a local, not a memory location`, `a cell, p->field, *p or a[i]`, `use *${e.name} if it holds a pointer`);
        } else if (!g) this.undefinedName(e, scope);
        else this.error(e, `'${e.name}' is not a memory location`, 'a cell, p->field, *p or a[i]');
        return { k: 'deref', ptr: { k: 'const', v: 0 }, field: 0 };
      }
      case 'field': {
        const id = this.sym.fieldIds.get(e.field);
        if (id === undefined || id === 0) {
          const s = suggest(e.field, this.sym.fieldNames.filter((f) => f !== ''));
          this.error({ start: e.fieldStart, end: e.end }, `no object has a field '${e.field}'`, 'a field declared under state: objects', s ? `did you mean '${s}'?` : undefined);
        }
        return { k: 'deref', ptr: this.expr(e.obj, scope), field: id ?? 0 };
      }
      case 'deref': return { k: 'deref', ptr: this.expr(e.ptr, scope), field: 0 };
      case 'index': {
        const idx: ExprAst[] = [];
        let base: ExprAst = e;
        while (base.k === 'index') { idx.unshift(base.index); base = base.arr; }
        const g = base.k === 'name' ? this.sym.globals.get(base.name) : undefined;
        if (base.k !== 'name' || g?.kind !== 'array') {
          this.error(base, base.k === 'name' && !g ? `undefined array '${base.name}'` : 'only arrays can be indexed', 'an array or per-CPU cell declared under state');
          return { k: 'deref', ptr: { k: 'const', v: 0 }, field: 0 };
        }
        const decl = this.sym.arrays[g.array]!;
        if (idx.length !== decl.dims.length) {
          this.error(e, `'${decl.name}' has ${decl.dims.length} dimension${decl.dims.length === 1 ? '' : 's'}, indexed with ${idx.length}`);
        }
        const index = idx.map((i, d) => {
          const x = this.expr(i, scope);
          const n = decl.dims[d];
          if (x.k === 'const' && n !== undefined && (x.v < 0 || x.v >= n)) this.error(i, `index ${x.v} is out of range for '${decl.name}'`, `0..${n - 1}`);
          return x;
        });
        return { k: 'array', array: g.array, index };
      }
      default:
        this.error(e, 'not a memory location', 'a cell, p->field, *p or a[i]');
        return { k: 'deref', ptr: { k: 'const', v: 0 }, field: 0 };
    }
  }
}

function suggestCall(name: string): string | undefined {
  const s = suggest(name, [...Object.keys(LOADS), ...Object.keys(ATOMICS), 'spin_trylock', 'spin_is_locked']);
  return s ? `did you mean '${s}'?` : undefined;
}
