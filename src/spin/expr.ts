// Expressions and locations in the exported model, evaluated as machine/eval.ts evaluates them:
// left to right, && and || short-circuiting, every load and atomic at its place in that order
// (captured in a scratch variable, so a later atomic in the same expression cannot change what an
// earlier load saw), and each fault (NULL or non-pointer dereference, missing field, index out
// of range, division by zero, use after free) checked where raceway's evaluation raises it. Pure.
import { assertNever } from '../common/assert-never.js';
import { PTR_BASE, type Expr, type Loc, type LockValueKind, type Program, type RmwOp } from '../machine/program.js';
import type { ViolationKind } from '../machine/violation.js';
import type { Emitter } from './emitter.js';
import { freedVar, heldVar, lit, localVar, lockVar, memVar, preempt, type Ctx } from './model-names.js';
import { contextId } from '../machine/violation.js';
import { lockView, memView } from './tso.js';
import { isRefcountOp } from '../machine/ops/refcount.js';
import { contextTestExpr } from './context-test.js';
import { emitRefcount, refcountFailsExpr, refcountResult, refcountWarns } from './refcount.js';

/** What compiling one step needs: where it runs, where lines go, scratch variables, faults. */
export interface StepCx {
  readonly p: Program;
  readonly c: Ctx;
  readonly e: Emitter;
  /** A fresh scratch variable (a hidden global: written before it is read, within the step). */
  temp(): string;
  /** The statement that records a fault of this kind. */
  fault(kind: ViolationKind): string;
}

/** A resolved location: the memory index, and the object whose `freed` flag guards it (or null). */
export interface Place {
  readonly idx: string;
  readonly obj: string | null;
}

/** The memory index of field `field` of the object `ptr` points to, or -1 (a conditional chain). */
export function fieldLookup(p: Program, ptr: string, field: number): string {
  let out = '(-1)';
  for (let o = p.objects.length - 1; o >= 0; o--) {
    const at = p.objects[o]!.fields.get(field);
    if (at !== undefined) out = `((${ptr}) == ${PTR_BASE + o} -> ${at} : ${out})`;
  }
  return out;
}

/** Statement form: emits the evaluation and returns a side-effect-free Promela expression of its value. */
export function compileExpr(x: StepCx, e: Expr): string {
  switch (e.kind) {
    case 'const': return lit(e.v);
    case 'local': return localVar(x.c, e.slot);
    case 'this_cpu': return String(x.c.cpu);
    case 'this_context': return String(x.c.level);
    case 'load': {
      const at = compileLoc(x, e.loc);
      return loadFrom(x, at);
    }
    case 'un': {
      const a = compileExpr(x, e.a);
      return e.op === '!' ? `(!(${a}))` : `(${e.op}(${a}))`;
    }
    case 'bin': return compileBin(x, e.op, e.a, e.b);
    case 'rmw': return compileRmw(x, e.op, e.loc, e.args);
    case 'lock_value': {
      // ops/locks.ts lockValue: a lock in a freed object is a use-after-free; a try that finds the
      // lock free takes it and disables preemption.
      x.e.check(lockOwnerFreed(x.p, e.lock), x.fault('use-after-free'));
      const t = x.temp();
      const taken = lockTestRead(x.p, x.c.cpu, e.lock, e.query);
      const w = (word: number): string => lockVar(e.lock, word);
      const me = contextId(x.c.cpu, x.c.level);
      const pre = `${preempt(x.c.cpu)} = ${preempt(x.c.cpu)} + 1`;
      const take = (body: string): void => x.e.line(`if :: ${taken} -> ${t} = 0 :: else -> ${body}; ${pre}; ${t} = 1 fi;`);
      switch (e.query) {
        case 'trylock': take(`${w(0)} = ${me}`); return t;
        case 'read_trylock': {
          const h = heldVar(x.p, x.c.frame, e.lock);
          take(`${w(0)} = ${w(0)} + 1; ${h} = ${h} + 1`);
          return t;
        }
        case 'write_trylock': take(`${w(1)} = ${me}`); return t;
        case 'is_locked': x.e.line(`${t} = ${taken};`); return t;
        default: return assertNever(e.query);
      }
    }
    case 'context_test': return contextTestExpr(x.p, x.c.cpu, e.test);
    default:
      return assertNever(e);
  }
}

/** The object a lock is a field of (LockDecl.at), or null. */
export function lockOwner(p: Program, lock: number): number | null {
  const at = p.locks[lock]?.at;
  if (at === undefined) return null;
  const o = p.locOwner[at] ?? -1;
  return o >= 0 ? o : null;
}

function loadFrom(x: StepCx, at: Place): string {
  if (at.obj !== null) x.e.check(freedVar(at.obj), x.fault('use-after-free'));
  const t = x.temp();
  x.e.line(`${t} = ${memView(x.p, x.c.cpu, at.idx)};`);
  return t;
}

/** A value used more than once must not be recomputed: keep it in a scratch variable. */
function held(x: StepCx, v: string): string {
  if (/^-?\w+(\[\d+\])?$|^\(-\d+\)$/.test(v)) return v;
  const t = x.temp();
  x.e.line(`${t} = ${v};`);
  return t;
}

export function compileLoc(x: StepCx, loc: Loc): Place {
  switch (loc.kind) {
    case 'deref': {
      const v = held(x, compileExpr(x, loc.ptr));
      const known = constant(v);
      if (known !== null) return knownPlace(x, known, loc.field);
      const obj = x.temp();
      const at = x.temp();
      x.e.check(`${v} == 0`, x.fault('invalid-access'));
      x.e.check(`${v} < ${PTR_BASE} || ${v} >= ${PTR_BASE + x.p.objects.length}`, x.fault('invalid-access'));
      x.e.line(`${obj} = ${v} - ${PTR_BASE}; ${at} = ${fieldLookup(x.p, v, loc.field)};`);
      x.e.check(`${at} < 0`, x.fault('invalid-access'));
      return { idx: at, obj };
    }
    case 'array': {
      const a = x.p.arrays[loc.array];
      if (!a) throw new Error(`no array ${loc.array}`);
      let off = '0';
      a.dims.forEach((n, d) => {
        const i = held(x, compileExpr(x, loc.index[d] ?? { kind: 'const', v: 0 }));
        x.e.check(`${i} < 0 || ${i} >= ${n}`, x.fault('invalid-access'));
        off = off === '0' ? i : `(${off}) * ${n} + ${i}`;
      });
      return { idx: `${a.base} + ${off}`, obj: null };
    }
    default:
      return assertNever(loc);
  }
}

/** The value of a literal, or null. */
function constant(v: string): number | null {
  const m = /^\(?(-?\d+)\)?$/.exec(v);
  return m ? Number(m[1]) : null;
}

/**
 * A dereference of a pointer known when exporting (a global object's address): its faults and its
 * place are decided here, so the model carries no lookup for it. A scalar cell is never freed.
 */
function knownPlace(x: StepCx, v: number, field: number): Place {
  const obj = v - PTR_BASE;
  const decl = x.p.objects[obj];
  const at = decl?.fields.get(field);
  if (v === 0 || !decl || at === undefined) {
    x.e.check('true', x.fault('invalid-access'));
    return { idx: '0', obj: null };
  }
  return { idx: String(at), obj: decl.heap ? String(obj) : null };
}

const SHIFTS = new Set(['<<', '>>']);

function compileBin(x: StepCx, op: Extract<Expr, { kind: 'bin' }>['op'], ea: Expr, eb: Expr): string {
  const a = held(x, compileExpr(x, ea));
  if (op === '&&' || op === '||') {
    const t = x.temp();
    x.e.line(`${t} = ${op === '&&' ? 0 : 1};`);
    x.e.line(`if`);
    x.e.line(`:: (${a}) ${op === '&&' ? '!=' : '=='} 0 ->`);
    const mark = x.e.mark();
    x.e.open('');
    const b = compileExpr(x, eb);
    x.e.line(`${t} = ((${b}) != 0);`);
    x.e.closeTo(mark);
    x.e.line(':: else -> skip');
    x.e.line('fi;');
    x.e.whileLive();
    return t;
  }
  const b = held(x, compileExpr(x, eb));
  if (op === '/' || op === '%') x.e.check(`${b} == 0`, x.fault('invalid-access'));
  // JavaScript's shifts (arith.ts) take the count modulo 32; C leaves larger counts undefined.
  if (SHIFTS.has(op)) return `((${a}) ${op} ((${b}) & 31))`;
  return `((${a}) ${op} (${b}))`;
}

function compileRmw(x: StepCx, op: RmwOp, loc: Loc, args: readonly Expr[]): string {
  const at = compileLoc(x, loc);
  const vs = args.map((a) => held(x, compileExpr(x, a)));
  // ops/refcount.ts applyRefcount: a refcount op without an operand counts by 1.
  const a0 = vs[0] ?? (isRefcountOp(op) ? '1' : '0');
  const a1 = vs[1] ?? '0';
  if (at.obj !== null) x.e.check(freedVar(at.obj), x.fault('use-after-free'));
  const cur = x.temp();
  const r = x.temp();
  const m = memVar(at.idx);
  // A locked instruction runs on an empty buffer (guardOf), except a conditional one that fails on
  // its first, plain read, which forwards from the buffer (guard.ts failsUnlocked).
  x.e.line(`${cur} = ${memView(x.p, x.c.cpu, at.idx)};`);
  switch (op) {
    case 'xchg': x.e.line(`${r} = ${cur}; ${m} = ${a0};`); break;
    case 'cmpxchg': x.e.line(`${r} = ${cur}; if :: ${cur} == ${a0} -> ${m} = ${a1} :: else -> skip fi;`); break;
    case 'atomic_add_return': x.e.line(`${m} = ${cur} + ${a0}; ${r} = ${m};`); break;
    case 'atomic_fetch_add': x.e.line(`${r} = ${cur}; ${m} = ${cur} + ${a0};`); break;
    // ops/atomics.ts applyRmw: atomic_add_unless(v, a, u) adds a unless v was u; returns whether it did.
    case 'atomic_add_unless': x.e.line(`${r} = (${cur} != ${a1}); if :: ${cur} != ${a1} -> ${m} = ${cur} + ${a0} :: else -> skip fi;`); break;
    case 'atomic_fetch_and': x.e.line(`${r} = ${cur}; ${m} = ${cur} & ${a0};`); break;
    case 'atomic_fetch_or': x.e.line(`${r} = ${cur}; ${m} = ${cur} | ${a0};`); break;
    case 'atomic_fetch_xor': x.e.line(`${r} = ${cur}; ${m} = ${cur} ^ ${a0};`); break;
    case 'atomic_fetch_andnot': x.e.line(`${r} = ${cur}; ${m} = ${cur} & ~(${a0});`); break;
    case 'atomic_dec_and_test': x.e.line(`${m} = ${cur} - 1; ${r} = (${m} == 0);`); break;
    case 'atomic_add': x.e.line(`${m} = ${cur} + ${a0}; ${r} = 0;`); break;
    // ops/atomics.ts applyRmw: the tests on the new value, and the conditional ones that write
    // nothing when their test fails.
    case 'atomic_sub_and_test': x.e.line(`${m} = ${cur} - ${a0}; ${r} = (${m} == 0);`); break;
    case 'atomic_add_negative': x.e.line(`${m} = ${cur} + ${a0}; ${r} = (${m} < 0);`); break;
    case 'atomic_fetch_add_unless': x.e.line(`${r} = ${cur}; if :: ${cur} != ${a1} -> ${m} = ${cur} + ${a0} :: else -> skip fi;`); break;
    case 'atomic_dec_if_positive': x.e.line(`${r} = ${cur} - 1; if :: ${r} >= 0 -> ${m} = ${r} :: else -> skip fi;`); break;
    case 'atomic_inc_unless_negative': x.e.line(`${r} = (${cur} >= 0); if :: ${cur} >= 0 -> ${m} = ${cur} + 1 :: else -> skip fi;`); break;
    case 'atomic_dec_unless_positive': x.e.line(`${r} = (${cur} <= 0); if :: ${cur} <= 0 -> ${m} = ${cur} - 1 :: else -> skip fi;`); break;
    case 'refcount_add': case 'refcount_add_not_zero': case 'refcount_sub_and_test': case 'refcount_dec': case 'refcount_dec_not_one':
      emitRefcount(x.e, x.fault('misuse'), op, m, cur, a0, r);
      break;
    default: return assertNever(op);
  }
  return r;
}

function or(...xs: string[]): string {
  const ys = xs.filter((s) => s !== 'false');
  return ys.length === 0 ? 'false' : ys.length === 1 ? ys[0]! : `(${ys.join(' || ')})`;
}

/** The result an atomic returns (eval.ts rmw), from the value `cur` it reads. */
function dryRmw(op: RmwOp, cur: string, a0: string, a1: string): string {
  switch (op) {
    case 'xchg': case 'cmpxchg': case 'atomic_fetch_add': return cur;
    case 'atomic_fetch_and': case 'atomic_fetch_or': case 'atomic_fetch_xor': case 'atomic_fetch_andnot': return cur;
    case 'atomic_add_return': return `(${cur} + (${a0}))`;
    case 'atomic_add_unless': return `(${cur} != (${a1}))`;
    case 'atomic_dec_and_test': return `(${cur} - 1 == 0)`;
    case 'atomic_add': return '0';
    case 'atomic_sub_and_test': return `(${cur} - (${a0}) == 0)`;
    case 'atomic_add_negative': return `(${cur} + (${a0}) < 0)`;
    case 'atomic_fetch_add_unless': return cur;
    case 'atomic_dec_if_positive': return `(${cur} - 1)`;
    case 'atomic_inc_unless_negative': return `(${cur} >= 0)`;
    case 'atomic_dec_unless_positive': return `(${cur} <= 0)`;
    case 'refcount_add': case 'refcount_add_not_zero': case 'refcount_sub_and_test': case 'refcount_dec': case 'refcount_dec_not_one':
      return refcountResult(op, cur, a0);
    default: return assertNever(op);
  }
}

/**
 * A lock test's plain first read as the CPU sees it (ops/locks.ts lockValue, lockValueFailsUnlocked;
 * it forwards from the CPU's own buffered unlock under TSO: tso.ts lockView): for a try, whether it
 * fails (the lock is taken); for spin_is_locked(), whether the lock is held.
 */
function lockTestRead(p: Program, cpu: number, lock: number, query: LockValueKind): string {
  const w = (word: number): string => lockVar(lock, word);
  const v = (word: number): string => lockView(p, cpu, lock, word);
  switch (query) {
    case 'trylock': case 'is_locked': return `(${v(0)} != 0)`;
    case 'read_trylock': return `(${v(1)} != 0 || ${w(2)} != 0)`;
    case 'write_trylock': return `(${w(0)} != 0 || ${v(1)} != 0 || ${w(2)} != 0)`;
    default: return assertNever(query);
  }
}

/** The fault of a lock test on a lock that lives in a freed object (ops/locks.ts checkOwner), or 'false'. */
function lockOwnerFreed(p: Program, lock: number): string {
  const owner = lockOwner(p, lock);
  return owner === null ? 'false' : freedVar(String(owner));
}

/** ops/atomics.ts rmwFailsUnlocked as a Promela condition on the value `cur` the RMW reads first. */
function rmwFailsExpr(op: RmwOp, cur: string, a1: string): string {
  switch (op) {
    case 'atomic_add_unless': case 'atomic_fetch_add_unless': return `(${cur} == (${a1}))`;
    case 'atomic_dec_if_positive': return `(${cur} - 1 < 0)`;
    case 'atomic_inc_unless_negative': return `(${cur} < 0)`;
    case 'atomic_dec_unless_positive': return `(${cur} > 0)`;
    case 'xchg': case 'cmpxchg': case 'atomic_add_return': case 'atomic_fetch_add': case 'atomic_dec_and_test': case 'atomic_add':
    case 'atomic_fetch_and': case 'atomic_fetch_or': case 'atomic_fetch_xor': case 'atomic_fetch_andnot': case 'atomic_sub_and_test': case 'atomic_add_negative':
      return 'false';
    case 'refcount_add': case 'refcount_add_not_zero': case 'refcount_sub_and_test': case 'refcount_dec': case 'refcount_dec_not_one':
      return refcountFailsExpr(op, cur);
    default: return assertNever(op);
  }
}

/** A location's memory index and its faults (NULL, not a pointer, no field, out of range, freed), pure. */
function pureLoc(p: Program, c: Ctx, loc: Loc): { idx: string; bad: string } {
  if (loc.kind === 'deref') {
    const ptr = pureExpr(p, c, loc.ptr);
    const known = constant(ptr.v);
    if (known !== null && ptr.bad === 'false') {
      // A global's known address, resolved here as knownPlace does for steps.
      const decl = p.objects[known - PTR_BASE];
      const field = decl?.fields.get(loc.field);
      if (known === 0 || !decl || field === undefined) return { idx: '0', bad: 'true' };
      return { idx: String(field), bad: decl.heap ? freedVar(String(known - PTR_BASE)) : 'false' };
    }
    const at = fieldLookup(p, ptr.v, loc.field);
    const outside = `(${ptr.v}) < ${PTR_BASE} || (${ptr.v}) >= ${PTR_BASE + p.objects.length}`;
    return { idx: at, bad: or(ptr.bad, outside, `${at} < 0`, freedVar(`(${ptr.v}) - ${PTR_BASE}`)) };
  }
  const a = p.arrays[loc.array];
  if (!a) throw new Error(`no array ${loc.array}`);
  let off = '0';
  let bad = 'false';
  a.dims.forEach((n, d) => {
    const i = pureExpr(p, c, loc.index[d] ?? { kind: 'const', v: 0 });
    bad = or(bad, i.bad, `(${i.v}) < 0 || (${i.v}) >= ${n}`);
    off = off === '0' ? `(${i.v})` : `(${off}) * ${n} + (${i.v})`;
  });
  return { idx: `${a.base} + ${off}`, bad };
}

/**
 * Pure form, for a guard (wait_until): a Promela expression of the value and one of "evaluating
 * it faults" (the guard then lets the step run, and the step reports the fault, as guard.ts does).
 * `bad` is tested first, so the value's array indexes are only evaluated when they are in range.
 * An atomic is evaluated dry, as guard.ts does: its result, without its write.
 */
export function pureExpr(p: Program, c: Ctx, e: Expr): { v: string; bad: string } {
  switch (e.kind) {
    case 'const': return { v: lit(e.v), bad: 'false' };
    case 'local': return { v: localVar(c, e.slot), bad: 'false' };
    case 'this_cpu': return { v: String(c.cpu), bad: 'false' };
    case 'this_context': return { v: String(c.level), bad: 'false' };
    case 'load': {
      const at = pureLoc(p, c, e.loc);
      return { v: memView(p, c.cpu, at.idx), bad: at.bad };
    }
    case 'un': {
      const a = pureExpr(p, c, e.a);
      return { v: e.op === '!' ? `(!(${a.v}))` : `(${e.op}(${a.v}))`, bad: a.bad };
    }
    case 'bin': {
      const a = pureExpr(p, c, e.a);
      const b = pureExpr(p, c, e.b);
      if (e.op === '&&' || e.op === '||') {
        const taken = e.op === '&&' ? `(${a.v}) != 0` : `(${a.v}) == 0`;
        return { v: `((${a.v}) ${e.op} (${b.v}))`, bad: or(a.bad, b.bad === 'false' ? 'false' : `(${taken} && ${b.bad})`) };
      }
      const div = e.op === '/' || e.op === '%' ? `(${b.v}) == 0` : 'false';
      const v = SHIFTS.has(e.op) ? `((${a.v}) ${e.op} ((${b.v}) & 31))` : `((${a.v}) ${e.op} (${b.v}))`;
      return { v, bad: or(a.bad, b.bad, div) };
    }
    // guard.ts evaluates a guard dry: an atomic reads and computes its result but writes nothing.
    case 'rmw': {
      const at = pureLoc(p, c, e.loc);
      const args = e.args.map((a) => pureExpr(p, c, a));
      const cur = memView(p, c.cpu, at.idx);
      const a0 = args[0]?.v ?? (isRefcountOp(e.op) ? '1' : '0');
      const a1 = args[1]?.v ?? '0';
      // A refcount op that would WARN faults in the dry evaluation too (eval.ts rmw).
      const warns = isRefcountOp(e.op) ? refcountWarns(e.op, `(${cur})`, a0) : 'false';
      return { v: dryRmw(e.op, cur, a0, a1), bad: or(at.bad, ...args.map((a) => a.bad), warns) };
    }
    case 'lock_value': {
      // A dry try returns whether it would take the lock; spin_is_locked() whether it is held.
      const read = lockTestRead(p, c.cpu, e.lock, e.query);
      return { v: e.query === 'is_locked' ? read : `(!${read})`, bad: lockOwnerFreed(p, e.lock) };
    }
    case 'context_test': return { v: contextTestExpr(p, c.cpu, e.test), bad: 'false' };
    default:
      return assertNever(e);
  }
}


/**
 * Whether atomic `e` fails now on its first, plain read, without a locked instruction (guard.ts
 * failsUnlocked, pure): a trylock of a lock held as this CPU sees it (ops/locks.ts
 * lockValueFailsUnlocked), an atomic_add_unless() that reads its `u` (ops/atomics.ts
 * rmwFailsUnlocked). `bad`: evaluating its read faults (guard.ts then lets the step report it).
 */
export function pureFailsUnlocked(p: Program, c: Ctx, e: Expr): { fails: string; bad: string } {
  switch (e.kind) {
    case 'lock_value':
      // locks.ts lockValueFailsUnlocked: a try of a taken lock fails on its first, plain read; a
      // lock in a freed object faults there (failsUnlocked then lets the step report it).
      return { fails: e.query === 'is_locked' ? 'false' : lockTestRead(p, c.cpu, e.lock, e.query), bad: lockOwnerFreed(p, e.lock) };
    case 'rmw': {
      const at = pureLoc(p, c, e.loc);
      const args = e.args.map((a) => pureExpr(p, c, a));
      const bad = or(at.bad, ...args.map((a) => a.bad));
      return { fails: rmwFailsExpr(e.op, `(${memView(p, c.cpu, at.idx)})`, args[1]?.v ?? '0'), bad };
    }
    case 'const': case 'local': case 'this_cpu': case 'this_context': case 'context_test': case 'load': case 'un': case 'bin': return { fails: 'false', bad: 'false' };
    default: return assertNever(e);
  }
}
