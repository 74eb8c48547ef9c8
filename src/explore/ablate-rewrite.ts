// The access-order rewrite that `ablate`'s ordering and marking sites share: every load, store and
// read-modify-write of an instruction, through its addresses and values, with its order mapped.
// Pure.
import type { Expr, InstrBody, LoadOrder, Loc, RmwOrder, StoreOrder } from '../machine/program.js';

export interface OrderRewrite {
  readonly load: (o: LoadOrder) => LoadOrder;
  readonly store: (o: StoreOrder) => StoreOrder;
  /** An RMW's order (absent: fully ordered); undefined leaves every RMW as it is. */
  readonly rmw?: (o: RmwOrder | undefined) => RmwOrder | undefined;
}

function loc(l: Loc, r: OrderRewrite): Loc {
  return l.kind === 'deref' ? { ...l, ptr: expr(l.ptr, r) } : { ...l, index: l.index.map((e) => expr(e, r)) };
}

function expr(e: Expr, r: OrderRewrite): Expr {
  switch (e.kind) {
    case 'load': return { ...e, loc: loc(e.loc, r), order: r.load(e.order) };
    case 'un': return { ...e, a: expr(e.a, r) };
    case 'bin': return { ...e, a: expr(e.a, r), b: expr(e.b, r) };
    case 'rmw': {
      const order = r.rmw ? r.rmw(e.order) : e.order;
      const { order: _, ...rest } = e;
      return { ...rest, loc: loc(e.loc, r), args: e.args.map((a) => expr(a, r)), ...(order !== undefined ? { order } : {}) };
    }
    default: return e;
  }
}

/** The instruction with its orders rewritten, or null when nothing changes. */
export function rewriteOrders(i: InstrBody, r: OrderRewrite): InstrBody | null {
  let out: InstrBody;
  switch (i.op) {
    case 'store': out = { ...i, loc: loc(i.loc, r), value: expr(i.value, r), order: r.store(i.order) }; break;
    case 'assign': case 'eval': out = { ...i, value: expr(i.value, r) }; break;
    case 'branch': case 'assert': case 'wait_until': out = { ...i, cond: expr(i.cond, r) }; break;
    default: return null;
  }
  return JSON.stringify(out) === JSON.stringify(i) ? null : out;
}
