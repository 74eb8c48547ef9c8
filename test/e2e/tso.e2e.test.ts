// End-to-end for store buffers: final-state output, the barrier counterexample, and `raceway ablate`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { repoRoot } from '../../src/testing/repo-root.js';
import { racewayCli } from '../../src/testing/spawn-raceway.js';

const bin = racewayCli;

function raceway(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('raceway check under TSO', () => {
  test('SB lists its final states, marks the one where the condition holds, and shows the drains', () => {
    const r = raceway(['check', 'scenarios/litmus/SB.yaml', '--variant', 'tso', '-s', 'plain', '--full']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ok {3}tso {2}plain {2}sometimes/);
    assert.match(r.stdout, /exists \(0:r0 == 0 && 1:r0 == 0\): 4 final states/);
    assert.match(r.stdout, /0:r0=0; 1:r0=0; {2}<- condition holds/);
    assert.match(r.stdout, /\(drain\) x = 1/);
    assert.match(r.stdout, /into the store buffer/);
  });

  test('--json carries the observation and the final states', () => {
    const r = raceway(['check', 'scenarios/litmus/MP.yaml', '--json', '--variant', 'tso']);
    assert.equal(r.code, 0);
    const o = JSON.parse(r.stdout.trim()) as { observation: string; finals: { states: unknown[]; witness: unknown } };
    assert.equal(o.observation, 'never');
    assert.equal(o.finals.states.length, 3);
    assert.equal(o.finals.witness, null);
  });

  test('without the writer\'s smp_mb() the counterexample shows the unlink waiting in the store buffer', () => {
    const r = raceway(['check', 'scenarios/lockdep/hazptr-barriers.yaml', '--variant', 'tso', '-s', 'no-writer-mb', '--full']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\(drain\) bucket->first = newkey/);
    assert.match(r.stdout, /\(drain\) unlock of graph_lock/);
    assert.match(r.stdout, /Use-after-free: CPU 0 task read oldkey->next of the freed object oldkey/);
  });
});

describe('raceway ablate', () => {
  test('names both smp_mb() as necessary under TSO and neither under SC', () => {
    const r = raceway(['ablate', 'scenarios/lockdep/hazptr-barriers.yaml', '-s', 'both-mb', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { variant: string; operation: string; breaks: boolean; counterexample: string | null });
    const barriers = (v: string) => rows.filter((x) => x.variant === v && x.operation.endsWith('smp_mb()')).map((x) => `${x.operation} ${x.breaks}`);
    assert.deepEqual(barriers('tso'), ['reader_mb: smp_mb() true', 'writer_mb: smp_mb() true']);
    assert.deepEqual(barriers('sc'), ['reader_mb: smp_mb() false', 'writer_mb: smp_mb() false']);
  });

  test('worker threads give the same table as the main thread', () => {
    const args = ['ablate', 'scenarios/lockdep/hazptr-barriers.yaml', '--variant', 'tso', '-s', 'both-mb'];
    const one = raceway([...args, '--jobs', '1']);
    const two = raceway([...args, '--jobs', '2']);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(two.stdout, one.stdout);
    assert.match(one.stdout, /5 operations, 3 load-bearing/);
  });

  test('a missing file exits 2 with one line', () => {
    const r = raceway(['ablate', 'no/such/file.yaml']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});
