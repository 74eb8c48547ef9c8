// A diagnostic as one line, `file:line:col: error: message (expected ...)`, then on a terminal the
// source line and a caret under the column (the rustc and yaml habit). Pure.
import type { Diagnostic } from '../common/diagnostic.js';
import { LineIndex } from '../common/span.js';
import type { Paint } from './paint.js';

export function diagnosticLine(d: Diagnostic, lines: LineIndex | undefined): string {
  const lc = lines ? lines.lineCol(d.span.start) : { line: 1, col: 1 };
  const expected = d.expected ? ` (expected ${d.expected})` : '';
  const hint = d.hint ? `; ${d.hint}` : '';
  return `${d.span.file}:${lc.line}:${lc.col}: error: ${d.message}${expected}${hint}`;
}

export function renderDiagnostic(d: Diagnostic, lines: LineIndex | undefined, paint: Paint, withSource: boolean): string {
  const head = diagnosticLine(d, lines);
  if (!withSource || !lines) return head;
  const { line, col } = lines.lineCol(d.span.start);
  const src = lines.lineText(line);
  const shown = src.length > 120 ? src.slice(0, 120) : src;
  const width = Math.max(1, Math.min(d.span.end - d.span.start, shown.length - col + 1));
  const gutter = String(line).length;
  return [
    paint.red(head),
    `${' '.repeat(gutter)} |`,
    `${line} | ${shown}`,
    // The caret line keeps the source line's tabs, so the caret sits under its character whatever
    // the terminal's tab width.
    `${' '.repeat(gutter)} | ${shown.slice(0, Math.max(0, col - 1)).replace(/[^\t]/g, ' ')}${paint.red('^'.repeat(Math.max(1, width)))}`,
  ].join('\n');
}

export { LineIndex };
