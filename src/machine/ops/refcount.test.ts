// refcount_t and kref by include/linux/refcount.h and lib/refcount.c: the counter moves as the
// kernel's does, and each case where the kernel calls refcount_warn_saturate() is a misuse with
// the kernel's text (an increment from 0 above all: the object is being freed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, programOf } from '../../testing/inline.js';
import { REFCOUNT_SATURATED, applyRefcount } from './refcount.js';

test('applyRefcount: the counts, the results and the WARNs of lib/refcount.c', () => {
  assert.deepEqual(applyRefcount('refcount_add', 1, [1]), { result: 0, next: 2 });
  assert.equal(applyRefcount('refcount_add', 0, [1]).warn, 'refcount_t: addition on 0; use-after-free.');
  assert.equal(applyRefcount('refcount_add', 0x7fffffff, [1]).warn, 'refcount_t: saturated; leaking memory.');
  assert.deepEqual(applyRefcount('refcount_add_not_zero', 0, [1]), { result: 0, next: 0 });
  assert.deepEqual(applyRefcount('refcount_add_not_zero', 2, [1]), { result: 1, next: 3 });
  assert.equal(applyRefcount('refcount_add_not_zero', REFCOUNT_SATURATED, [1]).warn, 'refcount_t: saturated; leaking memory.');
  assert.deepEqual(applyRefcount('refcount_sub_and_test', 1, [1]), { result: 1, next: 0 });
  assert.deepEqual(applyRefcount('refcount_sub_and_test', 3, [1]), { result: 0, next: 2 });
  assert.equal(applyRefcount('refcount_sub_and_test', 0, [1]).warn, 'refcount_t: underflow; use-after-free.');
  assert.equal(applyRefcount('refcount_dec', 1, [1]).warn, 'refcount_t: decrement hit 0; leaking memory.');
  assert.deepEqual(applyRefcount('refcount_dec', 2, [1]), { result: 0, next: 1 });
  assert.deepEqual(applyRefcount('refcount_dec_not_one', 1, []), { result: 0, next: 1 });
  assert.deepEqual(applyRefcount('refcount_dec_not_one', 3, []), { result: 1, next: 2 });
  assert.deepEqual(applyRefcount('refcount_dec_not_one', REFCOUNT_SATURATED, []), { result: 1, next: REFCOUNT_SATURATED });
  assert.equal(applyRefcount('refcount_dec_not_one', 0, []).warn, 'refcount_t: underflow; use-after-free.');
});

const yaml = (init: number, stmts: string[]): string => ['cpus: 1', 'state:', `  objects: { o: { ref: ${init} } }`, 'programs:', '  cpu 0:',
  ...stmts.map((b) => `    - ${JSON.stringify(b)}`)].join('\n') + '\n';
const findings = (init: number, stmts: string[]) => explore(programOf(yaml(init, stmts))).findings.map((f) => f.violation);

test('scenario statements: refcount_inc, refcount_inc_not_zero, refcount_dec_and_test, kref_get_unless_zero', () => {
  assert.deepEqual(findings(1, ['refcount_inc(&o->ref)', 'r = refcount_dec_and_test(&o->ref)', 'assert(r == 0 && refcount_read(&o->ref) == 1)']), []);
  assert.deepEqual(findings(0, ['r = refcount_inc_not_zero(&o->ref)', 'assert(r == 0 && READ_ONCE(o->ref) == 0)']), []);
  assert.deepEqual(findings(2, ['r = kref_get_unless_zero(&o->ref)', 'kref_get(&o->ref)', 'assert(r == 1 && kref_read(&o->ref) == 4)']), []);
  assert.deepEqual(findings(5, ['kref_init(&o->ref)', 'r = refcount_dec_and_test(&o->ref)', 'assert(r == 1)']), []);
  // A check that could fail does.
  assert.equal(findings(1, ['r = refcount_dec_and_test(&o->ref)', 'assert(r == 0)'])[0]?.kind, 'assertion');
});

test('an increment from 0 is a misuse, as the kernel WARNs; so is a decrement below 0', () => {
  const inc = findings(0, ['refcount_inc(&o->ref)']);
  assert.equal(inc.length, 1);
  assert.ok(inc[0]!.kind === 'misuse' && inc[0]!.reason === 'refcount_t: addition on 0; use-after-free.', JSON.stringify(inc));
  const kref = findings(0, ['kref_get(&o->ref)']);
  assert.equal(kref[0]?.kind, 'misuse');
  const dec = findings(0, ['r = refcount_dec_and_test(&o->ref)']);
  assert.ok(dec[0]?.kind === 'misuse' && dec[0].reason === 'refcount_t: underflow; use-after-free.');
});

test('two CPUs: the last put and a get that does not check for zero race to a misuse; inc_not_zero does not', () => {
  const two = (getter: string): string => ['cpus: 2', 'state:', '  objects: { o: { ref: 1 } }', 'programs:', '  cpu 0:', '    - "r = refcount_dec_and_test(&o->ref)"',
    '  cpu 1:', `    - ${JSON.stringify(getter)}`].join('\n') + '\n';
  assert.deepEqual(explore(programOf(two('refcount_inc(&o->ref)'))).findings.map((f) => f.violation.kind), ['misuse']);
  assert.deepEqual(explore(programOf(two('r = refcount_inc_not_zero(&o->ref)'))).findings.map((f) => f.violation.kind), []);
});
