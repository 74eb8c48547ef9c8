// How the exported model names raceway's state: one Promela global per part of the machine's
// state (layout.ts), indexed as raceway indexes it. The only place that knows these names. Pure.
import { usesCallbacks, usesSoftirq } from '../machine/layout.js';
import { handlerLevel, type Level, type Program } from '../machine/program.js';
import type { ViolationKind } from '../machine/violation.js';
import { VIOLATION_KINDS } from '../machine/violation.js';

export const PTR_BASE_NAME = 'PTR_BASE';

/**
 * Where a step runs: the CPU, its level and the frame that holds pc and locals (frameIndex). A
 * task of a program with several tasks per CPU (Program.sched) runs in a frame of its own, `task`.
 */
export interface Ctx {
  readonly cpu: number;
  readonly level: Level;
  readonly frame: number;
  /** Locals per frame in the model (the most any code has, at least 1). */
  readonly nl: number;
  /** The task (index in Program.sched.tasks) whose code runs here, or -1 (no scheduler, or a handler). */
  readonly task: number;
}

/**
 * The model's frames: cpu * 3 + level for the task, IRQ and NMI levels (as the machine numbers
 * them); then, with tasks (ops/sched.ts), one per task at cpus * 3 + task, where the machine keeps a
 * switched-out task's saved frame (the model gives each task its own frame for good, so a switch
 * copies nothing, and the level-0 frames stay unused); then, with softirqs, one per CPU for the
 * softirq level (layout.ts keeps it apart, after the store buffers).
 */
export function frameIndex(p: Program, cpu: number, level: Level): number {
  return level === 3 ? p.cpus * 3 + taskCount(p) + cpu : cpu * 3 + level;
}

export function frameCount(p: Program): number {
  return p.cpus * 3 + taskCount(p) + (usesSoftirq(p) ? p.cpus : 0);
}

export function taskCount(p: Program): number {
  return p.sched?.tasks.length ?? 0;
}

export function ctxOf(p: Program, cpu: number, level: Level): Ctx {
  return { cpu, level, frame: frameIndex(p, cpu, level), nl: localsPerFrame(p), task: -1 };
}

/** Task t's context (Program.sched): its CPU's task level, in its own frame. */
export function taskCtx(p: Program, t: number): Ctx {
  return { cpu: p.sched!.tasks[t]!.cpu, level: 0, frame: p.cpus * 3 + t, nl: localsPerFrame(p), task: t };
}

/** The frames each code runs in: a task's on its CPU's level 0 (or its own), a handler's at its level on each of its CPUs. */
export function framesOfCodes(p: Program): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const add = (code: number, frame: number): void => { out.set(code, [...(out.get(code) ?? []), frame]); };
  if (p.sched) p.sched.tasks.forEach((t, i) => add(t.code, taskCtx(p, i).frame));
  else p.tasks.forEach((code, cpu) => { if (code >= 0) add(code, frameIndex(p, cpu, 0)); });
  for (const h of p.handlers) for (const cpu of h.cpus) add(h.code, frameIndex(p, cpu, handlerLevel(h.kind)));
  return out;
}

export function localsPerFrame(p: Program): number {
  return Math.max(1, ...p.codes.map((c) => c.localNames.length));
}

export const pcVar = (frame: number): string => `pc[${frame}]`;
export const localVar = (c: Ctx, slot: number): string => `lc[${c.frame * c.nl + slot}]`;
export const memVar = (idx: string): string => `m[${idx}]`;
export const freedVar = (obj: string): string => `fr[${obj}]`;
/** Lock words: three per lock (LOCK_WORDS), holder or [readers, writer, waiting writer]. */
export const lockVar = (lock: number, word: number): string => `lk[${lock * 3 + word}]`;
export const heldVar = (p: Program, frame: number, lock: number): string => `held[${frame * p.locks.length + lock}]`;
export const gpVar = (frame: number): string => `gp[${frame}]`;
/** Under TSO, the CPUs a grace period waits for only until their store buffer drains (ops/rcu.ts). */
export const gpbVar = (frame: number): string => `gpb[${frame}]`;
export const firedVar = (h: number): string => `fired[${h}]`;
/** Per-CPU words (layout.ts CPU_*). */
export const irqOff = (cpu: number): string => `irqoff[${cpu}]`;
export const preempt = (cpu: number): string => `pre[${cpu}]`;
export const rcuNest = (cpu: number): string => `rcu[${cpu}]`;
export const irqHandler = (cpu: number): string => `irqh[${cpu}]`;
export const nmiHandler = (cpu: number): string => `nmih[${cpu}]`;
export const savedOff = (cpu: number, level: 1 | 2): string => (level === 1 ? `irqsv[${cpu}]` : `nmisv[${cpu}]`);
export const handlerVar = (cpu: number, level: 1 | 2): string => (level === 1 ? irqHandler(cpu) : nmiHandler(cpu));
/** Softirq words (layout.ts SOFT_HANDLER, SOFT_BH): only in programs that use them (usesSoftirq). */
export const softHandler = (cpu: number): string => `softh[${cpu}]`;
export const bhCount = (cpu: number): string => `bh[${cpu}]`;
/** The scheduler's words (task-words.ts): the running task (-1: none), asleep, preemptions used, fresh. */
export const curTask = (cpu: number): string => `cur[${cpu}]`;
export const asleepVar = (t: number): string => `asl[${t}]`;
export const usedVar = 'used';
export const freshVar = (cpu: number): string => `fresh[${cpu}]`;
/** The objects with an RCU callback head (ops/rcu-callbacks.ts), in order: their slot index k. */
export function callbackObjects(p: Program): readonly number[] {
  if (!usesCallbacks(p)) return [];
  return [...new Set(p.handlers.flatMap((h) => (h.callback ? [h.callback.object] : [])))].sort((a, b) => a - b);
}
/** Callback slot k: the declaration queued plus one (0: none), the CPU it was queued on. */
export const cbDecl = (k: number): string => `cbd[${k}]`;
export const cbCpu = (k: number): string => `cbc[${k}]`;
/** The CPUs the grace period of slot k queued on `cpu` still waits for (cbgb: under TSO, for their buffers). */
export const cbGp = (p: Program, cpu: number, k: number): string => `cbg[${cpu * callbackObjects(p).length + k}]`;
export const cbGpb = (p: Program, cpu: number, k: number): string => `cbgb[${cpu * callbackObjects(p).length + k}]`;
/** The callback slots an rcu_barrier() in `frame` still waits for, a bit per slot. */
export const barrierVar = (frame: number): string => `bar[${frame}]`;

/**
 * The kinds a model can end a run with: those a scenario may expect, and pool-exhausted, which
 * raceway reports as a finding whose run stops at the pool's bound (judge.ts then calls the
 * result inconclusive, never safe), so the model must report it as one too. Not data-race: a
 * race is a state the run passes, and the model has no plain or marked accesses (docs/spin.md).
 */
export const MODEL_KINDS: readonly ViolationKind[] = [...VIOLATION_KINDS.filter((k) => k !== 'data-race'), 'pool-exhausted'];

/** The ghost `viol` holds 1 + the index of the kind in MODEL_KINDS, 0 while none. */
export function violCode(kind: ViolationKind): number {
  return MODEL_KINDS.indexOf(kind) + 1;
}

/** A negative literal in parentheses, so it never reads as a binary minus. */
export function lit(v: number): string {
  return v < 0 ? `(${v})` : String(v);
}
