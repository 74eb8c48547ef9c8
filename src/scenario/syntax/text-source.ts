// Where a text being parsed sits in the file, so that every token and error carries a file offset.
// Usually the text is a verbatim slice (a number: its offset); when YAML rewrote it (escapes,
// folded lines, block indentation) an offset map says where each character came from. Pure.

/** A verbatim slice at this offset, or a map of every character. */
export type TextSource = number | OffsetMap;

export interface OffsetMap {
  /** at[i]: the file offset character i came from; at[length]: where the text ends. */
  readonly at: readonly number[];
  /** after[i]: the file offset just past the source of character i - 1; after[0] = at[0]. */
  readonly after: readonly number[];
}

/** The file offset of the character at index i. */
export function startOf(src: TextSource, i: number): number {
  if (typeof src === 'number') return src + i;
  return src.at[Math.max(0, Math.min(i, src.at.length - 1))]!;
}

/** The file offset where the text before index i ends (the end of a token ending at i). */
export function endOf(src: TextSource, i: number): number {
  if (typeof src === 'number') return src + i;
  return src.after[Math.max(0, Math.min(i, src.after.length - 1))]!;
}

/** The source of text.slice(n). */
export function shifted(src: TextSource, n: number): TextSource {
  if (typeof src === 'number') return src + n;
  return { at: src.at.slice(n), after: [src.at[n] ?? src.at[src.at.length - 1]!, ...src.after.slice(n + 1)] };
}
