// End-to-end: files just under the 1 MiB limit with tens of thousands of keys validate in a
// second or two. Each run is killed after GUARD_MS, ten times or more what it takes: a quadratic
// pass over the keys (yaml's uniqueKeys, a lookup by name per case) took minutes on these.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { repoRoot } from '../../src/testing/repo-root.js';
import { racewayCli } from '../../src/testing/spawn-raceway.js';

const GUARD_MS = 30_000;

function validateWithin(text: string): { code: number | null; signal: string | null; stdout: string; stderr: string } {
  assert.ok(Buffer.byteLength(text) < 1024 * 1024, 'under the file limit');
  const r = spawnSync(process.execPath, [racewayCli, 'validate', '-'], {
    cwd: repoRoot, input: text, encoding: 'utf8', timeout: GUARD_MS, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const head = 'cpus: 1\nprograms:\n  cpu 0: ["r = READ_ONCE(x)"]\nstate:\n  cells:\n    x: 0\n';
const many = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => line(i)).join('\n') + '\n';

describe('large files validate in bounded time', () => {
  const cases: [string, string][] = [
    ['50,000 cells', head + many(50_000, (i) => `    c${i}: ${i}`)],
    ['60,000 fields of one object', `${head}  objects:\n    o:\n${many(60_000, (i) => `      f${i}: 0`)}`],
    ['20,000 strategies with 20,000 expectations', `${head}strategies:\n${many(20_000, (i) => `  s${i}: {}`)}expect:\n${many(20_000, (i) => `  s${i}: safe`)}`],
    ['40,000 variants', `${head}variants:\n${many(40_000, (i) => `  v${i}: {}`)}`],
    ['70,000 constants', `${head}constants:\n${many(70_000, (i) => `  k${i}: 0`)}`],
  ];
  for (const [name, text] of cases) {
    test(`${name}: valid`, () => {
      assert.deepEqual(validateWithin(text), { code: 0, signal: null, stdout: '<stdin>: ok\n', stderr: '' });
    });
  }

  test('a duplicate key among 70,000: one error, where it is', () => {
    const text = `${head}constants:\n${many(70_000, (i) => `  k${i}: 0`)}  k9: 0\n`;
    const r = validateWithin(text);
    assert.equal(r.signal, null);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `<stdin>:${text.split('\n').length - 1}:3: error: duplicate key 'k9' (expected each key once in a mapping)\n`);
  });

  test('a 500 KB unknown operation: one short error line', () => {
    const r = validateWithin(`cpus: 1\nprograms:\n  cpu 0: ["${'a'.repeat(500_000)}()"]\n`);
    assert.equal(r.signal, null);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^<stdin>:3:12: error: the name 'a{24}…' is 500000 characters long \(expected at most 128 characters\)\n$/);
  });
});
