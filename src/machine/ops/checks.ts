// The model's own statements: an assertion, and a wait for a condition. wait_until(cond) stands
// for a spin such as smp_cond_load_acquire() that reads its location once per try; assert(cond)
// checks one instant. Neither is a kernel primitive, and C litmus tests use neither (their final
// condition is the `exists` clause).
import type { Family } from './family.js';

/**
 * What kind of synchronization a wait_until is, for `ablate` (explore/ablate.ts): removing one
 * lets its CPU run on without what it waited for.
 */
export function waitAblation(): 'wait' {
  return 'wait';
}

export const checks: Family = {
  name: 'checks',
  cpuSymmetric: true, // no state of their own
  names: [
    { name: 'wait_until', roles: ['cond'], litmus: false, doc: 'blocks until cond holds, reading one location per try', lower: { to: 'wait_until' } },
    { name: 'assert', roles: ['cond'], litmus: false, doc: 'an assertion violation when cond is 0', lower: { to: 'assert' } },
  ],
  known: ['WARN_ON', 'WARN_ON_ONCE', 'BUG_ON'],
};
