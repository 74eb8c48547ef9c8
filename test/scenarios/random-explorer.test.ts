// The random explorer on the seed table (scenarios/lockdep/key-race.yaml): PCT finds every
// violating cell for every seed 1..50 at the default budget, its shrunk trace is no longer than the
// breadth-first shortest one, and tokens replay; random search alone never says safe; seeds,
// deadlines and cancellation behave. The properties on random small scenarios stay beside the code,
// in src/explore/random/random-explorer.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_RANDOM, randomExplorer } from '../../src/explore/random/random-explorer.js';
import { shortest } from '../../src/explore/shortest.js';
import { decodeToken } from '../../src/explore/token-decode.js';
import { encodeToken } from '../../src/explore/token.js';
import { loadScenario } from '../../src/scenario/load.js';
import { testBudget } from '../../src/testing/inline.js';
import { repoRoot } from '../../src/testing/repo-root.js';

const seedFile = join(repoRoot, 'scenarios/lockdep/key-race.yaml');

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
