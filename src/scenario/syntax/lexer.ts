// Splits one statement line into tokens carrying absolute offsets. Never throws: the first lexical
// mistake becomes a final 'error' token, so the parser reports whichever mistake comes first in the line.
import type { Diagnostic } from '../../common/diagnostic.js';
import { endOf, startOf, type TextSource } from './text-source.js';

/** Two-character operators come first: the lexer takes the longest match. */
const PUNCTUATORS = [
  '->', '..', '<<', '>>', '==', '!=', '<=', '>=', '&&', '||',
  '(', ')', '[', ']', ',', '.', '*', '&', '!', '~', '-', '+', '/', '%', '^', '|', '<', '>', '=',
] as const;
export type Punct = (typeof PUNCTUATORS)[number];

export type Token =
  | { readonly kind: 'ident'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'num'; readonly text: string; readonly value: number; readonly start: number; readonly end: number }
  | { readonly kind: 'punct'; readonly text: Punct; readonly start: number; readonly end: number }
  | { readonly kind: 'eof'; readonly start: number; readonly end: number }
  | { readonly kind: 'error'; readonly diagnostic: Diagnostic; readonly start: number; readonly end: number };

/** Literals up to 2^32-1 are accepted so that masks like 0xffffffff can be written; the machine wraps to int32. */
export const MAX_LITERAL = 0xffffffff;
/** Bounds the height of any tree built from one line, so later recursive passes cannot overflow the stack. */
export const MAX_TOKENS = 1000;

const isSpace = (c: string): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';
const isIdentStart = (c: string): boolean => /^[A-Za-z_]$/.test(c);
const isIdentChar = (c: string): boolean => /^[A-Za-z0-9_]$/.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isHexDigit = (c: string): boolean => /^[0-9A-Fa-f]$/.test(c);

/** Far longer than any kernel identifier; a longer "name" is a paste gone wrong. */
export const MAX_NAME_LENGTH = 128;

/** Quotes user text in a message, shortened so a pasted paragraph does not flood the terminal. */
export function quote(text: string, max = 24): string {
  return `'${text.length > max ? `${text.slice(0, max)}…` : text}'`;
}

/** Printable ASCII is shown as itself; anything a terminal might not show faithfully also gets its code point. */
function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp > 0x20 && cp < 0x7f) return `'${ch}'`;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || (cp >= 0xd800 && cp <= 0xdfff)) return code;
  return `'${ch}' (${code})`;
}

/** The tokens of `text`, with file offsets from `src` (where the text sits in the file). */
export function tokenize(text: string, src: TextSource, file: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  let lastEnd = 0; // index past the last real token: where "unexpected end of statement" points
  const at = (start: number, end: number): { start: number; end: number } => ({ start: startOf(src, start), end: endOf(src, end) });
  const push = (t: Token, end: number): void => {
    tokens.push(t);
    lastEnd = end;
  };
  const error = (start: number, end: number, message: string, expected?: string, hint?: string): Token[] => {
    const diagnostic: Diagnostic = {
      span: { file, ...at(start, end) },
      message,
      ...(expected !== undefined ? { expected } : {}),
      ...(hint !== undefined ? { hint } : {}),
    };
    tokens.push({ kind: 'error', diagnostic, ...at(start, end) });
    return tokens;
  };

  for (;;) {
    while (i < n && isSpace(text[i] ?? '')) i++;
    if (i >= n) break;
    if (tokens.length >= MAX_TOKENS) {
      return error(i, i + 1, 'statement too long', `at most ${MAX_TOKENS} tokens in one statement`, 'split it into several');
    }
    const c = text[i] ?? '';
    const start = i;

    if (isIdentStart(c)) {
      while (i < n && isIdentChar(text[i] ?? '')) i++;
      if (i - start > MAX_NAME_LENGTH) {
        return error(start, i, `the name ${quote(text.slice(start, i))} is ${i - start} characters long`, `at most ${MAX_NAME_LENGTH} characters`);
      }
      push({ kind: 'ident', text: text.slice(start, i), ...at(start, i) }, i);
      continue;
    }

    if (isDigit(c)) {
      const hex = c === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X');
      if (hex) i += 2;
      const digitsStart = i;
      while (i < n && (hex ? isHexDigit(text[i] ?? '') : isDigit(text[i] ?? ''))) i++;
      const digits = text.slice(digitsStart, i);
      const suffixStart = i;
      while (i < n && isIdentChar(text[i] ?? '')) i++;
      const literal = text.slice(start, i);
      if (i > suffixStart || (hex && digits === '')) {
        // C suffixes (1UL) are a habit worth naming; other junk is just a malformed number.
        const suffix = text.slice(suffixStart, i);
        const hint = digits !== '' && /^[uUlL]+$/.test(suffix)
          ? `drop the suffix '${suffix}': every value is a 32-bit integer`
          : undefined;
        return error(start, i, `malformed integer literal ${quote(literal)}`, 'a decimal or 0x hexadecimal integer', hint);
      }
      if (!hex && digits.length > 1 && digits.startsWith('0')) {
        // C would read this as octal; silently reading it as decimal would change its meaning.
        return error(start, i, `integer literal ${quote(literal)} has a leading zero`, 'a decimal or 0x hexadecimal integer',
          'octal is not supported: write it in decimal or as 0x...');
      }
      const value = hex ? parseInt(digits, 16) : Number(digits);
      if (!(value <= MAX_LITERAL)) {
        return error(start, i, 'integer literal out of range', `an integer from 0 to ${MAX_LITERAL} (0xffffffff)`);
      }
      push({ kind: 'num', text: literal, value, ...at(start, i) }, i);
      continue;
    }

    if (c === ';') {
      // Kernel people end statements with ';' out of habit; only a final one is harmless.
      let j = i + 1;
      while (j < n && isSpace(text[j] ?? '')) j++;
      if (j >= n) {
        tokens.push({ kind: 'eof', start: startOf(src, i), end: startOf(src, i) });
        return tokens;
      }
      return error(i, i + 1, "unexpected ';'", 'one statement per line, with no ; inside it');
    }

    const two = text.slice(i, i + 2);
    const p = PUNCTUATORS.find((q) => q === two) ?? PUNCTUATORS.find((q) => q === c);
    if (p !== undefined) {
      i += p.length;
      push({ kind: 'punct', text: p, ...at(start, i) }, i);
      continue;
    }

    const cp = text.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    return error(i, i + ch.length, `unexpected character ${describeChar(ch)}`, 'a name, a number or a C operator');
  }
  tokens.push({ kind: 'eof', start: endOf(src, lastEnd), end: endOf(src, lastEnd) });
  return tokens;
}
