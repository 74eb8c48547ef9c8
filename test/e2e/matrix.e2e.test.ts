// End-to-end: `raceway matrix` and `check --format` as a user runs them (NO_COLOR, no terminal).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../../src/testing/repo-root.js';
import { racewayCli } from '../../src/testing/spawn-raceway.js';
import { checkXml } from '../../src/testing/xml-check.js';

const bin = racewayCli;

function raceway(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const SEED_GRID: Record<string, string[]> = {
  none: ['use-after-free', 'use-after-free', 'use-after-free'],
  rcu: ['safe', 'safe', 'safe'],
  'rcu-expedited': ['safe', 'safe', 'safe'],
  'hazptr-key': ['use-after-free', 'use-after-free', 'use-after-free'],
  'hazptr-head': ['safe', 'use-after-free', 'use-after-free'],
  'hazptr-head-irqoff': ['safe', 'safe', 'use-after-free'],
  'hazptr-head-slots': ['safe', 'safe', 'safe'],
  shazptr: ['safe', 'safe', 'safe'],
  'bucket-refcount': ['safe', 'safe', 'deadlock'],
  'rwlock-unfair': ['safe', 'safe', 'deadlock'],
  'rwlock-fair': ['safe', 'deadlock', 'deadlock'],
};

describe('raceway matrix', () => {
  test('prints the verdict grid of the seed table with cost columns, exits 0, and --plot draws the safe strategies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'raceway-plot-'));
    const file = join(dir, 'latency.svg');
    const r = raceway(['matrix', 'scenarios/lockdep/key-race.yaml', '--plot', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /strategy +│ key-race +│ key-race-irq +│ key-race-nmi +│ reader\/call │ writer\/call │ IPIs\/call │ writer x250 │ IPIs x250/);
    for (const [s, cells] of Object.entries(SEED_GRID)) {
      assert.match(r.stdout, new RegExp(`│ ${s} +│ ${cells.map((c) => `${c} +`).join('│ ')}│`), s);
    }
    assert.ok(!/\x1b\[/.test(r.stdout), 'no colour without a terminal');
    const x = checkXml(readFileSync(file, 'utf8'));
    assert.ok(x.ok, x.ok ? '' : x.error);
    assert.equal(x.elements.filter((e) => e.attrs.get('class') === 'series').length, 4, 'a line per strategy safe in every variant');
    assert.equal(x.elements.filter((e) => e.attrs.get('class') === 'measured').length, 8, '7 measured figures and the legend');
    assert.deepEqual(readdirSync(dir), ['latency.svg'], 'no temporary file left behind');
    assert.equal(readFileSync(file, 'utf8'), readFileSync(join(repoRoot, 'docs/writer-latency.svg'), 'utf8'), 'docs/writer-latency.svg is current');
  });

  test('--json gives one document whose writer latencies follow the measured order', () => {
    const r = raceway(['matrix', 'scenarios/lockdep/key-race.yaml', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { matrices: { strategies: { strategy: string; cells: { verdict: string; kinds: string[] }[]; cost: { writer_ns: number; ipis: number; total_writer_ns: number } }[] }[] };
    assert.equal(doc.matrices.length, 1);
    const rows = doc.matrices[0]!.strategies;
    assert.deepEqual(rows.map((x) => x.strategy), Object.keys(SEED_GRID));
    for (const row of rows) assert.deepEqual(row.cells.map((c) => (c.verdict === 'safe' ? 'safe' : c.kinds.join(','))), SEED_GRID[row.strategy]);
    const by = (s: string) => rows.find((x) => x.strategy === s)!.cost;
    assert.ok(by('rcu').writer_ns > 100 * by('rcu-expedited').writer_ns);
    assert.ok(by('rcu').writer_ns > 100 * by('shazptr').writer_ns);
    assert.ok(by('rcu-expedited').ipis > 0);
    assert.equal(by('shazptr').ipis, 0);
    assert.equal(by('rcu').total_writer_ns, 250 * by('rcu').writer_ns);
  });

  test('--format markdown prints a Markdown table', () => {
    const r = raceway(['matrix', 'scenarios/lockdep/key-race.yaml', '--format', 'markdown']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\| strategy \| key-race \| key-race-irq \| key-race-nmi \|/m);
    assert.match(r.stdout, /^\| rwlock-fair \| safe \| deadlock \| deadlock \|/m);
  });

  test('--cpus re-runs the cost: hazard-pointer scans and IPIs grow, grace periods do not', () => {
    const at = (cpus: string) => {
      const r = raceway(['matrix', 'scenarios/lockdep/key-race.yaml', '--json', '--cpus', cpus, '-s', 'rcu', '-s', 'rcu-expedited', '-s', 'shazptr']);
      assert.equal(r.code, 0, r.stderr);
      const rows = (JSON.parse(r.stdout) as { matrices: { strategies: { strategy: string; cells: { verdict: string }[]; cost: { writer_ns: number; ipis: number } }[] }[] }).matrices[0]!.strategies;
      return (s: string) => rows.find((x) => x.strategy === s)!;
    };
    const two = at('2');
    const big = at('64');
    assert.equal(big('rcu').cost.writer_ns, two('rcu').cost.writer_ns);
    assert.ok(big('shazptr').cost.writer_ns > 10 * two('shazptr').cost.writer_ns);
    assert.equal(big('rcu-expedited').cost.ipis, 63);
    assert.deepEqual(big('rcu').cells.map((c) => c.verdict), ['not-explored', 'not-explored', 'not-explored']);
  });

  test('a bad cost profile is one line naming file:line:col, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'raceway-costs-'));
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, readFileSync(join(repoRoot, 'costs/default.yaml'), 'utf8').replace('smp_mb: 12', 'smp_mb: fast'));
    const r = raceway(['matrix', 'scenarios/lockdep/key-race.yaml', '--costs', f]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.yaml:\d+:\d+: error: 'steps\.smp_mb' must be a number of nanoseconds/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});

describe('raceway check --format', () => {
  // The golden texts come from the plain depth-first search (test/scenarios/formats.test.ts).
  const cell = ['check', 'scenarios/lockdep/key-race.yaml', '--variant', 'key-race-irq', '--strategy', 'hazptr-head', '--mode', 'exhaustive', '--no-reduction'];

  test('lkml prints the counterexample exactly as its checked-in expected text', () => {
    const r = raceway([...cell, '--format', 'lkml']);
    assert.equal(r.code, 0, r.stderr);
    const expected = readFileSync(join(repoRoot, 'test/golden/lockdep-key-race/key-race-irq.hazptr-head.lkml.txt'), 'utf8');
    assert.ok(r.stdout.includes(expected), r.stdout);
    assert.match(r.stdout, /^CPU 0 {37}CPU 1$/m);
    assert.match(r.stdout, /^<Interrupt> lookup$/m);
  });

  test('svg writes one well-formed picture to --output, with a lane per CPU', () => {
    const dir = mkdtempSync(join(tmpdir(), 'raceway-svg-'));
    const file = join(dir, 'ce.svg');
    const r = raceway([...cell, '--format', 'svg', '--output', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    const x = checkXml(readFileSync(file, 'utf8'));
    assert.ok(x.ok, x.ok ? '' : x.error);
    assert.equal(x.elements.filter((e) => e.attrs.get('class') === 'lane').length, 2);
    assert.equal(x.elements.filter((e) => (e.attrs.get('class') ?? '').startsWith('frame irq')).length, 1);
    // To bring it up to date: the same command with --output docs/counterexample.svg.
    assert.equal(readFileSync(file, 'utf8'), readFileSync(join(repoRoot, 'docs/counterexample.svg'), 'utf8'), 'docs/counterexample.svg is current');
  });

  test('svg refuses to draw several counterexamples into one document, exit 2, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'raceway-svg-'));
    const file = join(dir, 'ce.svg');
    const r = raceway(['check', 'scenarios/lockdep/key-race.yaml', '--strategy', 'none', '--format', 'svg', '--output', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--format svg draws one counterexample, and this run found 3/);
    assert.equal(existsSync(file), false);
  });

  test('json is the same as --json', () => {
    const a = raceway([...cell, '--format', 'json']);
    const b = raceway([...cell, '--json']);
    const mask = (s: string) => s.replace(/"ms":\d+/g, '"ms":0');
    assert.equal(mask(a.stdout), mask(b.stdout));
  });

  test('markdown prints a Markdown table per counterexample', () => {
    const r = raceway([...cell, '--format', 'markdown']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\| # \| CPU 0 \| CPU 1 \| line \|$/m);
  });
});

describe('matrix takes C litmus tests as check does (issue 17: both front ends)', () => {
  test('a litmus test is a one-cell matrix judged as check judges it, with no cost', () => {
    const met = raceway(['matrix', 'scenarios/litmus-irq/irq-lost-update.litmus']);
    assert.equal(met.code, 0, met.stderr);
    assert.match(met.stdout, /│ default +│ sometimes +│ +\? │/);
    assert.match(met.stdout, /costs: no reader and writer: a C litmus test declares no workload/);
    // A refuted Always is unmet, as in check (exit 1, marked).
    const unmet = raceway(['matrix', 'test/fixtures/litmus/always-refuted.litmus']);
    assert.equal(unmet.code, 1, unmet.stderr);
    assert.match(unmet.stdout, /│ default +│ sometimes \(!\) +│/);
  });
  test('a folder is searched for both, and --json has the litmus matrix beside the scenario', () => {
    const r = raceway(['matrix', 'scenarios/litmus-irq/', 'scenarios/litmus/SB.yaml', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { matrices: { file: string; strategies: { cells: { verdict: string; expected: string | null; met: boolean }[] }[] }[] };
    assert.deepEqual(doc.matrices.map((m) => m.file), ['scenarios/litmus-irq/irq-lost-update-fixed.litmus', 'scenarios/litmus-irq/irq-lost-update.litmus', 'scenarios/litmus/SB.yaml']);
    assert.ok(doc.matrices.every((m) => m.strategies.every((s) => s.cells.every((c) => c.met))));
  });
  test('--plot refuses a litmus test: it has no writer', () => {
    const r = raceway(['matrix', 'scenarios/litmus-irq/irq-lost-update.litmus', '--plot', join(mkdtempSync(join(tmpdir(), 'raceway-')), 'p.svg')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nothing to plot: a C litmus test declares no writer/);
  });
});
