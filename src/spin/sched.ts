// Tasks, preemption, sleeping and waking in the exported model, as machine/ops/sched.ts has them.
// Each task has a frame of its own (model-names.ts taskCtx), so a context switch only changes which
// task its CPU runs (cur): the machine's copying of frames in and out of save slots is its way of
// keeping one live frame per CPU, and changes nothing a step can see. The other words are the
// machine's (task-words.ts): the preemptions used (one count for the machine), per task whether it
// sleeps, per CPU whether the running task has stepped since it was switched in. Pure.
import { assertNever } from '../common/assert-never.js';
import { usesSoftirq } from '../machine/layout.js';
import { tasksOn } from '../machine/task-words.js';
import type { Instr, Program } from '../machine/program.js';
import type { StepCx } from './expr.js';
import { isSleepingLock } from '../machine/ops/sleeping-lock.js';
import { asleepVar, bhCount, curTask, freshVar, irqOff, memVar, pcVar, preempt, rcuNest, taskCtx } from './model-names.js';
import { mayNotSleep } from './may-sleep.js';
import { emitSleepingLock } from './sleeping-lock.js';
import { emitCompletion, emitWaitQueue } from './waits.js';
import { memView } from './tso.js';

type SchedInstr = Extract<Instr, { op: 'sched' }>;

/** The scheduler's globals, or none without Program.sched. */
export function schedGlobals(p: Program): string[] {
  if (!p.sched) return [];
  return [`short cur[${p.cpus}]; bit asl[${p.sched.tasks.length}]; byte used; bit fresh[${p.cpus}]; /* running task, asleep, preemptions used, switched in but not stepped (ops/sched.ts) */`];
}

/**
 * The scheduler words ops/sched.ts startTasks sets: each CPU's running task where it is not task 0
 * (its first that is no kworker, -1: none), and each kworker asleep, idle at its code's start.
 */
export function schedInits(p: Program): string[] {
  if (!p.sched) return [];
  const cur = tasksOn(p).flatMap((ts, cpu) => {
    const first = ts.find((t) => p.sched!.tasks[t]!.worker === undefined) ?? -1;
    return first !== 0 ? [`${curTask(cpu)} = ${first}`] : [];
  });
  return [...cur, ...p.sched.tasks.flatMap((t, i) => (t.worker ? [`${asleepVar(i)} = 1`] : []))];
}

/** ops/sched.ts preemptible: preempt_count 0 (bottom halves included), IRQs on, outside rcu_read_lock(). */
export function preemptible(p: Program, cpu: number): string {
  const bh = usesSoftirq(p) ? ` && ${bhCount(cpu)} == 0` : '';
  return `${irqOff(cpu)} == 0 && ${preempt(cpu)} == 0 && ${rcuNest(cpu)} == 0${bh}`;
}

/** task-words.ts taskDone: past its code and awake, or a kworker idle (workerIdle). */
export function taskDone(p: Program, t: number): string {
  const code = p.codes[p.sched!.tasks[t]!.code]!;
  const done = `(${asleepVar(t)} == 0 && ${pcVar(taskCtx(p, t).frame)} >= ${code.instrs.length})`;
  return p.sched!.tasks[t]!.worker ? `(${done} || ${workerIdle(p, t)})` : done;
}

/**
 * task-words.ts workerIdle: a kworker asleep at the start of its code, waiting for work; a run may
 * end with it there, and it is no lost wakeup. False for any other task.
 */
export function workerIdle(p: Program, t: number): string {
  return p.sched!.tasks[t]!.worker ? `(${asleepVar(t)} != 0 && ${pcVar(taskCtx(p, t).frame)} == 0)` : 'false';
}

/** ops/sched.ts schedStep: emits what the step does, up to (not including) the pc update. */
export function emitSched(x: StepCx, i: SchedInstr): void {
  const { e, c, p } = x;
  switch (i.kind) {
    // ops/sched.ts checkMaySleep: "sleeping function called from invalid context" in a handler,
    // with IRQs, preemption or bottom halves off, or inside rcu_read_lock().
    case 'might_sleep': e.check(mayNotSleep(p, c), x.fault('misuse')); return;
    case 'schedule': {
      e.check(mayNotSleep(p, c), x.fault('misuse'));
      if (c.task < 0) { e.line(x.fault('misuse')); e.whileLive(); return; }
      // A task whose state is not TASK_RUNNING sleeps: it leaves the CPU (parkTask).
      const state = memView(p, c.cpu, String(p.sched!.tasks[c.task]!.stateLoc));
      e.line(`if :: ${state} != 0 -> ${asleepVar(c.task)} = 1; ${curTask(c.cpu)} = -1; ${freshVar(c.cpu)} = 0 :: else -> skip fi;`);
      return;
    }
    case 'wake_up_process': {
      // try_to_wake_up(): nothing to a TASK_RUNNING task; else TASK_RUNNING (a locked write) and runnable.
      const loc = String(p.sched!.tasks[i.task]!.stateLoc);
      e.line(`if :: ${memView(p, c.cpu, loc)} != 0 -> ${memVar(loc)} = 0; ${asleepVar(i.task)} = 0 :: else -> skip fi;`);
      return;
    }
    case 'mutex_lock': case 'mutex_unlock': case 'mutex_trylock': case 'down_read': case 'up_read': case 'down_write':
    case 'down_write_acquire': case 'up_write': case 'downgrade_write': case 'down_read_trylock': case 'down_write_trylock':
      if (!isSleepingLock(i)) throw new Error(`internal: ${i.kind} without its lock`);
      emitSleepingLock(x, i);
      return;
    case 'prepare_to_wait': case 'finish_wait': case 'wake_up': emitWaitQueue(x, i, i.kind); return;
    case 'wait_for_completion': case 'complete': case 'complete_all': case 'try_wait_for_completion': emitCompletion(x, i, i.kind); return;
    default: assertNever(i.kind);
  }
}

/**
 * enabled.ts stuck, for a state with no move: task t is a sleeper that makes it a lost wakeup,
 * asleep (sleepingTasks: not an idle kworker) and not in flush_work() for a work whose kworker is
 * itself stuck (flushingStuckWork: that is a deadlock).
 */
export function lostSleeper(p: Program, t: number): string {
  const c = taskCtx(p, t);
  const flushing = p.codes[p.sched!.tasks[t]!.code]!.instrs.flatMap((i, pc) => {
    if (i.op !== 'sched' || i.kind !== 'prepare_to_wait') return [];
    const workers = p.sched!.tasks.flatMap((w, k) => (w.worker?.flush === i.at ? [`!${workerIdle(p, k)}`] : []));
    return workers.length === 0 ? [] : [`(${pcVar(c.frame)} == ${pc} && (${workers.join(' || ')}))`];
  });
  const idle = workerIdle(p, t);
  const not = [...(idle === 'false' ? [] : [` && !${idle}`]), ...(flushing.length === 0 ? [] : [` && !(${flushing.join(' || ')})`])];
  return not.length === 0 ? `${asleepVar(t)} != 0` : `(${asleepVar(t)} != 0${not.join('')})`;
}
