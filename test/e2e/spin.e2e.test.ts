// `raceway export --promela` and `raceway check --engine spin` as a user runs them. The Spin
// tests skip, saying why, where spin or gcc is not installed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { raceway, racewayCli } from '../../src/testing/spawn-raceway.js';
import { repoRoot } from '../../src/testing/repo-root.js';

const have = (cmd: string, arg: string): boolean => !spawnSync(cmd, [arg]).error;
const noSpin = !have('spin', '-V') ? 'spin is not installed (apt-get install spin)' : !have('gcc', '--version') ? 'gcc is not installed' : false;

describe('raceway export --promela', () => {
  test('writes the model to -o, the same text as on stdout', () => {
    const d = mkdtempSync(join(tmpdir(), 'raceway-e2e-'));
    try {
      const out = join(d, 'm.pml');
      const r = raceway(['export', '--promela', 'test/fixtures/spin/irq-free.yaml', '-o', out]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(readFileSync(out, 'utf8'), raceway(['export', '--promela', 'test/fixtures/spin/irq-free.yaml']).stdout);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  test('a TSO variant is exported with its store buffers', () => {
    const r = raceway(['export', '--promela', 'scenarios/litmus/MP.yaml', '--variant', 'tso']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /byte sbn\[2\];/);
  });

  test('a TSO buffer too small for its program is refused in one line, exit 2, nothing written', () => {
    const r = raceway(['export', '--promela', 'test/fixtures/spin/tso-small-buffer.yaml']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'test/fixtures/spin/tso-small-buffer.yaml: error: cannot export spin-tso-small-buffer/default to Promela: a context may buffer 2 stores, more than store_buffer_size 1: raceway reports a full buffer as a bound, the Promela export cannot (raise store_buffer_size to 2)\n');
  });

  test('a scenario with several variants needs --variant', () => {
    const r = raceway(['export', '--promela', 'scenarios/litmus/MP.yaml']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /several variants \(expected --variant tso or sc\)/);
  });
});

test('without spin on PATH, --engine spin says how to install it in one line, exit 2', () => {
  const empty = mkdtempSync(join(tmpdir(), 'raceway-e2e-path-'));
  try {
    const r = spawnSync(process.execPath, [racewayCli, 'check', '--engine', 'spin', 'test/fixtures/spin/irq-free.yaml', '--summary'], {
      cwd: repoRoot, encoding: 'utf8', env: { ...process.env, PATH: empty, NO_COLOR: '1' },
    });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'raceway: spin is not installed (it is optional: apt-get install spin, which needs gcc too)\n');
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

describe('raceway check --engine spin', { skip: noSpin }, () => {
  test('finds the use-after-free and prints it as a raceway table, replayed through the machine', () => {
    const r = raceway(['check', '--engine', 'spin', 'test/fixtures/spin/irq-free.yaml', '--mode', 'exhaustive', '--full']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ok {3}spin-irq-free {2}default {2}use-after-free/);
    assert.match(r.stdout, /spin: \d+ states stored, state vector \d+ bytes, 2 searches/);
    assert.match(r.stdout, /Use-after-free: CPU 0 IRQ 'peek' read o->f of the freed object o/);
  });

  test('agrees with raceway on a final-state condition (MP under SC: never)', () => {
    const r = raceway(['check', '--engine', 'spin', 'scenarios/litmus/MP.yaml', '--variant', 'sc', '--mode', 'exhaustive']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ok {3}sc {2}default {2}never/);
  });

  test('--bitstate is inconclusive, never safe', () => {
    const r = raceway(['check', '--engine', 'spin', '--bitstate', 'scenarios/litmus/MP.yaml', '--variant', 'sc', '--mode', 'exhaustive', '--summary']);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /spin: a bitstate search \(a state may be missed, so never safe\), \d+ states visited, .*hash factor/);
  });
});
