// Golden bad inputs: every test/fixtures/bad/<name>.yaml makes `raceway validate` exit 2 with the
// exact first error line in <name>.expected (herd7's .expected-failure habit).
// UPDATE_GOLDEN=1 npm test rewrites the .expected files; review the diff like code.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../../src/testing/repo-root.js';
import { racewayCli } from '../../src/testing/spawn-raceway.js';

const bin = racewayCli;
export const BAD_DIR = 'test/fixtures/bad';

export function badFixtures(): string[] {
  return readdirSync(join(repoRoot, BAD_DIR)).filter((n) => n.endsWith('.yaml')).map((n) => n.slice(0, -'.yaml'.length)).sort();
}

function validate(paths: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, 'validate', ...paths], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

// Spawns run four at a time: each is a fresh node process, and there are dozens.
describe('bad fixtures', { concurrency: 4 }, () => {
  test('there are at least 30 of them, each beside its .expected file', () => {
    const names = badFixtures();
    assert.ok(names.length >= 30, `only ${names.length} fixtures`);
    const expected = readdirSync(join(repoRoot, BAD_DIR)).filter((n) => n.endsWith('.expected')).map((n) => n.slice(0, -'.expected'.length)).sort();
    if (process.env.UPDATE_GOLDEN !== '1') assert.deepEqual(expected, names);
  });

  for (const name of badFixtures()) {
    test(`${name}.yaml: exit 2 and its expected first line, no stack trace`, async () => {
      const file = `${BAD_DIR}/${name}.yaml`;
      const r = await validate([file]);
      const first = r.stderr.split('\n')[0] ?? '';
      const golden = join(repoRoot, BAD_DIR, `${name}.expected`);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, first + '\n');
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.doesNotMatch(r.stderr, /\n\s+at |internal error/);
      assert.ok(first.startsWith(`${file}:`), first);
      assert.equal(first, readFileSync(golden, 'utf8').trimEnd());
    });
  }

  test('a folder of bad files with a good one: every bad file reported, the good one validated, exit 2', async () => {
    const r = await validate([BAD_DIR, 'scenarios/lockdep/key-race.yaml']);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^scenarios\/lockdep\/key-race\.yaml: ok$/m);
    const reported = new Set(r.stderr.split('\n').map((l) => /^test\/fixtures\/bad\/([^:]+)\.yaml:/.exec(l)?.[1]).filter((x) => x !== undefined));
    assert.deepEqual([...reported].sort(), badFixtures());
    assert.match(r.stderr, new RegExp(`^${badFixtures().length} of ${badFixtures().length + 1} files invalid$`, 'm'));
  });
});
