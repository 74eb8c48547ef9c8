// A machine state: one flat Int32Array laid out by layout.ts, so copying, hashing and comparing
// are cheap. Queries here are pure and never mutate.
import { UNALLOCATED, type Layout } from './layout.js';
import {
  CPU_IRQ_HANDLER, CPU_IRQ_OFF, CPU_NMI_HANDLER, CPU_PREEMPT, CPU_RCU, FRAME_PC, SOFT_BH, SOFT_HANDLER,
  cpuWord, frameOf, layoutOf,
} from './layout.js';
import type { Instr, Level, Program } from './program.js';
import { allTasksDone, currentTask } from './task-words.js';

export type State = Int32Array;

/** Memory initialised, every context at pc 0 (see start.ts for the state runs begin in). */
export function blankState(p: Program): State {
  const l = layoutOf(p);
  const s = new Int32Array(l.size);
  for (let i = 0; i < p.memInit.length; i++) s[l.memBase + i] = p.memInit[i] ?? 0;
  for (const pool of p.pools ?? []) for (const o of pool.objects) s[l.freedBase + o] = UNALLOCATED;
  return s;
}

/** The innermost running context of a CPU: NMI over IRQ over softirq over task. */
export function innermost(l: Layout, s: State, cpu: number): Level {
  if (s[cpuWord(l, cpu, CPU_NMI_HANDLER)] !== 0) return 2;
  if (s[cpuWord(l, cpu, CPU_IRQ_HANDLER)] !== 0) return 1;
  if (l.softWords !== 0 && s[l.softBase + cpu * l.softWords + SOFT_HANDLER] !== 0) return 3;
  return 0;
}

/** The handler declaration running at `level` (1 IRQ, 2 NMI, 3 softirq) on `cpu`, or -1. */
export function handlerAt(l: Layout, s: State, cpu: number, level: Level): number {
  if (level === 3) return l.softWords === 0 ? -1 : (s[l.softBase + cpu * l.softWords + SOFT_HANDLER] ?? 0) - 1;
  return (s[cpuWord(l, cpu, level === 1 ? CPU_IRQ_HANDLER : CPU_NMI_HANDLER)] ?? 0) - 1;
}

/** The code a context runs, or -1 (an idle CPU's task, an inactive handler level). */
export function codeOf(p: Program, l: Layout, s: State, cpu: number, level: Level): number {
  if (level === 0) {
    if (l.schedBase < 0) return p.tasks[cpu] ?? -1;
    const t = currentTask(p, l, s, cpu);
    return t < 0 ? -1 : (p.sched!.tasks[t]?.code ?? -1);
  }
  const h = handlerAt(l, s, cpu, level);
  return h < 0 ? -1 : (p.handlers[h]?.code ?? -1);
}

export function pcOf(l: Layout, s: State, cpu: number, level: Level): number {
  return s[frameOf(l, cpu, level) + FRAME_PC] ?? 0;
}

/** The instruction a context will execute next, or undefined when it has finished. */
export function nextInstr(p: Program, l: Layout, s: State, cpu: number, level: Level): Instr | undefined {
  const c = codeOf(p, l, s, cpu, level);
  if (c < 0) return undefined;
  return p.codes[c]?.instrs[pcOf(l, s, cpu, level)];
}

/** A task context is finished when its pc is past its code; handlers pop when they finish. */
export function taskFinished(p: Program, l: Layout, s: State, cpu: number): boolean {
  // With several tasks: every task of the CPU is past its code and awake (ops/sched.ts).
  if (l.schedBase >= 0) return allTasksDone(p, l, s, cpu);
  const c = p.tasks[cpu] ?? -1;
  if (c < 0) return true;
  return pcOf(l, s, cpu, 0) >= (p.codes[c]?.instrs.length ?? 0);
}

export function allFinished(p: Program, l: Layout, s: State): boolean {
  for (let cpu = 0; cpu < p.cpus; cpu++) {
    if (innermost(l, s, cpu) !== 0 || !taskFinished(p, l, s, cpu)) return false;
  }
  return true;
}

/**
 * RCU's view of a CPU: it is inside a read-side critical section while it holds rcu_read_lock,
 * has preemption, IRQs or bottom halves disabled, or runs an IRQ, NMI or softirq handler (the
 * consolidated RCU flavours since Linux 4.20: Documentation/RCU/whatisRCU.rst; a softirq handler
 * and a bh-disabled region are RCU-bh readers, which that consolidation folded into RCU).
 */
export function inRcuReader(l: Layout, s: State, cpu: number): boolean {
  const b = cpuWord(l, cpu, 0);
  return (
    s[b + CPU_IRQ_OFF] !== 0 || s[b + CPU_PREEMPT] !== 0 || s[b + CPU_RCU] !== 0 ||
    s[b + CPU_IRQ_HANDLER] !== 0 || s[b + CPU_NMI_HANDLER] !== 0 ||
    (l.softWords !== 0 && (s[l.softBase + cpu * l.softWords + SOFT_HANDLER] !== 0 || s[l.softBase + cpu * l.softWords + SOFT_BH] !== 0))
  );
}

export { layoutOf };
