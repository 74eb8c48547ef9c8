// The crosscheck must be able to fail: with a planted mistake in the exporter (handlers that do
// not freeze the context they interrupt) it reports a disagreement on a small scenario, and
// without it the two engines agree there. Skips, saying why, without spin and gcc.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { crosscheck, outcomesAgree } from '../../src/cli/spin/crosscheck.js';
import { repoRoot } from '../../src/testing/repo-root.js';

const noSpin = spawnSync('spin', ['-V']).error ? 'spin is not installed (apt-get install spin)' : spawnSync('gcc', ['--version']).error ? 'gcc is not installed' : false;
const file = 'test/fixtures/spin/irq-freeze.yaml';

test('the engines agree on a small IRQ scenario, and a handler that does not freeze its context breaks that', { skip: noSpin }, async () => {
  process.chdir(repoRoot);
  const honest = await crosscheck([file], {});
  assert.deepEqual(honest.map((r) => r.agree), [true]);
  const planted = await crosscheck([file], { mutation: 'no-freeze' });
  assert.deepEqual(planted.map((r) => r.agree), [false], JSON.stringify(planted));
});

test('under TSO the engines agree that an interrupt drains the store buffer, and a model that fires over a full buffer disagrees', { skip: noSpin }, async () => {
  process.chdir(repoRoot);
  const tso = 'test/fixtures/spin/tso-irq-drain.yaml';
  const honest = await crosscheck([tso], {});
  assert.deepEqual(honest.map((r) => r.agree), [true], JSON.stringify(honest));
  const planted = await crosscheck([tso], { mutation: 'no-fire-drain' });
  assert.deepEqual(planted.map((r) => r.agree), [false], JSON.stringify(planted));
});

test('two searches that ran out of room, each at its own bound, agree; a bound against a verdict does not', () => {
  const stats = { mode: 'exhaustive', states: 1, transitions: 1, ms: 1, maxDepth: 1, runs: 0 } as const;
  const bounded = (bound: 'max-states' | 'max-memory' | 'task-preemptions') => ({ verdict: 'inconclusive' as const, findings: [], bound, stats });
  const safe = { verdict: 'safe' as const, findings: [], stats };
  assert.equal(outcomesAgree(bounded('max-states'), bounded('max-memory')), true);
  assert.equal(outcomesAgree(bounded('max-states'), safe), false);
  assert.equal(outcomesAgree(bounded('task-preemptions'), bounded('max-memory')), false, 'a semantic bound is compared as it is');
});
