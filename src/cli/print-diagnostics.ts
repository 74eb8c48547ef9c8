// A file's diagnostics as stderr text: one line each, and on a terminal the source line and a
// caret under the column (report/diagnostics.ts). A tab in the source line is shown as one space:
// the caret is placed by code units, and a terminal would draw the tab as up to eight columns.
import type { Diagnostic } from '../common/diagnostic.js';
import { LineIndex } from '../common/span.js';
import { renderDiagnostic } from '../report/diagnostics.js';
import type { Paint } from '../report/paint.js';
import { readSource } from './read-source.js';

class ShownLines extends LineIndex {
  override lineText(line: number): string {
    return super.lineText(line).replace(/\t/g, ' ');
  }
}

/**
 * Every diagnostic of one file's text, each ending in a newline. Given the file's name, a
 * diagnostic in another file (one it imports) is placed by that file's own lines.
 */
export function diagnosticsText(diagnostics: readonly Diagnostic[], text: string, paint: Paint, withSource: boolean, file?: string): string {
  const lines = new ShownLines(text);
  const others = new Map<string, LineIndex | undefined>();
  const linesOf = (f: string): LineIndex | undefined => {
    if (file === undefined || f === file) return lines;
    if (!others.has(f)) {
      const src = readSource(f);
      others.set(f, src.ok ? new ShownLines(src.text) : undefined);
    }
    return others.get(f);
  };
  return diagnostics.map((d) => renderDiagnostic(d, linesOf(d.span.file), paint, withSource) + '\n').join('');
}
