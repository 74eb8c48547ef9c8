// The Condition line as herd7 prints it, and conditions read with herd7's precedence
// (herdtools7 lib/stateParser.mly, lib/constrGen.ml; the forms are those of herd7's own output
// in herdtools7 catalogue/linux/tests/*.litmus.expected).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { herdCondition } from './herd-condition.js';
import { parseLitmus } from './parse.js';

function printed(cond: string): string {
  const p = parseLitmus('t.litmus', `C t\n{}\nP0(int *x, int *y) { int r0; r0 = READ_ONCE(*x); }\nP1(int *x) { int r0; WRITE_ONCE(*x, 1); }\n${cond}\n`);
  assert.deepEqual(p.errors, []);
  return herdCondition(p.ast!.quantifier, p.ast!.cond);
}

describe("herd7's Condition line", () => {
  test('spacing and redundant parentheses are normalised; shared locations are bracketed', () => {
    assert.equal(printed('exists 0:r0 = 0 /\\   1:r0 =0'), 'exists (0:r0=0 /\\ 1:r0=0)');
    assert.equal(printed('exists ((0:r0=0) /\\ (x=1))'), 'exists (0:r0=0 /\\ [x]=1)');
    assert.equal(printed('exists(1:r0=x /\\ x=x)'), 'exists (1:r0=x /\\ [x]=x)');
  });

  test('~exists and forall keep their words; != and ~ are not (...)', () => {
    assert.equal(printed('~exists (0:r0=1 /\\ x!=2)'), '~exists (0:r0=1 /\\ not ([x]=2))');
    assert.equal(printed('forall (~(0:r0=1 /\\ 1:r0=0) \\/ true \\/ ~false)'), 'forall (not (0:r0=1 /\\ 1:r0=0) \\/ true \\/ not (false))');
  });

  test('parentheses only where herd7 needs them', () => {
    assert.equal(printed('exists (0:r0=1 \\/ 1:r0=1 /\\ x=1)'), 'exists (0:r0=1 \\/ 1:r0=1 /\\ [x]=1)');
    assert.equal(printed('exists ((0:r0=1 \\/ 1:r0=1) /\\ x=1)'), 'exists ((0:r0=1 \\/ 1:r0=1) /\\ [x]=1)');
    assert.equal(printed('exists ((0:r0=1 => 1:r0=1) => x=1)'), 'exists (0:r0=1 => 1:r0=1 => [x]=1)');
  });

  test('=> binds tighter than /\\ and \\/, and to the right, as in herd7', () => {
    const p = parseLitmus('t.litmus', 'C t\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\nexists (x=1 /\\ x=2 => x=3 \\/ x=4)\n');
    const c = p.ast!.cond;
    // (x=1 /\ (x=2 => x=3)) \/ x=4
    assert.equal(c.k, 'or');
    assert.equal(c.k === 'or' && c.a.k === 'and' && c.a.b.k, 'implies');
    assert.equal(herdCondition('exists', c), 'exists ([x]=1 /\\ ([x]=2 => [x]=3) \\/ [x]=4)');
  });
});
