// Fuzzing the front end and the machine with fast-check (fixed seeds, fixed run counts): random
// YAML, random text and random valid programs. The loader must return diagnostics or Programs and
// never throw; exploring whatever loads must never throw. Random mutations of the shipped
// scenarios are in test/scenarios/fuzz.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { exhaustive } from '../explore/exhaustive.js';
import { arbSmallScenario } from '../testing/arb-program.js';
import { testBudget } from '../testing/inline.js';
import { FUZZ_MAX_STATES, loadAndExplore } from '../testing/load-and-explore.js';
import { loadScenario } from './load.js';

const scenarioKeys = ['cpus', 'programs', 'state', 'procedures', 'interrupts', 'strategies', 'variants', 'expect', 'constants', 'max_steps'];
const statementish = fc.constantFrom('smp_mb()', 'x = READ_ONCE(y)', 'free(o)', 'spin_lock(l)', 'WRITE_ONCE(o->f, 1)', 'f(1)', 'while x:', 'if (', '', '}', 'cpu 0');
const arbYamlDoc: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(fc.constantFrom(...scenarioKeys), fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.array(statementish, { maxLength: 4 }), fc.dictionary(fc.constantFrom('cpu 0', 'cpu 1', 'cpu *', 'f(a)', 'x', 'cells', 'objects'), fc.array(statementish, { maxLength: 3 }))), { maxKeys: 6 }),
);

test('random YAML documents never make the loader throw (seed 31)', () => {
  fc.assert(fc.property(arbYamlDoc, fc.nat(), (doc, pick) => { loadAndExplore(stringify(doc), pick); }), { seed: 31, numRuns: 400 });
});

test('random text never makes the loader throw (seed 32)', () => {
  const chars = fc.constantFrom(...'abc:- \n\t[]{}&*!|>\'"#%@`,?0123456789()->=;_\u00e9\ufeff'.split(''));
  fc.assert(fc.property(fc.array(chars, { maxLength: 200 }).map((a) => a.join('')), fc.nat(), (text, pick) => { loadAndExplore(text, pick); }), { seed: 32, numRuns: 600 });
});

test('random valid programs load, and exploring them never throws (seed 34)', () => {
  fc.assert(fc.property(arbSmallScenario(), ({ yaml }) => {
    const r = loadScenario('small.yaml', yaml);
    assert.ok(r.ok, r.ok ? '' : r.errors.map((e) => e.message).join('; '));
    for (const c of r.value.cases) exhaustive.explore(c.program, testBudget(FUZZ_MAX_STATES));
  }), { seed: 34, numRuns: 150 });
});
