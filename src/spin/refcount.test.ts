// refcount_t and kref in the Promela export (spin/refcount.ts): the conditions and values it
// writes, evaluated on a grid of counts and operands, are applyRefcount's (machine/ops/refcount.ts)
// case by case: when the kernel WARNs (a misuse), what the op returns, what it leaves, and when
// it fails on its first plain read. The Promela here is C-like arithmetic and comparisons, which
// JavaScript evaluates alike for values far from int32's ends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyRefcount, REFCOUNT_SATURATED, refcountFailsUnlocked, type RefcountOp } from '../machine/ops/refcount.js';
import { programOf } from '../testing/inline.js';
import { bothEngines, noSpin } from '../testing/spin-agree.js';
import { exportPromela } from './promela.js';
import { refcountFailsExpr, refcountNext, refcountResult, refcountWarns } from './refcount.js';

const OPS: readonly RefcountOp[] = ['refcount_add', 'refcount_add_not_zero', 'refcount_sub_and_test', 'refcount_dec', 'refcount_dec_not_one'];
const COUNTS = [REFCOUNT_SATURATED, -7, -1, 0, 1, 2, 3, 5, 100];
const OPERANDS = [1, 2, 3, 5];

/** A Promela expression over `cur` and `i`, as JavaScript: the only construct apart is none here. */
function value(expr: string, cur: number, i: number): number {
  assert.doesNotMatch(expr, /->/, 'a conditional expression would need translating');
  const js = expr.replace(/\bcur\b/g, `(${cur})`).replace(/\bi\b/g, `(${i})`);
  return Number(new Function(`return (${js});`)());
}

test('the exported WARN condition, result, new value and unlocked failure are applyRefcount\'s on every count and operand', () => {
  for (const op of OPS) {
    for (const cur of COUNTS) {
      for (const i of OPERANDS) {
        const want = applyRefcount(op, cur, [i]);
        const at = `${op}(${i}) on ${cur}`;
        assert.equal(value(refcountWarns(op, 'cur', 'i'), cur, i) !== 0, want.warn !== undefined, `${at}: WARN`);
        if (want.warn !== undefined) continue; // the step ends before it returns or writes
        const fails = value(refcountFailsExpr(op, 'cur'), cur, i) !== 0;
        assert.equal(fails, refcountFailsUnlocked(op, cur), `${at}: fails on its first read`);
        assert.equal(value(refcountResult(op, 'cur', 'i'), cur, i), want.result, `${at}: result`);
        // A failed conditional op writes nothing (emitRefcount skips the write).
        assert.equal(fails ? cur : value(refcountNext(op, 'cur', 'i'), cur, i), want.next, `${at}: new value`);
      }
    }
  }
});

test('the WARN is checked before the write, so a misuse leaves the count as it was', () => {
  const r = exportPromela(programOf('cpus: 1\nstate: { cells: { ref: 0 } }\nprograms:\n  cpu 0: ["refcount_inc(&ref)"]\n'));
  assert.ok(r.ok, r.ok ? '' : r.reason);
  const warn = r.text.indexOf('(tmp[0] <= 0 || tmp[0] + (1) < 0)) -> viol = 4');
  const write = r.text.indexOf('m[0] = (tmp[0] + (1));');
  assert.ok(warn > 0 && write > warn, r.text);
});

test('a failed refcount_dec_not_one writes nothing: under TSO the count it read may be its own buffered store', () => {
  const r = exportPromela(programOf('cpus: 1\nmemory_model: tso\nstate: { cells: { ref: 3 } }\nprograms:\n  cpu 0: ["refcount_set(&ref, 1)", "r = refcount_dec_not_one(&ref)"]\n'));
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.match(r.text, /if :: \(tmp\[0\] == 1 \|\| tmp\[0\] == \(-1073741824\)\) -> skip :: else -> m\[0\] = \(tmp\[0\] - 1\) fi;/);
});

// Two pan searches (the misuse, then nothing new), on a TSO program whose op reads its own store.
test('Spin agrees under TSO: refcount_inc on a count the CPU itself set to 0 is a misuse', { skip: noSpin }, async () => {
  const [r] = await bothEngines('cpus: 1\nmemory_model: tso\nstate: { cells: { ref: 1 } }\nprograms:\n  cpu 0: ["refcount_set(&ref, 0)", "r = refcount_inc_not_zero(&ref)", "refcount_inc(&ref)"]\n');
  assert.equal(r!.spin, 'violation misuse');
  assert.equal(r!.raceway, r!.spin);
});
