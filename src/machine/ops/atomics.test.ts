// The atomics added through the registry, by their semantics in Documentation/atomic_t.txt:
// atomic_add_unless(v, a, u) adds a unless v is u and returns whether it did; atomic_fetch_{or,
// and,xor,andnot}() return the old value and leave v |= i, v &= i, v ^= i, v &= ~i; the void forms
// do the same; the ordering forms are the same operation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, programOf } from '../../testing/inline.js';
import { applyRmw, rmwFails, rmwFailsUnlocked } from './atomics.js';

test('applyRmw: atomic_add_unless adds unless the value is u; the bitwise fetch ops return the old value', () => {
  assert.deepEqual(applyRmw('atomic_add_unless', 3, [1, 0]), { result: 1, next: 4 });
  assert.deepEqual(applyRmw('atomic_add_unless', 0, [1, 0]), { result: 0, next: 0 });
  assert.deepEqual(applyRmw('atomic_add_unless', 5, [2, 5]), { result: 0, next: 5 });
  assert.deepEqual(applyRmw('atomic_fetch_or', 0b1010, [0b0101]), { result: 0b1010, next: 0b1111 });
  assert.deepEqual(applyRmw('atomic_fetch_and', 0b1010, [0b0110]), { result: 0b1010, next: 0b0010 });
  assert.deepEqual(applyRmw('atomic_fetch_xor', 0b1010, [0b0110]), { result: 0b1010, next: 0b1100 });
  assert.deepEqual(applyRmw('atomic_fetch_andnot', 0b1010, [0b0010]), { result: 0b1010, next: 0b1000 });
});

test('scenario statements: atomic_add_unless and the fetch ops act through the front end', () => {
  const yaml = (stmts: string[], check: string): string => ['cpus: 1', 'state:', '  cells: { v: 6 }', 'programs:', '  cpu 0:',
    ...[...stmts, `assert(${check})`].map((b) => `    - ${JSON.stringify(b)}`)].join('\n') + '\n';
  const holds = (stmts: string[], check: string): boolean => explore(programOf(yaml(stmts, check))).findings.length === 0;
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

test('rmwFails: cmpxchg fails on another value than old, atomic_add_unless on u; a failure writes nothing, and only add_unless fails unlocked', () => {
  assert.equal(rmwFails('cmpxchg', 1, [0, 2]), true);
  assert.equal(rmwFails('cmpxchg', 0, [0, 2]), false);
  assert.equal(rmwFails('atomic_add_unless', 5, [2, 5]), true);
  assert.equal(rmwFails('atomic_add_unless', 4, [2, 5]), false);
  assert.equal(rmwFails('xchg', 0, [0]), false);
  for (const op of ['cmpxchg', 'atomic_add_unless', 'xchg', 'atomic_add'] as const) {
    for (const cur of [0, 1, 2]) {
      for (const args of [[0, 1], [1, 0], [2, 2]]) {
        if (rmwFails(op, cur, args)) assert.equal(applyRmw(op, cur, args).next, cur, `${op}(${cur}, ${args.join(', ')})`);
        if (rmwFailsUnlocked(op, cur, args)) assert.ok(op === 'atomic_add_unless' && rmwFails(op, cur, args));
      }
    }
  }
  // A failed cmpxchg() is still LOCK CMPXCHG: it fails, but not unlocked.
  assert.equal(rmwFailsUnlocked('cmpxchg', 1, [0, 2]), false);
});
