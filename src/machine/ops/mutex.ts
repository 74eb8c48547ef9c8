// struct mutex by kernel name (include/linux/mutex.h, kernel/locking/mutex.c,
// Documentation/locking/mutex-design.rst). A mutex is declared under `state: locks` as `mutex`
// (DEFINE_MUTEX), or as a lock field of an object (`lock: mutex`), and starts unlocked. The
// machine's side is ops/sleeping-lock.ts.
import type { Family, PrimitiveName } from './family.js';

const SLEEPS = 'may sleep: "sleeping function called from invalid context" with IRQs or preemption off, a spinlock held, in a handler or an RCU reader';

/** mutex_lock_interruptible() and mutex_lock_killable(): mutex_lock() that returns 0, as no signal is modelled. */
const returnsZero = (name: string): PrimitiveName => ({
  name, roles: ['mutex'], litmus: false,
  doc: 'mutex_lock that returns 0 (no signal is modelled, so never -EINTR)',
  lower: { to: 'hoist', kind: 'sleeping_lock', sleeping: ['mutex_lock'] },
});

export const mutex: Family = {
  name: 'mutex',
  // Not cpuSymmetric (explore/symmetry-groups.ts): its waiters are tasks (ops/sched.ts).
  names: [
    { name: 'mutex_lock', roles: ['mutex'], litmus: false, doc: `takes the mutex, sleeping while another task holds it (its CPU runs other tasks meanwhile); ${SLEEPS}; taking it again in the same task sleeps forever`, lower: { to: 'sleeping_lock', ops: ['mutex_lock'] } },
    { name: 'mutex_unlock', roles: ['mutex'], litmus: false, doc: 'releases it: a misuse unless this task holds it (only the owner can unlock a mutex)', lower: { to: 'sleeping_lock', ops: ['mutex_unlock'] } },
    { name: 'mutex_trylock', roles: ['mutex'], litmus: false, doc: 'takes it if it is free: 1, else 0; never sleeps; a misuse in interrupt context', lower: { to: 'hoist', kind: 'sleeping_lock', sleeping: ['mutex_trylock'] } },
    returnsZero('mutex_lock_interruptible'),
    returnsZero('mutex_lock_killable'),
    { name: 'mutex_init', roles: ['mutex'], litmus: false, doc: 'a step that changes nothing: a declared mutex starts unlocked', lower: { to: 'sleeping_lock', ops: [] } },
  ],
  known: ['mutex_is_locked', 'mutex_lock_nested', 'mutex_lock_io', 'mutex_trylock_recursive', 'atomic_dec_and_mutex_lock'],
};
