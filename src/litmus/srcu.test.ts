// SRCU in C litmus tests as herd7's linux-kernel.def spells it (srcu_read_lock(X),
// srcu_read_unlock(X,Y), synchronize_srcu(X), synchronize_srcu_expedited(X), X a struct
// srcu_struct *), and the new atomic_t names of the .def: the grace-period guarantee of
// RCU+sync+read holds per srcu_struct (Documentation/RCU/whatisRCU.rst) under SC and TSO, and does
// not hold across two of them, under SC, TSO and the LKMM.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exhaustive } from '../explore/exhaustive.js';
import { loadLitmus } from './load.js';
import { judgeLitmus } from './verdict.js';

const gp = (sync: string): string => `C SRCU+sync+read
{}
P0(int *x, int *y, struct srcu_struct *s)
{
	int r0;
	int r1;
	int r2;

	r2 = srcu_read_lock(s);
	r0 = READ_ONCE(*x);
	r1 = READ_ONCE(*y);
	srcu_read_unlock(s, r2);
}

P1(int *x, int *y, struct srcu_struct *s, struct srcu_struct *t)
{
	WRITE_ONCE(*x, 1);
	${sync};
	WRITE_ONCE(*y, 1);
}

exists (0:r0=0 /\\ 0:r1=1)`;

function observe(text: string, memoryModel: 'sc' | 'tso'): string | null {
  const r = loadLitmus('t.litmus', text, { memoryModel });
  if (r.kind !== 'ok') throw new Error(`does not load: ${JSON.stringify(r)}`);
  let t = 0;
  const o = exhaustive.explore(r.value.program, { maxStates: 1_000_000, now: () => t++, seed: 0 });
  assert.equal(o.verdict, 'safe');
  const f = r.value.program.final!;
  return judgeLitmus(o, f.quantifier, r.value.filter, f.observe, r.value.expectation).observation;
}

describe('SRCU in litmus tests', () => {
  for (const model of ['sc', 'tso'] as const) {
    test(`a grace period of the reader's srcu_struct orders it (${model})`, () => {
      assert.equal(observe(gp('synchronize_srcu(s)'), model), 'Never');
      assert.equal(observe(gp('synchronize_srcu_expedited(s)'), model), 'Never');
    });
    test(`another srcu_struct's grace period does not (${model})`, () => {
      assert.equal(observe(gp('synchronize_srcu(t)'), model), 'Sometimes');
    });
  }

  test('an srcu call on an int is an error', () => {
    const bad = loadLitmus('t.litmus', gp('synchronize_srcu(x)'));
    assert.ok(bad.kind === 'error' && bad.errors.some((e) => e.message === "synchronize_srcu() takes an srcu_struct, and 'x' is not one"), JSON.stringify(bad));
  });

  // linux-kernel.bell's srcu-rscs (a lock paired with the unlock its index flows to) and
  // linux-kernel.cat's rcu-order `& loc` terms: a grace period orders the readers of its own
  // srcu_struct only, and without one SRCU orders nothing.
  const lkmm = (text: string): string | null => {
    const r = loadLitmus('t.litmus', text, { memoryModel: 'lkmm' });
    if (r.kind !== 'ok') throw new Error(`does not load: ${JSON.stringify(r)}`);
    let t = 0;
    const o = exhaustive.explore(r.value.program, { maxStates: 1_000_000, now: () => t++, seed: 0 });
    assert.equal(o.bound, undefined, o.note);
    const f = r.value.program.final!;
    return judgeLitmus(o, f.quantifier, r.value.filter, f.observe, r.value.expectation, true).observation;
  };
  test('under lkmm a grace period of the reader\'s srcu_struct orders it, another\'s does not, and none orders nothing', () => {
    assert.equal(lkmm(gp('synchronize_srcu(s)')), 'Never');
    assert.equal(lkmm(gp('synchronize_srcu_expedited(s)')), 'Never');
    assert.equal(lkmm(gp('synchronize_srcu(t)')), 'Sometimes');
    assert.equal(lkmm(gp('smp_wmb()')), 'Sometimes');
    // An unlock of an index that did not come from this lock pairs with nothing.
    assert.equal(lkmm(gp('synchronize_srcu(s)').replace('srcu_read_unlock(s, r2)', 'srcu_read_unlock(s, 0)')), 'Sometimes');
  });

  test("linux-kernel.def's atomic_inc_and_test, atomic_sub_and_test and atomic_add_negative run", () => {
    const text = `C and-test
{ x=1; }
P0(atomic_t *x) { int r0; int r1; int r2; r0 = atomic_inc_and_test(x); r1 = atomic_sub_and_test(2, x); r2 = atomic_add_negative(-1, x); }
exists (0:r0=0 /\\ 0:r1=1 /\\ 0:r2=1)`;
    assert.equal(observe(text, 'sc'), 'Always');
  });
});
