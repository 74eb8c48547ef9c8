// The last step before diagnostics leave the front end: one copy of each (the same mistake shows
// up once per strategy and variant it is lowered under), in file order, and a bounded number. Pure.
import type { Diagnostic } from '../common/diagnostic.js';

/** More than this many errors in one file say "the file is not a scenario", not fifty more lines. */
export const MAX_DIAGNOSTICS = 50;

export function finishDiagnostics(errors: readonly Diagnostic[], max = MAX_DIAGNOSTICS): Diagnostic[] {
  const seen = new Set<string>();
  const unique: Diagnostic[] = [];
  for (const d of errors) {
    const key = `${d.span.file}\0${d.span.start}\0${d.span.end}\0${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(d);
  }
  // Sorted by position, then by message, so the order never depends on which phase found what.
  unique.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  if (unique.length <= max) return unique;
  const rest = unique.length - max;
  const next = unique[max]!;
  return [...unique.slice(0, max), { span: next.span, message: `too many errors: ${rest} more not shown`, expected: 'fix the errors above first' }];
}
