// A final condition printed as herd7 prints its `Condition` line, so output compared with herd7's
// matches however the file spaced or parenthesised it. Pure.
//
// herdtools7 lib/constrGen.ml, `pp_prop` and `constraints_to_string`: `exists (p)`, `~exists (p)`,
// `forall (p)`; `/\`, `\/` and `=>` with spaces; negation as `not (p)`; `true`, `false`;
// parentheses only where `is_paren` asks for them (an `\/` or `=>` under `/\`, an `=>` under `\/`,
// an `/\` or `\/` under `=>`). Atoms by `dump_atom`: a register as `0:r0`, a shared location in
// brackets, `[x]`; `x!=v` is read as `not (x=v)` (lib/stateParser.mly) and printed so.
import { assertNever } from '../common/assert-never.js';
import type { CondAst, CondLoc, CondValue, Quantifier } from './ast.js';

type Op = 'top' | 'and' | 'or' | 'implies';

function paren(above: Op, here: Exclude<Op, 'top'>, s: string): string {
  const wrap = above === 'top' ? false
    : above === 'implies' ? here !== 'implies'
      : above === 'and' ? here !== 'and'
        : here === 'implies';
  return wrap ? `(${s})` : s;
}

/** `0:r0` or `[x]`, as herd7 shows a location on the left of `=`. */
export function herdLocation(l: CondLoc): string {
  return l.k === 'reg' ? `${l.cpu}:${l.name}` : `[${l.name}]`;
}

function value(v: CondValue): string {
  switch (v.k) {
    case 'int': return String(v.v);
    case 'addr': return v.name;
    case 'loc': return herdLocation(v.loc); // `LL`: both sides bracketed (constrGen.ml, dump_atom)
    default: return assertNever(v);
  }
}

function prop(c: CondAst, above: Op): string {
  switch (c.k) {
    case 'true': return 'true';
    case 'false': return 'false';
    case 'not': return `not (${prop(c.a, 'top')})`;
    case 'and': return paren(above, 'and', `${prop(c.a, 'and')} /\\ ${prop(c.b, 'and')}`);
    case 'or': return paren(above, 'or', `${prop(c.a, 'or')} \\/ ${prop(c.b, 'or')}`);
    case 'implies': return paren(above, 'implies', `${prop(c.a, 'implies')} => ${prop(c.b, 'implies')}`);
    case 'cmp': {
      const atom = `${herdLocation(c.loc)}=${value(c.value)}`;
      return c.op === '==' ? atom : `not (${atom})`;
    }
    default: return assertNever(c);
  }
}

export function herdCondition(q: Quantifier, c: CondAst): string {
  const word = q === 'exists' ? 'exists' : q === 'never' ? '~exists' : 'forall';
  return `${word} (${prop(c, 'top')})`;
}
