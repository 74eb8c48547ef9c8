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

/** The initial running task of each CPU that has one other than task 0 (-1: none). */
export function schedInits(p: Program): string[] {
  if (!p.sched) return [];
  return tasksOn(p).flatMap((ts, cpu) => ((ts[0] ?? -1) !== 0 ? [`${curTask(cpu)} = ${ts[0] ?? -1}`] : []));
}

/** ops/sched.ts preemptible: preempt_count 0 (bottom halves included), IRQs on, outside rcu_read_lock(). */
export function preemptible(p: Program, cpu: number): string {
  const bh = usesSoftirq(p) ? ` && ${bhCount(cpu)} == 0` : '';
  return `${irqOff(cpu)} == 0 && ${preempt(cpu)} == 0 && ${rcuNest(cpu)} == 0${bh}`;
}

/** task-words.ts taskDone: past its code and awake. */
export function taskDone(p: Program, t: number): string {
  const code = p.codes[p.sched!.tasks[t]!.code]!;
  return `(${asleepVar(t)} == 0 && ${pcVar(taskCtx(p, t).frame)} >= ${code.instrs.length})`;
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
