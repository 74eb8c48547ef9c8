// Ablation on the hazard-pointer scenario: both smp_mb() are load-bearing under TSO, neither under SC.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ablationSites, checkAblation } from '../../src/explore/ablate.js';
import { exhaustive } from '../../src/explore/exhaustive.js';
import { loadScenario } from '../../src/scenario/load.js';
import { explore, testBudget } from '../../src/testing/inline.js';
import { repoRoot } from '../../src/testing/repo-root.js';

const file = join(repoRoot, 'scenarios/lockdep/hazptr-barriers.yaml');

function barriersNeeded(variant: string): string[] {
  const loaded = loadScenario('hazptr-barriers.yaml', readFileSync(file, 'utf8'), { strategies: ['both-mb'] });
  assert.ok(loaded.ok);
  if (!loaded.ok) return [];
  const c = loaded.value.cases.find((x) => x.variant === variant)!;
  const original = explore(c.program);
  return ablationSites(c.program)
    .filter((s) => s.what === 'barrier')
    .map((s) => checkAblation(c.program, s, c.expected, original, exhaustive, testBudget()))
    .filter((r) => r.breaks)
    .map((r) => `${r.site.via.at(-1)}: ${r.site.text} -> ${r.outcome.findings.map((f) => f.violation.kind).join(',')}`);
}

test('on hazptr-barriers under TSO, removing either smp_mb() gives a use-after-free', () => {
  assert.deepEqual(barriersNeeded('tso'), ['reader_mb: smp_mb() -> use-after-free', 'writer_mb: smp_mb() -> use-after-free']);
});

test('on hazptr-barriers under SC, neither smp_mb() is needed', () => {
  assert.deepEqual(barriersNeeded('sc'), []);
});
