// Evaluates a final-state expression over the observed values of a final state (FinalSpec.observe
// order), for the `filter` clause, whose leaves are always observed. Pure.
import { assertNever } from '../common/assert-never.js';
import { binaryOp, unaryOp } from '../machine/arith.js';
import type { FinalExpr } from '../machine/program.js';

function sameLeaf(a: FinalExpr, b: FinalExpr): boolean {
  if (a.kind === 'mem' && b.kind === 'mem') return a.loc === b.loc;
  if (a.kind === 'local' && b.kind === 'local') return a.cpu === b.cpu && a.slot === b.slot;
  return a.kind === 'const' && b.kind === 'const' && a.v === b.v;
}

export function evalOnValues(e: FinalExpr, observe: readonly { expr: FinalExpr }[], values: readonly number[]): number {
  switch (e.kind) {
    case 'const': return e.v;
    case 'mem':
    case 'local': {
      const i = observe.findIndex((o) => sameLeaf(o.expr, e));
      return i >= 0 ? (values[i] ?? 0) : 0;
    }
    case 'un': return unaryOp(e.op, evalOnValues(e.a, observe, values));
    case 'bin': {
      const a = evalOnValues(e.a, observe, values);
      const b = evalOnValues(e.b, observe, values);
      if (e.op === '&&') return a !== 0 && b !== 0 ? 1 : 0;
      if (e.op === '||') return a !== 0 || b !== 0 ? 1 : 0;
      return binaryOp(e.op, a, b) ?? 0;
    }
    default:
      return assertNever(e);
  }
}
