// End-to-end: what `npm pack` would ship, and `raceway schema`. The tarball is listed by
// `npm pack --dry-run --json` in a copy of the repository whose dist/src is this very build (which
// holds the test, test-support and bench modules too, so their exclusion is really exercised).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../../src/testing/repo-root.js';
import { raceway } from '../../src/testing/spawn-raceway.js';

/** This test's build (dist-test/ under npm test): its src/ stands in for dist/src/. */
const build = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NOT_COPIED = new Set(['.git', 'node_modules', 'dist', 'dist-test']);

function packedFiles(): string[] {
  const stage = mkdtempSync(join(tmpdir(), 'raceway-pack-'));
  for (const name of readdirSync(repoRoot)) if (!NOT_COPIED.has(name)) cpSync(join(repoRoot, name), join(stage, name), { recursive: true });
  cpSync(join(build, 'src'), join(stage, 'dist', 'src'), { recursive: true });
  // --ignore-scripts: prepare would rebuild dist/, which is not what is being listed.
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: stage, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'error' } });
  assert.equal(r.status, 0, r.stderr);
  const [pack] = JSON.parse(r.stdout) as { files: { path: string }[] }[];
  return pack!.files.map((f) => f.path).sort();
}

/** Every file under `dir`, as posix paths relative to the repository. */
function tree(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const f = join(dir, n);
    return statSync(f).isDirectory() ? tree(f) : [relative(repoRoot, f).split(sep).join('/')];
  });
}

/** The compiled modules bin/raceway's launch.cjs loads, statically, lazily or as a worker, followed to the end. */
function runtimeModules(files: ReadonlySet<string>): string[] {
  const seen = new Set<string>();
  const visit = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    const at = join(build, path.replace(/^dist\//, ''));
    if (!existsSync(at)) return; // reported below as not shipped
    const text = readFileSync(at, 'utf8');
    // Static and lazy imports, and the worker threads' scripts (named from dist/src/: package-root.ts).
    for (const m of text.matchAll(/(?:from|import|require)\s*\(?['"](\.[^'"]+)['"]|new URL\(['"]([^'"]+\.js)['"], compiledSrc\)/g)) {
      visit(m[1] !== undefined ? posix.normalize(posix.join(posix.dirname(path), m[1])) : posix.join('dist/src', m[2]!));
    }
  };
  // bin/raceway's module (the bundle, made by npm run build, is not in this build).
  visit('dist/src/cli/launch.cjs');
  return [...seen].filter((p) => !files.has(p));
}

describe('the npm package', () => {
  const files = packedFiles();
  const set = new Set(files);

  test('ships the licence, the CLI and everything it loads, the schema, the cost profiles and the docs', () => {
    for (const f of ['LICENSE', 'README.md', 'package.json', 'bin/raceway', 'bin/package.json', 'schema/scenario.schema.json', 'costs/default.yaml', 'docs/scenario-language.md']) {
      assert.ok(set.has(f), `${f} is shipped`);
    }
    assert.deepEqual(runtimeModules(set), [], 'every module the CLI loads is shipped');
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { license: string };
    assert.equal(pkg.license, 'MIT');
    assert.match(readFileSync(join(repoRoot, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) \d{4} the raceway authors\n/);
  });

  test('ships every example scenario, so an install has them to run', () => {
    const scenarios = tree(join(repoRoot, 'scenarios')).sort();
    assert.ok(scenarios.length > 10);
    assert.deepEqual(scenarios.filter((f) => !set.has(f)), []);
  });

  test('ships no test, test-support, bench or TypeScript source file', () => {
    const unwanted = files.filter((f) => /\.test\.js$/.test(f) || /^(dist\/src\/(testing|bench)|dist\/test|dist-test|test|src)\//.test(f) || f.endsWith('.ts'));
    assert.deepEqual(unwanted, []);
  });
});

describe('raceway schema', () => {
  test('prints the shipped schema, byte for byte, and --path where it is installed', () => {
    const shipped = readFileSync(join(repoRoot, 'schema/scenario.schema.json'), 'utf8');
    const text = raceway(['schema']);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stdout, shipped);
    const path = raceway(['schema', '--path']);
    assert.equal(path.code, 0, path.stderr);
    assert.equal(path.stdout, `${join(repoRoot, 'schema', 'scenario.schema.json')}\n`);
    assert.equal(readFileSync(path.stdout.trimEnd(), 'utf8'), shipped);
  });
});
