// RCU callbacks: call_rcu(), kfree_rcu(), rcu_barrier() (Documentation/RCU/whatisRCU.rst
// "call_rcu()", Documentation/RCU/rcubarrier.rst, kernel/rcu/tree.c). call_rcu(&obj->head, fn)
// queues fn on this CPU; it is invoked, in softirq context on that CPU (rcu_core() runs from
// RCU_SOFTIRQ), at some point after a full grace period that started after the call. So the model
// is an asynchronous synchronize_rcu() followed by the callback: the call notes, in the slot of the
// object's callback head, the CPUs then inside a read-side section (ops/rcu.ts startGracePeriod,
// in words of the queuing CPU's own); their quiescent states clear them (noteCallbackQuiescence);
// once none is left the callback may start as a softirq on that CPU (a handler declaration with
// `callback`, whose code is fn called on the object). synchronize_rcu() does not wait for callbacks;
// rcu_barrier() does (rcubarrier.rst): it notes the callbacks queued or running when it starts and
// waits until each has returned. But only call_rcu()'s: kfree_rcu() is kvfree_call_rcu(), which
// since the kfree_rcu() batching queues the object on this CPU's kfree_rcu_cpu batch, freed by a
// work item after a grace period and never put on the RCU callback list (mm/slab_common.c, earlier
// kernel/rcu/tree.c), and rcu_barrier() is "Wait until all in-flight call_rcu() callbacks
// complete" (its header, kernel/rcu/tree.c). kvfree_rcu_barrier() (v6.12, "rcu/kvfree: Add
// kvfree_rcu_barrier() API": "rcu_barrier() does not wait for outstanding kvfree_rcu() requests")
// is the other half: "Wait until all in-flight kvfree_rcu() complete" (its header, mm/slab_common.c);
// it detaches each CPU's batch onto a new RCU batch and flushes the works, calling no rcu_barrier()
// (Tiny RCU's does, rcutiny.h, where kvfree_call_rcu() is a callback: the Tree RCU kernel is
// modelled), so it waits for the kfree_rcu() frees alone. The bound on pending callbacks is static: one per object, for a callback
// head queued twice before its callback ran is the kernel's "double call_rcu()" (kernel/rcu/tree.c
// __call_rcu_common: debug_rcu_head_queue() fails, WARN_ONCE "Double-freed CB"), a misuse here. Pure.
import { assertNever } from '../../common/assert-never.js';
import { Fault, where, type Exec } from '../exec.js';
import { evaluate } from '../eval.js';
import { CB_CPU, CB_DECL, CB_WORDS, SOFT_HANDLER, cbGpWord, frameOf, softWord, type Layout } from '../layout.js';
import { checkNotFreed } from '../memory/sc.js';
import { pointee, type InstrBody, type Program } from '../program.js';
import { inRcuReader, type State } from '../state.js';
import type { BlockedOn } from '../violation.js';
import type { Family } from './family.js';
import { startGracePeriod } from './rcu.js';

export type RcuCallbackInstr = Extract<InstrBody, { op: 'rcu_callback' }>;

function misuse(x: Exec, reason: string): never {
  throw new Fault({ kind: 'misuse', at: where(x), reason });
}

/** The shared word of object `o`'s callback slot at `k` (CB_DECL, CB_CPU). */
export function cbWord(l: Layout, o: number, k: number): number {
  return l.cbBase + o * CB_WORDS + k;
}

/** Whether the grace period callback `o` queued on `cpu` waits for is over. */
function gpDone(l: Layout, s: State, cpu: number, o: number): boolean {
  const at = cbGpWord(l, cpu, o);
  for (let w = 0; w < l.gpWords * l.gpSets; w++) if (s[at + w] !== 0) return false;
  return true;
}

/** Whether callback declaration `h` (HandlerDecl.callback) may start on `cpu`: queued there, its grace period over. */
export function callbackReady(p: Program, l: Layout, s: State, cpu: number, h: number): boolean {
  const o = p.handlers[h]?.callback?.object ?? -1;
  if (o < 0 || l.cbObjects === 0) return false;
  return s[cbWord(l, o, CB_DECL)] === h + 1 && s[cbWord(l, o, CB_CPU)] === cpu && gpDone(l, s, cpu, o);
}

/**
 * The callback of `h` starts: rcu_do_batch() takes the callbacks it invokes off the list, so the
 * head may be queued again (even by the callback itself). But it subtracts them from the list's
 * length only after invoking them, so an rcu_barrier() that starts meanwhile still waits for the
 * running one (kernel/rcu/tree.c rcu_do_batch, rcu_barrier_entrain): the CPU's softirq word says
 * which callback runs (runningCallback).
 */
export function startCallback(p: Program, l: Layout, s: State, h: number): void {
  const o = p.handlers[h]!.callback!.object;
  s[cbWord(l, o, CB_DECL)] = 0;
  s[cbWord(l, o, CB_CPU)] = 0;
}

/** The object whose callback runs on `cpu`, or -1. */
function runningCallback(p: Program, l: Layout, s: State, cpu: number): number {
  if (l.softWords === 0) return -1;
  return p.handlers[(s[softWord(l, cpu, SOFT_HANDLER)] ?? 0) - 1]?.callback?.object ?? -1;
}

/**
 * Whether declaration number `decl` (a handler index + 1, as a slot or a softirq word holds it) is
 * a callback the barrier waits for: a kfree_rcu() free for kvfree_rcu_barrier() (`kvfree`), a
 * call_rcu() callback for rcu_barrier() (the file's header).
 */
function barrierWaitsFor(p: Program, decl: number, kvfree: boolean): boolean {
  const cb = p.handlers[decl - 1]?.callback;
  return cb !== undefined && (cb.kfree === true) === kvfree;
}

/** The callback of `h` has returned: every rcu_barrier() that waits for it is told. */
export function finishCallback(p: Program, l: Layout, s: State, h: number): void {
  const o = p.handlers[h]!.callback!.object;
  if (l.barrierWords === 0) return;
  const bit = ~(1 << (o & 31));
  for (let cpu = 0; cpu < p.cpus; cpu++) {
    for (const level of barrierLevels(l)) s[frameOf(l, cpu, level) + l.barrierOffset + (o >> 5)]! &= bit;
  }
  // A task switched out while it waits in rcu_barrier() keeps its frame in its save slot
  // (ops/sched.ts savedFrame: index cpus * 3 + task): it is told too, or it would wait for ever.
  const tasks = p.sched?.tasks.length ?? 0;
  for (let t = 0; t < tasks; t++) s[l.frameBase + (p.cpus * 3 + t) * l.frameWords + l.barrierOffset + (o >> 5)]! &= bit;
}

/** The levels whose frames exist: task, IRQ, NMI, and softirq when the program has it. */
function barrierLevels(l: Layout): readonly number[] {
  return l.softWords > 0 ? [0, 1, 2, 3] : [0, 1, 2];
}

/** How many callbacks are queued on `cpu` (they keep the run live: ops/interrupts.ts liveContexts). */
export function callbacksQueuedOn(l: Layout, s: State, cpu: number): number {
  let n = 0;
  for (let o = 0; o < l.cbObjects; o++) if (s[cbWord(l, o, CB_DECL)] !== 0 && s[cbWord(l, o, CB_CPU)] === cpu) n++;
  return n;
}

/**
 * After every move on `cpu` (step.ts): once it is flushed and outside any read-side section, no
 * callback's grace period waits for it any longer (ops/rcu.ts noteQuiescence, for callbacks).
 */
export function noteCallbackQuiescence(l: Layout, s: State, cpu: number, cpus: number, flushed: boolean): void {
  if (!flushed) return;
  const clear = ~(1 << (cpu & 31));
  const reader = inRcuReader(l, s, cpu);
  for (let c = 0; c < cpus; c++) {
    for (let o = 0; o < l.cbObjects; o++) {
      const at = cbGpWord(l, c, o) + (cpu >> 5);
      if (!reader) s[at]! &= clear;
      if (l.gpSets > 1) s[at + l.gpWords]! &= clear;
    }
  }
}

/** Execute an RCU callback instruction whose guard passed (callbackBlocked). */
export function callbackStep(x: Exec, i: RcuCallbackInstr): void {
  const { state: s, layout: l, cpu, program: p } = x;
  switch (i.kind) {
    case 'call_rcu': case 'kfree_rcu': {
      const ptr = evaluate(x, i.ptr);
      const o = pointee(p, ptr);
      const h = o >= 0 ? (i.decls[o] ?? -1) : -1;
      if (h < 0) misuse(x, `${i.kind}() of ${ptr === 0 ? 'NULL' : 'a value that is no object with this callback head'}`);
      // Queuing writes the callback head, a field of the object (a freed object: a use-after-free).
      const head = p.objects[o]!.fields.values().next().value;
      if (head !== undefined) checkNotFreed(x, head, 'write');
      if (s[cbWord(l, o, CB_DECL)] !== 0) misuse(x, `${i.kind}() of ${p.objects[o]!.name}, whose callback is still queued (double call_rcu())`);
      s[cbWord(l, o, CB_DECL)] = h + 1;
      s[cbWord(l, o, CB_CPU)] = cpu;
      startGracePeriod(l, s, cbGpWord(l, cpu, o) - l.gpOffset, p.cpus, (c) => x.memoryModel.flushed(l, s, c));
      return;
    }
    case 'rcu_barrier_start': {
      // Both barriers sleep (wait_for_completion(), flush_delayed_work()), which atomic context may not (might_sleep()).
      const kvfree = i.kvfree === true;
      if (inRcuReader(l, s, cpu)) misuse(x, `${kvfree ? 'kvfree_rcu_barrier' : 'rcu_barrier'}() in atomic context (IRQs, preemption or bottom halves off, rcu_read_lock or a handler): it sleeps`);
      const at = frameOf(l, cpu, x.level) + l.barrierOffset;
      for (let w = 0; w < l.barrierWords; w++) s[at + w] = 0;
      for (let o = 0; o < l.cbObjects && l.barrierWords > 0; o++) if (barrierWaitsFor(p, s[cbWord(l, o, CB_DECL)] ?? 0, kvfree)) s[at + (o >> 5)]! |= 1 << (o & 31);
      for (let c = 0; c < p.cpus && l.barrierWords > 0; c++) {
        const o = runningCallback(p, l, s, c);
        if (o >= 0 && barrierWaitsFor(p, s[softWord(l, c, SOFT_HANDLER)] ?? 0, kvfree)) s[at + (o >> 5)]! |= 1 << (o & 31);
      }
      return;
    }
    case 'rcu_barrier_wait': return;
    default: assertNever(i.kind);
  }
}

/** Why an RCU callback instruction cannot run now, or null: rcu_barrier() waits for the callbacks it noted. */
export function callbackBlocked(x: Exec, i: RcuCallbackInstr): BlockedOn | null {
  if (i.kind !== 'rcu_barrier_wait') return null;
  const { state: s, layout: l } = x;
  const at = frameOf(l, x.cpu, x.level) + l.barrierOffset;
  const cpus = new Set<number>();
  for (let o = 0; o < l.cbObjects && l.barrierWords > 0; o++) {
    if (((((s[at + (o >> 5)] ?? 0) >>> (o & 31)) & 1) === 0)) continue;
    if (s[cbWord(l, o, CB_DECL)] !== 0) cpus.add(s[cbWord(l, o, CB_CPU)] ?? 0);
    for (let c = 0; c < x.program.cpus; c++) if (runningCallback(x.program, l, s, c) === o) cpus.add(c);
  }
  return cpus.size > 0 ? { kind: 'rcu-barrier', cpus: [...cpus].sort((a, b) => a - b) } : null;
}

/**
 * The shared words an RCU callback instruction reads and writes (its guard included), for the
 * reduction: queuing reads and writes the slots of the objects `objects` (a mask, -1: all) and, as
 * a grace-period start, every CPU's reader state (StaticFootprint.gp); rcu_barrier()'s start reads
 * every slot (whose declaration says which barrier waits for it), and which callback each CPU runs, a softirq whose entry and exit change its CPU's
 * reader state, so `gp` covers it; its wait reads only its own frame, which the callbacks' returns
 * clear as private writes.
 */
export function callbackFootprint(l: Layout, i: RcuCallbackInstr, objects: number): { reads: number[]; writes: number[]; gp: boolean } {
  const slots = (mask: number): number[] => {
    const out: number[] = [];
    for (let o = 0; o < l.cbObjects; o++) if (mask === -1 || o > 31 || ((mask >>> o) & 1) !== 0) out.push(cbWord(l, o, CB_DECL), cbWord(l, o, CB_CPU));
    return out;
  };
  switch (i.kind) {
    case 'call_rcu': case 'kfree_rcu': { const w = slots(objects); return { reads: w, writes: w, gp: true }; }
    case 'rcu_barrier_start': return { reads: slots(-1), writes: [], gp: true };
    case 'rcu_barrier_wait': return { reads: [], writes: [], gp: false };
    default: return assertNever(i.kind);
  }
}

/**
 * The callback family by kernel name. call_rcu()'s callback is a procedure of the scenario that
 * takes the object (the kernel's takes the rcu_head and finds the object with container_of());
 * kfree_rcu(obj, head) queues a kfree() of obj, as include/linux/rcupdate.h's kvfree_call_rcu().
 * kfree_rcu_mightsleep(obj) is kvfree_call_rcu(NULL, obj) (rcupdate.h kvfree_rcu_arg_1()): with no
 * head it may fall back to synchronize_rcu() and an immediate free, so it begins with might_sleep()
 * (kernel/rcu/tree.c); either way the free comes after a grace period that started after the
 * call, which the queued kfree() gives (it may run as soon as the fallback would). Objects of a
 * kmalloc() pool have callbacks as declared objects do (scenario/lower/lower.ts).
 */
export const rcuCallbacks: Family = {
  name: 'rcu-callbacks',
  // Not cpuSymmetric (explore/symmetry-groups.ts): a callback's slot names the CPU that queued it, which symmetry.ts does not permute.
  names: [
    { name: 'call_rcu', roles: ['rcu_head', 'procedure'], litmus: false, doc: 'queues the procedure, called on the object, to run in softirq context on this CPU after a grace period that starts now', lower: { to: 'call_rcu' } },
    { name: 'kfree_rcu', roles: ['object', 'field'], litmus: false, doc: 'queues a kfree() of the object the same way', lower: { to: 'kfree_rcu' } },
    { name: 'kfree_rcu_mightsleep', roles: ['object'], litmus: false, doc: 'the one-argument kfree_rcu(): the same, and it may sleep (a misuse in atomic context)', lower: { to: 'kfree_rcu', mightSleep: true } },
    { name: 'kvfree_rcu', roles: ['object', 'field'], litmus: false, doc: 'the same as kfree_rcu() (include/linux/rcupdate.h)', lower: { to: 'kfree_rcu' } },
    { name: 'kvfree_rcu_mightsleep', roles: ['object'], litmus: false, doc: 'the same as kfree_rcu_mightsleep()', lower: { to: 'kfree_rcu', mightSleep: true } },
    { name: 'rcu_barrier', roles: [], litmus: false, doc: 'waits until every call_rcu() callback queued before it has run, not the kfree_rcu() frees (a misuse in atomic context)', lower: { to: 'rcu_barrier' } },
    { name: 'kvfree_rcu_barrier', roles: [], litmus: false, doc: 'waits until every kfree_rcu() free queued before it has run, not the call_rcu() callbacks (a misuse in atomic context)', lower: { to: 'rcu_barrier', kvfree: true } },
  ],
};
