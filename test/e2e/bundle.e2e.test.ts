// End-to-end: the one-file bundle that bin/raceway loads (scripts/bundle.mjs, src/cli/launch.cts)
// prints what the compiled modules print, byte for byte but for the times: a finding, a random
// search (fast-check, left outside the bundle), a file mistake and a usage mistake with their exit
// codes, and the package's own files found from the bundle's place. The bundle is made here from this build, as `npm run build` makes dist/'s.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../../src/testing/repo-root.js';
import { raceway } from '../../src/testing/spawn-raceway.js';

/** This test's build's src/ (dist-test/src/ under npm test). */
const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function launched(args: readonly string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(src, 'cli', 'launch.cjs'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Times differ from run to run; nothing else may. */
const timeless = (text: string): string => text.replace(/\d+ ms\b/g, 'N ms').replace(/"ms":\d+/g, '"ms":N');

before(() => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'bundle.mjs'), src], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  // Newer than launch.cjs, so launch.cjs runs it (and not the modules this test compares it with).
  assert.ok(statSync(join(src, 'bundle', 'raceway.js')).mtimeMs >= statSync(join(src, 'cli', 'launch.cjs')).mtimeMs);
});

for (const args of [
  ['check', 'scenarios/locks/qrwlock-key-race.yaml', '--seed', '1', '--full'],
  ['check', 'scenarios/litmus/MP.yaml', '--seed', '3', '--mode', 'random', '--json'],
  ['check', 'scenarios/no-such-file.yaml'],
  ['check', 'scenarios/litmus/MP.yaml', '--seed', 'x'],
  ['--version'],
  // Where the package's files are (package-root.ts): the schema, the cost profile.
  ['schema', '--path'],
  ['matrix', 'scenarios/locks/qrwlock-key-race.yaml'],
]) {
  test(`raceway ${args.join(' ')}: the bundle prints what the modules print`, () => {
    const bundled = launched(args);
    const modules = raceway(args);
    assert.equal(bundled.code, modules.code);
    assert.equal(timeless(bundled.stdout), timeless(modules.stdout));
    assert.equal(timeless(bundled.stderr), timeless(modules.stderr));
  });
}

test('a code cache that does not fit the bundle only costs time (code-cache.cts)', () => {
  const args = ['check', 'scenarios/litmus/MP.yaml', '--seed', '1'];
  const modules = raceway(args);
  const hash = readFileSync(join(src, 'bundle', 'raceway.js.sha256'), 'utf8').trim();
  const cache = join(src, 'bundle', '.code-cache', `${process.version}-${process.arch}-${hash}.bin`);
  rmSync(cache, { force: true });
  launched(args);
  assert.ok(existsSync(cache), 'a run writes the cache');
  writeFileSync(cache, 'not a V8 code cache');
  const bundled = launched(args);
  assert.equal(bundled.code, modules.code);
  assert.equal(timeless(bundled.stdout), timeless(modules.stdout));
  assert.equal(bundled.stderr, modules.stderr);
});

test('a bundle with no content hash beside it runs with no code cache (code-cache.cts)', () => {
  const hashFile = join(src, 'bundle', 'raceway.js.sha256');
  const hash = readFileSync(hashFile, 'utf8');
  rmSync(join(src, 'bundle', '.code-cache'), { recursive: true, force: true });
  rmSync(hashFile);
  try {
    const args = ['check', 'scenarios/litmus/MP.yaml', '--seed', '1'];
    const bundled = launched(args);
    assert.equal(timeless(bundled.stdout), timeless(raceway(args).stdout));
    assert.ok(!existsSync(join(src, 'bundle', '.code-cache')), 'no cache written under no name');
  } finally {
    writeFileSync(hashFile, hash);
  }
});
