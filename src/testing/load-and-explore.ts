// Test support for the fuzzers (src/scenario/fuzz.test.ts, test/scenarios/fuzz.test.ts): one
// check of what must hold for any input text, shared so both fuzz the loader the same way.
import assert from 'node:assert/strict';
import { exhaustive } from '../explore/exhaustive.js';
import { loadScenario, type Case } from '../scenario/load.js';
import { testBudget } from './inline.js';

/** Each exploration stops here: the fuzzers look for throws, not verdicts. */
export const FUZZ_MAX_STATES = 2000;

/** Loads and, when it loads, explores a few cases: anything thrown fails the property. */
export function loadAndExplore(text: string, pick: number): void {
  const r = loadScenario('fuzz.yaml', text);
  if (!r.ok) {
    assert.ok(r.errors.length > 0 && r.errors.length <= 51);
    for (const d of r.errors) {
      assert.ok(d.span.start >= 0 && d.span.start <= text.length, 'spans stay inside the text');
      assert.ok(d.message.length > 0 && !d.message.includes('\n'), 'one line');
    }
    return;
  }
  const cases: Case[] = r.value.cases;
  if (cases.length === 0) return;
  for (const c of [cases[0]!, cases[pick % cases.length]!]) {
    const out = exhaustive.explore(c.program, testBudget(FUZZ_MAX_STATES));
    assert.ok(['safe', 'violation', 'inconclusive'].includes(out.verdict));
  }
}
