// Ablation on the hazard-pointer scenario: both smp_mb() are load-bearing under TSO, neither under SC.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../scenario/load.js';
import { explore, programOf, testBudget } from '../testing/inline.js';
import { ablate, ablationSites, checkAblation } from './ablate.js';
import { exhaustive } from './exhaustive.js';

const file = resolve(dirname(fileURLToPath(import.meta.url)), '../../scenarios/lockdep/hazptr-barriers.yaml');

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

test('ablating replaces each instruction of the statement by a nop, keeping pcs and spans', () => {
  const p = programOf(`
cpus: 1
state: { locks: { l: spinlock } }
programs:
  cpu 0: ["local_irq_save(f)", "spin_lock_irqsave(l, g)", "spin_unlock_irqrestore(l, g)", "local_irq_restore(f)"]
`);
  const sites = ablationSites(p);
  // spin_lock_irqsave: the IRQ save, the lock's preempt_disable(), the acquire.
  assert.deepEqual(sites.map((s) => s.instrs.length), [1, 3, 2, 1]);
  const q = ablate(p, sites[1]!);
  const code = q.codes[p.tasks[0]!]!;
  assert.equal(code.instrs.length, p.codes[p.tasks[0]!]!.instrs.length);
  assert.deepEqual(code.instrs.map((i) => i.op), ['irq', 'nop', 'nop', 'nop', 'lock', 'irq', 'irq']);
  assert.notEqual(q.fingerprint, p.fingerprint);
  // The unlock is now by a context that does not hold the lock: reported, not hidden.
  assert.deepEqual(explore(q).findings.map((f) => f.violation.kind), ['misuse']);
});
