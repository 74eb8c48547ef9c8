// The C of litmus bodies: declarations, assignments, calls, if/else, and expressions with C's
// precedence, into the scenario language's ExprAst (absolute offsets). Casts are dropped;
// loops, labels, `?:`, `++`, compound assignments and types the machine does not model are
// reported unsupported. Nesting and statement length are bounded (cursor.ts). Pure.
import { suggest } from '../common/suggest.js';
import type { ExprAst } from '../scenario/syntax/ast.js';
import type { CStmt } from './ast.js';
import type { Cursor } from './cursor.js';
import { KNOWN_PRIMITIVES, knownUnsupported } from './known-primitives.js';
import type { Token } from './lexer.js';
import { primitive, PRIMITIVE_NAMES } from './primitives.js';
import { TYPE_WORDS, unsupportedType } from './types.js';

export { TYPE_WORDS };

type BinOp = Extract<ExprAst, { k: 'binary' }>['op'];
/** C precedence, loosest first. */
const LEVELS: readonly (readonly BinOp[])[] = [
  ['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
];

const INT32_MAX = 2 ** 31 - 1;

/** The type read by readType: the words and stars as written, e.g. 'struct srcu_struct *'. */
export interface ReadType {
  readonly text: string;
  /** At least one '*'. */
  readonly pointer: boolean;
}

/**
 * A type as written: words and stars. Consumes nothing when absent. An identifier in a type's
 * place that names no type raceway knows (`rwlock_t *s`) is read as one too, and like every
 * type the machine does not model it is reported unsupported at its position.
 * `cast`: the type of a cast, where `void` is allowed.
 */
export function readType(c: Cursor, cast = false): ReadType {
  const first = c.peek();
  const words: string[] = [];
  while (c.peek().kind === 'ident' && TYPE_WORDS.has(c.peek().text)) {
    const w = c.next().text;
    words.push(w);
    if (w === 'struct') { const t = c.ident('a struct name'); if (t) words.push(t.text); }
  }
  if (words.length === 0 && unknownTypeAhead(c)) words.push(c.next().text);
  const end = c.prevEnd();
  let stars = '';
  while (c.eat('*')) stars += '*';
  if (words.length > 0) {
    const why = unsupportedType(words, cast, stars.length > 0);
    if (why !== null) c.unsupportedAt({ start: first.start, end: end.end }, why);
  }
  return { text: words.join(' ') + (stars ? ` ${stars}` : ''), pointer: stars.length > 0 };
}

/**
 * `foo_t x`, `foo_t *x` (then `;`, `=`, `,`, `)` or `[`): an identifier no type word starts
 * that can only be a type, since C has no other reading of a name followed by a declarator.
 */
function unknownTypeAhead(c: Cursor): boolean {
  const t = c.peek();
  if (t.kind !== 'ident') return false;
  if (c.peek(1).kind === 'ident') return true;
  let i = 1;
  while (c.is('*', i)) i++;
  if (i === 1 || c.peek(i).kind !== 'ident') return false;
  const after = c.peek(i + 1);
  return after.kind === 'punct' && [';', '=', ',', ')', '['].includes(after.text);
}

export function parseBlock(c: Cursor): CStmt[] {
  const open = c.peek();
  const out: CStmt[] = [];
  c.expect('{');
  c.nested(open, null, () => {
    while (!c.is('}') && c.peek().kind !== 'eof') out.push(...statement(c));
    return null;
  });
  c.expect('}', "'}' or a statement");
  return out;
}

function statement(c: Cursor): CStmt[] {
  const t = c.peek();
  if (c.is('{')) return parseBlock(c);
  if (c.eat(';')) return [];
  if (t.kind === 'ident' && (t.text === 'while' || t.text === 'for' || t.text === 'do' || t.text === 'switch' || t.text === 'goto' || t.text === 'return')) {
    c.unsupportedAt(t, `'${t.text}' statement`);
    skipStatement(c);
    return [];
  }
  // `out:` labels a statement for goto (unsupported); read on, so the goto itself is what is reported.
  if (t.kind === 'ident' && c.is(':', 1) && !TYPE_WORDS.has(t.text)) {
    c.next();
    c.unsupportedAt(c.span(t, c.next()), `label '${t.text}:' (goto)`);
    return statement(c);
  }
  if (t.kind === 'ident' && t.text === 'if') {
    return c.nested(t, [], () => {
      c.next();
      c.expect('(');
      c.beginPhrase();
      const cond = expression(c);
      c.expect(')');
      const then = statement(c);
      const els = c.eat('else') ? statement(c) : [];
      return [{ k: 'if', cond, then, else: els, span: c.span(t) }];
    });
  }
  c.beginPhrase();
  if (t.kind === 'ident' && (TYPE_WORDS.has(t.text) || unknownTypeAhead(c)) && !(t.text === 'void' && c.is(')', 1))) {
    const type = readType(c);
    const out: CStmt[] = [];
    let pointer = type.pointer;
    do {
      while (c.eat('*')) pointer = true;
      const name = c.ident('a local name');
      if (!name) return out;
      if (c.is('[')) { c.unsupportedAt(c.peek(), 'local array'); skipStatement(c); return out; }
      const init = c.eat('=') ? expression(c) : null;
      out.push({ k: 'decl', name: name.text, pointer, init, span: c.span(name) });
      pointer = type.pointer;
    } while (c.eat(','));
    c.expect(';', "';' after a declaration");
    return out;
  }
  const e = expression(c);
  const op = c.peek();
  if (op.kind === 'punct' && (op.text === '+=' || op.text === '-=' || op.text === '++' || op.text === '--')) {
    c.unsupportedAt(op, `'${op.text}' (write 'r = r + 1')`);
    skipStatement(c);
    return [];
  }
  if (c.eat('=')) {
    const value = expression(c);
    c.expect(';', "';' after a statement");
    return [{ k: 'assign', target: e, value, span: c.span(t) }];
  }
  c.expect(';', "';' after a statement");
  return [{ k: 'expr', expr: e, span: c.span(t) }];
}

/** After an unsupported statement: skip to its ';' or past its braces, so parsing goes on. */
function skipStatement(c: Cursor): void {
  let depth = 0;
  while (c.peek().kind !== 'eof') {
    const t = c.next();
    if (t.text === '(' || t.text === '{') depth++;
    if (t.text === ')' || t.text === '}') { depth--; if (depth <= 0 && t.text === '}') return; }
    if (t.text === ';' && depth <= 0) return;
  }
}

export function expression(c: Cursor): ExprAst {
  const e = binary(c, 0);
  if (c.is('?')) { c.unsupportedAt(c.peek(), "the conditional operator '?:'"); c.next(); expression(c); c.expect(':'); expression(c); }
  return e;
}

function binary(c: Cursor, level: number): ExprAst {
  if (level >= LEVELS.length) return unary(c);
  let left = binary(c, level + 1);
  for (;;) {
    const t = c.peek();
    const op = LEVELS[level]!.find((o) => t.kind === 'punct' && t.text === o);
    if (!op || !c.longer()) return left;
    c.next();
    const right = binary(c, level + 1);
    left = { k: 'binary', op, left, right, start: left.start, end: right.end };
  }
}

/** What stands in for an expression after an error; the cursor has halted, so nobody looks at it. */
const placeholder = (t: Token): ExprAst => ({ k: 'num', value: 0, start: t.start, end: t.end });

function unary(c: Cursor): ExprAst {
  const t = c.peek();
  if (t.kind !== 'punct') return postfix(c, primary(c));
  // INT32_MIN is written `-2147483648`: the literal alone does not fit.
  if (t.text === '-' && c.peek(1).kind === 'num' && c.peek(1).value === INT32_MAX + 1) {
    c.next();
    const n = c.next();
    return { k: 'num', value: literal(c, n, true), start: t.start, end: n.end };
  }
  const prefix = (build: (a: ExprAst) => ExprAst): ExprAst => c.nested(t, placeholder(t), () => { c.next(); return build(unary(c)); });
  if (t.text === '*') return prefix((a) => ({ k: 'deref', ptr: a, start: t.start, end: a.end }));
  if (t.text === '&') return prefix((a) => ({ k: 'addr', of: a, start: t.start, end: a.end }));
  if (t.text === '!' || t.text === '-' || t.text === '~') return prefix((a) => ({ k: 'unary', op: t.text as '!' | '-' | '~', arg: a, start: t.start, end: a.end }));
  if (t.text === '+') return prefix((a) => a);
  if (t.text === '++' || t.text === '--') { c.unsupportedAt(t, `'${t.text}'`); return prefix((a) => a); }
  // A cast: `(void)e`, `(int *)e`. Its value is the same integer on this machine.
  if (t.text === '(' && c.peek(1).kind === 'ident' && TYPE_WORDS.has(c.peek(1).text)) {
    return c.nested(t, placeholder(t), () => {
      c.next();
      readType(c, true);
      c.expect(')', "')' closing a cast");
      return unary(c);
    });
  }
  return postfix(c, primary(c));
}

/** An integer literal's value: int32 only, and no `U` suffix (unsigned arithmetic is not modelled). */
export function literal(c: Cursor, t: Token, negative: boolean): number {
  const v = negative ? -(t.value ?? 0) : (t.value ?? 0);
  if (/[uU]/.test(t.text)) c.unsupportedAt(t, `unsigned literal '${t.text}' (values are int32 here)`);
  if (v > INT32_MAX || v < -INT32_MAX - 1) {
    c.error(t, `integer literal ${negative ? '-' : ''}${t.text} does not fit in 32 bits`, `an integer from ${-INT32_MAX - 1} to ${INT32_MAX}`);
  }
  return v;
}

function primary(c: Cursor): ExprAst {
  const t = c.peek();
  if (t.kind === 'num') { c.next(); return { k: 'num', value: literal(c, t, false), start: t.start, end: t.end }; }
  if (t.kind === 'ident') {
    c.next();
    if (c.is('(')) {
      callee(c, t);
      return c.nested(c.peek(), placeholder(t), () => {
        c.next();
        const args: ExprAst[] = [];
        if (!c.is(')')) do args.push(expression(c)); while (c.eat(','));
        const close = c.expect(')', "')' or ','");
        return { k: 'call', callee: t.text, calleeEnd: t.end, args, start: t.start, end: close?.end ?? t.end };
      });
    }
    return { k: 'name', name: t.text, start: t.start, end: t.end };
  }
  if (c.is('(')) {
    return c.nested(t, placeholder(t), () => {
      c.next();
      const e = expression(c);
      const close = c.expect(')');
      return { ...e, start: t.start, end: close?.end ?? e.end } as ExprAst;
    });
  }
  c.unexpected('an expression');
  return placeholder(t);
}

/**
 * Checks the name of a call: a primitive raceway runs, one it knows but cannot run yet
 * (unsupported), or a mistake, an error with the nearest known name, so a typo can never pass
 * as a test raceway merely skips (errors outrank unsupported constructs).
 */
function callee(c: Cursor, t: Token): void {
  if (primitive(t.text) !== undefined) return;
  if (knownUnsupported(t.text, (n) => primitive(n) !== undefined)) { c.unsupportedAt(t, `${t.text}()`); return; }
  const near = suggest(t.text, [...PRIMITIVE_NAMES, ...KNOWN_PRIMITIVES]);
  c.error(t, `unknown function '${t.text}'`, 'a kernel primitive listed in docs/litmus.md', near ? `did you mean '${near}'?` : undefined);
}

function postfix(c: Cursor, e: ExprAst): ExprAst {
  for (;;) {
    const t = c.peek();
    if (c.is('[')) {
      e = c.nested(t, e, () => {
        c.next();
        const index = expression(c);
        const close = c.expect(']');
        return { k: 'index', arr: e, index, start: e.start, end: close?.end ?? index.end };
      });
    } else if (c.is('->') || c.is('.')) {
      c.next();
      const f = c.ident('a field name');
      e = { k: 'field', obj: e, field: f?.text ?? '', fieldStart: f?.start ?? t.end, start: e.start, end: f?.end ?? t.end };
    } else if (c.is('++') || c.is('--')) {
      c.unsupportedAt(t, `'${t.text}'`);
      c.next();
    } else return e;
  }
}
