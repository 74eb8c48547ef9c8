// A read position over a litmus file's tokens, plus the mistakes and unsupported constructs
// found so far. After the first syntax error the cursor reads as end of file, so loops stop.
// It also bounds what the recursive parsers may build, as the scenario language's parser does:
// nesting (so no input can overflow the stack) and the length of one statement or condition.
import type { Diagnostic } from '../common/diagnostic.js';
import type { Span } from '../common/span.js';
import { MAX_TOKENS } from '../scenario/syntax/lexer.js';
import { MAX_NESTING } from '../scenario/syntax/parse-expression.js';
import type { Unsupported } from './ast.js';
import type { Token } from './lexer.js';

export class Cursor {
  private pos = 0;
  /** Open blocks, parentheses, calls, casts and prefix operators around the read position. */
  private depth = 0;
  /** Index of the first token of the statement or condition being read. */
  private phraseStart = 0;
  readonly errors: Diagnostic[] = [];
  readonly unsupported: Unsupported[] = [];

  constructor(private readonly tokens: readonly Token[], readonly file: string, readonly text: string) {}

  peek(ahead = 0): Token {
    const last = this.tokens[this.tokens.length - 1]!;
    if (this.errors.length > 0) return { ...last, start: last.end };
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)] ?? last;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  is(text: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return (t.kind === 'punct' || t.kind === 'ident') && t.text === text;
  }

  eat(text: string): Token | undefined {
    return this.is(text) ? this.next() : undefined;
  }

  expect(text: string, expected = `'${text}'`): Token | undefined {
    const t = this.eat(text);
    if (!t) this.unexpected(expected);
    return t;
  }

  ident(expected: string): Token | undefined {
    const t = this.peek();
    if (t.kind === 'ident') return this.next();
    this.unexpected(expected);
    return undefined;
  }

  unexpected(expected: string): void {
    const t = this.peek();
    const what = t.kind === 'eof' ? 'end of file' : `'${t.text}'`;
    this.error(t, `unexpected ${what}`, expected);
  }

  /**
   * Runs `read` one nesting level deeper than here, or records an error at `at` and returns
   * `fallback` past MAX_NESTING levels (the scenario language's bound).
   */
  nested<T>(at: { start: number; end: number }, fallback: T, read: () => T): T {
    if (this.depth >= MAX_NESTING) {
      this.error(at, 'nested too deeply', `at most ${MAX_NESTING} levels of blocks, parentheses, calls, casts and prefix operators`);
      return fallback;
    }
    this.depth++;
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  /** The next tokens are one statement or condition, bounded by MAX_TOKENS (see longer()). */
  beginPhrase(): void {
    this.phraseStart = this.pos;
  }

  /**
   * Whether the current statement or condition may take one more operator. A chain `a + b + ...`
   * is read by a loop but makes a tree as tall as it is long, which later passes walk recursively.
   */
  longer(): boolean {
    if (this.pos - this.phraseStart <= MAX_TOKENS) return true;
    this.error(this.peek(), 'statement too long', undefined, `split it: at most ${MAX_TOKENS} tokens fit in one statement or condition`);
    return false;
  }

  span(from: { start: number }, to: { end: number } = this.prevEnd()): Span {
    return { file: this.file, start: from.start, end: Math.max(from.start, to.end) };
  }

  prevEnd(): { end: number } {
    return this.tokens[Math.max(0, this.pos - 1)] ?? { end: 0 };
  }

  error(at: { start: number; end: number }, message: string, expected?: string, hint?: string): void {
    if (this.errors.length > 0) return;
    this.errors.push({ span: { file: this.file, start: at.start, end: at.end }, message, ...(expected ? { expected } : {}), ...(hint ? { hint } : {}) });
  }

  unsupportedAt(at: { start: number; end: number }, what: string): void {
    this.unsupported.push({ what, span: { file: this.file, start: at.start, end: at.end } });
  }

  source(from: number, to: number): string {
    return this.text.slice(from, to).replace(/\s+/g, ' ').trim();
  }
}
