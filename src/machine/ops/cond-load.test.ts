// smp_cond_load_acquire(ptr, cond on VAL) and smp_cond_load_relaxed() (include/asm-generic/
// barrier.h): they wait until the condition holds of the value read, and return that value, read
// in the step that ended the wait, so a writer that changes it right after cannot be seen instead.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario } from '../../scenario/load.js';
import { explore, kinds, programOf } from '../../testing/inline.js';

const scenario = (reader: string): string => `
cpus: 2
state: { cells: { x: 0 } }
programs:
  cpu 0:
    - ${reader}
    - assert(v == 1 || v == 3)
  cpu 1:
    - WRITE_ONCE(x, 1)
    - WRITE_ONCE(x, 2)
    - WRITE_ONCE(x, 3)
`;

test('the value returned is the one that satisfied the condition (odd here), never a later one', () => {
  assert.deepEqual(kinds(explore(programOf(scenario('v = smp_cond_load_acquire(&x, VAL & 1)')))), []);
  assert.deepEqual(kinds(explore(programOf(scenario('v = smp_cond_load_relaxed(&x, (VAL & 1) == 1)')))), []);
  // The two-read version the docs warn about: wait, then read again, sees 2.
  assert.deepEqual(kinds(explore(programOf(scenario('wait_until(READ_ONCE(x) & 1)\n    - v = READ_ONCE(x)')))), ['assertion']);
});

test('as a statement it waits, its value dropped; a condition that never holds is a deadlock', () => {
  assert.deepEqual(kinds(explore(programOf(scenario('smp_cond_load_acquire(&x, VAL == 3)\n    - v = READ_ONCE(x)')))), []);
  assert.deepEqual(kinds(explore(programOf(scenario('v = smp_cond_load_acquire(&x, VAL == 7)')))), ['deadlock']);
});

test('the condition reads VAL only: another location, or the value outside a local, is a located error', () => {
  const errs = (reader: string): string[] => { const r = loadScenario('x.yaml', scenario(reader).replace('{ x: 0 }', '{ x: 0, y: 0 }')); return r.ok ? [] : r.errors.map((e) => e.message); };
  assert.deepEqual(errs('v = smp_cond_load_acquire(&x, VAL == READ_ONCE(y))'), ['wait_until() observes one location, and this condition reads 2']);
  assert.deepEqual(errs('WRITE_ONCE(y, smp_cond_load_acquire(&x, VAL))\n    - v = 1'), ["'smp_cond_load_acquire' has no value here"]);
});
