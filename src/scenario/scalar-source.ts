// Where each character of a YAML scalar's value sits in the file. yaml gives the reader the value
// (escapes decoded, lines folded, block indentation stripped) and the scalar's source range; the
// statement parser reads the value, but its errors must point into the source. Pure.
import { Scalar } from 'yaml';
import type { OffsetMap, TextSource } from './syntax/text-source.js';

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * The source of a scalar's string value. A plain single-line scalar, or a quoted one without
 * escapes or line breaks, is its own source (an offset); any other is mapped character by
 * character. When the value cannot be matched to the source (a scalar form this does not know),
 * every character maps to the start of the scalar: a column that is not exact, but never wrong.
 */
export function scalarSource(node: Scalar, text: string): TextSource {
  const value = typeof node.value === 'string' ? node.value : String(node.value);
  const [start, end] = node.range ?? [0, 0];
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  const from = quoted ? start + 1 : start;
  const to = quoted ? Math.max(from, end - 1) : end;
  if (!isBlock(node) && text.slice(from, to) === value) return from;
  if (isBlock(node)) {
    // The content starts on the line after the header (`|`, `>-`, `|2` and a comment).
    const nl = text.indexOf('\n', start);
    return align(value, text, nl < 0 || nl >= end ? end : nl + 1, end, node.type) ?? start;
  }
  return align(value, text, from, to, node.type) ?? start;
}

function isBlock(node: Scalar): boolean {
  return node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
}

/**
 * Matches the value against source[from, to) left to right. Every character that is not white
 * space came verbatim from the source, or from an escape (double quotes) or a doubled quote
 * (single quotes); white space is copied, dropped (indentation, folded line ends) or made up (a
 * line break folded into a space), so a made-up one maps to where the source is, zero-width.
 */
function align(value: string, text: string, from: number, to: number, type: Scalar['type']): OffsetMap | null {
  const at: number[] = new Array<number>(value.length + 1);
  const after: number[] = new Array<number>(value.length + 1);
  let p = from;
  let k = 0;
  const take = (n: number, width: number): void => {
    for (let j = 0; j < n; j++) { at[k + j] = p; after[k + j + 1] = p + width; }
    k += n;
    p += width;
  };
  while (k < value.length) {
    const c = value[k]!;
    if (type === Scalar.QUOTE_DOUBLE && text[p] === '\\' && p < to) {
      const e = escapeAt(text, p);
      if (e === null) return null;
      if (e.value === '') { p = pastBlanks(text, p + e.width, to); continue; } // an escaped line break, and the next line's indentation
      if (value.startsWith(e.value, k)) { take(e.value.length, e.width); continue; }
      if (!isSpace(c)) return null;
    } else if (type === Scalar.QUOTE_SINGLE && c === "'" && text.startsWith("''", p) && p + 1 < to) {
      take(1, 2);
      continue;
    } else if (text[p] === c && p < to) {
      take(1, 1);
      continue;
    }
    if (isSpace(c)) {
      // A folded line break, or white space from an escape past the line's end and indentation.
      const q = type === Scalar.QUOTE_DOUBLE ? pastFolds(text, p, to) : p;
      const e = text[q] === '\\' ? escapeAt(text, q) : null;
      if (e !== null && e.value !== '' && value.startsWith(e.value, k)) { p = q; take(e.value.length, e.width); continue; }
      take(1, 0);
      continue;
    }
    if (isSpace(text[p]) && p < to) { p++; continue; }
    return null;
  }
  at[value.length] = p;
  after[0] = at[0] ?? p;
  return { at, after };
}

function pastBlanks(text: string, p: number, to: number): number {
  while (p < to && (text[p] === ' ' || text[p] === '\t')) p++;
  return p;
}

/** Past white space and escaped line breaks: where the next character of a double-quoted value comes from. */
function pastFolds(text: string, p: number, to: number): number {
  for (;;) {
    if (p < to && isSpace(text[p])) p++;
    else if (p < to && text[p] === '\\' && escapeAt(text, p)?.value === '') p += escapeAt(text, p)!.width;
    else return p;
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', N: '\u0085',
  _: '\u00a0', L: '\u2028', P: '\u2029', ' ': ' ', '"': '"', '/': '/', '\\': '\\', '\t': '\t',
};

/** A double-quoted escape at `p` (YAML 1.2, 5.7): what it stands for and its width, or null. */
function escapeAt(text: string, p: number): { value: string; width: number } | null {
  const next = text[p + 1];
  if (next === undefined) return null;
  if (next === '\n') return { value: '', width: 2 };
  if (next === '\r' && text[p + 2] === '\n') return { value: '', width: 3 };
  const simple = ESCAPES[next];
  if (simple !== undefined) return { value: simple, width: 2 };
  const digits = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
  const hex = text.slice(p + 2, p + 2 + digits);
  if (digits === 0 || !new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) return null;
  const cp = parseInt(hex, 16);
  return cp <= 0x10ffff ? { value: String.fromCodePoint(cp), width: 2 + digits } : null;
}
