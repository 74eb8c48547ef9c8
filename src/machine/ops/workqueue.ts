// Workqueues (Documentation/core-api/workqueue.rst, kernel/workqueue.c, include/linux/workqueue.h):
// a work item declared with its function (DECLARE_WORK(w, fn), `state: works`), queued with
// queue_work()/schedule_work(), run later by a kworker, a task of the scenario's CPU the
// declaration names, in process context (it may sleep and is preemptible); flush_work() waits
// for the last queued instance to finish; cancel_work() takes a pending instance off;
// cancel_work_sync() also waits for a running one. The machine knows only the kworker's idleness
// (task-words.ts workerIdle): everything else is lowered onto the atomics, the scheduler and the
// wait queues (scenario/lower/compile-work.ts), whose footprints, costs, traces and Promela
// export are theirs. Pure data.
//
// The work item is one word, work->data as the kernel keeps it:
// - bit 0 is WORK_STRUCT_PENDING: queue_work_on() sets it with test_and_set_bit() and queues the
//   work only when it was clear, returning false otherwise ("%false if @work was already on a
//   queue", kernel/workqueue.c);
// - bit 1 says the kworker runs it (worker->current_work, kernel/workqueue.c process_one_work(),
//   which clears PENDING under pool->lock as it takes the work: set_work_pool_and_clear_pending());
// - the bits above count the instances that have finished, so that flush_work() can wait for the
//   last queued one ("wait for a work to finish executing the last queueing instance", its
//   comment in kernel/workqueue.c), which may be followed by later ones it does not wait for.
// One kworker per work item runs it, so one item never runs on two CPUs at once, as the kernel
// guarantees (workqueue.rst, "Non-reentrance Conditions": "the work item is guaranteed to be
// executed by at most one worker system-wide at any given moment"), while two
// items may run at the same time, as the kernel allows on a concurrency-managed pool when one of
// them sleeps, and may be preempted. A work item runs on its declared CPU: the kernel's
// queue_work() picks the queuing CPU (WORK_CPU_UNBOUND, wq_select_unbound_cpu()), so a scenario
// puts the kworker on the CPU that queues.
import type { Family } from './family.js';

/** WORK_STRUCT_PENDING in the work's word. */
export const WORK_PENDING = 1;
/** The kworker runs the work (its worker->current_work). */
export const WORK_RUNNING = 2;
/** One finished instance, in the count above the two flags. */
export const WORK_DONE_ONE = 4;

/**
 * The workqueue family by kernel name. `wq` is any name (system_wq, a workqueue the scenario
 * does not declare): every work item has its kworker, so which workqueue queues it changes nothing
 * here. Each returns the kernel's bool, which a statement may drop.
 */
export const workqueue: Family = {
  name: 'workqueue',
  // Not cpuSymmetric (explore/symmetry-groups.ts): its kworkers are tasks (ops/sched.ts).
  names: [
    { name: 'queue_work', roles: ['workqueue', 'work'], litmus: false, doc: 'test_and_set_bit(WORK_STRUCT_PENDING) (fully ordered); when it was clear, wakes the work\'s kworker and returns 1, else 0 (already pending)', lower: { to: 'hoist', kind: 'queue_work' } },
    { name: 'schedule_work', roles: ['work'], litmus: false, doc: 'queue_work(system_wq, &w)', lower: { to: 'hoist', kind: 'queue_work' } },
    { name: 'flush_work', roles: ['work'], litmus: false, doc: 'sleeps until the instance pending or running when it is called has finished (might_sleep()); 1 if it waited, else 0', lower: { to: 'hoist', kind: 'flush_work' } },
    { name: 'cancel_work', roles: ['work'], litmus: false, doc: 'clears PENDING, so a queued instance never runs; does not wait for a running one; 1 if it was pending', lower: { to: 'hoist', kind: 'cancel_work' } },
    { name: 'cancel_work_sync', roles: ['work'], litmus: false, doc: 'cancel_work(), then sleeps until a running instance has finished (might_sleep()); 1 if it was pending', lower: { to: 'hoist', kind: 'cancel_work_sync' } },
  ],
};
