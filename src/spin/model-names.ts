// How the exported model names raceway's state: one Promela global per part of the machine's
// state (layout.ts), indexed as raceway indexes it. The only place that knows these names. Pure.
import type { Level, Program } from '../machine/program.js';
import type { ViolationKind } from '../machine/violation.js';
import { VIOLATION_KINDS } from '../machine/violation.js';

export const PTR_BASE_NAME = 'PTR_BASE';

/** Where a step runs: the CPU, its level and the frame (cpu * 3 + level) that holds pc and locals. */
export interface Ctx {
  readonly cpu: number;
  readonly level: Level;
  readonly frame: number;
  /** Locals per frame in the model (the most any code has, at least 1). */
  readonly nl: number;
}

export function ctxOf(p: Program, cpu: number, level: Level): Ctx {
  return { cpu, level, frame: cpu * 3 + level, nl: localsPerFrame(p) };
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

/**
 * The kinds a model can end a run with: those a scenario may expect, and pool-exhausted, which
 * raceway reports as a finding whose run stops at the pool's bound (judge.ts then calls the
 * result inconclusive, never safe), so the model must report it as one too.
 */
export const MODEL_KINDS: readonly ViolationKind[] = [...VIOLATION_KINDS, 'pool-exhausted'];

/** The ghost `viol` holds 1 + the index of the kind in MODEL_KINDS, 0 while none. */
export function violCode(kind: ViolationKind): number {
  return MODEL_KINDS.indexOf(kind) + 1;
}

/** A negative literal in parentheses, so it never reads as a binary minus. */
export function lit(v: number): string {
  return v < 0 ? `(${v})` : String(v);
}
