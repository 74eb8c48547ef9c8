// How a C litmus test's statements run: each shared access a step, in C's order; && and ||
// short-circuit; accesses C leaves unordered are unsupported, not given an order; and under TSO
// the store buffer holds every store a thread can make, and a CPU sees its own buffered unlock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exhaustive } from '../explore/exhaustive.js';
import { loadLitmus } from './load.js';
import { judgeLitmus } from './verdict.js';

function observation(text: string, memoryModel: 'sc' | 'tso' = 'sc'): string | null {
  const r = loadLitmus('t.litmus', text, { memoryModel });
  if (r.kind !== 'ok') throw new Error(r.kind === 'unsupported' ? `unsupported: ${r.what}` : 'does not load');
  let t = 0;
  const o = exhaustive.explore(r.value.program, { maxStates: 1_000_000, now: () => t++, seed: 0 });
  const f = r.value.program.final!;
  return judgeLitmus(o, f.quantifier, r.value.filter, f.observe, r.value.expectation).observation;
}

test('&& evaluates its right operand only when the left is true, over three operands too', () => {
  const text = `C sc\n{}\nP0(int *x, int *y, int *z) { int r0; r0 = READ_ONCE(*x) && xchg(y, 1) && READ_ONCE(*z); }\nexists (y=1)`;
  assert.equal(observation(text), 'Never');
});

test('a short circuit never dereferences the NULL it tests for', () => {
  const text = `C null\n{ int *p = NULL; }\nP0(int **p, int *y) { int *r0; int r1; r0 = READ_ONCE(*p); if (r0 != NULL && READ_ONCE(*r0) == 1 && READ_ONCE(*y) == 1) r1 = 1; }\nexists (0:r1=1)`;
  assert.equal(observation(text), 'Never');
});

test('two loads C leaves unordered are unsupported, not given an order', () => {
  const r = loadLitmus('t.litmus', `C u\n{}\nP0(int *x, int *y) { int r0; r0 = READ_ONCE(*x) - READ_ONCE(*y); }\nexists (0:r0=1)`);
  assert.equal(r.kind, 'unsupported');
  assert.match(r.kind === 'unsupported' ? r.what : '', /order C leaves unspecified/);
});

test('under TSO five buffered stores still let the store-buffering outcome through', () => {
  const text = `C sb5\n{}\nP0(int *a, int *b, int *c, int *d, int *e, int *y) { int r0; WRITE_ONCE(*a, 1); WRITE_ONCE(*b, 1); WRITE_ONCE(*c, 1); WRITE_ONCE(*d, 1); WRITE_ONCE(*e, 1); r0 = READ_ONCE(*y); }\nP1(int *a, int *y) { int r1; WRITE_ONCE(*y, 1); smp_mb(); r1 = READ_ONCE(*a); }\nexists (0:r0=0 /\\ 1:r1=0)`;
  assert.equal(observation(text, 'tso'), 'Sometimes');
});

test('under TSO a CPU sees the lock free once it has released it, though the release is buffered', () => {
  const text = `C islocked\n{}\nP0(spinlock_t *s, int *x) { int r0; spin_lock(s); WRITE_ONCE(*x, 1); spin_unlock(s); r0 = spin_is_locked(s); }\nexists (0:r0=1)`;
  assert.equal(observation(text, 'tso'), 'Never');
});
