// struct rw_semaphore by kernel name (include/linux/rwsem.h, kernel/locking/rwsem.c). A
// rw_semaphore is declared under `state: locks` as `rw_semaphore` (DECLARE_RWSEM), or as a lock
// field of an object, and starts unlocked. Writers are preferred: a reader queues behind a
// waiting writer (the handoff case of rwsem.c; ops/sleeping-lock.ts says what is left out).
import type { Family, PrimitiveName } from './family.js';

const SLEEPS = 'may sleep (a misuse in atomic context, as mutex_lock)';

const returnsZero = (name: string, op: 'down_read' | 'down_write'): PrimitiveName => ({
  name, roles: ['rw_semaphore'], litmus: false,
  doc: `${op} that returns 0 (no signal is modelled)`,
  lower: { to: 'hoist', kind: 'sleeping_lock', sleeping: op === 'down_read' ? ['down_read'] : ['down_write', 'down_write_acquire'] },
});

export const rwsem: Family = {
  name: 'rwsem',
  // Not cpuSymmetric (explore/symmetry-groups.ts): its waiters are tasks (ops/sched.ts).
  names: [
    { name: 'down_read', roles: ['rw_semaphore'], litmus: false, doc: `takes it for reading, sleeping while a writer holds it or waits for it; ${SLEEPS}`, lower: { to: 'sleeping_lock', ops: ['down_read'] } },
    { name: 'up_read', roles: ['rw_semaphore'], litmus: false, doc: 'releases a read hold', lower: { to: 'sleeping_lock', ops: ['up_read'] } },
    { name: 'down_write', roles: ['rw_semaphore'], litmus: false, doc: `queues as the waiting writer (readers then wait), then sleeps until the readers have left and takes it; ${SLEEPS}`, lower: { to: 'sleeping_lock', ops: ['down_write', 'down_write_acquire'] } },
    { name: 'up_write', roles: ['rw_semaphore'], litmus: false, doc: 'releases it: a misuse unless this task holds it for writing', lower: { to: 'sleeping_lock', ops: ['up_write'] } },
    { name: 'downgrade_write', roles: ['rw_semaphore'], litmus: false, doc: 'turns this task\'s write hold into a read hold in one step', lower: { to: 'sleeping_lock', ops: ['downgrade_write'] } },
    { name: 'down_read_trylock', roles: ['rw_semaphore'], litmus: false, doc: 'takes it for reading unless a writer holds or waits: 1, else 0; never sleeps', lower: { to: 'hoist', kind: 'sleeping_lock', sleeping: ['down_read_trylock'] } },
    { name: 'down_write_trylock', roles: ['rw_semaphore'], litmus: false, doc: 'takes it for writing if nobody holds or waits: 1, else 0; never sleeps', lower: { to: 'hoist', kind: 'sleeping_lock', sleeping: ['down_write_trylock'] } },
    returnsZero('down_read_interruptible', 'down_read'),
    returnsZero('down_read_killable', 'down_read'),
    returnsZero('down_write_killable', 'down_write'),
    { name: 'init_rwsem', roles: ['rw_semaphore'], litmus: false, doc: 'a step that changes nothing: a declared rw_semaphore starts unlocked', lower: { to: 'sleeping_lock', ops: [] } },
  ],
  known: ['down_read_nested', 'down_write_nested', 'down_read_non_owner', 'up_read_non_owner', 'rwsem_is_locked'],
};
