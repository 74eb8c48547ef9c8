// Test support: one golden file per format for each counterexample given (dir/<name>.<format>),
// each SVG well-formed with nothing drawn outside its box. UPDATE_GOLDEN=1 rewrites them.
import { join } from 'node:path';
import { test } from 'node:test';
import type { LineIndex } from '../common/span.js';
import type { Finding } from '../explore/explorer.js';
import type { Program } from '../machine/program.js';
import { plain } from '../report/paint.js';
import { renderFinding, type Format } from '../report/render-finding.js';
import { assertGolden, assertSvgDrawn } from './golden-file.js';

export const FORMAT_EXT: Record<Format, string> = { table: 'table.txt', lkml: 'lkml.txt', markdown: 'md', json: 'ndjson', svg: 'svg' };

export interface GoldenCell { readonly name: string; readonly program: Program; readonly finding: Finding; readonly lines: LineIndex }

/** A test per cell and format, inside the caller's describe(). */
export function formatGoldenTests(dir: string, cells: readonly GoldenCell[]): void {
  for (const { name, program, finding, lines } of cells) {
    for (const format of ['table', 'lkml', 'markdown', 'json', 'svg'] as const) {
      test(`${name}.${FORMAT_EXT[format]} matches its golden file`, () => {
        const got = renderFinding(format, program, finding, lines, plain);
        assertGolden(join(dir, `${name}.${FORMAT_EXT[format]}`), got);
        if (format === 'svg') assertSvgDrawn(got, program.cpus);
      });
    }
  }
}
