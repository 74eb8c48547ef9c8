// A swarm of Spin runs (cli/spin/swarm.ts) as a user runs it: here with `check --engine spin
// --swarm N`, and spread by hand with `export --swarm-script DIR`, `sh DIR/swarm.sh FIRST LAST`
// and `check --swarm-from DIR`. The Spin tests skip, saying why, without spin and gcc.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { raceway } from '../../src/testing/spawn-raceway.js';

const have = (cmd: string, arg: string): boolean => !spawnSync(cmd, [arg]).error;
const noSpin = !have('spin', '-V') ? 'spin is not installed (apt-get install spin)' : !have('gcc', '--version') ? 'gcc is not installed' : false;
const seed = ['scenarios/lockdep/key-race.yaml', '--variant', 'key-race-irq'];

test('--swarm and --bitstate without --engine spin, or --swarm with --swarm-from, are one usage line, exit 2', () => {
  for (const [args, line] of [
    [['--swarm', '3'], 'raceway: --swarm needs --engine spin\n'],
    [['--bitstate'], 'raceway: --bitstate needs --engine spin\n'],
    [['--engine', 'spin', '--swarm', '3', '--swarm-from', '/nonexistent'], 'raceway: --swarm runs a swarm here and --swarm-from reads one run elsewhere: give one of them\n'],
  ] as const) {
    const r = raceway(['check', ...args, ...seed, '-s', 'none']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, line);
  }
});

describe('a swarm of Spin runs', { skip: noSpin }, () => {
  test('--swarm finds the seed race use-after-free, and a safe strategy stays inconclusive (never safe)', () => {
    const r = raceway(['check', '--engine', 'spin', '--swarm', '3', '--jobs', '2', ...seed, '-s', 'none', '-s', 'rcu', '--full']);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stdout, /ok {3}key-race-irq {2}none {2}use-after-free/);
    assert.match(r.stdout, /spin: a swarm of 3 bitstate runs, \d+ states visited in all/);
    assert.match(r.stdout, /Use-after-free: CPU 0 IRQ 'lookup' read oldkey->next of the freed object oldkey/);
    assert.match(r.stdout, /\?\? {3}key-race-irq {2}rcu {3}inconclusive \(bitstate\)/);
  });

  test('export --swarm-script writes a folder whose runs, spread over two ranges, --swarm-from reads back', () => {
    const d = mkdtempSync(join(tmpdir(), 'raceway-swarm-e2e-'));
    try {
      const e = raceway(['export', '--promela', ...seed, '-s', 'none', '--swarm-script', d]);
      assert.equal(e.code, 0, e.stderr);
      assert.match(readFileSync(join(d, 'swarm.sh'), 'utf8'), /sh swarm\.sh FIRST LAST \[PARALLEL\]/);
      for (const range of [['0', '1'], ['2', '2']]) {
        const s = spawnSync('sh', [join(d, 'swarm.sh'), ...range, '1'], { encoding: 'utf8' });
        assert.equal(s.status, 0, s.stderr);
      }
      assert.ok(existsSync(join(d, 'runs', '2', 'pan.out')));
      const r = raceway(['check', '--engine', 'spin', '--swarm-from', d, ...seed, '-s', 'none']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /spin: a swarm of 3 bitstate runs/);
      // The folder's model is the none strategy's: its trails cannot be read as another's.
      const other = raceway(['check', '--engine', 'spin', '--swarm-from', d, ...seed, '-s', 'rcu']);
      assert.equal(other.code, 2);
      assert.match(other.stderr, /model\.pml is not the model of key-race-irq\/rcu/);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
