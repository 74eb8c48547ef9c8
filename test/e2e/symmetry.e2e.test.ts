// End-to-end for symmetry (explore/symmetry.ts): `raceway check` stores one state per permutation
// of the scaled key race's interchangeable readers, `--no-symmetry` every state; the verdict and
// the counterexample's replay token are the user's either way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { raceway } from '../../src/testing/spawn-raceway.js';

const CHECK = ['check', 'scenarios/scaled/key-race-scaled.yaml', '--cpus', '3', '-s', 'none', '--mode', 'exhaustive', '--json', '--jobs', '1'];

test('--no-symmetry stores more states for the same verdict, and the counterexample found with symmetry replays', () => {
  const [on, off] = [[], ['--no-symmetry']].map((extra) => {
    const r = raceway([...CHECK, ...extra]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as { verdict: string; kinds: string[]; stats: { states: number }; violations: { token: string }[] };
  });
  assert.equal(on!.verdict, off!.verdict);
  assert.deepEqual(on!.kinds, off!.kinds);
  assert.ok(on!.stats.states < off!.stats.states, `${on!.stats.states} with symmetry, ${off!.stats.states} without`);
  const replayed = raceway(['replay', 'scenarios/scaled/key-race-scaled.yaml', '-s', 'none', '--cpus', '3', '--token', on!.violations[0]!.token, '--json']);
  assert.equal(replayed.code, 0, replayed.stderr);
  assert.match(replayed.stdout, /"kind":"use-after-free"/);
});
