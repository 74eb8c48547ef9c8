// Completions (include/linux/completion.h, kernel/sched/completion.c,
// Documentation/scheduler/completion.rst): a completion is two memory words, `done` (UINT_MAX,
// -1 here, after complete_all()) and its queue of waiters in FIFO order, four bits a waiter
// (task + 1, the first waiter in the low bits), since complete() wakes only the first one
// (swake_up_locked()). Each critical section of x->wait.lock is one step, taken with a locked
// instruction (it waits for the store buffer to drain: ops/sched.ts, schedDrains). Pure.
import { assertNever } from '../../common/assert-never.js';
import { Fault, where, type Exec } from '../exec.js';
import { FRAME_LOCALS, frameOf, type Layout } from '../layout.js';
import type { CompletionOp, InstrBody, Program } from '../program.js';
import { asleepWord } from '../task-words.js';
import type { Family } from './family.js';
import { TASK_UNINTERRUPTIBLE, tryToWakeUp, wakeWords } from './wake.js';

type SchedInstr = Extract<InstrBody, { op: 'sched' }>;

/** x->done after complete_all(): UINT_MAX, whose bits are -1 in a 32-bit word. */
export const COMPLETION_ALL = -1;
/** Waiters a completion's queue word holds (four bits each, in 31 bits). */
export const MAX_COMPLETION_TASKS = 7;

/** The waiters of a queue word, first first. */
export function waitersOf(queue: number): number[] {
  const out: number[] = [];
  for (let q = queue; q !== 0; q >>>= 4) out.push((q & 15) - 1);
  return out;
}
function queueOf(waiters: readonly number[]): number {
  return waiters.reduceRight((q, t) => (q << 4) | (t + 1), 0);
}

/** The step of a completion instruction; its store buffer is empty (a locked section). */
export function completionStep(x: Exec, instr: SchedInstr, kind: CompletionOp): void {
  const at = instr.at!;
  const mem = x.memoryModel;
  const done = mem.load(x, at);
  const waiters = waitersOf(mem.load(x, at + 1));
  const setQueue = (w: readonly number[]): void => mem.storeAtomic(x, at + 1, queueOf(w));
  const setLocal = (v: number): void => {
    if (instr.local !== undefined) x.state[frameOf(x.layout, x.cpu, x.level) + FRAME_LOCALS + instr.local] = v;
  };
  // `if (x->done != UINT_MAX) x->done--;`: the waiter takes one completion.
  const take = (): void => { if (done !== COMPLETION_ALL) mem.storeAtomic(x, at, done - 1); };
  switch (kind) {
    case 'wait_for_completion': {
      // do_wait_for_common(): under the lock, while !x->done: __prepare_to_swait() (queue at the
      // tail unless queued), __set_current_state(TASK_UNINTERRUPTIBLE), unlock, schedule(), lock.
      // The lowering loops back here after the wakeup; this step is one pass of that loop.
      const t = instr.task;
      const task = x.program.sched?.tasks[t];
      if (!task) throw new Fault({ kind: 'misuse', at: where(x), reason: 'wait_for_completion() outside a task' });
      if (done !== 0) {
        // __finish_swait(): off the queue if a wakeup by another path left it there.
        if (waiters.includes(t)) setQueue(waiters.filter((w) => w !== t));
        take();
        setLocal(1);
        return;
      }
      if (!waiters.includes(t)) setQueue([...waiters, t]);
      mem.storeAtomic(x, task.stateLoc, TASK_UNINTERRUPTIBLE);
      x.state[asleepWord(x.layout, t)] = 1;
      x.park = true;
      setLocal(0);
      return;
    }
    case 'try_wait_for_completion':
      // try_wait_for_completion(): the lowering read x->done first and came here only when it was
      // not 0; under the lock, take one if there is one still.
      if (done === 0) { setLocal(0); return; }
      take();
      setLocal(1);
      return;
    case 'complete': {
      // complete(): `if (x->done != UINT_MAX) x->done++;` then swake_up_locked(): the first
      // waiter is woken (try_to_wake_up()) and dequeued.
      if (done !== COMPLETION_ALL) mem.storeAtomic(x, at, done + 1);
      const first = waiters[0];
      if (first === undefined) return;
      setQueue(waiters.slice(1));
      tryToWakeUp(x, first);
      return;
    }
    case 'complete_all':
      // complete_all(): x->done = UINT_MAX, then swake_up_all_locked(): every waiter.
      mem.storeAtomic(x, at, COMPLETION_ALL);
      if (waiters.length === 0) return;
      setQueue([]);
      for (const t of waiters) tryToWakeUp(x, t);
      return;
    default: assertNever(kind);
  }
}

/**
 * The state words a completion instruction may read and write (ops/sched.ts, schedWords): both
 * of its words; wait_for_completion() the calling task's __state and sleep flag; complete() and
 * complete_all() every task's, since any task may be queued.
 */
export function completionWords(p: Program, l: Layout, i: SchedInstr, kind: CompletionOp): number[] {
  const words = [l.memBase + i.at!, l.memBase + i.at! + 1];
  const x = { program: p, layout: l };
  switch (kind) {
    case 'wait_for_completion': return [...words, ...wakeWords(x, i.task)];
    case 'try_wait_for_completion': return words;
    case 'complete': case 'complete_all': return [...words, ...(p.sched?.tasks ?? []).flatMap((_, t) => wakeWords(x, t))];
    default: return assertNever(kind);
  }
}

/** What a completion step did, for the trace. */
export function completionNote(p: Program, l: Layout, before: Int32Array, after: Int32Array, i: SchedInstr, kind: CompletionOp): string {
  const name = (t: number): string => p.sched?.tasks[t]?.name ?? '?';
  const doneAfter = after[l.memBase + i.at!]!;
  const shown = doneAfter === COMPLETION_ALL ? 'UINT_MAX' : String(doneAfter);
  const gone = waitersOf(before[l.memBase + i.at! + 1]!).filter((t) => !waitersOf(after[l.memBase + i.at! + 1]!).includes(t));
  switch (kind) {
    case 'wait_for_completion': return after[asleepWord(l, i.task)] !== 0 ? 'done is 0: the task sleeps' : `takes it: done is ${shown}`;
    case 'try_wait_for_completion': return `done is ${shown}`;
    case 'complete': case 'complete_all': return `done is ${shown}${gone.length > 0 ? `; wakes ${gone.map(name).join(', ')}` : ''}`;
    default: return assertNever(kind);
  }
}

/** The completions by kernel name. */
export const completion: Family = {
  name: 'completion',
  // Not cpuSymmetric (explore/symmetry-groups.ts): its waiters are tasks (ops/sched.ts).
  names: [
    { name: 'wait_for_completion', roles: ['completion'], litmus: false, doc: 'might sleep; under the completion\'s lock, takes one completion (done--, unless complete_all() set it to UINT_MAX), or queues the task at the tail and sleeps until complete() wakes it, then tries again', lower: { to: 'wait', kind: 'wait_for_completion' } },
    { name: 'complete', roles: ['completion'], litmus: false, doc: 'under the lock (a full barrier), done++ and wakes the first waiter only', lower: { to: 'wait', kind: 'complete' } },
    { name: 'complete_all', roles: ['completion'], litmus: false, doc: 'under the lock, done = UINT_MAX (every later wait returns at once) and wakes every waiter', lower: { to: 'wait', kind: 'complete_all' } },
    { name: 'try_wait_for_completion', roles: ['completion'], litmus: false, doc: '1 and takes one completion when done is not 0 (READ_ONCE() first, then under the lock), else 0; never sleeps', lower: { to: 'hoist', kind: 'try_wait_for_completion' } },
    { name: 'completion_done', roles: ['completion'], litmus: false, doc: '1 when done is not 0 (READ_ONCE()), then the lock taken and dropped (a full barrier) to wait out a complete() in progress', lower: { to: 'hoist', kind: 'completion_done' } },
    { name: 'reinit_completion', roles: ['completion'], litmus: false, doc: 'done = 0 (a plain store): the waiters stay queued', lower: { to: 'wait', kind: 'reinit_completion' } },
    { name: 'init_completion', roles: ['completion'], litmus: false, doc: 'done = 0 and an empty queue (plain stores): a task queued on it is lost, and sleeps forever', lower: { to: 'wait', kind: 'init_completion' } },
  ],
};
