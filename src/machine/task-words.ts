// Where the scheduler's words are (ops/sched.ts) and the queries on them that state.ts needs: which
// task a CPU runs, whether a task is done. Pure layout arithmetic over the state words, importing
// nothing of the machine but the layout, so state.ts and ops/sched.ts can both read it.
import { memoByObject } from '../common/memo.js';
import { frameOf, type Layout } from './layout.js';
import type { Program, TaskDecl } from './program.js';

/** Word of the preemptions used so far in this run (one count for the whole machine). */
export function usedWord(l: Layout): number {
  return l.schedBase;
}
/** Word that is 1 while task `t` sleeps (dequeued by schedule(), until a wakeup). */
export function asleepWord(l: Layout, t: number): number {
  return l.schedBase + 1 + t;
}
/** Word holding the task `cpu` runs, -1 when none (all of its tasks asleep, or finished and left). */
export function curWord(p: Program, l: Layout, cpu: number): number {
  return l.schedBase + 1 + (p.sched?.tasks.length ?? 0) + cpu;
}
/** Word that is 1 from a switch until the incoming task's first step (see canSwitch). */
export function freshWord(p: Program, l: Layout, cpu: number): number {
  return l.schedBase + 1 + (p.sched?.tasks.length ?? 0) + p.cpus + cpu;
}
/** Start of task t's saved frame. */
export function savedFrame(p: Program, l: Layout, t: number): number {
  return frameOf(l, 0, 0) + (p.cpus * 3 + t) * l.frameWords;
}

/** tasksOn(p)[cpu]: the indexes of the tasks of `cpu`, the first one first. */
export const tasksOn = memoByObject((p: Program): readonly (readonly number[])[] =>
  Array.from({ length: p.cpus }, (_, cpu) => (p.sched?.tasks ?? []).flatMap((t, i) => (t.cpu === cpu ? [i] : []))));

/** The task `cpu` runs now, or -1 (none, or a program without tasks). */
export function currentTask(p: Program, l: Layout, s: Int32Array, cpu: number): number {
  return l.schedBase < 0 ? -1 : (s[curWord(p, l, cpu)] ?? -1);
}

/** The task whose code `code` is (each task's code is its own), or undefined. */
export function taskOfCode(p: Program, code: number): TaskDecl | undefined {
  return p.sched?.tasks.find((t) => t.code === code);
}

/** Task t's pc: in the CPU's frame while it runs, else in its saved frame. */
export function taskPc(p: Program, l: Layout, s: Int32Array, t: number): number {
  const task = p.sched!.tasks[t]!;
  return currentTask(p, l, s, task.cpu) === t ? (s[frameOf(l, task.cpu, 0)] ?? 0) : (s[savedFrame(p, l, t)] ?? 0);
}

/** Whether task t has nothing left to do: past its code, and awake; or a kworker asleep waiting for work (workerIdle). */
export function taskDone(p: Program, l: Layout, s: Int32Array, t: number): boolean {
  const task = p.sched!.tasks[t]!;
  if (s[asleepWord(l, t)] !== 0) return workerIdle(p, l, s, t);
  return taskPc(p, l, s, t) >= (p.codes[task.code]?.instrs.length ?? 0);
}

/**
 * Whether task t is a kworker asleep at the start of its code, where it waits for work
 * (ops/workqueue.ts; kernel/workqueue.c worker_thread(): an idle worker sleeps until
 * wake_up_worker()): a run may end with it there, and it is no lost wakeup.
 */
export function workerIdle(p: Program, l: Layout, s: Int32Array, t: number): boolean {
  return p.sched!.tasks[t]!.worker !== undefined && s[asleepWord(l, t)] !== 0 && taskPc(p, l, s, t) === 0;
}

/**
 * Whether task t may still take a step in some run from `s`: it is not done, or it is an idle
 * kworker, which counts as done (workerIdle) yet runs its work's function from the top once a
 * queue_work() wakes it (ops/workqueue.ts). The reduction's views of what a CPU may still do
 * (explore/reduce/count-drift.ts, futures.ts) must count every such task: leaving one out made a
 * wrong `safe` in each of them (count-drift.test.ts).
 */
export function taskMayRun(p: Program, l: Layout, s: Int32Array, t: number): boolean {
  return !taskDone(p, l, s, t) || workerIdle(p, l, s, t);
}

/**
 * Whether every task of `cpu` is done, or asleep at the end of its code (it slept in its last
 * instruction, and is done once woken): then a wakeup by another CPU may finish the CPU's last
 * task, which no move of its own does (a program with `sched` only; move-footprint.ts).
 */
export function allTasksDoneOnceWoken(p: Program, l: Layout, s: Int32Array, cpu: number): boolean {
  for (const t of tasksOn(p)[cpu]!) {
    if (taskDone(p, l, s, t)) continue;
    if (s[asleepWord(l, t)] === 0 || taskPc(p, l, s, t) < (p.codes[p.sched!.tasks[t]!.code]?.instrs.length ?? 0)) return false;
  }
  return true;
}

/** Whether every task of `cpu` is done (a program with `sched` only). */
export function allTasksDone(p: Program, l: Layout, s: Int32Array, cpu: number): boolean {
  for (const t of tasksOn(p)[cpu]!) if (!taskDone(p, l, s, t)) return false;
  return true;
}
