// The part of a C litmus file before its init block, read as herd7's splitter reads it
// (herdtools7 lib/splitter.mll, rules `main` and `find_init`): the `C NAME` line, an optional
// `(texname)`, an optional doc string `"..."` on that line or the next (where diy7 puts it), an
// optional `;`; then, up to the init block's `{`, newlines, `(* comments *)` (they nest), info
// lines `Key=value` (diy7 writes `Cycle=`, `Relax=`, `Safe=`, `Generator=`, `Prefetch=`, `Com=`,
// `Orig=`) and any other text, which herd7 skips. Pure.

export interface Prelude {
  readonly name: string;
  /** The info lines (`Cycle=...`), in order, as herd7 collects them. */
  readonly info: readonly (readonly [string, string])[];
  /** The `(* ... *)` comments before the init block, for the `Result:` line. */
  readonly comments: readonly { readonly text: string; readonly start: number; readonly end: number }[];
  /** Where the C front end starts lexing: the init block's `{`, or what ends the prelude without one. */
  readonly end: number;
}

/** herd7's `arch blank+ testname`, with `C` as the arch; `testname` as splitter.mll spells it. */
const HEADER = /^[ \t\r\n]*C[ \t]+([A-Za-z0-9_/.+\[\]:-]+)[ \t]*(?:\([A-Za-z][A-Za-z0-9_/.-]*\)[ \t]*)?(?:\r?\n?[ \t]*"[^"]*"[ \t]*)?;?/;

/** splitter.mll's `name blank* '=' blank* value` line. */
const INFO = /([A-Za-z][A-Za-z0-9_/.-]*)[ \t]*=[ \t]*([^\n\r]*)\r?\n/y;

/**
 * A line that starts a process or the final condition: the file has no init block (raceway reads
 * it with none; herd7 would take the first `{` it meets for one).
 */
const NO_INIT = /(?:P\d+[ \t]*\(|exists\b|~[ \t]*exists\b|forall\b|locations\b|filter\b|\(\*raceway)/y;

/** The prelude, or null when the file does not start with a `C NAME` line. */
export function readPrelude(text: string): Prelude | null {
  const m = HEADER.exec(text);
  if (!m) return null;
  const info: [string, string][] = [];
  const comments: { text: string; start: number; end: number }[] = [];
  let i = m[0].length;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '{') break;
    if (/\s/.test(ch)) { i++; continue; }
    if (text.startsWith('(*', i) && !text.startsWith('(*raceway', i)) {
      const e = closeComment(text, i + 2);
      comments.push({ text: text.slice(i, e), start: i, end: e });
      i = e;
      continue;
    }
    // Sticky expressions match at i only, so a long prelude is read in one pass, never re-sliced.
    NO_INIT.lastIndex = i;
    if (NO_INIT.test(text)) break;
    INFO.lastIndex = i;
    const kv = INFO.exec(text);
    if (kv) { info.push([kv[1]!, kv[2]!.trimEnd()]); i += kv[0].length; continue; }
    // Other text up to the end of the line or a `{`: herd7's `[^'\n''{']+`.
    while (i < text.length && text[i] !== '\n' && text[i] !== '{') i++;
  }
  return { name: m[1]!, info, comments, end: i };
}

/** herd7's comments nest: `(* a (* b *) c *)` is one comment. Returns the offset after it. */
export function closeComment(text: string, from: number): number {
  let level = 1;
  let i = from;
  while (i < text.length) {
    if (text.startsWith('(*', i)) { level++; i += 2; continue; }
    if (text.startsWith('*)', i)) { level--; i += 2; if (level === 0) return i; continue; }
    i++;
  }
  return text.length;
}
