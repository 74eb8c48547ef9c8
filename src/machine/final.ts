// Evaluates conditions on a final state (all contexts finished, store buffers drained). Pure.
import { assertNever } from '../common/assert-never.js';
import { FRAME_LOCALS, frameOf, layoutOf } from './layout.js';
import type { FinalExpr, Program } from './program.js';
import type { State } from './state.js';

export function evalFinal(p: Program, s: State, e: FinalExpr): number {
  const l = layoutOf(p);
  switch (e.k) {
    case 'const': return e.v;
    case 'mem': return s[l.memBase + e.loc] ?? 0;
    case 'local': return s[frameOf(l, e.cpu, 0) + FRAME_LOCALS + e.slot] ?? 0;
    case 'un': {
      const a = evalFinal(p, s, e.a);
      return e.op === '!' ? (a === 0 ? 1 : 0) : e.op === '-' ? -a | 0 : ~a;
    }
    case 'bin': {
      if (e.op === '&&') return evalFinal(p, s, e.a) !== 0 && evalFinal(p, s, e.b) !== 0 ? 1 : 0;
      if (e.op === '||') return evalFinal(p, s, e.a) !== 0 || evalFinal(p, s, e.b) !== 0 ? 1 : 0;
      const a = evalFinal(p, s, e.a);
      const b = evalFinal(p, s, e.b);
      switch (e.op) {
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
        default: return assertNever(e.op);
      }
    }
    default:
      return assertNever(e);
  }
}

/** The observed values of a final state, in the order of `final.observe`. */
export function observe(p: Program, s: State): number[] {
  return p.final ? p.final.observe.map((o) => evalFinal(p, s, o.expr)) : [];
}
