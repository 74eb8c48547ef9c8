// Entry points for the one-line C-like texts in scenario files: statements and conditions here,
// `for` headers and procedure signatures in parse-header.ts. Every string yields a Result; nothing throws.
import { assertNever } from '../../common/assert-never.js';
import type { Result } from '../../common/diagnostic.js';
import type { ExprAst, StmtAst } from './ast.js';
import { tokenize } from './lexer.js';
import type { TextSource } from './text-source.js';
import { readExpression } from './parse-expression.js';
import { Cursor, END } from './token-cursor.js';

export { parseForHeader, parseSignature } from './parse-header.js';

const STATEMENT_FORMS = 'a call, an assignment, return, break or continue';
const ASSIGNABLE = "a name, a field (p->f), an element (a[i]) or a dereference (*p)";

export function parseExpression(text: string, src: TextSource, file: string): Result<ExprAst> {
  const c = new Cursor(tokenize(text, src, file), file);
  const e = readExpression(c);
  c.expectEnd(`an operator or ${END}`);
  return c.finish(e);
}

export function parseStatement(text: string, src: TextSource, file: string): Result<StmtAst> {
  const c = new Cursor(tokenize(text, src, file), file);
  const s = statement(c);
  return c.finish(s);
}

function statement(c: Cursor): StmtAst {
  const t = c.peek();
  if (t.kind === 'eof') {
    c.unexpected(t, STATEMENT_FORMS);
    return { k: 'break', start: t.start, end: t.end };
  }
  if (t.kind === 'ident' && (t.text === 'break' || t.text === 'continue')) {
    c.next();
    c.expectEnd(END);
    return { k: t.text, start: t.start, end: t.end };
  }
  if (t.kind === 'ident' && t.text === 'return') {
    c.next();
    if (c.atEnd()) return { k: 'return', value: null, start: t.start, end: t.end };
    const value = readExpression(c);
    c.expectEnd(`an operator or ${END}`);
    return { k: 'return', value, start: t.start, end: value.end };
  }

  const expr = readExpression(c);
  if (c.eat('=') !== undefined) {
    if (!isAssignable(expr)) {
      c.error(expr.start, expr.end, `cannot assign to ${describeExpr(expr)}`, ASSIGNABLE);
    }
    const value = readExpression(c);
    c.expectEnd(`an operator or ${END}`, c.isPunct('=') ? 'one assignment per statement' : undefined);
    return { k: 'assign', target: expr, value, start: expr.start, end: value.end };
  }
  c.expectEnd(`an operator, '=' or ${END}`);
  if (expr.k !== 'call' && !c.failed) {
    c.error(expr.start, expr.end, 'an expression alone is not a statement', STATEMENT_FORMS, nonCallHint(expr));
  }
  return { k: 'expr', expr, start: expr.start, end: expr.end };
}

function isAssignable(e: ExprAst): boolean {
  // per_cpu(var, cpu) is an lvalue in the kernel (include/linux/percpu-defs.h): ops/percpu.ts.
  return e.k === 'name' || e.k === 'field' || e.k === 'index' || e.k === 'deref' || (e.k === 'call' && e.callee === 'per_cpu');
}

function describeExpr(e: ExprAst): string {
  switch (e.k) {
    case 'num': return 'a number';
    case 'call': return `the result of ${e.callee}()`;
    case 'addr': return "an address ('&')";
    case 'unary':
    case 'binary': return `a '${e.op}' expression`;
    case 'name': case 'field': case 'index': case 'deref': return 'this expression';
    default: return assertNever(e);
  }
}

function nonCallHint(e: ExprAst): string | undefined {
  if (e.k === 'binary' && e.op === '==') return "did you mean '=' (assignment)?";
  if (e.k === 'unary' && e.op === '-' && e.arg.k === 'unary' && e.arg.op === '-') {
    return "'--' is not supported: write 'x = x - 1'";
  }
  return undefined;
}
