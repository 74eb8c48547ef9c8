// TSO against SC over random small programs (fast-check, fixed seeds), and the x86-TSO litmus
// outcomes of scenarios/litmus/. Determinism and replay under TSO are in exhaustive.test.ts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { loadScenario } from '../scenario/load.js';
import { arbSmallScenario } from '../testing/arb-program.js';
import { explore, programOf } from '../testing/inline.js';
import { observation } from './judge.js';

test('TSO only adds behaviours: every violation kind found under SC is found under TSO (seed 19)', () => {
  fc.assert(fc.property(arbSmallScenario(), ({ yaml }) => {
    const sc = new Set(explore(programOf(yaml)).findings.map((f) => f.violation.kind));
    const tso = new Set(explore(programOf(`memory_model: tso\n${yaml}`)).findings.map((f) => f.violation.kind));
    for (const k of sc) if (k !== 'livelock' && k !== 'deadlock') assert.ok(tso.has(k), `${k} under SC but not TSO`);
  }), { seed: 19, numRuns: 60 });
});

const litmusDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../scenarios/litmus');
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
