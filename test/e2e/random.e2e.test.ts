// End-to-end: random mode output is reproducible from its seed, and replay tokens round-trip
// through `raceway replay` or are refused with one line and exit 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { repoRoot } from '../../src/testing/repo-root.js';
import { racewayCli } from '../../src/testing/spawn-raceway.js';

// Not imported from check.e2e.test.ts: importing a test file would run its tests twice.
function raceway(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [racewayCli, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const file = 'scenarios/lockdep/key-race.yaml';
const cell = ['--variant', 'key-race-irq', '--strategy', 'hazptr-head'];
const noMs = (s: string) => s.replace(/\d+ ms\)/g, 'N ms)').replace(/"ms":\d+/g, '"ms":0');

describe('raceway check --mode random and raceway replay', () => {
  test('the same seed gives byte-identical human and JSON output, and prints the seed', () => {
    for (const extra of [[], ['--json']]) {
      const a = raceway(['check', file, ...cell, '--mode', 'random', '--seed', '7', ...extra]);
      const b = raceway(['check', file, ...cell, '--mode', 'random', '--seed', '7', ...extra]);
      assert.equal(a.code, 0, a.stderr);
      assert.equal(noMs(a.stdout), noMs(b.stdout));
      assert.match(a.stdout, extra.length ? /"seed":7/ : /^seed 7 /m);
    }
  });

  test('the printed replay command reproduces the table, and JSON carries the token', () => {
    const r = raceway(['check', file, ...cell, '--mode', 'random', '--seed', '3', '--full']);
    const line = /^replay: raceway replay (\S+) --strategy (\S+) --variant (\S+) --token (\S+)$/m.exec(r.stdout);
    assert.ok(line, r.stdout);
    const rep = raceway(['replay', line[1]!, '--strategy', line[2]!, '--variant', line[3]!, '--token', line[4]!]);
    assert.equal(rep.code, 0, rep.stderr);
    const table = (s: string) => s.slice(s.indexOf('┌'), s.lastIndexOf('┘') + 1);
    assert.equal(table(rep.stdout), table(r.stdout));
    const j = raceway(['replay', line[1]!, '--strategy', line[2]!, '--variant', line[3]!, '--token', line[4]!, '--json']);
    assert.equal(JSON.parse(j.stdout).token, line[4]);
  });

  test('a garbled token or one for another strategy is refused with one line and exit 2', () => {
    const r = raceway(['check', file, ...cell, '--mode', 'random', '--seed', '3', '--json']);
    const token = JSON.parse(r.stdout.split('\n')[0]!).violations[0].token as string;
    for (const [strategy, t] of [['hazptr-head', token.slice(0, -3)], ['hazptr-head', token.replace('.', ':')], ['none', token]] as const) {
      const rep = raceway(['replay', file, '--strategy', strategy, '--variant', 'key-race-irq', '--token', t]);
      assert.equal(rep.code, 2);
      assert.equal(rep.stdout, '');
      assert.equal(rep.stderr.trim().split('\n').length, 1);
      assert.match(rep.stderr, /replay token refused/);
    }
  });

  test('--timeout stops a random search on time, however many runs are asked for', () => {
    const r = spawnSync(process.execPath, [racewayCli, 'check', file, '--variant', 'key-race', '--strategy', 'rcu', '--mode', 'random', '--runs', '1000000000', '--timeout', '1', '--seed', '1', '--summary'], {
      cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined }, timeout: 60_000,
    });
    assert.equal(r.signal, null, 'it stopped by itself');
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stdout, /inconclusive \(deadline\)/);
  });
});
