// Wait queues (include/linux/wait.h, kernel/sched/wait.c): wait_event(), wake_up(),
// prepare_to_wait()/finish_wait(), waitqueue_active(). A wait queue head is one memory word, the
// set of tasks whose entries are queued on it (bit t for task t): every entry here is a
// non-exclusive one with autoremove_wake_function() (DEFINE_WAIT(), init_wait_entry()), and
// wake_up() wakes every non-exclusive entry, so the order of the list changes nothing. Each
// critical section of wq_head->lock is one step, taken with a locked instruction (it waits for
// the store buffer to drain: ops/sched.ts, schedDrains); waitqueue_active() reads the word
// without the lock, as the kernel's list_empty() does. Pure.
import { assertNever } from '../../common/assert-never.js';
import { Fault, where, type Exec } from '../exec.js';
import type { Layout } from '../layout.js';
import type { InstrBody, Program, WaitQueueOp } from '../program.js';
import type { Family } from './family.js';
import { tryToWakeUp, wakeWords } from './wake.js';

type SchedInstr = Extract<InstrBody, { op: 'sched' }>;

/** The bit of task t in a wait queue head's word. */
export const entryBit = (task: number): number => 1 << task;

/** Tasks a wait queue head's word can name (one bit each, in a 32-bit word). */
export const MAX_WAITQUEUE_TASKS = 31;

/** The step of a wait queue instruction; its store buffer is empty (a locked section). */
export function waitQueueStep(x: Exec, instr: SchedInstr, kind: WaitQueueOp): void {
  const at = instr.at!;
  const mem = x.memoryModel;
  const queued = mem.load(x, at);
  switch (kind) {
    case 'prepare_to_wait': {
      // kernel/sched/wait.c, prepare_to_wait() and prepare_to_wait_event(): under the lock, queue
      // the entry unless it is queued already, then set_current_state(state).
      const stateLoc = x.program.sched?.tasks[instr.task]?.stateLoc;
      if (stateLoc === undefined) throw new Fault({ kind: 'misuse', at: where(x), reason: 'prepare_to_wait() outside a task' });
      if ((queued & entryBit(instr.task)) === 0) mem.storeAtomic(x, at, queued | entryBit(instr.task));
      mem.storeAtomic(x, stateLoc, instr.state ?? 0);
      return;
    }
    case 'finish_wait':
      // finish_wait(): list_del_init() of the entry under the lock (the lowering tested
      // list_empty_careful() first, and set TASK_RUNNING before that).
      if ((queued & entryBit(instr.task)) !== 0) mem.storeAtomic(x, at, queued & ~entryBit(instr.task));
      return;
    case 'wake_up': {
      // __wake_up_common(): each entry's autoremove_wake_function(): try_to_wake_up(), and the
      // entry leaves the queue only when that woke the task (a TASK_RUNNING one stays queued).
      let left = queued;
      for (let t = 0; t < MAX_WAITQUEUE_TASKS; t++) {
        if ((queued & entryBit(t)) !== 0 && tryToWakeUp(x, t)) left &= ~entryBit(t);
      }
      if (left !== queued) mem.storeAtomic(x, at, left);
      return;
    }
    default: assertNever(kind);
  }
}

/**
 * The state words a wait queue instruction may read and write (ops/sched.ts, schedWords): the
 * head's word; prepare_to_wait() the calling task's __state; wake_up() every task's __state and
 * sleep flag, since any task may be queued.
 */
export function waitQueueWords(p: Program, l: Layout, i: SchedInstr, kind: WaitQueueOp): number[] {
  const head = l.memBase + i.at!;
  const x = { program: p, layout: l };
  switch (kind) {
    case 'prepare_to_wait': return [head, ...wakeWords(x, i.task).slice(0, 1)];
    case 'finish_wait': return [head];
    case 'wake_up': return [head, ...(p.sched?.tasks ?? []).flatMap((_, t) => wakeWords(x, t))];
    default: return assertNever(kind);
  }
}

/** What a wait queue step did, for the trace: the tasks it queued, removed or woke. */
export function waitQueueNote(p: Program, l: Layout, before: Int32Array, after: Int32Array, i: SchedInstr, kind: WaitQueueOp): string {
  const name = (t: number): string => p.sched?.tasks[t]?.name ?? '?';
  const head = p.locNames[i.at!] ?? '?';
  switch (kind) {
    case 'prepare_to_wait': return `${name(i.task)} queued on ${head}`;
    case 'finish_wait': return `${name(i.task)} leaves ${head}`;
    case 'wake_up': {
      const woke = (p.sched?.tasks ?? []).flatMap((_, t) => ((before[l.memBase + i.at!]! & entryBit(t)) !== 0 && (after[l.memBase + i.at!]! & entryBit(t)) === 0 ? [name(t)] : []));
      return woke.length > 0 ? `wakes ${woke.join(', ')}` : `nothing to wake on ${head}`;
    }
    default: return assertNever(kind);
  }
}

/**
 * The wait queues by kernel name. wait_event() and finish_wait() lower to several steps
 * (scenario/lower/compile-wait.ts), as the macros in include/linux/wait.h expand.
 */
export const waitqueue: Family = {
  name: 'waitqueue',
  // Not cpuSymmetric (explore/symmetry-groups.ts): its waiters are tasks (ops/sched.ts).
  names: [
    { name: 'wait_event', roles: ['waitqueue', 'cond'], litmus: false, doc: 'sleeps until cond holds: might_sleep(); if cond is false, loops { prepare_to_wait_event() (queues the task, set_current_state(TASK_UNINTERRUPTIBLE)); test cond; schedule() } then finish_wait() (include/linux/wait.h, ___wait_event)', lower: { to: 'wait', kind: 'wait_event' } },
    { name: 'wake_up', roles: ['waitqueue'], litmus: false, doc: 'under the queue\'s lock (a full barrier), wakes every queued task not TASK_RUNNING and dequeues it (autoremove_wake_function)', lower: { to: 'wait', kind: 'wake_up' } },
    { name: 'wake_up_all', roles: ['waitqueue'], litmus: false, doc: 'the same as wake_up(): every waiter here is non-exclusive', lower: { to: 'wait', kind: 'wake_up' } },
    { name: 'prepare_to_wait', roles: ['waitqueue', 'wait_entry', 'value'], litmus: false, doc: 'under the queue\'s lock, queues the calling task\'s entry (unless queued) and set_current_state(state); &wait is the task\'s own entry', lower: { to: 'wait', kind: 'prepare_to_wait' } },
    { name: 'finish_wait', roles: ['waitqueue', 'wait_entry'], litmus: false, doc: '__set_current_state(TASK_RUNNING); then, if the entry is still queued (list_empty_careful(), a read of its own), dequeues it under the lock', lower: { to: 'wait', kind: 'finish_wait' } },
    { name: 'waitqueue_active', roles: ['waitqueue'], litmus: false, doc: '1 when a task is queued: a plain read with no barrier, so the waker needs smp_mb() between its condition store and this test (the comment in include/linux/wait.h)', lower: { to: 'hoist', kind: 'waitqueue_active' } },
    { name: 'wq_has_sleeper', roles: ['waitqueue'], litmus: false, doc: 'smp_mb(), then waitqueue_active()', lower: { to: 'hoist', kind: 'wq_has_sleeper' } },
    { name: 'init_waitqueue_head', roles: ['waitqueue'], litmus: false, doc: 'empties the queue (a plain store): a task queued on it is lost', lower: { to: 'wait', kind: 'init_waitqueue_head' } },
  ],
};
