// One step per shared access. C evaluates `WRITE_ONCE(x, READ_ONCE(x) + 1)` as a load and then a
// store, and another CPU may run between the two: compiled as one instruction, the statement
// would be atomic and hide that interleaving (a lost update, a use-after-free between a reference
// count's read and its write). So every shared access of a statement but the last becomes an
// assignment to a temporary of its own, in C's evaluation order; `&&` and `||` keep their short
// circuit as branches. Where C leaves the order of two accesses unspecified (the operands of one
// operator, the arguments of one call: C11 6.5p2 and 6.5.2.2p10) no order is chosen for the user:
// the statement is an error, and the C litmus front end reports it as unsupported. Pure: the
// host emits instructions.
import { assertNever } from '../../common/assert-never.js';
import type { Expr, InstrBody, Loc } from '../../machine/program.js';
import { forEachExpr, locOperands, subExprs } from '../../machine/visit.js';

/** Whether `e` itself is a shared access (memory or a lock word), operands aside. */
function isAccess(e: Expr): boolean {
  return e.kind === 'load' || e.kind === 'rmw' || e.kind === 'lock_value';
}

/** How many shared accesses (memory, lock words) evaluating `e` makes. */
export function accessCount(e: Expr): number {
  let n = 0;
  forEachExpr(e, (x) => { if (isAccess(x)) n++; });
  return n;
}

export function locAccessCount(l: Loc): number {
  return locOperands(l).reduce((n, i) => n + accessCount(i), 0);
}

/** One operand of a statement: a value, or a location it accesses (a store's destination). */
export type Part = { readonly k: 'expr'; readonly e: Expr } | { readonly k: 'loc'; readonly loc: Loc };

const partCount = (p: Part): number => (p.k === 'expr' ? accessCount(p.e) : locAccessCount(p.loc));

/**
 * The first pair of accesses whose order C leaves unspecified, as the later of the two (to point
 * an error at), or null. `groups` are operands evaluated in no fixed order relative to each other.
 */
export function unsequenced(parts: readonly Part[]): Expr | null {
  const group = (xs: readonly Part[]): Expr | null => {
    const withAccess = xs.filter((x) => partCount(x) > 0);
    if (withAccess.length >= 2) return firstAccess(withAccess[1]!);
    for (const x of xs) {
      const inner = x.k === 'expr' ? inExpr(x.e) : inLoc(x.loc);
      if (inner) return inner;
    }
    return null;
  };
  const inLoc = (l: Loc): Expr | null => (l.kind === 'deref' ? inExpr(l.ptr) : group(l.index.map((e) => ({ k: 'expr', e }))));
  const inExpr = (e: Expr): Expr | null => {
    switch (e.kind) {
      case 'load': return inLoc(e.loc);
      case 'rmw': return group([{ k: 'loc', loc: e.loc }, ...e.args.map((a): Part => ({ k: 'expr', e: a }))]);
      case 'un': return inExpr(e.a);
      case 'bin':
        // && and || evaluate their left operand first (C11 6.5.13p4, 6.5.14p4).
        if (e.op === '&&' || e.op === '||') return inExpr(e.a) ?? inExpr(e.b);
        return group([{ k: 'expr', e: e.a }, { k: 'expr', e: e.b }]);
      case 'const': case 'local': case 'this_cpu': case 'this_context': case 'context_test': case 'lock_value': return null;
      default: return assertNever(e);
    }
  };
  return group(parts);
}

/** The access of `p` made first in C's evaluation order: operands before the access itself. */
function firstAccess(p: Part): Expr | null {
  const inExpr = (e: Expr): Expr | null => {
    for (const c of subExprs(e)) {
      const hit = inExpr(c);
      if (hit) return hit;
    }
    return isAccess(e) ? e : null;
  };
  const inLoc = (l: Loc): Expr | null => locOperands(l).map(inExpr).find((x) => x !== null) ?? null;
  return p.k === 'expr' ? inExpr(p.e) : inLoc(p.loc);
}

/** What the splitter needs from the code compiler. */
export interface SplitHost {
  /** Emit an instruction at the statement's span, shown as `access` as written when there is one. */
  emit(body: InstrBody, access: Expr | null): number;
  /** The index the next emitted instruction gets. */
  next(): number;
  /** Point the branch at `at` to `to`. */
  patch(at: number, to: number): void;
  /** A local slot for a temporary, cleared by the caller once the statement is done. */
  temp(): number;
}

/**
 * Rewrite the parts of one statement, evaluated in order, so that each shared access but the last
 * is an instruction of its own (emitted now, through `host`). `own` counts the accesses of the
 * statement's instruction itself, made after its operands (1 for a store or a free): with it the
 * statement's instruction makes exactly one access. The statement must have passed unsequenced().
 */
export function splitAccesses(parts: readonly Part[], own: 0 | 1, host: SplitHost): Part[] {
  let remaining = parts.reduce((n, p) => n + partCount(p), 0) + own;
  if (remaining <= 1) return [...parts];

  // `written` is the access as compiled (its site is known), `node` the same with its operands
  // rewritten to temporaries.
  const hoist = (written: Expr, node: Expr): Expr => {
    remaining--;
    if (remaining === 0) return node; // the last access stays in the statement's instruction
    const t = host.temp();
    host.emit({ op: 'assign', local: t, value: node, silent: false }, written);
    return { kind: 'local', slot: t };
  };
  const loc = (l: Loc): Loc => (l.kind === 'deref' ? { ...l, ptr: expr(l.ptr) } : { ...l, index: l.index.map(expr) });
  const expr = (e: Expr): Expr => {
    switch (e.kind) {
      case 'const': case 'local': case 'this_cpu': case 'this_context': case 'context_test': return e;
      case 'load': return hoist(e, { ...e, loc: loc(e.loc) });
      case 'rmw': { const l = loc(e.loc); return hoist(e, { ...e, loc: l, args: e.args.map(expr) }); }
      case 'lock_value': return hoist(e, e);
      case 'un': return accessCount(e.a) === 0 ? e : { ...e, a: expr(e.a) };
      case 'bin': {
        if ((e.op === '&&' || e.op === '||') && accessCount(e.b) > 0) return shortCircuit(e.op, e.a, e.b);
        const a = expr(e.a);
        return { ...e, a, b: expr(e.b) };
      }
      default: return assertNever(e);
    }
  };
  // r = a; if (&&: r, ||: !r) r = b; the result is r != 0. The right operand's accesses run only
  // when C would evaluate them.
  const shortCircuit = (op: '&&' | '||', left: Expr, right: Expr): Expr => {
    const r = host.temp();
    const a = expr(left);
    host.emit({ op: 'assign', local: r, value: { kind: 'bin', op: '!=', a, b: { kind: 'const', v: 0 } }, silent: accessCount(a) === 0 }, null);
    const cond: Expr = op === '&&' ? { kind: 'local', slot: r } : { kind: 'un', op: '!', a: { kind: 'local', slot: r } };
    const br = host.emit({ op: 'branch', cond, to: -1, clear: [], silent: true }, null);
    // Every access of the right operand is hoisted here, the last one too: the statement's own
    // instruction reads only r.
    const keep = remaining;
    remaining = accessCount(right) + 1;
    const b = expr(right);
    remaining = keep - accessCount(right);
    host.emit({ op: 'assign', local: r, value: { kind: 'bin', op: '!=', a: b, b: { kind: 'const', v: 0 } }, silent: true }, null);
    host.patch(br, host.next());
    return { kind: 'bin', op: '!=', a: { kind: 'local', slot: r }, b: { kind: 'const', v: 0 } };
  };
  return parts.map((p): Part => (p.k === 'expr' ? { k: 'expr', e: expr(p.e) } : { k: 'loc', loc: loc(p.loc) }));
}
