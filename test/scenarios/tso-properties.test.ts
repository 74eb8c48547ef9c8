// The x86-TSO litmus outcomes of the shipped scenarios/litmus/: TSO reaches each published
// outcome and SC forbids them all. TSO against SC on random programs is in
// src/explore/tso-properties.test.ts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { observation } from '../../src/explore/judge.js';
import { loadScenario } from '../../src/scenario/load.js';
import { explore } from '../../src/testing/inline.js';
import { repoRoot } from '../../src/testing/repo-root.js';

const litmusDir = join(repoRoot, 'scenarios/litmus');
/** The published x86-TSO outcome of each test's condition (Owens, Sarkar and Sewell, TPHOLs 2009). */
const X86: Record<string, Record<string, 'sometimes' | 'never'>> = {
  SB: { plain: 'sometimes', 'mb-both': 'never', 'mb-one': 'sometimes' },
  MP: { default: 'never' }, LB: { default: 'never' }, IRIW: { default: 'never' }, '2+2W': { default: 'never' },
  R: { plain: 'sometimes', mb: 'never' }, S: { default: 'never' }, WRC: { default: 'never' },
};

test('the litmus scenarios reach the published x86-TSO outcomes, and SC forbids them all', () => {
  const files = readdirSync(litmusDir).filter((f) => f.endsWith('.yaml')).sort();
  assert.deepEqual(files.map((f) => f.replace('.yaml', '')).sort(), Object.keys(X86).sort());
  for (const f of files) {
    const loaded = loadScenario(f, readFileSync(join(litmusDir, f), 'utf8'));
    assert.ok(loaded.ok, f);
    if (!loaded.ok) continue;
    for (const c of loaded.value.cases) {
      const want: string | undefined = c.program.memoryModel === 'tso' ? X86[loaded.value.ast.name]?.[c.strategy] : 'never';
      assert.equal(observation(explore(c.program)), want, `${f} ${c.variant} ${c.strategy}`);
    }
  }
});
