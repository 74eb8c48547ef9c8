// C expressions by precedence climbing over a token cursor: binary levels from `||` up to `* / %`,
// then prefix operators, then postfix `->f .f [i]` and calls of plain names.
import type { ExprAst } from './ast.js';
import type { Token } from './lexer.js';
import { KEYWORDS, type Cursor } from './token-cursor.js';

type BinaryOp = Extract<ExprAst, { k: 'binary' }>['op'];

/** C precedence, higher binds tighter; every level is left associative. */
export const BINARY_PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5,
  '==': 6, '!=': 6, '<': 7, '<=': 7, '>': 7, '>=': 7,
  '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

/** Parentheses, brackets, call arguments and prefix operators each add a level; recursion is bounded by it. */
export const MAX_NESTING = 64;

const EXPRESSION = 'an expression';

/** What stands in for a sub-expression after an error; the cursor has halted, so nobody looks at it. */
const placeholder = (t: Token): ExprAst => ({ k: 'name', name: '', start: t.start, end: t.start });

export function readExpression(c: Cursor, depth = 0): ExprAst {
  return binary(c, 1, depth);
}

function binaryOp(t: Token): BinaryOp | undefined {
  return t.kind === 'punct' && Object.hasOwn(BINARY_PRECEDENCE, t.text) ? (t.text as BinaryOp) : undefined;
}

function binary(c: Cursor, minPrec: number, depth: number): ExprAst {
  let left = unary(c, depth);
  for (;;) {
    const op = binaryOp(c.peek());
    if (op === undefined || BINARY_PRECEDENCE[op] < minPrec) return left;
    c.next();
    // prec + 1 for the right operand makes equal-precedence chains associate to the left.
    const right = binary(c, BINARY_PRECEDENCE[op] + 1, depth);
    left = { k: 'binary', op, left, right, start: left.start, end: right.end };
  }
}

/** Records the nesting error and reports whether parsing may go one level deeper. */
function deeper(c: Cursor, t: Token, depth: number): boolean {
  if (depth < MAX_NESTING) return true;
  c.error(t.start, t.end, 'expression nested too deeply',
    `at most ${MAX_NESTING} levels of parentheses, brackets, calls and prefix operators`, 'split it: assign a part to a local first');
  return false;
}

function unary(c: Cursor, depth: number): ExprAst {
  const t = c.peek();
  if (t.kind !== 'punct' || !['!', '~', '-', '*', '&'].includes(t.text)) return postfix(c, depth);
  if (!deeper(c, t, depth)) return placeholder(t);
  c.next();
  const arg = unary(c, depth + 1);
  const span = { start: t.start, end: arg.end };
  if (t.text === '*') return { k: 'deref', ptr: arg, ...span };
  if (t.text === '&') return { k: 'addr', of: arg, ...span };
  return { k: 'unary', op: t.text as '!' | '~' | '-', arg, ...span };
}

function postfix(c: Cursor, depth: number): ExprAst {
  let e = primary(c, depth);
  for (;;) {
    if (c.isPunct('->') || c.isPunct('.')) {
      c.next();
      const f = c.expectName('a field name');
      if (f === undefined) return e;
      e = { k: 'field', obj: e, field: f.text, fieldStart: f.start, start: e.start, end: f.end };
    } else if (c.isPunct('[')) {
      const open = c.next();
      if (!deeper(c, open, depth)) return e;
      const index = readExpression(c, depth + 1);
      const close = c.expect(']', "']'");
      if (close === undefined) return e;
      e = { k: 'index', arr: e, index, start: e.start, end: close.end };
    } else if (c.isPunct('(')) {
      c.unexpected(c.peek(), 'an operator', 'only a plain function name can be called, as in foo(x)');
      return e;
    } else {
      return e;
    }
  }
}

function primary(c: Cursor, depth: number): ExprAst {
  const t = c.peek();
  if (t.kind === 'num') {
    c.next();
    return { k: 'num', value: t.value, start: t.start, end: t.end };
  }
  if (t.kind === 'ident' && !KEYWORDS.has(t.text)) {
    c.next();
    return c.isPunct('(') ? call(c, t, depth) : { k: 'name', name: t.text, start: t.start, end: t.end };
  }
  if (t.kind === 'punct' && t.text === '(') {
    if (!deeper(c, t, depth)) return placeholder(t);
    c.next();
    const inner = readExpression(c, depth + 1);
    const close = c.expect(')', "')'");
    // The node widens to cover its parentheses, so a parent's span starts at the '(' it begins with.
    return close === undefined ? inner : { ...inner, start: t.start, end: close.end };
  }
  c.unexpected(t, EXPRESSION, misspelledOperatorHint(c, t));
  return placeholder(t);
}

function call(c: Cursor, callee: Token & { kind: 'ident' }, depth: number): ExprAst {
  const open = c.next();
  if (!deeper(c, open, depth)) return placeholder(open);
  const args: ExprAst[] = [];
  let close = c.eat(')');
  while (close === undefined && !c.failed) {
    args.push(readExpression(c, depth + 1));
    if (c.eat(',') !== undefined) continue;
    close = c.expect(')', "',' or ')'");
  }
  const end = close?.end ?? c.peek().start;
  return { k: 'call', callee: callee.text, calleeEnd: callee.end, args, start: callee.start, end };
}

const COMPOUNDABLE: ReadonlySet<string> = new Set(['+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>']);

const adjacent = (a: Token | undefined, b: Token | undefined, ta: string, tb: string): boolean =>
  a?.kind === 'punct' && b?.kind === 'punct' && a.text === ta && b.text === tb && a.end === b.start;

/** `i++`, `i--`, `++i` and `x += 1` reach here as a stray operator; say what was meant. */
function misspelledOperatorHint(c: Cursor, t: Token): string | undefined {
  const prev = c.behind();
  if (adjacent(prev, t, '+', '+') || adjacent(t, c.peek(1), '+', '+')) return "'++' is not supported: write 'x = x + 1'";
  if (t.kind === 'eof' && adjacent(c.behind(2), prev, '-', '-')) return "'--' is not supported: write 'x = x - 1'";
  if (prev?.kind === 'punct' && COMPOUNDABLE.has(prev.text) && adjacent(prev, t, prev.text, '=')) {
    return `compound assignment '${prev.text}=' is not supported: write 'x = x ${prev.text} y'`;
  }
  return undefined;
}
