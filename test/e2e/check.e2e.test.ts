// End-to-end: run bin/raceway as a user does and pin stdout, stderr and the exit code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../../src/testing/repo-root.js';
import { racewayCli } from '../../src/testing/spawn-raceway.js';

const bin = racewayCli;

export function raceway(args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function tmpFile(name: string, text: string): string {
  const d = mkdtempSync(join(tmpdir(), 'raceway-e2e-'));
  const f = join(d, name);
  writeFileSync(f, text);
  return f;
}

const tiny = (expect: string) => `
cpus: 2
state: { objects: { o: { f: 1 } } }
programs:
  cpu 0: ["x = READ_ONCE(o->f)"]
  cpu 1: [free(o)]
expect:
  default: ${expect}
`;

describe('raceway check', () => {
  test('the seed scenarios meet all 33 expectations and exit 0', () => {
    const r = raceway(['check', 'scenarios/lockdep/key-race.yaml', '--summary']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^33 results: 33 met, 0 not met, 0 inconclusive$/m);
    assert.equal(r.stderr, '');
  });

  test('--json prints one object per result with the documented keys', () => {
    const r = raceway(['check', 'scenarios/lockdep/key-race.yaml', '--json']);
    assert.equal(r.code, 0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 33);
    for (const l of lines) {
      for (const k of ['file', 'scenario', 'strategy', 'verdict', 'violations', 'expected', 'met', 'stats']) assert.ok(k in l, `key ${k}`);
      assert.equal(l.met, true);
    }
    const uaf = lines.find((l) => l.variant === 'key-race' && l.strategy === 'none')!;
    const v = (uaf.violations as { kind: string; trace: { cpu: number; op: string; line: number }[] }[])[0]!;
    assert.equal(v.kind, 'use-after-free');
    assert.ok(v.trace.length > 0 && v.trace.every((s) => typeof s.line === 'number'));
  });

  test('a violation prints a table with a column per CPU, the violating step marked, and a sentence', () => {
    const r = raceway(['check', 'scenarios/lockdep/key-race.yaml', '--variant', 'key-race', '--strategy', 'none', '--full']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /│ #\s+│ CPU 0\s+│ CPU 1\s+│ line │/);
    assert.match(r.stdout, /<-- here/);
    assert.match(r.stdout, /Use-after-free: CPU 0 task read oldkey->next of the freed object oldkey at step \d+ .* after CPU 1 task freed it at step \d+/);
  });

  test('an unmet expectation exits 1', () => {
    const r = raceway(['check', tmpFile('unmet.yaml', tiny('safe'))]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FAIL/);
  });

  test('a met violation expectation exits 0', () => {
    assert.equal(raceway(['check', tmpFile('met.yaml', tiny('use-after-free'))]).code, 0);
  });

  test('a search stopped by --max-states is inconclusive and exits 3', () => {
    const r = raceway(['check', 'scenarios/lockdep/key-race.yaml', '--strategy', 'rcu', '--max-states', '5', '--summary']);
    assert.equal(r.code, 3);
    assert.match(r.stdout, /inconclusive \(max-states\)/);
  });

  test('a bad file exits 2 with file:line:column and no stack trace', () => {
    const f = tmpFile('bad.yaml', 'cpus: 2\nprograms:\n  cpu 0:\n    - smp_mb2()\n');
    const r = raceway(['check', f]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.yaml:4:7: error: unknown operation 'smp_mb2'.*did you mean 'smp_mb'\?/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test('an unknown option is a usage error: exit 2', () => {
    const r = raceway(['check', 'scenarios/', '--no-such-flag']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown option/);
  });

  test("'-' reads a scenario from standard input", () => {
    const r = raceway(['check', '-', '--summary'], tiny('use-after-free'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /<stdin>/);
  });

  test('a missing path exits 2 with one line', () => {
    const r = raceway(['check', 'no/such/file.yaml']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  test('--jobs 2 prints the same bytes as --jobs 1, in the same order (times masked)', () => {
    const mask = (t: string): string => t.replace(/\d+ ms\)/g, 'N ms)').replace(/"ms":\d+/g, '"ms":0');
    for (const extra of [[], ['--json']]) {
      const one = raceway(['check', 'scenarios/', '--seed', '3', '--jobs', '1', ...extra]);
      const two = raceway(['check', 'scenarios/', '--seed', '3', '--jobs', '2', ...extra]);
      assert.equal(two.code, one.code);
      assert.equal(mask(two.stdout), mask(one.stdout));
      assert.equal(two.stderr, one.stderr);
    }
  });
});
