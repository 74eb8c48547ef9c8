// Golden files for every counterexample format of every violating seed cell, rendered without
// colour (test/golden/<scenario>/<variant>.<strategy>.<format>); UPDATE_GOLDEN=1 rewrites them.
// Every SVG must be well-formed XML with one lane per CPU and nothing drawn outside its box or over
// other text; every LKML line fits in 80 columns.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { LineIndex } from '../../src/common/span.js';
import { plain } from '../../src/report/paint.js';
import { renderFinding, type Format } from '../../src/report/render-finding.js';
import { loadScenario } from '../../src/scenario/load.js';
import { explore } from '../../src/testing/inline.js';
import { assertGolden, assertSvgDrawn } from '../../src/testing/golden-file.js';
import { repoRoot } from '../../src/testing/repo-root.js';
const EXT: Record<Format, string> = { table: 'table.txt', lkml: 'lkml.txt', markdown: 'md', json: 'ndjson', svg: 'svg' };

const file = 'scenarios/lockdep/key-race.yaml';
const text = readFileSync(join(repoRoot, file), 'utf8');
const loaded = loadScenario(file, text);
if (!loaded.ok) throw new Error('the seed scenario does not load');
const lines = new LineIndex(text);
const cells = loaded.value.cases.map((c) => ({ c, outcome: explore(c.program) })).filter((x) => x.outcome.findings.length > 0);

describe('counterexample formats of the seed scenario', () => {
  test('the seed has violating cells to render', () => {
    assert.equal(cells.length, 13); // 2 + 4 + 7 violating cells in the seed table
  });
  for (const { c, outcome } of cells) {
    for (const f of outcome.findings) {
      for (const format of ['table', 'lkml', 'markdown', 'json', 'svg'] as const) {
        const name = `${c.variant}.${c.strategy}${outcome.findings.length > 1 ? `.${f.violation.kind}` : ''}.${EXT[format]}`;
        test(`${name} matches its golden file`, () => {
          const got = renderFinding(format, c.program, f, lines, plain);
          assertGolden(join(repoRoot, 'test/golden', loaded.value.ast.name, name), got);
          if (format === 'svg') assertSvgDrawn(got, c.program.cpus);
          if (format === 'lkml') {
            for (const l of got.split('\n')) assert.ok(l.length <= 80, `over 80 columns: ${l}`);
          }
        });
      }
    }
  }
});
