// The seed scenario's writer latencies under the default cost profile, in the order the
// discussion measured. The cost figures themselves are pinned on a small inline scenario, in
// src/cost/count.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCostProfile, type CostProfile } from '../../src/cost/profile.js';
import { strategyCost } from '../../src/cost/strategy-cost.js';
import { loadScenario } from '../../src/scenario/load.js';
import { repoRoot } from '../../src/testing/repo-root.js';

function profile(text: string): CostProfile {
  const r = parseCostProfile('p.yaml', text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.value;
}

function load(text: string, file: string) {
  const r = loadScenario(file, text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.value;
}

test('with the default profile the seed orders writer latencies as the discussion measured', () => {
  const file = join(repoRoot, 'scenarios/lockdep/key-race.yaml');
  const { ast, cases } = load(readFileSync(file, 'utf8'), file);
  const prof = profile(readFileSync(join(repoRoot, 'costs/default.yaml'), 'utf8'));
  const writer = (s: string) => {
    const c = strategyCost(ast, cases.find((x) => x.strategy === s)!.program, prof);
    assert.ok(c.ok);
    return c.writer.priced;
  };
  const rcu = writer('rcu');
  const exp = writer('rcu-expedited');
  const shaz = writer('shazptr');
  assert.ok(rcu.totalNs > 100 * exp.totalNs, 'synchronize_rcu is far slower than expedited');
  assert.ok(rcu.totalNs > 100 * shaz.totalNs, 'synchronize_rcu is far slower than shazptr');
  assert.ok(exp.ipis > 0, 'expedited sends IPIs');
  assert.equal(shaz.ipis, 0, 'hazard pointers send none');
});
