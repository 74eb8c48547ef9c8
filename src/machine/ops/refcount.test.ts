// refcount_t and kref by include/linux/refcount.h and lib/refcount.c: the counter moves as the
// kernel's does, and each case where the kernel calls refcount_warn_saturate() is a misuse with
// the kernel's text (an increment from 0 above all: the object is being freed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario } from '../../scenario/load.js';
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

test('kref_put calls the release procedure with the object exactly when the count hits 0', () => {
  const y = (init: number, stmts: string[]): string => ['cpus: 1', 'state:', `  objects: { o: { ref: ${init}, dead: 0 } }`,
    'procedures:', '  release(obj):', '    - "WRITE_ONCE(obj->dead, 1)"', 'programs:', '  cpu 0:', ...stmts.map((b) => `    - ${JSON.stringify(b)}`)].join('\n') + '\n';
  const ok = (init: number, stmts: string[]): boolean => explore(programOf(y(init, stmts))).findings.length === 0;
  assert.ok(ok(2, ['r = kref_put(&o->ref, release)', 'assert(r == 0 && READ_ONCE(o->dead) == 0)']));
  assert.ok(ok(1, ['r = kref_put(&o->ref, release)', 'assert(r == 1 && READ_ONCE(o->dead) == 1)']));
  assert.ok(ok(1, ['kref_put(&o->ref, release)', 'assert(READ_ONCE(o->dead) == 1)']));
  assert.ok(!ok(2, ['kref_put(&o->ref, release)', 'assert(READ_ONCE(o->dead) == 1)']));
});

test('refcount_dec_and_lock returns 1 holding the lock only when the count hits 0', () => {
  const y = (init: number, stmts: string[]): string => ['cpus: 1', 'state:', `  cells: { ref: ${init} }`, '  locks: { l: spinlock }',
    'programs:', '  cpu 0:', ...stmts.map((b) => `    - ${JSON.stringify(b)}`)].join('\n') + '\n';
  const ok = (init: number, stmts: string[]): boolean => explore(programOf(y(init, stmts))).findings.length === 0;
  assert.ok(ok(3, ['r = refcount_dec_and_lock(&ref, l)', 'assert(r == 0 && READ_ONCE(ref) == 2 && spin_is_locked(l) == 0)']));
  assert.ok(ok(1, ['r = refcount_dec_and_lock(&ref, l)', 'assert(r == 1 && READ_ONCE(ref) == 0 && spin_is_locked(l) == 1)', 'spin_unlock(l)']));
  assert.ok(!ok(1, ['r = refcount_dec_and_lock(&ref, l)', 'assert(r == 0)']));
});

test('a primitive of several steps is refused where it would not be one statement of its own', () => {
  const y = (stmt: string): string => ['cpus: 1', 'state:', '  cells: { v: 1, w: 0 }', 'programs:', '  cpu 0:', '    - "old = 1"', `    - ${JSON.stringify(stmt)}`].join('\n') + '\n';
  for (const [stmt, msg] of [
    ['wait_until(atomic_try_cmpxchg(&v, &old, 2))', 'atomic_try_cmpxchg() is several steps and cannot be called here'],
    ['r = READ_ONCE(w) && atomic_try_cmpxchg(&v, &old, 2)', 'atomic_try_cmpxchg() is several steps and cannot be called on the right of && or ||'],
    ['r = READ_ONCE(w) + atomic_try_cmpxchg(&v, &old, 2)', 'a primitive of several steps and another shared access in one statement: C does not order them so'],
    ['r = atomic_try_cmpxchg(&v, &w, 2)', 'atomic_try_cmpxchg() writes the value it saw back through its second argument, which must be the address of a local'],
  ] as const) {
    const r = loadScenario('hoist.yaml', y(stmt));
    assert.ok(!r.ok && r.errors.some((e) => e.message === msg), `${stmt}: ${JSON.stringify(!r.ok && r.errors.map((e) => e.message))}`);
  }
});

test("kref_put through a local: the release procedure gets the object the local points to", () => {
  const y = ['cpus: 1', 'state:', '  cells: { q: o }', '  objects: { o: { ref: 1, dead: 0 } }', 'procedures:', '  release(obj):', '    - "WRITE_ONCE(obj->dead, 1)"',
    'programs:', '  cpu 0:', '    - "e = READ_ONCE(q)"', '    - "kref_put(&e->ref, release)"', '    - "assert(READ_ONCE(o->dead) == 1)"'].join('\n') + '\n';
  assert.deepEqual(explore(programOf(y)).findings, []);
});
