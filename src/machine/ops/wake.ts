// The scheduler's wakeup of one task, shared by wake_up_process() (ops/sched.ts), wake_up()
// (ops/waitqueue.ts) and complete() (ops/completion.ts), which all end in try_to_wake_up(). Pure.
import type { Exec } from '../exec.js';
import { asleepWord } from '../task-words.js';

/** TASK_RUNNING and TASK_UNINTERRUPTIBLE, as include/linux/sched.h numbers them. */
export const TASK_RUNNING = 0;
export const TASK_UNINTERRUPTIBLE = 2;

/**
 * kernel/sched/core.c, try_to_wake_up(): a task whose __state is TASK_RUNNING is left alone
 * (and the call returns 0); any other is set TASK_RUNNING and made runnable. Whether it woke it.
 * The caller's step waits for the store buffer to drain first (the pi_lock, a locked instruction).
 */
export function tryToWakeUp(x: Exec, task: number): boolean {
  const loc = x.program.sched!.tasks[task]!.stateLoc;
  if (x.memoryModel.load(x, loc) === TASK_RUNNING) return false;
  x.memoryModel.storeAtomic(x, loc, TASK_RUNNING);
  x.state[asleepWord(x.layout, task)] = 0;
  return true;
}

/** The words tryToWakeUp() may read and write for task t: its __state and its sleep flag. */
export function wakeWords(x: { readonly program: Exec['program']; readonly layout: Exec['layout'] }, task: number): number[] {
  const t = x.program.sched?.tasks[task];
  return t ? [x.layout.memBase + t.stateLoc, asleepWord(x.layout, task)] : [];
}
