// A read position over the tokens of one line, plus the first syntax error found in it.
// Once an error is recorded the cursor reads as end of statement forever, so every parsing loop
// stops at once and the parser needs neither exceptions nor error checks after each call.
import { fail, ok, type Diagnostic, type Result } from '../../common/diagnostic.js';
import { quote, type Punct, type Token } from './lexer.js';

/** Words that start C statements; never names, so `x = return` is caught here and not in name resolution. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'return', 'break', 'continue', 'for', 'if', 'else', 'while', 'do', 'switch', 'case', 'default', 'goto',
]);

export const END = 'end of statement';

export function describe(t: Token): string {
  switch (t.kind) {
    case 'ident':
      return KEYWORDS.has(t.text) ? `keyword '${t.text}'` : quote(t.text);
    case 'num':
      return quote(t.text);
    case 'punct':
      return `'${t.text}'`;
    case 'eof':
    case 'error':
      return END;
  }
}

export class Cursor {
  private pos = 0;
  private firstError: Diagnostic | undefined;
  private halted: Token | undefined;

  constructor(
    private readonly tokens: readonly Token[],
    readonly file: string,
  ) {}

  peek(ahead = 0): Token {
    if (this.halted !== undefined) return this.halted;
    const last = this.tokens[this.tokens.length - 1] ?? { kind: 'eof', start: 0, end: 0 };
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)] ?? last;
  }

  /** The token before the current one, for hints that look back (`i++`, `x += 1`). */
  behind(back = 1): Token | undefined {
    return this.halted === undefined ? this.tokens[this.pos - back] : undefined;
  }

  /** Consumes the current token; the final eof or error token is never passed. */
  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof' && t.kind !== 'error') this.pos++;
    return t;
  }

  isPunct(p: Punct, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'punct' && t.text === p;
  }

  isIdent(text: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'ident' && t.text === text;
  }

  atEnd(): boolean {
    return this.peek().kind === 'eof';
  }

  eat(p: Punct): Token | undefined {
    return this.isPunct(p) ? this.next() : undefined;
  }

  /** Consumes `p` or records an error at the current token. */
  expect(p: Punct, expected: string, hint?: string): Token | undefined {
    const t = this.eat(p);
    if (t === undefined) this.unexpected(this.peek(), expected, hint);
    return t;
  }

  /** A plain identifier (not a keyword), or an error. */
  expectName(expected: string, hint?: string): (Token & { kind: 'ident' }) | undefined {
    const t = this.peek();
    if (t.kind === 'ident' && !KEYWORDS.has(t.text)) {
      this.next();
      return t;
    }
    this.unexpected(t, expected, hint);
    return undefined;
  }

  expectEnd(expected: string, hint?: string): void {
    if (!this.atEnd()) this.unexpected(this.peek(), expected, hint);
  }

  unexpected(t: Token, expected: string, hint?: string): void {
    if (t.kind === 'error') this.record(t.diagnostic);
    else this.error(t.start, t.end, `unexpected ${describe(t)}`, expected, hint);
  }

  error(start: number, end: number, message: string, expected?: string, hint?: string): void {
    this.record({
      span: { file: this.file, start, end },
      message,
      ...(expected !== undefined ? { expected } : {}),
      ...(hint !== undefined ? { hint } : {}),
    });
  }

  get failed(): boolean {
    return this.firstError !== undefined;
  }

  /** The parse result: the value, unless an error was recorded along the way. */
  finish<T>(value: T): Result<T> {
    return this.firstError === undefined ? ok(value) : fail([this.firstError]);
  }

  private record(d: Diagnostic): void {
    if (this.firstError !== undefined) return;
    this.firstError = d;
    this.halted = { kind: 'eof', start: d.span.start, end: d.span.start };
  }
}
