// Evaluates a final-state expression over the observed values of a final state (FinalSpec.observe
// order), for the `filter` clause, whose leaves are always observed. Pure.
import { assertNever } from '../common/assert-never.js';
import type { FinalExpr } from '../machine/program.js';

function sameLeaf(a: FinalExpr, b: FinalExpr): boolean {
  if (a.k === 'mem' && b.k === 'mem') return a.loc === b.loc;
  if (a.k === 'local' && b.k === 'local') return a.cpu === b.cpu && a.slot === b.slot;
  return a.k === 'const' && b.k === 'const' && a.v === b.v;
}

export function evalOnValues(e: FinalExpr, observe: readonly { expr: FinalExpr }[], values: readonly number[]): number {
  switch (e.k) {
    case 'const': return e.v;
    case 'mem':
    case 'local': {
      const i = observe.findIndex((o) => sameLeaf(o.expr, e));
      return i >= 0 ? (values[i] ?? 0) : 0;
    }
    case 'un': {
      const a = evalOnValues(e.a, observe, values);
      return e.op === '!' ? (a === 0 ? 1 : 0) : e.op === '-' ? -a | 0 : ~a;
    }
    case 'bin': {
      const a = evalOnValues(e.a, observe, values);
      const b = evalOnValues(e.b, observe, values);
      const op = e.op;
      switch (op) {
        case '&&': return a !== 0 && b !== 0 ? 1 : 0;
        case '||': return a !== 0 || b !== 0 ? 1 : 0;
        case '==': return a === b ? 1 : 0;
        case '!=': return a !== b ? 1 : 0;
        case '<': return a < b ? 1 : 0;
        case '<=': return a <= b ? 1 : 0;
        case '>': return a > b ? 1 : 0;
        case '>=': return a >= b ? 1 : 0;
        case '+': return (a + b) | 0;
        case '-': return (a - b) | 0;
        case '*': return Math.imul(a, b);
        case '/': return b === 0 ? 0 : (a / b) | 0;
        case '%': return b === 0 ? 0 : a % b | 0;
        case '&': return a & b;
        case '|': return a | b;
        case '^': return a ^ b;
        case '<<': return a << b;
        case '>>': return a >> b;
        default: return assertNever(op);
      }
    }
    default:
      return assertNever(e);
  }
}
