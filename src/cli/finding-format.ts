// The renderer of the one output format a check prints in, loaded when the first counterexample
// is printed (issue 22, start-up): a check in the terminal loads no JSON, SVG or Markdown writer,
// and a check that finds nothing loads no renderer at all. report/render-finding.ts is the same
// switch with every format loaded, for the commands that print one finding (replay).
import { assertNever } from '../common/assert-never.js';
import type { FindingRenderer, FindingsRenderer } from '../report/finding-formats.js';
import type { Format } from '../report/formats.js';

export async function findingRenderer(format: Format): Promise<FindingRenderer> {
  switch (format) {
    case 'table': return (await import('../report/table.js')).tableFinding;
    case 'lkml': return (await import('../report/lkml.js')).lkmlFinding;
    case 'markdown': return (await import('../report/markdown.js')).markdownFinding;
    case 'json': return (await import('../report/json.js')).jsonFinding;
    case 'svg': return (await import('../report/svg.js')).svgFinding;
    default: return assertNever(format);
  }
}

/** Every finding of one result in one SVG document (--format svg draws any one result). */
export async function svgFindingsRenderer(): Promise<FindingsRenderer> {
  return (await import('../report/svg.js')).svgFindings;
}
