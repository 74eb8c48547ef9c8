// End-to-end: --memory-model lkmm through the CLI, as a user runs it: the kernel Result judged
// exactly, herd7's layout with herd7's counts, the data-race flag, and YAML scenarios skipped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { raceway } from '../../src/testing/spawn-raceway.js';

const KERNEL = 'test/fixtures/linux-litmus/tools/memory-model/litmus-tests';

test('MP+poonceonces is Sometimes under lkmm, as its Result says, where SC says Never', () => {
  const r = raceway(['check', '--memory-model', 'lkmm', `${KERNEL}/MP+poonceonces.litmus`]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /ok {3}lkmm {2}Sometimes/);
  assert.match(r.stdout, /1 {2}1:r0=1; 1:r1=0; {2}<- satisfies the condition/);
});

test('--format herd under lkmm prints herd7 counts of executions', () => {
  const r = raceway(['check', '--memory-model', 'lkmm', '--format', 'herd', `${KERNEL}/SB+fencembonceonces.litmus`]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^States 3$/m);
  assert.match(r.stdout, /^No$/m);
  assert.match(r.stdout, /^Positive: 0 Negative: 3$/m);
  assert.match(r.stdout, /^Observation SB\+fencembonceonces Never 0 3$/m);
});

test('under lkmm a kernel Result is exact: a Sometimes test that comes out Never fails', () => {
  const text = `C SB+mbs\n(*\n * Result: Sometimes\n *)\n{}\nP0(int *x, int *y)\n{\n\tint r0;\n\tWRITE_ONCE(*x, 1);\n\tsmp_mb();\n\tr0 = READ_ONCE(*y);\n}\nP1(int *x, int *y)\n{\n\tint r0;\n\tWRITE_ONCE(*y, 1);\n\tsmp_mb();\n\tr0 = READ_ONCE(*x);\n}\nexists (0:r0=0 /\\ 1:r0=0)\n`;
  const r = raceway(['check', '--memory-model', 'lkmm', '--summary', '-'], text);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /FAIL lkmm {2}Never/);
});

test('a plain-access race is reported as data-race', () => {
  const text = `C MP+plain\n{}\nP0(int *x, int *y)\n{\n\t*x = 1;\n\tWRITE_ONCE(*y, 1);\n}\nP1(int *x, int *y)\n{\n\tint r0;\n\tint r1;\n\tr0 = READ_ONCE(*y);\n\tr1 = *x;\n}\nexists (1:r0=1 /\\ 1:r1=0)\n`;
  const r = raceway(['check', '--memory-model', 'lkmm', '-'], text);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /data-race/);
  assert.match(r.stdout, /Data race on x: CPU \d/);
});

test('a YAML scenario under --memory-model lkmm is checked under the LKMM: SB needs both smp_mb()', () => {
  const r = raceway(['check', '--memory-model', 'lkmm', '--variant', 'sc', 'scenarios/litmus/SB.yaml']);
  // The sc variant expects never for all three: under the LKMM only mb-both keeps it.
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /FAIL sc +plain +sometimes/);
  assert.match(r.stdout, /ok +sc +mb-both +never/);
  assert.match(r.stdout, /FAIL sc +mb-one +sometimes/);
});

test('a construct the LKMM does not define is refused with one line that says where (an rwlock)', () => {
  const r = raceway(['check', '--memory-model', 'lkmm', '--variant', 'key-race', '--strategy', 'rwlock-fair', 'scenarios/lockdep/key-race.yaml']);
  assert.equal(r.code, 3, r.stdout + r.stderr);
  assert.match(r.stdout, /inconclusive \(unsupported\)/);
  assert.match(r.stdout, /unsupported: read_lock\(\) under lkmm: linux-kernel\.def and lock\.cat define spinlocks only .*\(scenarios\/lockdep\/key-race\.yaml:239:11\)/);
  // Random runs of the machine are no LKMM runs: none are made for a refused program.
  assert.doesNotMatch(r.stdout, /random runs/);
});
