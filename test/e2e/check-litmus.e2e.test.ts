// End-to-end: C litmus tests through bin/raceway, as a user runs them (exit codes, herd7 layout, JSON).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../../src/testing/repo-root.js';
import { racewayCli } from '../../src/testing/spawn-raceway.js';

function raceway(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [racewayCli, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const MP = (result: string, cond: string) => `C MP+test

(*
 * Result: ${result}
 *)

{}

P0(int *x, int *y)
{
	WRITE_ONCE(*x, 1);
	WRITE_ONCE(*y, 1);
}

P1(int *x, int *y)
{
	int r0;
	int r1;

	r0 = READ_ONCE(*y);
	r1 = READ_ONCE(*x);
}

exists (${cond})
`;

function tmp(name: string, text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'raceway-litmus-')), name);
  writeFileSync(f, text);
  return f;
}

describe('raceway check on C litmus tests', () => {
  // herd7's own run of the kernel's MP+poonceonces (tools/memory-model/litmus-tests): States 4,
  // Ok, Positive: 1 Negative: 3, Observation Sometimes 1 3. A .litmus file is checked under the
  // LKMM unless --memory-model says otherwise.
  test('--format herd prints herd7 result layout, under the LKMM by default', () => {
    const f = tmp('MP.litmus', MP('Sometimes', '1:r0=1 /\\ 1:r1=0'));
    const r = raceway(['check', '--format', 'herd', f]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.replace(/Hash=\w+/, 'Hash=H'), [
      'Test MP+test Allowed', 'Model lkmm (raceway)', 'States 4', '1:r0=0; 1:r1=0;', '1:r0=0; 1:r1=1;', '1:r0=1; 1:r1=0;', '1:r0=1; 1:r1=1;', 'Ok', 'Witnesses',
      'Positive: 1 Negative: 3', 'Condition exists (1:r0=1 /\\ 1:r1=0)', 'Observation MP+test Sometimes 1 3', 'Hash=H', '', '',
    ].join('\n'));
  });

  test('--format herd --memory-model sc names SC and counts its final states', () => {
    const f = tmp('MP.litmus', MP('Never', '1:r0=1 /\\ 1:r1=0'));
    const r = raceway(['check', '--format', 'herd', '--memory-model', 'sc', f]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.replace(/Hash=\w+/, 'Hash=H'), [
      'Test MP+test Allowed', 'Model sc (raceway)', 'States 3', '1:r0=0; 1:r1=0;', '1:r0=0; 1:r1=1;', '1:r0=1; 1:r1=1;', 'No', 'Witnesses',
      'Positive: 0 Negative: 3', 'Condition exists (1:r0=1 /\\ 1:r1=0)', 'Observation MP+test Never 0 3', 'Hash=H', '', '',
    ].join('\n'));
  });

  test('--format herd under the LKMM prints herd7\'s Flag data-race line after the witnesses', () => {
    const f = tmp('MP.litmus', MP('Sometimes', '1:r0=1 /\\ 1:r1=0').replace('WRITE_ONCE(*x, 1);', '*x = 1;').replace('r1 = READ_ONCE(*x);', 'r1 = *x;'));
    const r = raceway(['check', '--format', 'herd', f]);
    assert.match(r.stdout, /\nPositive: 1 Negative: 3\nFlag data-race\nCondition exists/);
    assert.doesNotMatch(raceway(['check', '--format', 'herd', '--memory-model', 'sc', f]).stdout, /Flag/);
  });

  test('--format herd prints no Observation for a search that stopped early (judgelitmus.sh reads none as not run)', () => {
    // C-OOTA (paulmckrcu/litmus, manual/plain): its thin-air values are refused under the LKMM.
    const f = tmp('C-OOTA.litmus', 'C C-OOTA\n(*\n * Result: Sometimes DATARACE\n *)\n{\nint x = 0;\nint y = 0;\n}\nP0(int *x, int *y)\n{\n\tint r1;\n\tr1 = *x;\n\t*y = r1;\n}\n'
      + 'P1(int *x, int *y)\n{\n\tint r1;\n\tr1 = *y;\n\t*x = r1;\n}\nexists (~0:r1=0 \\/ ~1:r1=0)\n');
    const r = raceway(['check', '--format', 'herd', f]);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stdout.replace(/Hash=\w+/, 'Hash=H'), [
      'Test C-OOTA Allowed', 'Model lkmm (raceway)',
      'Inconclusive unsupported: the search stopped before it covered every execution, so there is no Observation', 'Hash=H', '', '',
    ].join('\n'));
  });

  test('a kernel-model Never that raceway reaches fails with exit 1', () => {
    const f = tmp('MP.litmus', MP('Never', '1:r0=1 /\\ 1:r1=1'));
    const r = raceway(['check', '--summary', f]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FAIL lkmm {2}Sometimes/);
    assert.match(raceway(['check', '--summary', '--memory-model', 'sc', f]).stdout, /FAIL sc {2}Sometimes/);
  });

  test('an unmet test under the LKMM says its states are executions and which models show a run', () => {
    const r = raceway(['check', 'test/fixtures/litmus/always-refuted.litmus']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FAIL lkmm/);
    assert.doesNotMatch(r.stdout, /A run that ends/);
    assert.match(r.stdout, /the states above are LKMM executions, not schedules: --memory-model sc or tso shows a run that replays/);
  });

  test('--json gives one object with the condition, the observation and the states with counts', () => {
    const f = tmp('MP.litmus', MP('Sometimes', '1:r0=1 /\\ 1:r1=0'));
    const r = raceway(['check', '--json', '--memory-model', 'tso', f]);
    assert.equal(r.code, 0);
    const o = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(o).slice(0, 6), ['file', 'scenario', 'format', 'verdict', 'kinds', 'expected']);
    assert.equal(o.memory_model, 'tso');
    assert.equal(o.expected, 'Sometimes');
    assert.equal(o.met, true);
    assert.deepEqual((o.states as { values: unknown; count: number }[])[0], { values: { '1:r0': '0', '1:r1': '0' }, count: 1, holds: false, kept: true });
  });

  test('an unmet test under SC shows the run that refutes it, ending in a state the filter keeps', () => {
    const r = raceway(['check', '--memory-model', 'sc', 'test/fixtures/litmus/never-reached-filter.litmus']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FAIL sc {2}Sometimes/);
    const table = r.stdout.slice(r.stdout.indexOf('┌'));
    // Both reads come last and see 1: the state 0:r0=1, 1:r0=1 the filter keeps.
    assert.match(table, /r0 = READ_ONCE\(\*y\) *│ *│ 18 *│\n│ *│ y=1 /);
    assert.match(table, /r0 = READ_ONCE\(\*x\) │ 26 *│\n│ *│ *│ x=1 /);
    assert.match(r.stdout, /A run that ends in a state where the condition holds \(4 steps\)\./);
  });

  test('a refuted Always under SC shows a run ending where the condition does not hold', () => {
    const r = raceway(['check', '--memory-model', 'sc', 'test/fixtures/litmus/always-refuted.litmus']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /│ 1 │ r0 = READ_ONCE\(\*x\) │ +│ 16 +│\n│ +│ x=0 /);
    assert.match(r.stdout, /A run that ends in a state where the condition does not hold \(2 steps\)\./);
  });

  test('a met test, and --summary, print no run', () => {
    assert.doesNotMatch(raceway(['check', 'test/fixtures/litmus/pointers.litmus']).stdout, /A run that ends/);
    assert.doesNotMatch(raceway(['check', '--summary', 'test/fixtures/litmus/always-refuted.litmus']).stdout, /A run that ends/);
  });

  test('--json lists the states in the order of the text and herd layouts (herd7\'s: addresses by name)', () => {
    const r = raceway(['check', '--json', 'test/fixtures/litmus/pointers.litmus']);
    const o = JSON.parse(r.stdout) as { states: { values: Record<string, string> }[] };
    assert.deepEqual(o.states.map((x) => x.values['1:r0']), ['a', 'b']);
  });

  test('an unsupported construct is reported with its position and does not fail the run', () => {
    const f = tmp('U.litmus', MP('Never', '1:r0=1').replace('smp_mb', 'x').replace('WRITE_ONCE(*y, 1);', 'kmalloc(4, 0);'));
    const r = raceway(['check', f]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /skip unsupported: kmalloc\(\) at .*U\.litmus:12:2/);
  });

  test('a misspelt primitive fails the run (exit 2) with a suggestion, unlike an unsupported one', () => {
    const f = tmp('Typo.litmus', MP('Never', '1:r0=1').replace('WRITE_ONCE(*y, 1);', 'WRITEONCE(*y, 1);'));
    const r = raceway(['check', f]);
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, /Typo\.litmus:12:2: error: unknown function 'WRITEONCE' \(expected a kernel primitive listed in docs\/litmus\.md\); did you mean 'WRITE_ONCE'\?/);
    assert.match(r.stdout, /0 results: 0 met, 0 not met, 0 inconclusive, 1 bad file/);
  });

  test('a syntax error is one line file:line:col and exit 2, no stack', () => {
    const f = tmp('B.litmus', MP('Never', '1:r0=1').replace('WRITE_ONCE(*y, 1);', 'WRITE_ONCE(*y, 1)'));
    const r = raceway(['check', f]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /B\.litmus:13:1: error: unexpected '}' \(expected ';' after a statement\)/);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
  });

  test('input nested past the bound is one error line and exit 2, not a stack overflow', () => {
    const f = tmp('Deep.litmus', MP('Never', '1:r0=1').replace('WRITE_ONCE(*y, 1);', `${'{'.repeat(20_000)}${'}'.repeat(20_000)}`));
    const r = raceway(['check', f]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /Deep\.litmus:12:65: error: nested too deeply \(expected at most 64 levels/);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  });

  test('the kernel litmus folder is a regression run that exits 0', () => {
    const r = raceway(['check', 'test/fixtures/linux-litmus', '--summary']);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /^55 results: 55 met, 0 not met, 0 inconclusive$/m);
  });
});

const SB_MB = `C SB+mbs

(*
 * Result: Never
 *)

{}

P0(int *x, int *y)
{
	int r0;

	WRITE_ONCE(*x, 1);
	smp_mb();
	r0 = READ_ONCE(*y);
}

P1(int *x, int *y)
{
	int r0;

	WRITE_ONCE(*y, 1);
	smp_mb();
	r0 = READ_ONCE(*x);
}

exists (0:r0=0 /\\ 1:r0=0)
`;

const ABBA = `C ABBA
{}
P0(spinlock_t *s, spinlock_t *t, int *x) { spin_lock(s); spin_lock(t); WRITE_ONCE(*x, 1); spin_unlock(t); spin_unlock(s); }
P1(spinlock_t *s, spinlock_t *t, int *x) { spin_lock(t); spin_lock(s); WRITE_ONCE(*x, 2); spin_unlock(s); spin_unlock(t); }
exists (x=1)
`;

describe('raceway ablate and replay on C litmus tests', () => {
  test('ablate says which barriers a kernel Never rests on: both under TSO, none under SC', () => {
    const f = tmp('SB+mbs.litmus', SB_MB);
    const tso = raceway(['ablate', '--json', '--memory-model', 'tso', f]);
    assert.equal(tso.code, 0, tso.stderr);
    const rows = tso.stdout.trim().split('\n').map((l) => JSON.parse(l) as { operation: string; breaks: boolean; judgement: string; variant: string; strategy: string });
    assert.deepEqual(rows.map((r) => [r.operation, r.breaks, r.judgement]), [['smp_mb()', true, 'unmet'], ['smp_mb()', true, 'unmet']]);
    assert.deepEqual([rows[0]!.variant, rows[0]!.strategy], ['SB+mbs', 'default']);
    const sc = raceway(['ablate', f]);
    assert.equal(sc.code, 0, sc.stderr);
    assert.match(sc.stdout, /as written: Never \(kernel model: Never\); 2 operations, 0 load-bearing/);
  });

  test("check prints a replay line for a litmus finding, and the line replays it", () => {
    const f = tmp('ABBA.litmus', ABBA);
    const r = raceway(['check', '--memory-model', 'tso', f]);
    assert.equal(r.code, 1);
    const line = /^replay: raceway (.*)$/m.exec(r.stdout)?.[1];
    assert.ok(line, r.stdout);
    assert.match(line, / --strategy default --memory-model tso --token rw1\./);
    const again = raceway(line.split(' '));
    assert.equal(again.code, 0, again.stderr);
    const table = (s: string) => s.slice(s.indexOf('┌'), s.indexOf('┘') + 1);
    assert.equal(table(again.stdout), table(r.stdout));
    assert.match(again.stdout, /^Deadlock: CPU 0 task waits/m);
  });

  test('replay and ablate refuse what they cannot run with one line, exit 2', () => {
    const f = tmp('ABBA.litmus', ABBA);
    const wrong = raceway(['replay', f, '-s', 'tso', '--token', 'rw1.x.AB.y']);
    assert.equal(wrong.code, 2);
    assert.equal(wrong.stderr, `${f}: error: no strategy named 'tso' (expected default: a C litmus test has one)\n`);
    const u = tmp('U.litmus', ABBA.replace('WRITE_ONCE(*x, 1);', 'kmalloc(4, 0);'));
    for (const cmd of [['ablate', u], ['replay', u, '-s', 'default', '--token', 'rw1.x.AB.y']]) {
      const r = raceway(cmd);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^.*U\.litmus: error: unsupported: kmalloc\(\) at .*U\.litmus:3:\d+, so there is nothing to (ablate|replay)\n$/);
    }
  });
});

// Golden output of the litmus formats: every test/fixtures/litmus/*.litmus and
// scenarios/litmus-irq/*.litmus, under SC and TSO and the default model (lkmm, sc for a test with
// interrupt handlers), as text and as herd7's layout. Hash= (the
// program fingerprint, which any change to lowering moves) and milliseconds are masked.
// UPDATE_GOLDEN=1 npm test rewrites test/golden/litmus/; review the diff like code.
describe('golden litmus output', () => {
  const inputs = ['test/fixtures/litmus', 'scenarios/litmus-irq'];
  for (const model of ['sc', 'tso', 'default'] as const) {
    for (const format of ['text', 'herd'] as const) {
      const name = `${format}.${model}.txt`;
      test(`${name} matches test/golden/litmus/${name}`, () => {
        const r = raceway(['check', ...(model === 'default' ? [] : ['--memory-model', model]), ...(format === 'herd' ? ['--format', 'herd'] : []), ...inputs]);
        const got = r.stdout.replace(/^Hash=\w+$/gm, 'Hash=<fingerprint>').replace(/\b\d+ ms\)/g, 'N ms)');
        const golden = join(repoRoot, 'test/golden/litmus', name);
        if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) {
          assert.ok(process.env.UPDATE_GOLDEN === '1', `missing golden file ${golden} (run UPDATE_GOLDEN=1 npm test)`);
          mkdirSync(dirname(golden), { recursive: true });
          writeFileSync(golden, got);
        }
        assert.equal(got, readFileSync(golden, 'utf8'));
        assert.equal(r.stderr, '');
      });
    }
  }
});
