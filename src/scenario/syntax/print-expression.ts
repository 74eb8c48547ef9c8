// Prints an expression tree back as source with only the parentheses its shape needs,
// for messages and reports; parsing the output gives back the same tree (tested).
import { assertNever } from '../../common/assert-never.js';
import type { ExprAst } from './ast.js';
import { BINARY_PRECEDENCE } from './parse-expression.js';

const POSTFIX = 12; // field, index, call, names and numbers
const PREFIX = 11; // ! ~ - * &

function precedence(e: ExprAst): number {
  switch (e.k) {
    case 'binary': return BINARY_PRECEDENCE[e.op];
    case 'unary':
    case 'deref':
    case 'addr': return PREFIX;
    case 'field': case 'index': case 'call': case 'name': case 'num': return POSTFIX;
    default: return assertNever(e);
  }
}

function wrap(e: ExprAst, min: number): string {
  const s = printExpression(e);
  return precedence(e) < min ? `(${s})` : s;
}

function prefix(op: string, arg: ExprAst): string {
  const s = wrap(arg, PREFIX);
  // `&&x` would lex as the `&&` operator, and `--x` reads like C's decrement.
  return (op === '&' || op === '-') && s.startsWith(op) ? `${op} ${s}` : `${op}${s}`;
}

export function printExpression(e: ExprAst): string {
  switch (e.k) {
    case 'num': return String(e.value);
    case 'name': return e.name;
    case 'field': return `${wrap(e.obj, POSTFIX)}->${e.field}`;
    case 'index': return `${wrap(e.arr, POSTFIX)}[${printExpression(e.index)}]`;
    case 'call': return `${e.callee}(${e.args.map(printExpression).join(', ')})`;
    case 'deref': return prefix('*', e.ptr);
    case 'addr': return prefix('&', e.of);
    case 'unary': return prefix(e.op, e.arg);
    case 'binary': {
      const p = BINARY_PRECEDENCE[e.op];
      // Left associative: an equal-precedence right operand needs parentheses, a left one does not.
      return `${wrap(e.left, p)} ${e.op} ${wrap(e.right, p + 1)}`;
    }
  }
}
