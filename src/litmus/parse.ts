// Phase 1 of the C litmus front end: text -> LitmusAst, the syntax errors found, and the
// constructs raceway cannot run yet. Follows herd7's C litmus format (herd/herdtools7,
// herd/tests/instructions/C/*.litmus; the kernel's tools/memory-model/litmus-tests). Pure.
import type { Diagnostic } from '../common/diagnostic.js';
import type { CondAst, CondLoc, CondValue, HandlerAst, InitDecl, InitValue, LitmusAst, ParamAst, ProcAst, Quantifier, RegInit, Unsupported } from './ast.js';
import { Cursor } from './cursor.js';
import { lex } from './lexer.js';
import { literal, parseBlock, readType } from './parse-c.js';
import { MAX_CPUS } from '../scenario/max-cpus.js';
import { readPrelude } from './prelude.js';

export interface Parsed {
  readonly ast: LitmusAst | null;
  readonly errors: readonly Diagnostic[];
  readonly unsupported: readonly Unsupported[];
}

/** herd7's Result word; `DATARACE` after it predicts LKMM's data-race flag (scripts/judgelitmus.sh). */
const RESULT = /Result:[ \t]*([A-Za-z]+)([ \t]+DATARACE\b)?/;

/** Firings of one handler per run: the scenario language's bound (`max`, 0 to 16). */
const MAX_FIRINGS = 16;

export function parseLitmus(file: string, text: string): Parsed {
  const pre = readPrelude(text);
  if (!pre) {
    const at = text.length - text.trimStart().length;
    // herd7's first line names the architecture (`LISA`, `PPC`, `AArch64`, ...): say which it is.
    const arch = /^([A-Za-z0-9_]+)[ \t]+\S/.exec(text.slice(at))?.[1];
    const message = arch && arch !== 'C' ? `a ${arch} litmus test, not a C one` : 'not a C litmus test';
    return { ast: null, errors: [{ span: { file, start: at, end: at + (arch?.length ?? 1) }, message, expected: "a first line 'C NAME': raceway reads herd7's C litmus tests" }], unsupported: [] };
  }
  const name = pre.name;
  const from = pre.end;
  const lexed = lex(text, from);
  const c = new Cursor(lexed.tokens, file, text);
  if (lexed.bad) c.error({ start: lexed.bad.start, end: lexed.bad.start + lexed.bad.char.length }, `unexpected character '${lexed.bad.char}'`);
  // The Result line: in the first comment before the init block that has one (diy7 and
  // hand-written tests may put other comments first), else in the first comment of all.
  const header = pre.comments.find((k) => RESULT.test(k.text)) ?? [...pre.comments, ...lexed.comments][0];
  const rm = header ? RESULT.exec(header.text) : null;
  const result = rm && header ? { word: rm[1]!, dataRace: rm[2] !== undefined, span: { file, start: header.start + rm.index, end: header.start + rm.index + rm[0].length } } : null;

  const regInit: RegInit[] = [];
  const init: InitDecl[] = c.is('{') ? initBlock(c, regInit) : [];
  const procs: ProcAst[] = [];
  const handlers: HandlerAst[] = [];
  let expect: LitmusAst['expect'] = null;
  const locations: CondLoc[] = [];
  let filter: CondAst | null = null;
  let final: { quantifier: Quantifier; cond: CondAst; start: number } | null = null;
  while (c.peek().kind !== 'eof' && c.errors.length === 0) {
    const t = c.peek();
    if (t.kind === 'ident' && /^P\d+$/.test(t.text)) {
      const cpu = Number(t.text.slice(1));
      if (cpu !== procs.length) c.error(t, `${t.text} out of order`, `P${procs.length}`);
      // Pn runs on CPU n, and the machine has MAX_CPUS.
      else if (cpu >= MAX_CPUS) c.error(t, `more than ${MAX_CPUS} processes`, `P0 to P${MAX_CPUS - 1}: the machine has ${MAX_CPUS} CPUs`);
      c.next();
      const params = paramList(c);
      procs.push({ cpu, params, body: parseBlock(c), span: c.span(t) });
    } else if (t.kind === 'ext-open') {
      c.next();
      while (c.peek().kind !== 'ext-close' && c.peek().kind !== 'eof' && c.errors.length === 0) {
        if (c.eat('expect')) {
          const w = c.ident('Never, Sometimes or Always');
          if (w) expect = { word: w.text, span: c.span(w) };
          c.eat(';');
        } else if (c.is('irq') || c.is('nmi')) handlers.push(handler(c));
        else { c.unexpected("'irq', 'nmi' or 'expect'"); break; }
      }
      if (c.peek().kind === 'ext-close') c.next();
      else c.unexpected("'*)' closing the (*raceway block");
    } else if (c.eat('locations')) {
      c.expect('[');
      while (!c.is(']') && c.peek().kind !== 'eof') { locations.push(condLoc(c)); if (!c.eat(';')) break; }
      c.expect(']', "';' or ']'");
    } else if (c.eat('filter')) {
      c.beginPhrase();
      filter = cond(c);
    } else if (c.is('exists') || c.is('forall') || (c.is('~') && c.is('exists', 1))) {
      const neg = c.eat('~') !== undefined;
      const q = c.next().text;
      c.beginPhrase();
      final = { quantifier: neg ? 'never' : q === 'forall' ? 'forall' : 'exists', cond: cond(c), start: t.start };
      c.eat(';'); // herd7's `final: constr SEMI`
    } else {
      c.unexpected("P<n>(...), 'locations', 'filter', 'exists', '~exists' or 'forall'");
    }
  }
  if (procs.length === 0 && c.errors.length === 0) c.error({ start: text.length, end: text.length }, 'no process', 'P0(...) { ... }');
  if (c.errors.length > 0) return { ast: null, errors: c.errors, unsupported: c.unsupported };
  // No condition at all is herd7's `constr_true`, `forall (true)` (lib/constrGen.ml).
  const end = { start: text.length, end: text.length };
  const last = final ?? { quantifier: 'forall' as const, cond: { k: 'true' as const, span: c.span(end, end) }, start: end.start };
  const condSpan = { file, start: last.start, end: last.cond.span.end };
  return {
    ast: {
      file, name, result, init, regInit, procs, handlers, expect, locations, filter,
      quantifier: last.quantifier, cond: last.cond, condText: final ? c.source(condSpan.start, condSpan.end) : 'forall (true)', condSpan,
    },
    errors: [],
    unsupported: c.unsupported,
  };
}

// herd7 reads the init block with its state grammar (lib/stateParser.mly, `atom_init`): `x;`,
// `x=v;`, `TYPE x[=v];`, `TYPE *x[=v];`, `*x=v;`, and the same for a register `0:r1` (or
// `P0:r1`): its type is ignored and its value is where the register starts.
function initBlock(c: Cursor, regs: RegInit[]): InitDecl[] {
  const out: InitDecl[] = [];
  c.expect('{');
  while (!c.is('}') && c.peek().kind !== 'eof' && c.errors.length === 0) {
    const t = c.peek();
    if (c.eat(';')) continue;
    const type = regAhead(c) ? '' : readType(c).text;
    while (c.eat('*')) { /* `*x=v;`: a pointer without a type (herd7's TyDefPointer) */ }
    if (regAhead(c)) {
      const r = reg(c);
      const value = c.eat('=') ? initValue(c) : null;
      regs.push({ cpu: r.cpu, name: r.name, value, span: c.span(t) });
    } else {
      const name = c.ident('a location name or a register (0:r1)');
      if (!name) break;
      if (c.is('[')) {
        c.unsupportedAt(c.peek(), 'array location');
        while (!c.is(';') && !c.is('}') && c.peek().kind !== 'eof') c.next();
      }
      const value = c.eat('=') ? initValue(c) : null;
      out.push({ name: name.text, type, value, span: c.span(t) });
    }
    if (!c.eat(';') && !c.is('}')) c.unexpected("';' or '}'");
  }
  c.expect('}');
  return out;
}

/** `0:r1` or `P0:r1` next: herd7's `std_reg`. */
function regAhead(c: Cursor): boolean {
  const t = c.peek();
  return (t.kind === 'num' || (t.kind === 'ident' && /^P\d+$/.test(t.text))) && c.is(':', 1) && c.peek(2).kind === 'ident';
}

function reg(c: Cursor): { cpu: number; name: string } {
  const t = c.next();
  c.next();
  const r = c.ident('a register name');
  return { cpu: t.kind === 'num' ? (t.value ?? 0) : Number(t.text.slice(1)), name: r?.text ?? '' };
}

function initValue(c: Cursor): InitValue | null {
  const t = c.peek();
  if (c.eat('ATOMIC_INIT')) {
    c.expect('(');
    const v = initValue(c);
    c.expect(')');
    return v;
  }
  const v = intValue(c);
  if (v !== null) return { k: 'int', v, span: c.span(t) };
  c.eat('&');
  const n = c.ident('an integer or a location name');
  if (!n) return null;
  if (n.text === 'NULL') return { k: 'int', v: 0, span: c.span(t) };
  return { k: 'addr', name: n.text, span: c.span(t) };
}

/** `5`, `-5` (int32, else an error), or null with nothing read when the next token is no integer. */
function intValue(c: Cursor): number | null {
  const negative = c.is('-') && c.peek(1).kind === 'num';
  if (negative) c.next();
  const n = c.peek();
  if (n.kind !== 'num') return null;
  c.next();
  return literal(c, n, negative);
}

function paramList(c: Cursor): ParamAst[] {
  const out: ParamAst[] = [];
  c.expect('(');
  if (c.is('void') && c.is(')', 1)) c.next();
  while (!c.is(')') && c.peek().kind !== 'eof' && c.errors.length === 0) {
    const t = c.peek();
    const type = readType(c).text;
    const name = c.ident('a parameter name');
    if (!name) break;
    out.push({ name: name.text, type, span: c.span(t) });
    if (!c.eat(',')) break;
  }
  c.expect(')', "',' or ')'");
  return out;
}

function handler(c: Cursor): HandlerAst {
  const t = c.next();
  const kind = t.text === 'nmi' ? 'nmi' : 'irq';
  const name = c.ident('a handler name')?.text ?? kind;
  const params = paramList(c);
  const cpus: number[] = [];
  c.expect('on', "'on' and the CPUs it may interrupt");
  do {
    const n = c.peek();
    if (n.kind === 'num') { c.next(); cpus.push(n.value ?? 0); } else c.unexpected('a CPU number');
  } while (c.eat(','));
  let max = 1;
  if (c.eat('max')) {
    const n = c.peek();
    if (n.kind === 'num' && (n.value ?? -1) <= MAX_FIRINGS) { c.next(); max = n.value ?? 1; }
    else if (n.kind === 'num') c.error(n, `'max' must be a whole number from 0 to ${MAX_FIRINGS}`, `an integer in 0..${MAX_FIRINGS}`);
    else c.unexpected('how many times it may fire');
  }
  const body = parseBlock(c);
  return { kind, name, cpu: cpus[0] ?? 0, cpus, max, params, body, span: c.span(t) };
}

// Conditions with herd7's precedence (herdtools7 lib/stateParser.mly: `%left OR`, `%left AND`,
// `%right IMPLIES`, `%nonassoc NOT`, loosest first): `\/` binds loosest, then `/\`, then `=>`
// (right associative), then `~`. So `a /\ b => c` is `a /\ (b => c)`, as herd7 reads it.
function cond(c: Cursor): CondAst {
  let a = conj(c);
  while (c.is('\\/') && c.longer() && c.eat('\\/')) { const b = conj(c); a = { k: 'or', a, b, span: c.span(a.span, b.span) }; }
  return a;
}

function conj(c: Cursor): CondAst {
  let a = implication(c);
  while (c.is('/\\') && c.longer() && c.eat('/\\')) { const b = implication(c); a = { k: 'and', a, b, span: c.span(a.span, b.span) }; }
  return a;
}

function implication(c: Cursor): CondAst {
  const a = neg(c);
  const t = c.peek();
  if (!c.is('=>') || !c.longer()) return a;
  return c.nested(t, a, () => { c.next(); const b = implication(c); return { k: 'implies', a, b, span: c.span(a.span, b.span) }; });
}

function neg(c: Cursor): CondAst {
  const t = c.peek();
  const stop: CondAst = { k: 'true', span: c.span(t, t) };
  if (c.is('~') || c.is('not')) {
    return c.nested<CondAst>(t, stop, () => { c.next(); const a = neg(c); return { k: 'not', a, span: c.span(t, a.span) }; });
  }
  if (c.is('(')) {
    return c.nested<CondAst>(t, stop, () => {
      c.next();
      const a = cond(c);
      c.expect(')', "')', '/\\\\' or '\\\\/'");
      return { ...a, span: c.span(t) };
    });
  }
  if (c.eat('true')) return { k: 'true', span: c.span(t) };
  if (c.eat('false')) return { k: 'false', span: c.span(t) };
  const loc = condLoc(c);
  const op = c.eat('!=') ? '!=' : (c.eat('=') || c.eat('==')) ? '==' : null;
  if (!op) { c.unexpected("'=' or '!='"); return { k: 'true', span: c.span(t) }; }
  const value = condValue(c, op);
  return { k: 'cmp', op, loc, value, span: c.span(t) };
}

function condLoc(c: Cursor): CondLoc {
  const t = c.peek();
  if (regAhead(c)) {
    const r = reg(c);
    return { k: 'reg', cpu: r.cpu, name: r.name, span: c.span(t) };
  }
  // `[x]`: herd7's bracketed shared location (`loc_brk`), as it prints one.
  if (c.eat('[')) {
    const n = c.ident('a location name');
    c.expect(']');
    return { k: 'global', name: n?.text ?? '', span: c.span(t) };
  }
  const n = c.ident('a location (x) or a register (0:r0)');
  if (n && c.is('[')) c.unsupportedAt(c.peek(), 'array element in a condition');
  return { k: 'global', name: n?.text ?? '', span: c.span(t) };
}

/**
 * An integer, a location's address (`y`, `&y`, `NULL`), or with `=` another location's value:
 * a register (`1:r2`), `*y` or `[y]` (herd7's `location equal location_deref`; it has no `!=`
 * form, so one there is refused).
 */
function condValue(c: Cursor, op: '==' | '!='): CondValue {
  const t = c.peek();
  if (regAhead(c) || c.is('[') || (c.is('*') && c.peek(1).kind === 'ident')) {
    if (op === '!=') c.error(t, "a location on the right of '!=' (herd7 compares two locations only with '=')", "an integer or a location name, or '=' for two locations");
    c.eat('*');
    const loc = condLoc(c);
    return { k: 'loc', loc, span: c.span(t) };
  }
  const v = intValue(c);
  if (v !== null) return { k: 'int', v, span: c.span(t) };
  c.eat('&');
  const n = c.ident('an integer or a location name');
  if (n?.text === 'NULL') return { k: 'int', v: 0, span: c.span(t) };
  return { k: 'addr', name: n?.text ?? '', span: c.span(t) };
}
