// The headers of compound forms: `for VAR in ITER` loops and procedure signatures `name(a, b)`.
import type { Result } from '../../common/diagnostic.js';
import type { ExprAst, ForHeaderAst, ForIterAst, SignatureAst } from './ast.js';
import { suggest } from '../../common/suggest.js';
import { quote, tokenize } from './lexer.js';
import { startOf, type TextSource } from './text-source.js';
import { readExpression } from './parse-expression.js';
import { Cursor, END } from './token-cursor.js';

const LOOP_FORMS = "a for loop walks 'list(HEAD, FIELD)', a range 'A..B' or 'cpus'";

/** Accepts the header with or without its leading `for` keyword. */
export function parseForHeader(text: string, src: TextSource, file: string): Result<ForHeaderAst> {
  const c = new Cursor(tokenize(text, src, file), file);
  const first = c.peek();
  if (c.isIdent('for')) c.next();
  const v = c.expectName('a loop variable name', LOOP_FORMS);
  if (v === undefined || !c.isIdent('in')) {
    if (v !== undefined) c.unexpected(c.peek(), "'in'", LOOP_FORMS);
    return c.finish({ variable: '', variableStart: first.start, start: first.start, end: first.start, iter: cpusAt(first.start) });
  }
  c.next();
  const iter = forIter(c);
  c.expectEnd(END);
  return c.finish({ variable: v.text, variableStart: v.start, iter, start: first.start, end: iter.end });
}

const cpusAt = (at: number): ForIterAst => ({ k: 'cpus', start: at, end: at });

function forIter(c: Cursor): ForIterAst {
  const t = c.peek();
  if (c.isIdent('cpus') && c.peek(1).kind === 'eof') {
    c.next();
    return { k: 'cpus', start: t.start, end: t.end };
  }
  // `for c in cpu`, `for k in lsit(...)`: a misspelt form, not a range missing its '..'.
  const meant = t.kind !== 'ident' ? undefined : c.peek(1).kind === 'eof' ? suggest(t.text, ['cpus']) : c.isPunct('(', 1) && t.text !== 'list' ? suggest(t.text, ['list']) : undefined;
  if (t.kind === 'ident' && meant !== undefined) {
    c.error(t.start, t.end, `${quote(t.text)} is not something a for loop walks`, "'list(HEAD, FIELD)', a range 'A..B' or 'cpus'", `did you mean '${meant}'?`);
    return cpusAt(t.start);
  }
  if (c.isIdent('list') && c.isPunct('(', 1)) {
    c.next();
    c.next();
    const head = readExpression(c, 1);
    c.expect(',', "','", "write 'list(HEAD, FIELD)', e.g. list(bucket->first, next)");
    const field = c.expectName('a field name', "the second argument of list() names the link field, e.g. next");
    const close = c.expect(')', "')'");
    if (field === undefined || close === undefined) return cpusAt(t.start);
    return { k: 'list', head, field: field.text, fieldStart: field.start, start: t.start, end: close.end };
  }
  const from: ExprAst = readExpression(c);
  c.expect('..', "'..'", LOOP_FORMS);
  const to = readExpression(c);
  return { k: 'range', from, to, start: from.start, end: to.end };
}

export function parseSignature(text: string, src: TextSource, file: string): Result<SignatureAst> {
  const c = new Cursor(tokenize(text, src, file), file);
  const name = c.expectName('a procedure name');
  const params: { name: string; start: number; end: number }[] = [];
  c.expect('(', "'('", 'a procedure is declared as name(param, ...)');
  let close = c.eat(')');
  while (close === undefined && !c.failed) {
    const p = c.expectName('a parameter name');
    if (p === undefined) break;
    if (params.some((q) => q.name === p.text)) c.error(p.start, p.end, `duplicate parameter '${p.text}'`, 'each parameter named once');
    params.push({ name: p.text, start: p.start, end: p.end });
    if (c.eat(',') !== undefined) continue;
    const hint = c.peek().kind === 'ident' ? 'parameters have no types: write just the names' : undefined;
    close = c.expect(')', "',' or ')'", hint);
  }
  c.expectEnd(END);
  const start = name?.start ?? startOf(src, 0);
  return c.finish({ name: name?.text ?? '', nameEnd: name?.end ?? start, params, start, end: close?.end ?? start });
}
