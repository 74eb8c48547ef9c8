// Splits a C litmus file (herd7's format) into tokens with absolute offsets. Comments are kept
// aside: `(* ... *)` outside braces and inside the init block, where herd7 reads the state
// grammar (lib/stateLexer.mll skips them), but not in a process body (`(*x` is C there); `//` and
// `/* */` anywhere.
// A `(*raceway ... *)` comment is raceway's extension block: its contents are lexed as tokens
// between 'ext-open' and 'ext-close', so herd7 still reads the file as a plain test. Pure.

import { closeComment } from './prelude.js';

export type TokenKind = 'ident' | 'num' | 'punct' | 'ext-open' | 'ext-close' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** For 'num': the value. */
  readonly value?: number;
}

export interface Comment {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface Lexed {
  readonly tokens: readonly Token[];
  readonly comments: readonly Comment[];
  /** The first character no token can start with, or null. */
  readonly bad: { readonly start: number; readonly char: string } | null;
}

/** Longest first. `/\` and `\/` are herd's and and or in conditions. */
const PUNCTS = [
  '->', '<<', '>>', '==', '!=', '<=', '>=', '&&', '||', '++', '--', '+=', '-=', '/\\', '\\/', '=>',
  '(', ')', '[', ']', '{', '}', ',', ';', ':', '.', '*', '&', '!', '~', '-', '+', '/', '%', '^', '|', '<', '>', '=', '?',
];

const EXT = '(*raceway';

export function lex(text: string, from = 0): Lexed {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  let depth = 0; // brace depth: `(*` opens a comment at depth 0, and in the init block
  let procSeen = false; // a `P<n>` at depth 0: braces from here on are bodies, not the init block
  let inExt = false;
  let i = from;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') { i++; continue; }
    if (text.startsWith('//', i)) { const e = text.indexOf('\n', i); i = e < 0 ? n : e; continue; }
    if (text.startsWith('/*', i)) {
      const e = text.indexOf('*/', i + 2);
      const end = e < 0 ? n : e + 2;
      comments.push({ text: text.slice(i, end), start: i, end });
      i = end;
      continue;
    }
    if (depth === 0 && text.startsWith(EXT, i) && !inExt) {
      tokens.push({ kind: 'ext-open', text: EXT, start: i, end: i + EXT.length });
      inExt = true;
      i += EXT.length;
      continue;
    }
    if (depth === 0 && inExt && text.startsWith('*)', i)) {
      tokens.push({ kind: 'ext-close', text: '*)', start: i, end: i + 2 });
      inExt = false;
      i += 2;
      continue;
    }
    if ((depth === 0 || (depth === 1 && !procSeen && !inExt)) && text.startsWith('(*', i)) {
      const e = closeComment(text, i + 2);
      comments.push({ text: text.slice(i, e), start: i, end: e });
      i = e;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(text[j]!)) j++;
      tokens.push({ kind: 'ident', text: text.slice(i, j), start: i, end: j });
      if (depth === 0 && /^P\d+$/.test(text.slice(i, j))) procSeen = true;
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i + 1;
      const hex = c === '0' && (text[j] === 'x' || text[j] === 'X');
      if (hex) j++;
      while (j < n && /[0-9A-Fa-f]/.test(text[j]!) && (hex || /[0-9]/.test(text[j]!))) j++;
      while (j < n && /[uUlL]/.test(text[j]!)) j++; // C suffixes: 1UL is 1
      const digits = text.slice(i, j).replace(/[uUlL]+$/, '');
      tokens.push({ kind: 'num', text: text.slice(i, j), start: i, end: j, value: hex ? parseInt(digits.slice(2), 16) : Number(digits) });
      i = j;
      continue;
    }
    const p = PUNCTS.find((q) => text.startsWith(q, i));
    if (p === undefined) return { tokens: [...tokens, eof(i)], comments, bad: { start: i, char: String.fromCodePoint(text.codePointAt(i) ?? 0) } };
    if (p === '{') depth++;
    if (p === '}') depth = Math.max(0, depth - 1);
    tokens.push({ kind: 'punct', text: p, start: i, end: i + p.length });
    i += p.length;
  }
  return { tokens: [...tokens, eof(n)], comments, bad: null };
}

function eof(at: number): Token {
  return { kind: 'eof', text: '', start: at, end: at };
}
