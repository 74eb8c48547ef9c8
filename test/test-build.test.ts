// How `npm test` builds and runs the suite: away from what bin/raceway loads (a user's CLI keeps
// working while the tests build), with files named one by one to `node --test` (Node 21 and later
// refuse a folder), and with every spawned CLI taken from the build under test.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../src/testing/repo-root.js';
import { listTestFiles } from '../src/testing/run-tests.js';
import { racewayCli } from '../src/testing/spawn-raceway.js';

const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** The shell steps `npm run NAME` performs, `npm run` of other scripts expanded in place. */
function steps(name: string): string[] {
  const body = scripts[name];
  assert.ok(body !== undefined, `package.json has no script ${name}`);
  return body.split('&&').map((s) => s.trim()).flatMap((s) => {
    const m = /^npm run ([\w:-]+)$/.exec(s);
    return m ? steps(m[1]!) : [s];
  });
}

/** A tsconfig's outDir, following `extends`, relative to the repository. */
function outDirOf(config: string): string {
  const file = join(repoRoot, config);
  const c = JSON.parse(readFileSync(file, 'utf8')) as { extends?: string; compilerOptions?: { outDir?: string } };
  if (c.compilerOptions?.outDir !== undefined) return relative(repoRoot, resolve(dirname(file), c.compilerOptions.outDir));
  assert.ok(c.extends !== undefined, `${config} names no outDir`);
  return outDirOf(relative(repoRoot, resolve(dirname(file), c.extends)));
}

/** The folder bin/raceway loads the CLI from: the first folder of its import. */
const cliFolder = (): string => {
  const m = /require\('\.\.\/([^/']+)\//.exec(readFileSync(join(repoRoot, 'bin', 'raceway'), 'utf8'));
  assert.ok(m, 'bin/raceway requires the compiled CLI');
  return m[1]!;
};

test('npm test neither removes nor compiles into the folder bin/raceway loads from', () => {
  const cli = cliFolder();
  const all = steps('test');
  const compiles = all.filter((s) => /^tsc\b/.test(s));
  assert.ok(compiles.length > 0, 'the tests are compiled');
  for (const s of compiles) {
    const config = /-p (\S+)/.exec(s)?.[1] ?? 'tsconfig.json';
    assert.notEqual(outDirOf(config), cli, `${s} compiles into ${cli}/`);
    assert.doesNotMatch(s, /--outDir/, 'the outDir comes from the config, where this test reads it');
  }
  for (const s of all) assert.doesNotMatch(s, new RegExp(`rmSync\\('${cli}'|rm -rf ${cli}\\b`), `${s} removes ${cli}/`);
});

test('npm run build still produces what bin/raceway loads', () => {
  const compiles = steps('build').filter((s) => /^tsc\b/.test(s));
  assert.deepEqual(compiles.map((s) => outDirOf(/-p (\S+)/.exec(s)?.[1] ?? 'tsconfig.json')), [cliFolder()]);
  assert.match(readFileSync(join(repoRoot, 'bin', 'raceway'), 'utf8'), new RegExp(`require\\('\\.\\./${cliFolder()}/src/cli/launch\\.cjs'\\);`));
  // The one-file bundle launch.cjs prefers is made from tsc's output, so after it.
  const all = steps('build');
  assert.ok(all.indexOf('node scripts/bundle.mjs') > all.findIndex((s) => /^tsc\b/.test(s)), all.join(' && '));
});

test('no script hands node --test a folder (Node 21 and later read it as a module name)', () => {
  for (const [name, body] of Object.entries(scripts)) {
    for (const m of body.matchAll(/node --test((?: +\S+)*)/g)) {
      for (const arg of m[1]!.trim().split(/ +/).filter((a) => a !== '' && !a.startsWith('-'))) {
        let dir = false;
        try { dir = statSync(join(repoRoot, arg)).isDirectory(); } catch { /* not there: not a folder either */ }
        assert.ok(!dir && !arg.endsWith('/'), `npm run ${name} passes the folder ${arg} to node --test`);
      }
    }
  }
});

test('the runner lists every compiled test file of its build, this one included, in code-unit order', () => {
  const here = fileURLToPath(import.meta.url);
  const build = resolve(dirname(here), '..');
  const files = listTestFiles(build);
  assert.ok(files.includes(here));
  assert.ok(files.includes(join(build, 'src', 'cli', 'write-atomic.test.js')));
  assert.ok(files.every((f) => f.endsWith('.test.js')));
  assert.deepEqual(files, [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  // As many as there are test sources: none lost, none stale.
  const sources = listTestSources(join(repoRoot, 'src')).length + listTestSources(join(repoRoot, 'test')).length;
  assert.equal(files.length, sources);
});

function listTestSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const f = join(dir, e.name);
    return e.isDirectory() ? listTestSources(f) : e.name.endsWith('.test.ts') ? [f] : [];
  });
}

test('every spawned CLI is the one built with the tests, not bin/raceway (which loads dist/)', () => {
  const build = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  assert.equal(racewayCli, join(build, 'src', 'cli', 'run.js'));
  const offenders = [...listTestSources(join(repoRoot, 'src')), ...listTestSources(join(repoRoot, 'test'))]
    .map((f) => relative(repoRoot, f).split(sep).join('/'))
    .filter((f) => f !== 'test/test-build.test.ts') // this file spells the pattern it looks for
    // A path to bin/raceway built with join or resolve (naming the file in a list is fine).
    .filter((f) => /'bin',\s*'raceway'|(join|resolve)\([^)]*['"`]bin\/raceway['"`]/.test(readFileSync(join(repoRoot, f), 'utf8')));
  assert.deepEqual(offenders, [], 'spawn racewayCli (src/testing/spawn-raceway.ts) instead');
});
