// A file's diagnostics as stderr text: one line each, and on a terminal the source line and a
// caret under the column (report/diagnostics.ts). A tab in the source line is shown as one space:
// the caret is placed by code units, and a terminal would draw the tab as up to eight columns.
import type { Diagnostic } from '../common/diagnostic.js';
import { LineIndex } from '../common/span.js';
import { renderDiagnostic } from '../report/diagnostics.js';
import type { Paint } from '../report/paint.js';

class ShownLines extends LineIndex {
  override lineText(line: number): string {
    return super.lineText(line).replace(/\t/g, ' ');
  }
}

/** Every diagnostic of one file's text, each ending in a newline. */
export function diagnosticsText(diagnostics: readonly Diagnostic[], text: string, paint: Paint, withSource: boolean): string {
  const lines = new ShownLines(text);
  return diagnostics.map((d) => renderDiagnostic(d, lines, paint, withSource) + '\n').join('');
}
