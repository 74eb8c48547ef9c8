// RCU callbacks under the LKMM (call_rcu(), kfree_rcu(), rcu_barrier()): what events.ts needs
// beyond linux-kernel.def, which defines synchronize_rcu() as one F[sync-rcu] event and has no
// callbacks. Pure.
//
// The grace period. A callback runs, in softirq context on the queuing CPU, after a grace period
// that starts after the call (Documentation/RCU/whatisRCU.rst "call_rcu()"; kernel/rcu/tree.c).
// linux-kernel.cat knows a grace period only as a Sync-rcu event G, through
//   let gp = po ; [Sync-rcu | Sync-srcu] ; po?
//   let rcu-link = po? ; hb* ; pb* ; prop ; po
//   let rcu-order = rcu-gp | (rcu-gp ; rcu-link ; rcu-rscsi) | (rcu-rscsi ; rcu-link ; rcu-gp) | ...
//   let rcu-fence = po ; rcu-order ; po?
//   let rb = prop ; rcu-fence ; hb* ; pb* ; [Marked]      (irreflexive rb as rcu)
// so what G orders is fixed by its po-predecessors (the accesses before the grace period's start)
// and its po-successors (those after its end): G's po is all the model reads of it. For a
// callback queued at event P and started at event S (S po-after P on the same CPU), the kernel
// promises exactly: the events up to P precede the grace period, the callback's events follow it,
// and so does everything po-after the callback on its CPU (the callback runs to its end before
// the code it interrupted goes on). The caller's events between P and S are not ordered with it:
// the grace period may start after them or before them. So the callback's G is an F[sync-rcu]
// event placed at S whose po-predecessors are only the events up to P (ThreadEvent.poFrom): po
// stays a strict partial order (the events between are po-before S's successors directly), and
// gp, rcu-link and rcu-fence then relate the events before the call to the callback's events and
// to what follows it, and nothing else. Either single-fence placement is wrong: G at P makes the
// caller wait for readers (its later accesses would follow the grace period's end); G at S counts
// the caller's accesses after call_rcu() as preceding the grace period's start
// (callbacks-lkmm.test.ts has an outcome that tells the three apart).
//
// rcu_barrier(). It waits for the callbacks queued before it (Documentation/RCU/rcubarrier.rst),
// which it finds by reading each CPU's callback list: rcu_barrier() takes the length of each
// CPU's rcu_segcblist (kernel/rcu/tree.c rcu_barrier(): rcu_segcblist_n_cbs() under
// ->barrier_lock), and entrains a barrier callback behind those it finds, whose completion it
// waits for (wait_for_completion(), complete() in rcu_barrier_callback()). Here each object's
// callback head has a location of its own after memory, locks and srcu_structs (queueLoc): the
// call writes the handler's number + 1 there (a marked write: rcu_segcblist_add_len() writes the
// length with WRITE_ONCE() or atomic_long_add()), the callback's end writes 0 with release
// semantics (complete()), and rcu_barrier() reads each with acquire semantics (wait_for_completion()),
// waiting while it reads a callback it waits for. Tree RCU also puts smp_mb() around the length's
// update (rcu_segcblist_add_len()); the model leaves them out: call_rcu() promises no ordering of
// its own, and fewer orderings mean more executions, never a wrong `safe`. The locations exist
// only in programs with a barrier (barrierIn).
import type { Program } from '../../machine/program.js';

/** Whether the program calls rcu_barrier() or kvfree_rcu_barrier() anywhere. */
export const barrierIn = (p: Program): boolean =>
  p.codes.some((c) => c.instrs.some((i) => i.op === 'rcu_callback' && i.kind === 'rcu_barrier_start'));

/**
 * The objects a barrier waits on, each with the values of its queue entry that make it wait: the
 * handler numbers + 1 of its call_rcu() callbacks (rcu_barrier()) or of its kfree_rcu() frees
 * (`kvfree`: kvfree_rcu_barrier()), as ops/rcu-callbacks.ts barrierWaitsFor decides.
 */
export function barrierWaits(p: Program, kvfree: boolean): { readonly object: number; readonly values: ReadonlySet<number> }[] {
  const by = new Map<number, Set<number>>();
  p.handlers.forEach((d, h) => {
    if (!d.callback || (d.callback.kfree === true) !== kvfree) return;
    const s = by.get(d.callback.object) ?? new Set<number>();
    by.set(d.callback.object, s.add(h + 1));
  });
  return [...by].sort((a, b) => a[0] - b[0]).map(([object, values]) => ({ object, values }));
}
