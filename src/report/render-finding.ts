// One counterexample in any output format, from the rows of its replayed trace, so every format
// shows what the verdict saw. The entry point for `check --format` and `replay --format`. Pure.
import { assertNever } from '../common/assert-never.js';
import type { LineIndex } from '../common/span.js';
import type { Finding } from '../explore/explorer.js';
import type { Program } from '../machine/program.js';
import { findingJson } from './json.js';
import { renderLkml } from './lkml.js';
import { renderMarkdown } from './markdown.js';
import type { Paint } from './paint.js';
import { sentence } from './sentence.js';
import { svgDocument, type SvgFigure } from './svg.js';
import { renderTable } from './table.js';
import { traceRows } from './trace-rows.js';

export const FORMATS = ['table', 'lkml', 'markdown', 'json', 'svg'] as const;
export type Format = (typeof FORMATS)[number];

/** The title a picture or a heading carries: scenario, variant, strategy and what went wrong. */
export function findingTitle(p: Program, f: Finding): string {
  const variant = p.variant !== p.scenario ? ` · ${p.variant}` : '';
  return `${p.scenario}${variant} · ${p.strategy}: ${f.violation.kind}`;
}

/**
 * The counterexample alone (no verdict line), ending with a newline. `table` ends with the
 * sentence in bold as `check` prints it; json is one line (report/json.ts's finding object).
 */
export function renderFinding(format: Format, p: Program, f: Finding, lines: LineIndex | undefined, paint: Paint): string {
  const { rows, steps } = traceRows(p, f, lines);
  const said = sentence(p, f.violation, steps, lines);
  switch (format) {
    case 'table': return `${renderTable(p, rows, paint)}\n${paint.bold(said)}\n`;
    case 'lkml': return renderLkml(p, rows, { mark: f.violation.kind, sentence: said });
    case 'markdown': return `**${findingTitle(p, f)}**\n\n${renderMarkdown(p, rows, said)}`;
    case 'json': return JSON.stringify(findingJson(p, f, lines)) + '\n';
    case 'svg': return svgDocument([svgFigure(p, f, lines)]);
    default: return assertNever(format);
  }
}

/**
 * Every counterexample of one result in one SVG document, a figure each (a cell can find a
 * double-free and a use-after-free): one document, so `--format svg` can draw any one result.
 */
export function renderFindingsSvg(p: Program, findings: readonly Finding[], lines: LineIndex | undefined): string {
  return svgDocument(findings.map((f) => svgFigure(p, f, lines)));
}

function svgFigure(p: Program, f: Finding, lines: LineIndex | undefined): SvgFigure {
  const { rows, steps } = traceRows(p, f, lines);
  return { program: p, rows, options: { title: findingTitle(p, f), mark: f.violation.kind, sentence: sentence(p, f.violation, steps, lines) } };
}
