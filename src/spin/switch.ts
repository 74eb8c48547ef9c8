// Context switches in the exported model (ops/sched.ts canSwitch, switchTo, preemptionLimited):
// each a move of its own, offered beside the CPU's steps (promela.ts), over the scheduler's words
// of sched.ts. Apart from sched.ts because the switch reads whether the running task could step
// (its instructions' guards, instr.ts), which the scheduler's steps in instr.ts must not import. Pure.
import { tasksOn } from '../machine/task-words.js';
import { isSilent, type Program } from '../machine/program.js';
import { guardOf } from './instr.js';
import { asleepVar, curTask, freshVar, pcVar, taskCtx, usedVar } from './model-names.js';
import { preemptible, taskDone } from './sched.js';
import { taskWaitsOnLock } from './sleeping-lock.js';

/** Whether the task `cpu` runs is done, or it runs none. */
function curFree(p: Program, cpu: number): string {
  return `(${curTask(cpu)} == -1${tasksOn(p)[cpu]!.map((u) => ` || (${curTask(cpu)} == ${u} && ${taskDone(p, u)})`).join('')})`;
}

/** enabled.ts runEnabled for the running task of `cpu` (no handler active): its next step is not blocked. */
function curRuns(p: Program, cpu: number): string {
  const alts = tasksOn(p)[cpu]!.flatMap((u) => {
    const c = taskCtx(p, u);
    const pcs = p.codes[p.sched!.tasks[u]!.code]!.instrs.flatMap((i, pc) => {
      if (isSilent(i)) return [];
      const g = guardOf(p, c, i);
      return [`(${pcVar(c.frame)} == ${pc}${g === 'true' ? '' : ` && ${g}`})`];
    });
    return pcs.length === 0 ? [] : [`(${curTask(cpu)} == ${u} && (${pcs.join(' || ')}))`];
  });
  return alts.length === 0 ? 'false' : `(${alts.join(' || ')})`;
}

/**
 * ops/sched.ts canSwitch(cpu, t), less the checks the caller makes (no handler active, the store
 * buffer drained): t is another task, awake and not done; the CPU runs none or a finished one, or
 * may be preempted within the bound, unless its task was switched in and could step but has not.
 */
export function switchGuard(p: Program, cpu: number, t: number): string {
  const preempt = `(${preemptible(p, cpu)} && !(${freshVar(cpu)} && ${curRuns(p, cpu)}) && ${usedVar} < ${p.sched!.preemptions})`;
  const waits = taskWaitsOnLock(p, t);
  const ready = waits === 'false' ? '' : ` && !${waits}`;
  const sleeper = curWaits(p, cpu);
  return `${curTask(cpu)} != ${t} && ${asleepVar(t)} == 0 && !${taskDone(p, t)}${ready} && (${curFree(p, cpu)}${sleeper === 'false' ? '' : ` || ${sleeper}`} || ${preempt})`;
}

/**
 * Whether the task `cpu` runs waits on a sleeping lock (sleeping-lock.ts): it went to sleep in the
 * lock's slow path (schedule()), so switching away from it is a switch of its own, no preemption.
 */
function curWaits(p: Program, cpu: number): string {
  const alts = tasksOn(p)[cpu]!.flatMap((u) => {
    const w = taskWaitsOnLock(p, u);
    return w === 'false' ? [] : [`(${curTask(cpu)} == ${u} && ${w})`];
  });
  return alts.length === 0 ? 'false' : `(${alts.join(' || ')})`;
}

/**
 * ops/sched.ts switchTo: a task that finished with IRQs or preemption off, or in an RCU reader, is
 * a misuse (the caller checks it first); switching a running, unfinished task out uses a preemption.
 */
export function switchBody(p: Program, cpu: number, t: number): string {
  const live = tasksOn(p)[cpu]!.map((u) => {
    const waits = taskWaitsOnLock(p, u);
    return `(${curTask(cpu)} == ${u} && !${taskDone(p, u)}${waits === 'false' ? '' : ` && !${waits}`})`;
  });
  const count = live.length === 0 ? '' : `if :: ${live.join(' || ')} -> ${usedVar} = ${usedVar} + 1 :: else -> skip fi; `;
  return `${count}${curTask(cpu)} = ${t}; ${freshVar(cpu)} = 1;`;
}

/** The misuse switchTo reports: the outgoing task left the CPU non-preemptible. */
export function switchMisuse(p: Program, cpu: number): string {
  return `(${curTask(cpu)} != -1 && !(${preemptible(p, cpu)}))`;
}

/**
 * ops/sched.ts preemptionLimited on `cpu` (no handler active): the bound is used up, and the
 * running task could otherwise be preempted for another runnable task.
 */
export function preemptionLimited(p: Program, cpu: number): string {
  const ts = tasksOn(p)[cpu]!;
  const alts = ts.flatMap((u) => {
    // A task sleeping on a lock switches away for free, and none can be switched to.
    const ready = (t: number): string => { const w = taskWaitsOnLock(p, t); return w === 'false' ? '' : ` && !${w}`; };
    const others = ts.filter((t) => t !== u).map((t) => `(${asleepVar(t)} == 0 && !${taskDone(p, t)}${ready(t)})`);
    return others.length === 0 ? [] : [`(${curTask(cpu)} == ${u} && !${taskDone(p, u)}${ready(u)} && (${others.join(' || ')}))`];
  });
  if (alts.length === 0) return 'false';
  return `(${usedVar} >= ${p.sched!.preemptions} && ${preemptible(p, cpu)} && !(${freshVar(cpu)} && ${curRuns(p, cpu)}) && (${alts.join(' || ')}))`;
}

