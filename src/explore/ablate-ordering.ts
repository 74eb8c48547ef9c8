// Under lkmm, `ablate` also weakens each acquire and release to a plain marked access
// (smp_store_release() -> WRITE_ONCE(), smp_load_acquire() -> READ_ONCE(), an RMW's _acquire or
// _release form -> _relaxed), one statement at a time, to show which orderings a verdict rests on
// (issue 20 item 4). Under SC and TSO they order nothing more than the plain form (x86), so they
// are no sites there. Pure.
import type { Expr, InstrBody, Loc } from '../machine/program.js';

function weakLoc(l: Loc): Loc {
  return l.kind === 'deref' ? { ...l, ptr: weakExpr(l.ptr) } : { ...l, index: l.index.map(weakExpr) };
}

function weakExpr(e: Expr): Expr {
  switch (e.kind) {
    case 'load': return { ...e, loc: weakLoc(e.loc), order: e.order === 'acquire' ? 'once' : e.order };
    case 'un': return { ...e, a: weakExpr(e.a) };
    case 'bin': return { ...e, a: weakExpr(e.a), b: weakExpr(e.b) };
    case 'rmw': return { ...e, loc: weakLoc(e.loc), args: e.args.map(weakExpr), ...(e.order === 'acquire' || e.order === 'release' ? { order: 'relaxed' as const } : {}) };
    default: return e;
  }
}

/** The instruction with its acquires and releases weakened, or null when it has none. */
export function weakened(i: InstrBody): InstrBody | null {
  let out: InstrBody;
  switch (i.op) {
    case 'store': out = { ...i, loc: weakLoc(i.loc), value: weakExpr(i.value), order: i.order === 'release' ? 'once' : i.order }; break;
    case 'assign': case 'eval': out = { ...i, value: weakExpr(i.value) }; break;
    case 'branch': case 'assert': out = { ...i, cond: weakExpr(i.cond) }; break;
    case 'wait_until': out = { ...i, cond: weakExpr(i.cond) }; break;
    default: return null;
  }
  return JSON.stringify(out) === JSON.stringify(i) ? null : out;
}
