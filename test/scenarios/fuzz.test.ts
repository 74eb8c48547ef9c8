// Fuzzing the front end and the machine from the shipped scenarios (fast-check, fixed seed, fixed
// run count): random mutations of every file under scenarios/ must never make the loader or the
// machine throw. Random YAML, random text and random valid programs are in
// src/scenario/fuzz.test.ts.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { loadAndExplore } from '../../src/testing/load-and-explore.js';
import { repoRoot } from '../../src/testing/repo-root.js';

function shipped(dir = join(repoRoot, 'scenarios')): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const f = join(dir, n);
    return statSync(f).isDirectory() ? shipped(f) : /\.ya?ml$/.test(n) ? [readFileSync(f, 'utf8')] : [];
  });
}

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
