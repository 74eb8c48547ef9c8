// Reads a `final:` mapping (exactly one of exists / never / forall, and an optional observe list)
// into a FinalAst. A CPU's task local is written herd7's way, `0:r0`. Pure.
import { isScalar, type Node, type Scalar } from 'yaml';
import type { FinalAst } from './ast.js';
import { parseExpression } from './syntax/parse-statement.js';
import type { YamlReader } from './yaml-reader.js';

const QUANTIFIERS = ['exists', 'never', 'forall'] as const;

/**
 * `0:r0` becomes `0.r0`, the same length, so offsets stay exact: the expression parser reads it
 * as a field of the number 0, which lower turns into CPU 0's task local r0.
 */
export function herdLocals(text: string): string {
  return text.replace(/(^|[^A-Za-z0-9_])(\d+):(?=[A-Za-z_])/g, '$1$2.');
}

function readCondition(r: YamlReader, node: unknown, what: string): { expr: FinalAst['cond']; text: string } | null {
  if (isScalar(node) && typeof (node as Scalar).value === 'number') {
    r.error(r.span(node), `${what} must be a condition`, "a C expression such as '0:r0 == 0 && x == 1'", 'quote it');
    return null;
  }
  const text = r.string(node, what);
  if (text === null) return null;
  const parsed = parseExpression(herdLocals(text), r.source(node as Scalar), r.file);
  if (!parsed.ok) { r.errors.push(...parsed.errors); return null; }
  return { expr: parsed.value, text: text.trim() };
}

export function readFinal(r: YamlReader, node: unknown): FinalAst | null {
  const m = r.map(node, "'final'", [...QUANTIFIERS, 'observe']);
  if (!m) return null;
  const given = QUANTIFIERS.filter((q) => m.has(q));
  if (given.length !== 1) {
    r.error(r.span(node), given.length === 0 ? "'final' has no condition" : `'final' has ${given.map((q) => `'${q}'`).join(' and ')}: one only`, "exactly one of 'exists', 'never' or 'forall'");
    return null;
  }
  const quantifier = given[0]!;
  const condNode = m.get(quantifier)!.value as Node;
  const cond = readCondition(r, condNode, `'${quantifier}'`);
  const obsNode = m.get('observe')?.value;
  const observe = obsNode === undefined ? null : r.seq(obsNode, "'observe'").flatMap((n) => {
    const c = readCondition(r, n, 'an observed value');
    return c ? [{ expr: c.expr, text: c.text, span: r.span(n) }] : [];
  });
  if (!cond) return null;
  return { quantifier, cond: cond.expr, text: cond.text, span: r.span(condNode), observe };
}
