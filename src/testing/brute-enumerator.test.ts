// The brute-force enumerator on its own (published SC and x86-TSO results), then beside raceway:
// on every small C litmus test we ship, raceway's set of final states under SC and under TSO is
// the enumerator's, exactly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import type { CondLoc } from '../litmus/ast.js';
import { parseLitmus } from '../litmus/parse.js';
import { enumerate, NotModelled } from './brute-enumerator.js';
import { compareWithEnumerator } from './enumerator-agreement.js';
import { litmusFiles } from './litmus-corpus.js';
import { repoRoot } from './repo-root.js';

const span = { file: 't', start: 0, end: 0 };
const reg = (cpu: number, name: string): CondLoc => ({ k: 'reg', cpu, name, span });
const loc = (name: string): CondLoc => ({ k: 'global', name, span });

const SB = `C SB
{}
P0(int *x, int *y) { WRITE_ONCE(*x, 1); r0 = READ_ONCE(*y); }
P1(int *x, int *y) { WRITE_ONCE(*y, 1); r0 = READ_ONCE(*x); }
exists (0:r0=0 /\\ 1:r0=0)`;

const states = (text: string, model: 'sc' | 'tso', observe: CondLoc[]) => [...enumerate(parseLitmus('t', text).ast!, model, observe).states].sort();

describe('the brute-force enumerator', () => {
  test('SB: r0=0 on both CPUs is not SC (Lamport 1979) but is x86-TSO (Sewell et al., CACM 2010)', () => {
    const o = [reg(0, 'r0'), reg(1, 'r0')];
    assert.deepEqual(states(SB, 'sc', o), ['0:r0=0; 1:r0=1', '0:r0=1; 1:r0=0', '0:r0=1; 1:r0=1']);
    assert.deepEqual(states(SB, 'tso', o), ['0:r0=0; 1:r0=0', '0:r0=0; 1:r0=1', '0:r0=1; 1:r0=0', '0:r0=1; 1:r0=1']);
    assert.deepEqual(states(SB.replace(/WRITE_ONCE\((\*\w), 1\);/g, 'WRITE_ONCE($1, 1); smp_mb();'), 'tso', o).length, 3);
  });

  test('MP: x86-TSO keeps store order and load order, so 1:r0=1, 1:r1=0 is never seen', () => {
    const mp = `C MP\n{}\nP0(int *x, int *y) { WRITE_ONCE(*x, 1); WRITE_ONCE(*y, 1); }\nP1(int *x, int *y) { r0 = READ_ONCE(*y); r1 = READ_ONCE(*x); }\nexists (1:r0=1 /\\ 1:r1=0)`;
    assert.ok(!states(mp, 'tso', [reg(1, 'r0'), reg(1, 'r1')]).includes('1:r0=1; 1:r1=0'));
  });

  test('a lock taken twice by one process deadlocks every run; a lock serialises increments', () => {
    const twice = parseLitmus('t', 'C d\n{}\nP0(spinlock_t *s) { spin_lock(s); spin_lock(s); }\n').ast!;
    assert.deepEqual({ ...enumerate(twice, 'sc', []), states: null }, { states: null, deadlocks: 1, runs: 1 });
    const inc = 'C i\n{}\nP0(spinlock_t *s, int *x) { spin_lock(s); r0 = READ_ONCE(*x); WRITE_ONCE(*x, r0 + 1); spin_unlock(s); }\n';
    assert.deepEqual(states(inc + inc.slice(inc.indexOf('P0')).replace('P0', 'P1') + 'exists (x=2)', 'sc', [loc('x')]), ['x=2']);
  });

  test('what it does not model, it says so', () => {
    assert.throws(() => states(SB.replace('r0 = READ_ONCE(*y);', 'r0 = srcu_read_lock(y);'), 'sc', []), NotModelled);
  });
});

/** Every test of these folders that both run: the number compared, and any disagreement in full. */
function agreement(dirs: readonly string[], model: 'sc' | 'tso', maxRuns: number) {
  let same = 0;
  const different: string[] = [];
  for (const dir of dirs) {
    for (const f of litmusFiles(resolve(repoRoot, dir))) {
      const r = compareWithEnumerator(f, readFileSync(f, 'utf8'), model, maxRuns);
      if (r.kind === 'same') same++;
      if (r.kind === 'different') different.push(`${f}\n  raceway:    ${r.raceway.join(' | ')}\n  enumerator: ${r.enumerator.join(' | ')}`);
    }
  }
  return { same, different };
}

describe('raceway agrees with the brute-force enumerator', () => {
  const herd7 = join('test', 'fixtures', 'litmus-herd7');
  const ours = join('test', 'fixtures', 'litmus');
  const kernel = join('test', 'fixtures', 'linux-litmus');
  // How many are compared is pinned too, so a test that stops running cannot pass by being skipped.
  test('under SC: the same final states on every herd7-syntax fixture, our litmus fixtures and the kernel tests', () => {
    const r = agreement([herd7, ours, kernel], 'sc', 20_000);
    assert.deepEqual(r.different, []);
    assert.equal(r.same, 7 + 6 + 54);
  });

  test('under x86-TSO: the same on every test without locks or RCU (the enumerator models neither under TSO)', () => {
    const r = agreement([herd7, ours, kernel], 'tso', 5_000);
    assert.deepEqual(r.different, []);
    assert.ok(r.same >= 5 + 6 + 30, `${r.same} compared`);
  });
});
