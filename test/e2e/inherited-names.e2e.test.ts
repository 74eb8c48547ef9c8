// End-to-end: names every JavaScript object inherits (constructor, toString, __proto__ ...) used as
// calls in a C litmus test or a scenario are unknown functions, reported on one line each with
// file:line:column and exit 2, never a stack trace; and one bad file in `check DIR` does not stop
// the others.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { INHERITED_NAMES } from '../../src/testing/inherited-names.js';
import { raceway } from '../../src/testing/spawn-raceway.js';

const litmus = (name: string): string => `C inherited

{}

P0(int *x)
{
\tint r0;

\t${name}(*x, 0);
\tr0 = READ_ONCE(*x);
}

exists (0:r0=0)
`;

const GOOD = `scenario: good
cpus: 1
state:
  cells: { x: 0 }
programs:
  cpu 0:
    - WRITE_ONCE(x, 1)
expect: { default: safe }
`;

const scenario = (name: string): string => `scenario: inherited
cpus: 1
state:
  cells: { x: 0 }
programs:
  cpu 0:
    - ${name}()
    - r = ${name}(x)
`;

test('a C litmus call of an inherited name is an unknown function on one line, and the batch goes on', () => {
  const dir = mkdtempSync(join(tmpdir(), 'raceway-inherited-'));
  for (const name of INHERITED_NAMES) writeFileSync(join(dir, `${name}.litmus`), litmus(name));
  writeFileSync(join(dir, 'zz-good.yaml'), GOOD);
  const r = raceway(['check', '--mode', 'exhaustive', dir]);
  assert.equal(r.code, 2, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, 'no stack trace');
  for (const name of INHERITED_NAMES) {
    assert.ok(r.stderr.includes(`${join(dir, `${name}.litmus`)}:9:2: error: unknown function '${name}'`), `${name}: ${r.stderr}`);
  }
  assert.match(r.stdout, /zz-good\.yaml: good\n {2}ok /, 'the good file after the bad ones is checked');
  assert.match(r.stdout, new RegExp(`1 result: 1 met, 0 not met, 0 inconclusive, ${INHERITED_NAMES.length} bad files`));
});

test('a scenario statement or value calling an inherited name is an unknown operation', () => {
  for (const name of ['constructor', '__proto__', 'toString']) {
    const r = raceway(['validate', '-'], scenario(name));
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, [
      `<stdin>:7:7: error: unknown operation '${name}' (expected a kernel primitive or a procedure of this scenario)`,
      `<stdin>:8:11: error: unknown operation '${name}' (expected READ_ONCE, smp_load_acquire, an atomic such as xchg or cmpxchg, or a procedure of this scenario)`,
      '',
    ].join('\n'));
  }
});
