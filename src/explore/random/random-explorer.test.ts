// The random explorer on the seed table: PCT finds every violating cell for every seed 1..50 at the
// default budget, its shrunk trace is no longer than the breadth-first shortest one, and tokens
// replay; and on random small scenarios a random finding is also an exhaustive finding.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { loadScenario } from '../../scenario/load.js';
import { arbSmallScenario } from '../../testing/arb-program.js';
import { explore, programOf, testBudget } from '../../testing/inline.js';
import { shortest } from '../shortest.js';
import { decodeToken, encodeToken } from '../token.js';
import { DEFAULT_RANDOM, randomExplorer } from './random-explorer.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const seedFile = join(root, 'scenarios/lockdep/key-race.yaml');

function violatingCells() {
  const r = loadScenario(seedFile, readFileSync(seedFile, 'utf8'));
  if (!r.ok) throw new Error('seed scenario does not load');
  return r.value.cases.filter((c) => c.expected !== null && c.expected.length > 0);
}

test('PCT at the default budget finds every violating seed cell for seeds 1..50, no longer than BFS, and its tokens replay', () => {
  const cells = violatingCells();
  assert.equal(cells.length, 13);
  const pct = randomExplorer(DEFAULT_RANDOM);
  for (const c of cells) {
    const best = shortest.explore(c.program, testBudget());
    const want = c.expected![0]!;
    const bfsLen = best.findings.find((f) => f.violation.kind === want)!.trace.length;
    for (let seed = 1; seed <= 50; seed++) {
      const o = pct.explore(c.program, { ...testBudget(), seed, first: true });
      const f = o.findings[0];
      assert.equal(f?.violation.kind, want, `${c.variant}/${c.strategy} seed ${seed}`);
      assert.equal(o.verdict, 'violation');
      assert.equal(f!.mode, 'random');
      assert.ok(f!.trace.length <= bfsLen, `${c.variant}/${c.strategy} seed ${seed}: ${f!.trace.length} > ${bfsLen}`);
      const d = decodeToken(c.program, encodeToken(c.program, f!.trace));
      assert.ok(d.ok && d.violation.kind === want && d.trace.length === f!.trace.length);
    }
  }
});

test('random search alone never says safe (seed 3)', () => {
  const c = loadScenario(seedFile, readFileSync(seedFile, 'utf8'));
  if (!c.ok) throw new Error('load');
  const safe = c.value.cases.find((x) => x.variant === 'key-race' && x.strategy === 'rcu')!;
  const o = randomExplorer({ ...DEFAULT_RANDOM, runs: 50 }).explore(safe.program, { ...testBudget(), seed: 3 });
  assert.equal(o.verdict, 'inconclusive');
  assert.equal(o.bound, 'random-only');
});

test('the same seed gives the same outcome (seed 9)', () => {
  const cell = violatingCells()[4]!;
  const run = () => { const o = randomExplorer(DEFAULT_RANDOM).explore(cell.program, { ...testBudget(), seed: 9 }); return { ...o, stats: { ...o.stats, ms: 0 } }; };
  assert.deepEqual(run(), run());
});

test('a violation found by random search is also found by exhaustive search (seed 13)', () => {
  const uniform = randomExplorer({ scheduler: 'uniform', runs: 60, depth: 3 });
  fc.assert(fc.property(arbSmallScenario(), fc.nat(), ({ yaml }, seed) => {
    const p = programOf(yaml);
    const r = uniform.explore(p, { ...testBudget(), seed });
    const kinds = new Set(explore(p).findings.map((f) => f.violation.kind));
    for (const f of r.findings) assert.ok(kinds.has(f.violation.kind), f.violation.kind);
  }), { seed: 13, numRuns: 100 });
});

test('a deadline stops a random search within 64 schedules, however many runs are asked for (seed 4)', () => {
  const c = loadScenario(seedFile, readFileSync(seedFile, 'utf8'));
  if (!c.ok) throw new Error('load');
  const safe = c.value.cases.find((x) => x.variant === 'key-race' && x.strategy === 'rcu')!;
  const o = randomExplorer({ ...DEFAULT_RANDOM, runs: 1_000_000_000 }).explore(safe.program, { ...testBudget(), seed: 4, now: () => 10, deadlineMs: 5 });
  assert.equal(o.verdict, 'inconclusive');
  assert.equal(o.bound, 'deadline');
  assert.ok(o.stats.runs < 64, `${o.stats.runs} runs`);
});

test('cancellation stops a random search the same way, with bound cancelled (seed 4)', () => {
  const cell = violatingCells()[0]!;
  const o = randomExplorer({ ...DEFAULT_RANDOM, runs: 1_000_000_000 }).explore(cell.program, { ...testBudget(), seed: 4, cancelled: () => true });
  assert.equal(o.bound, 'cancelled');
  assert.ok(o.stats.runs < 64);
  for (const f of o.findings) {
    const d = decodeToken(cell.program, encodeToken(cell.program, f.trace));
    assert.ok(d.ok && d.violation.kind === f.violation.kind, 'a finding made before the stop still replays');
  }
});

test('a deadline that is not reached changes nothing: same seed, same outcome (seed 9)', () => {
  const cell = violatingCells()[4]!;
  const run = (deadlineMs?: number) => {
    const o = randomExplorer(DEFAULT_RANDOM).explore(cell.program, { ...testBudget(), seed: 9, ...(deadlineMs !== undefined ? { deadlineMs } : {}) });
    return { ...o, stats: { ...o.stats, ms: 0 } };
  };
  assert.deepEqual(run(Number.MAX_SAFE_INTEGER), run());
});
