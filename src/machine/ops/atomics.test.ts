// The atomics added through the registry, by their semantics in Documentation/atomic_t.txt:
// atomic_add_unless(v, a, u) adds a unless v is u and returns whether it did; atomic_fetch_{or,
// and,xor,andnot}() return the old value and leave v |= i, v &= i, v ^= i, v &= ~i; the void forms
// do the same; the ordering forms are the same operation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, programOf } from '../../testing/inline.js';
import { applyRmw, applyRmwTo, rmwFails, rmwFailsUnlocked } from './atomics.js';
import { newRmwAnswer } from './rmw-answer.js';

test('applyRmw: atomic_add_unless adds unless the value is u; the bitwise fetch ops return the old value', () => {
  assert.deepEqual(applyRmw('atomic_add_unless', 3, [1, 0]), { result: 1, next: 4 });
  assert.deepEqual(applyRmw('atomic_add_unless', 0, [1, 0]), { result: 0, next: 0 });
  assert.deepEqual(applyRmw('atomic_add_unless', 5, [2, 5]), { result: 0, next: 5 });
  assert.deepEqual(applyRmw('atomic_fetch_or', 0b1010, [0b0101]), { result: 0b1010, next: 0b1111 });
  assert.deepEqual(applyRmw('atomic_fetch_and', 0b1010, [0b0110]), { result: 0b1010, next: 0b0010 });
  assert.deepEqual(applyRmw('atomic_fetch_xor', 0b1010, [0b0110]), { result: 0b1010, next: 0b1100 });
  assert.deepEqual(applyRmw('atomic_fetch_andnot', 0b1010, [0b0010]), { result: 0b1010, next: 0b1000 });
});

test('applyRmwTo fills the one answer it is given, so the step allocates nothing per RMW, and clears an earlier WARN', () => {
  const out = newRmwAnswer();
  assert.equal(applyRmwTo(out, 'refcount_add', 0, 1, 0), out);
  assert.equal(out.warn, 'refcount_t: addition on 0; use-after-free.');
  // The same answer reused for the next RMW: no WARN left over from the one before.
  assert.equal(applyRmwTo(out, 'cmpxchg', 3, 3, 7), out);
  assert.deepEqual({ ...out }, { result: 3, next: 7, warn: undefined });
  // A refcount op with no count argument counts 1 (refcount_dec_not_one(), lowered with none).
  assert.deepEqual(applyRmw('refcount_dec_not_one', 3, []), { result: 1, next: 2 });
});

/** Whether `stmts` then assert(check) hold on one CPU with cell v at `v0`. */
function holdsFrom(v0: number, stmts: string[], check: string): boolean {
  const yaml = ['cpus: 1', 'state:', `  cells: { v: ${v0} }`, 'programs:', '  cpu 0:', ...[...stmts, `assert(${check})`].map((b) => `    - ${JSON.stringify(b)}`)].join('\n') + '\n';
  return explore(programOf(yaml)).findings.length === 0;
}

test('scenario statements: atomic_add_unless and the fetch ops act through the front end', () => {
  const holds = (stmts: string[], check: string): boolean => holdsFrom(6, stmts, check);
  assert.ok(holds(['r = atomic_add_unless(&v, 1, 6)'], 'r == 0 && READ_ONCE(v) == 6'));
  assert.ok(holds(['r = atomic_add_unless(&v, 1, 0)'], 'r == 1 && READ_ONCE(v) == 7'));
  assert.ok(holds(['r = atomic_fetch_or(1, &v)'], 'r == 6 && READ_ONCE(v) == 7'));
  assert.ok(holds(['r = atomic_fetch_and_acquire(3, &v)'], 'r == 6 && READ_ONCE(v) == 2'));
  assert.ok(holds(['r = atomic_fetch_xor_release(5, &v)'], 'r == 6 && READ_ONCE(v) == 3'));
  assert.ok(holds(['r = atomic_fetch_andnot_relaxed(2, &v)'], 'r == 6 && READ_ONCE(v) == 4'));
  assert.ok(holds(['atomic_or(8, &v)', 'atomic_andnot(4, &v)', 'atomic_xor(1, &v)', 'atomic_and(9, &v)'], 'READ_ONCE(v) == 9'));
  // A check that could fail: the wrong value is caught.
  assert.ok(!holds(['r = atomic_fetch_or(1, &v)'], 'r == 7'));
});

test('wait_until(atomic_add_unless(...)) is a spin on a conditional RMW whose failure changes nothing', () => {
  const y = ['cpus: 2', 'state:', '  cells: { v: 0 }', 'programs:', '  cpu 0:', '    - "wait_until(atomic_add_unless(&v, 1, 0))"', '    - "assert(READ_ONCE(v) == 2)"',
    '  cpu 1:', '    - "WRITE_ONCE(v, 1)"'].join('\n') + '\n';
  assert.deepEqual(explore(programOf(y)).findings.map((f) => f.violation.kind), []);
});

test('applyRmw: the and_test, negative, fetch_add_unless and _if_positive forms of atomic-arch-fallback.h', () => {
  assert.deepEqual(applyRmw('atomic_sub_and_test', 3, [3]), { result: 1, next: 0 });
  assert.deepEqual(applyRmw('atomic_sub_and_test', 3, [1]), { result: 0, next: 2 });
  assert.deepEqual(applyRmw('atomic_sub_and_test', -1, [-1]), { result: 1, next: 0 }); // atomic_inc_and_test
  assert.deepEqual(applyRmw('atomic_add_negative', 1, [-2]), { result: 1, next: -1 });
  assert.deepEqual(applyRmw('atomic_add_negative', 1, [-1]), { result: 0, next: 0 });
  assert.deepEqual(applyRmw('atomic_fetch_add_unless', 4, [1, 0]), { result: 4, next: 5 });
  assert.deepEqual(applyRmw('atomic_fetch_add_unless', 0, [1, 0]), { result: 0, next: 0 });
  assert.deepEqual(applyRmw('atomic_dec_if_positive', 1, []), { result: 0, next: 0 });
  assert.deepEqual(applyRmw('atomic_dec_if_positive', 0, []), { result: -1, next: 0 });
  assert.deepEqual(applyRmw('atomic_inc_unless_negative', -1, []), { result: 0, next: -1 });
  assert.deepEqual(applyRmw('atomic_inc_unless_negative', 0, []), { result: 1, next: 1 });
  assert.deepEqual(applyRmw('atomic_dec_unless_positive', 1, []), { result: 0, next: 1 });
  assert.deepEqual(applyRmw('atomic_dec_unless_positive', 0, []), { result: 1, next: -1 });
});

test('scenario statements: the new atomic_t names and their atomic_long_t twins', () => {
  const holds = (stmts: string[], check: string): boolean => holdsFrom(1, stmts, check);
  assert.ok(holds(['r = atomic_sub_and_test(1, &v)'], 'r == 1 && READ_ONCE(v) == 0'));
  assert.ok(holds(['r = atomic_inc_and_test(&v)'], 'r == 0 && READ_ONCE(v) == 2'));
  assert.ok(holds(['r = atomic_add_negative(-2, &v)'], 'r == 1 && READ_ONCE(v) == -1'));
  assert.ok(holds(['r = atomic_dec_if_positive(&v)', 't = atomic_dec_if_positive(&v)'], 'r == 0 && t == -1 && READ_ONCE(v) == 0'));
  assert.ok(holds(['r = atomic_fetch_add_unless_acquire(&v, 5, 1)'], 'r == 1 && READ_ONCE(v) == 1'));
  assert.ok(holds(['r = atomic_inc_return(&v)', 't = atomic_dec_return_relaxed(&v)'], 'r == 2 && t == 1'));
  assert.ok(holds(['atomic_long_inc(&v)', 'r = atomic_long_fetch_add_release(2, &v)', 't = atomic_long_read(&v)'], 'r == 2 && t == 4'));
  assert.ok(holds(['r = atomic_long_cmpxchg(&v, 1, 7)', 'atomic_long_set(&v, 3)'], 'r == 1 && READ_ONCE(v) == 3'));
  assert.ok(!holds(['r = atomic_inc_and_test(&v)'], 'r == 1'));
});

test('every atomic_ name has its atomic_long_ twin', async () => {
  const { primitiveNames } = await import('./registry.js');
  const names = new Set(primitiveNames());
  const missing = [...names].filter((n) => n.startsWith('atomic_') && !n.startsWith('atomic_long_') && !names.has(n.replace(/^atomic_/, 'atomic_long_')));
  assert.deepEqual(missing, []);
});

test('atomic_try_cmpxchg: an increment loop as the kernel writes it never loses an update; on failure old gets the value seen', () => {
  const y = (body: string[]): string => ['cpus: 3', 'state:', '  cells: { v: 0 }', 'programs:',
    ...[0, 1].flatMap((c) => [`  cpu ${c}:`, '    - "old = atomic_read(&v)"', ...body.map((b) => `    ${b}`)]),
    '  cpu 2:', '    - "wait_until(READ_ONCE(v) == 2)"'].join('\n') + '\n';
  // Every run ends with v == 2 (CPU 2 waits for it: a lost update would leave it blocked).
  const loop = ['- while !atomic_try_cmpxchg(&v, &old, old + 1):', '    - "n = 1"', '  bound: 3'];
  assert.deepEqual(explore(programOf(y(loop))).findings.map((f) => f.violation.kind), []);
  // A plain store of old + 1 in its place loses an update.
  assert.deepEqual(explore(programOf(y(['- "WRITE_ONCE(v, old + 1)"']))).findings.map((f) => f.violation.kind), ['deadlock']);
  const one = (stmts: string[], check: string): boolean => holdsFrom(5, stmts, check);
  assert.ok(one(['old = 5', 'r = atomic_try_cmpxchg(&v, &old, 7)'], 'r == 1 && old == 5 && READ_ONCE(v) == 7'));
  assert.ok(one(['old = 3', 'r = atomic_try_cmpxchg_acquire(&v, &old, 7)'], 'r == 0 && old == 5 && READ_ONCE(v) == 5'));
  assert.ok(one(['old = 3', 'r = atomic_long_try_cmpxchg(&v, &old, 7)', 't = try_cmpxchg(&v, &old, 8)'], 'r == 0 && t == 1 && READ_ONCE(v) == 8'));
  assert.ok(!one(['old = 3', 'r = atomic_try_cmpxchg(&v, &old, 7)'], 'old == 3'));
});

test('rmwFails: cmpxchg fails on another value than old, atomic_add_unless on u; a failure writes nothing, and only the conditional RMWs other than cmpxchg fail unlocked', () => {
  assert.equal(rmwFails('cmpxchg', 1, [0, 2]), true);
  assert.equal(rmwFails('cmpxchg', 0, [0, 2]), false);
  assert.equal(rmwFails('atomic_add_unless', 5, [2, 5]), true);
  assert.equal(rmwFails('atomic_add_unless', 4, [2, 5]), false);
  assert.equal(rmwFails('xchg', 0, [0]), false);
  for (const op of ['cmpxchg', 'atomic_add_unless', 'atomic_fetch_add_unless', 'atomic_dec_if_positive', 'atomic_inc_unless_negative', 'atomic_dec_unless_positive', 'xchg', 'atomic_add'] as const) {
    for (const cur of [-1, 0, 1, 2]) {
      for (const args of [[0, 1], [1, 0], [2, 2]]) {
        if (rmwFails(op, cur, args)) assert.equal(applyRmw(op, cur, args).next, cur, `${op}(${cur}, ${args.join(', ')})`);
        if (rmwFailsUnlocked(op, cur, args)) assert.ok(op !== 'cmpxchg' && rmwFails(op, cur, args));
      }
    }
  }
  // A failed cmpxchg() is still LOCK CMPXCHG: it fails, but not unlocked.
  assert.equal(rmwFailsUnlocked('cmpxchg', 1, [0, 2]), false);
});
