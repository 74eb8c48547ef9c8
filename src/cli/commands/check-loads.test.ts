// What a command loads before it runs (issue 22, start-up): the static value imports reachable
// from a module, read from src/ as text (import-cycles.test.ts does the same for circles). A
// module reached only through `await import()` is loaded when it is needed; `import type` loads
// nothing. Each module costs a file read, a resolution and a compile at every start.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../testing/repo-root.js';
import { racewayCli } from '../../testing/spawn-raceway.js';

const src = join(repoRoot, 'src');

/** The modules (relative to src/, or a package's name) that loading `from` loads, itself included. */
function staticClosure(from: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    const key = relative(src, file);
    if (seen.has(key)) return;
    seen.add(key);
    const text = readFileSync(file, 'utf8');
    // `import x from 'm'`, `import { a, type B } from 'm'`, `import 'm'`, `export { a } from 'm'`; not `import type`.
    const re = /(?:^|[\n;])\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g;
    for (const m of text.matchAll(re)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else if (!spec.startsWith('node:')) seen.add(spec);
    }
  };
  visit(join(src, from));
  return seen;
}

const loaded = (closure: Set<string>, prefix: string): string[] => [...closure].filter((m) => m === prefix || m.startsWith(prefix)).sort();

test('check loads neither front end, nor Spin, before it has read a file', () => {
  const c = staticClosure('cli/commands/check.ts');
  assert.deepEqual(loaded(c, 'spin/'), []);
  assert.deepEqual(loaded(c, 'cli/spin/'), []);
  assert.deepEqual(loaded(c, 'litmus/'), []);
  assert.deepEqual(loaded(c, 'cli/front-ends/litmus.ts'), []);
  assert.deepEqual(loaded(c, 'cli/front-ends/scenario.ts'), []);
  assert.deepEqual(loaded(c, 'yaml'), []);
});

test('a C litmus test is checked without the YAML parser, a scenario without the C one', () => {
  const litmus = staticClosure('cli/front-ends/litmus.ts');
  assert.deepEqual(loaded(litmus, 'yaml'), []);
  assert.deepEqual(loaded(litmus, 'scenario/parse.ts'), []);
  assert.deepEqual(loaded(staticClosure('cli/front-ends/scenario.ts'), 'litmus/'), []);
});

test('the command line itself (--version, --help, usage mistakes) loads no YAML parser', () => {
  assert.deepEqual(loaded(staticClosure('cli/main.ts'), 'yaml'), []);
});

test('check loads the explorers a search needs when it needs them: the LKMM\'s, fast-check', () => {
  // What check.ts, the search pool's worker and a report of any format load before any search.
  for (const from of ['cli/commands/check.ts', 'cli/search/worker.ts', 'cli/search/request.ts', 'report/trace-rows.ts', 'cli/front-ends/scenario.ts', 'cli/front-ends/litmus.ts']) {
    const c = staticClosure(from);
    // A constant that reports name under every memory model, and the litmus front end's refusal
    // of what the LKMM does not define (before any search: it skips the test).
    const small = ['explore/lkmm/freed-value.ts', 'explore/lkmm/unsupported.ts', 'explore/lkmm/callback-queue.ts'];
    assert.deepEqual(loaded(c, 'explore/lkmm/').filter((m) => !small.includes(m)), [], from);
    assert.deepEqual(loaded(c, 'explore/exhaustive.ts'), [], from);
    assert.deepEqual(loaded(c, 'fast-check'), [], from);
    assert.deepEqual(loaded(c, 'explore/random/random-explorer.ts'), [], from);
    assert.deepEqual(loaded(c, 'explore/shortest.ts'), [], from);
  }
});

test('the command line loads no output format; check loads the chosen one when it prints a finding', () => {
  const formats = ['report/table.ts', 'report/lkml.ts', 'report/markdown.ts', 'report/json.ts', 'report/svg.ts', 'report/render-finding.ts', 'report/finals-run.ts', 'cli-table3'];
  for (const from of ['cli/main.ts', 'cli/commands/check.ts', 'cli/front-ends/scenario.ts', 'cli/front-ends/litmus.ts']) {
    const c = staticClosure(from);
    assert.deepEqual(formats.filter((m) => c.has(m)), [], from);
  }
  // Each format's renderer loads no other format's module (report/markdown.ts borrows lkml's column choice).
  const others = (own: string[]): string[] => formats.filter((m) => !own.includes(m) && m !== 'cli-table3');
  assert.deepEqual(others(['report/lkml.ts']).filter((m) => staticClosure('report/lkml.ts').has(m)), []);
  assert.deepEqual(others(['report/markdown.ts', 'report/lkml.ts']).filter((m) => staticClosure('report/markdown.ts').has(m)), []);
  assert.deepEqual(others(['report/json.ts']).filter((m) => staticClosure('report/json.ts').has(m)), []);
  assert.deepEqual(others(['report/svg.ts']).filter((m) => staticClosure('report/svg.ts').has(m)), []);
  for (const f of ['report/json.ts', 'report/svg.ts', 'report/lkml.ts', 'report/markdown.ts']) assert.ok(!staticClosure(f).has('cli-table3'), f);
});

test('chalk loads only for colour, the ablation rules only for raceway ablate', () => {
  for (const from of ['cli/commands/check.ts', 'cli/front-ends/scenario.ts', 'cli/front-ends/litmus.ts']) {
    const c = staticClosure(from);
    assert.deepEqual(loaded(c, 'chalk'), [], from);
    assert.deepEqual(loaded(c, 'explore/ablate'), [], from);
  }
});

// A load hook (module.register, Node 20.6+) in the child names every ES module as it loads, so this
// sees what `await import()` brings in too. CommonJS modules a package requires (yaml's) pass no hook.
const HOOKS = `data:text/javascript,${encodeURIComponent('export async function load(u, c, next) { console.error("loaded " + u); return next(u, c); }')}`;
const REGISTER = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(HOOKS)});`)}`;

test('a check of one YAML file, met and piped, loads only what it needs', () => {
  const r = spawnSync(process.execPath, ['--import', REGISTER, racewayCli, 'check', join('scenarios', 'litmus', 'MP.yaml'), '--seed', '1'], {
    cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
  });
  assert.equal(r.status, 0, r.stderr);
  const modules = [...r.stderr.matchAll(/^loaded (\S+)$/gm)].map((m) => m[1]!.replace(/^.*\/(src|node_modules)\//, ''));
  assert.ok(modules.includes('cli/front-ends/scenario.js') && modules.includes('yaml/dist/index.js'), modules.join(' '));
  const unneeded = [
    'chalk/', 'cli-table3', 'ajv', 'fast-check', 'litmus/', 'cli/front-ends/litmus.js', 'spin/', 'cli/spin/',
    'explore/ablate', 'explore/exhaustive.js', 'explore/shortest.js', 'explore/random/random-explorer.js',
    'report/table.js', 'report/lkml.js', 'report/markdown.js', 'report/json.js', 'report/svg.js', 'report/render-finding.js',
    'cost/', 'cli/commands/matrix.js', 'cli/commands/export.js', 'cli/commands/replay.js', 'schema/',
  ];
  assert.deepEqual(modules.filter((m) => unneeded.some((u) => m.startsWith(u))), []);
  // The LKMM's rules stay out too, but for the small modules the first test names.
  const small = ['explore/lkmm/freed-value.js', 'explore/lkmm/callback-queue.js', 'explore/lkmm/unsupported.js'];
  assert.deepEqual(modules.filter((m) => m.startsWith('explore/lkmm/') && !small.includes(m)), []);
});
