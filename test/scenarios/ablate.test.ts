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
    .map((r) => `${r.site.statements[0]!.via.at(-1)}: ${r.site.statements[0]!.text} -> ${r.outcome.findings.map((f) => f.violation.kind).join(',')}`);
}

test('on hazptr-barriers under TSO, removing either smp_mb() gives a use-after-free', () => {
  assert.deepEqual(barriersNeeded('tso'), ['reader_mb: smp_mb() -> use-after-free', 'writer_mb: smp_mb() -> use-after-free']);
});

test('on hazptr-barriers under SC, neither smp_mb() is needed', () => {
  assert.deepEqual(barriersNeeded('sc'), []);
});

test('on the unfair rwlock, each lock is removed with its unlock: the reader and writer pairs break with a use-after-free, the graph lock is not needed', () => {
  const loaded = loadScenario('key-race.yaml', readFileSync(join(repoRoot, 'scenarios/lockdep/key-race.yaml'), 'utf8'), { strategies: ['rwlock-unfair'], variants: ['key-race-irq'] });
  assert.ok(loaded.ok);
  if (!loaded.ok) return;
  const c = loaded.value.cases[0]!;
  const original = explore(c.program);
  const rows = ablationSites(c.program)
    .filter((s) => s.what === 'lock')
    .map((s) => checkAblation(c.program, s, c.expected, original, exhaustive, testBudget()))
    .map((r) => `${r.site.statements.map((st) => st.text).join(' + ')} -> ${r.breaks ? r.outcome.findings.map((f) => f.violation.kind).join(',') : 'holds'}`);
  // Removed one at a time, each lock was a misuse and each unlock a deadlock: nothing learnt.
  assert.deepEqual(rows, [
    'spin_lock(graph_lock) + spin_unlock(graph_lock) -> holds',
    'read_lock(hash_lock) + read_unlock(hash_lock) -> use-after-free',
    'write_lock(hash_lock) + write_unlock(hash_lock) -> use-after-free',
  ]);
});
