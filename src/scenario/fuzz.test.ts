// Fuzzing the front end and the machine with fast-check (fixed seeds, fixed run counts): random
// YAML, random mutations of the shipped scenarios and random valid programs. The loader must
// return diagnostics or Programs and never throw; exploring whatever loads must never throw.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { exhaustive } from '../explore/exhaustive.js';
import { arbSmallScenario } from '../testing/arb-program.js';
import { testBudget } from '../testing/inline.js';
import { repoRoot } from '../testing/spawn-raceway.js';
import { loadScenario, type Case } from './load.js';

const MAX_STATES = 2000;

function shipped(dir = join(repoRoot, 'scenarios')): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const f = join(dir, n);
    return statSync(f).isDirectory() ? shipped(f) : /\.ya?ml$/.test(n) ? [readFileSync(f, 'utf8')] : [];
  });
}

/** Loads and, when it loads, explores a few cases: anything thrown fails the property. */
function loadAndExplore(text: string, pick: number): void {
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
    const out = exhaustive.explore(c.program, testBudget(MAX_STATES));
    assert.ok(['safe', 'violation', 'inconclusive'].includes(out.verdict));
  }
}

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

type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'flip'; at: number; ch: string }
  | { kind: 'truncate'; at: number };

const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), ch: fc.constantFrom(' ', '\t', ':', '-', '(', ')', '[', '"', 'x', '0', '&', '*', '\n', '#') }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const n = lines.length;
  switch (m.kind) {
    case 'delete': lines.splice(m.at % n, 1); return lines.join('\n');
    case 'duplicate': lines.splice(m.at % n, 0, lines[m.at % n]!); return lines.join('\n');
    case 'swap': { const a = m.a % n; const b = m.b % n; [lines[a], lines[b]] = [lines[b]!, lines[a]!]; return lines.join('\n'); }
    case 'flip': { const i = m.at % Math.max(1, text.length); return text.slice(0, i) + m.ch + text.slice(i + 1); }
    case 'truncate': return text.slice(0, m.at % (text.length + 1));
  }
}

test('random mutations of the shipped scenarios never make the loader or the machine throw (seed 33)', () => {
  const sources = shipped();
  assert.ok(sources.length > 0);
  fc.assert(fc.property(fc.nat(), fc.array(arbMutation, { minLength: 1, maxLength: 3 }), fc.nat(), (which, muts, pick) => {
    const text = muts.reduce(mutate, sources[which % sources.length]!);
    loadAndExplore(text, pick);
  }), { seed: 33, numRuns: 150 });
});

test('random valid programs load, and exploring them never throws (seed 34)', () => {
  fc.assert(fc.property(arbSmallScenario(), ({ yaml }) => {
    const r = loadScenario('small.yaml', yaml);
    assert.ok(r.ok, r.ok ? '' : r.errors.map((e) => e.message).join('; '));
    for (const c of r.value.cases) exhaustive.explore(c.program, testBudget(MAX_STATES));
  }), { seed: 34, numRuns: 150 });
});
