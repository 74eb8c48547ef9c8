// The one walk over "the expressions of an instruction" and "the sub-expressions of an
// expression": every analysis that looks inside expressions (footprints, points-to, guards, cost,
// the compiler's checks) goes through here, so a new expression or instruction form is added in
// one place and the compiler's assertNever points at it. Pure.
import { assertNever } from '../common/assert-never.js';
import type { Expr, Instr, InstrBody, Loc } from './program.js';

/** The expressions that compute a location: the pointer of `p->f`, the indexes of `a[i]`. */
export function locOperands(loc: Loc): readonly Expr[] {
  switch (loc.kind) {
    case 'deref': return [loc.ptr];
    case 'array': return loc.index;
    default: return assertNever(loc);
  }
}

/** The location an expression accesses itself (a load's, an RMW's), or null. */
export function exprLoc(e: Expr): Loc | null {
  return e.kind === 'load' || e.kind === 'rmw' ? e.loc : null;
}

/** The direct sub-expressions of `e`, location operands first (they are evaluated first). */
export function subExprs(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'const': case 'local': case 'this_cpu': case 'this_context': case 'context_test': case 'lock_value': return [];
    case 'load': return locOperands(e.loc);
    case 'un': return [e.a];
    case 'bin': return [e.a, e.b];
    case 'rmw': return [...locOperands(e.loc), ...e.args];
    default: return assertNever(e);
  }
}

/** The location an instruction writes itself (a store's), or null. */
export function instrLoc(i: InstrBody): Loc | null {
  return i.op === 'store' ? i.loc : null;
}

/** The top-level expressions an instruction evaluates, the operands of its own location included. */
export function instrExprs(i: InstrBody): readonly Expr[] {
  switch (i.op) {
    case 'assign': case 'eval': return [i.value];
    case 'store': return [i.value, ...locOperands(i.loc)];
    case 'branch': case 'assert': return [i.cond];
    case 'wait_until': return i.into ? [i.cond, i.into.value] : [i.cond];
    case 'free': return [i.ptr];
    case 'alloc': return [];
    case 'srcu': return [i.idx];
    case 'rcu_callback': return [i.ptr];
    case 'fence': case 'jump': case 'loop': case 'irq': case 'preempt': case 'rcu': case 'synchronize_rcu_start': case 'synchronize_rcu_wait':
    case 'lock': case 'nop': case 'sched':
      return [];
    default: return assertNever(i);
  }
}

/** Every expression in `e`, `e` first, parents before children. */
export function forEachExpr(e: Expr, f: (e: Expr) => void): void {
  f(e);
  for (const c of subExprs(e)) forEachExpr(c, f);
}

/** Whether `e` or any expression inside it satisfies `pred`. */
export function someExpr(e: Expr, pred: (e: Expr) => boolean): boolean {
  return pred(e) || subExprs(e).some((c) => someExpr(c, pred));
}

/** Every expression an instruction evaluates, outermost first. */
export function forEachInstrExpr(i: Instr | InstrBody, f: (e: Expr) => void): void {
  for (const r of instrExprs(i)) forEachExpr(r, f);
}

/** Whether any expression an instruction evaluates satisfies `pred`. */
export function someInstrExpr(i: Instr | InstrBody, pred: (e: Expr) => boolean): boolean {
  return instrExprs(i).some((r) => someExpr(r, pred));
}
