// One counterexample in any output format, every format loaded: the entry point for `replay
// --format` and C litmus tests. `check` loads the chosen format alone (cli/finding-format.ts). Pure.
import { assertNever } from '../common/assert-never.js';
import type { LineIndex } from '../common/span.js';
import type { Finding } from '../explore/explorer.js';
import type { Program } from '../machine/program.js';
import type { Format } from './formats.js';
import { jsonFinding } from './json.js';
import { lkmlFinding } from './lkml.js';
import { markdownFinding } from './markdown.js';
import type { Paint } from './paint.js';
import { svgFinding, svgFindings } from './svg.js';
import { tableFinding } from './table.js';

export { FORMATS, type Format } from './formats.js';
export { findingTitle } from './finding-title.js';

/**
 * The counterexample alone (no verdict line), ending with a newline. `table` ends with the
 * sentence in bold as `check` prints it; json is one line (report/json.ts's finding object).
 */
export function renderFinding(format: Format, p: Program, f: Finding, lines: LineIndex | undefined, paint: Paint): string {
  switch (format) {
    case 'table': return tableFinding(p, f, lines, paint);
    case 'lkml': return lkmlFinding(p, f, lines, paint);
    case 'markdown': return markdownFinding(p, f, lines, paint);
    case 'json': return jsonFinding(p, f, lines, paint);
    case 'svg': return svgFinding(p, f, lines, paint);
    default: return assertNever(format);
  }
}

/** Every counterexample of one result in one SVG document (report/svg.ts). */
export function renderFindingsSvg(p: Program, findings: readonly Finding[], lines: LineIndex | undefined): string {
  return svgFindings(p, findings, lines);
}
