// Evaluates conditions on a final state (all contexts finished, store buffers drained). Pure.
import { assertNever } from '../common/assert-never.js';
import { binaryOp, unaryOp } from './arith.js';
import { FRAME_LOCALS, frameOf, layoutOf } from './layout.js';
import type { FinalExpr, FinalSpec, Program } from './program.js';
import type { State } from './state.js';

export function evalFinal(p: Program, s: State, e: FinalExpr): number {
  const l = layoutOf(p);
  switch (e.kind) {
    case 'const': return e.v;
    case 'mem': return s[l.memBase + e.loc] ?? 0;
    case 'local': return s[frameOf(l, e.cpu, 0) + FRAME_LOCALS + e.slot] ?? 0;
    case 'un': return unaryOp(e.op, evalFinal(p, s, e.a));
    case 'bin': {
      if (e.op === '&&') return evalFinal(p, s, e.a) !== 0 && evalFinal(p, s, e.b) !== 0 ? 1 : 0;
      if (e.op === '||') return evalFinal(p, s, e.a) !== 0 || evalFinal(p, s, e.b) !== 0 ? 1 : 0;
      return binaryOp(e.op, evalFinal(p, s, e.a), evalFinal(p, s, e.b)) ?? 0;
    }
    default:
      return assertNever(e);
  }
}

/** The observed values of a final state, in the order of `final.observe`. */
export function observe(p: Program, s: State): number[] {
  return p.final ? p.final.observe.map((o) => evalFinal(p, s, o.expr)) : [];
}

/**
 * What a final condition's quantifier claims, as an expectation: `never` (herd7's `~exists`) that
 * no final state satisfies the condition, `forall` that every one does (herd7's Observation words
 * Never and Always; herd/top_herd.ml validates the quantified condition the same way); `exists`
 * only asks, and claims nothing. The one rule both front ends use: a case whose declared
 * expectation names no observation is judged against this claim.
 */
export function quantifierClaim(q: FinalSpec['quantifier']): 'never' | 'always' | null {
  switch (q) {
    case 'exists': return null;
    case 'never': return 'never';
    case 'forall': return 'always';
    default: return assertNever(q);
  }
}
