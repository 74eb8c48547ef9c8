// Where each part of a machine state lives inside its Int32Array. Computed once per program.
// Pure.
import { memoByObject } from '../common/memo.js';
import type { Program } from './program.js';

/** Words per CPU: see the CPU_* offsets. */
export const CPU_IRQ_OFF = 0; // 1 while this CPU's IRQs are disabled
export const CPU_PREEMPT = 1; // preempt_count: preempt_disable() and every lock held
export const CPU_RCU = 2; // rcu_read_lock nesting
export const CPU_IRQ_HANDLER = 3; // 1 + index of the running IRQ handler declaration, 0 when none
export const CPU_NMI_HANDLER = 4; // likewise for NMI
export const CPU_IRQ_SAVED = 5; // IRQ-off flag to restore when the IRQ handler returns
export const CPU_NMI_SAVED = 6; // likewise for the NMI handler
export const CPU_WORDS = 7;

/**
 * Words per frame (one frame per CPU per level): pc, then the locals, then the pending
 * grace-period bitsets (32 CPUs a word): the CPUs still inside a read-side section that was in
 * progress when the grace period started, and under TSO a second set, the CPUs whose store buffer
 * still holds stores from then (ops/rcu.ts); then, when the program has an rwlock, one word per
 * lock: how many read locks on it this context holds (read_unlock checks its own count, not the
 * shared reader count, so the readers of different contexts commute: docs/reduction.md).
 */
export const FRAME_PC = 0;
export const FRAME_LOCALS = 1;

/** Words per lock. Spinlock: [holder]. Rwlock: [readers, writer holding, writer waiting]. */
export const LOCK_WORDS = 3;
export const LOCK_HOLDER = 0;
export const RW_READERS = 0;
export const RW_WRITER = 1;
export const RW_WAITING = 2;

/** Values of an object's freed flag (Layout.freedBase): a pool's slots start unallocated (ops/pool.ts). */
export const LIVE = 0;
export const FREED = 1;
export const UNALLOCATED = 2;

export interface Layout {
  readonly memBase: number;
  readonly memSize: number;
  readonly freedBase: number;
  readonly lockBase: number;
  /** SRCU domains, srcuWords each (ops/srcu.ts): shared words, after the locks. */
  readonly srcuBase: number;
  readonly srcuWords: number;
  readonly cpuBase: number;
  readonly frameBase: number;
  readonly frameWords: number;
  /** Offset of the grace-period bitsets inside a frame, and the length of one set in words. */
  readonly gpOffset: number;
  readonly gpWords: number;
  /** How many sets: 1 (readers), or 2 under TSO (readers, then buffers). */
  readonly gpSets: number;
  /** Offset in a frame of its read-lock counts, one word per lock (none without rwlocks). */
  readonly heldOffset: number;
  readonly fireBase: number;
  /** Store buffers (TSO only): per CPU [count, then (loc, value) pairs]. */
  readonly sbBase: number;
  readonly sbWords: number;
  /**
   * Scheduler words (ops/sched.ts), -1 without Program.sched: preemptions used, then per task
   * whether it sleeps, then per CPU the running task (-1: none) and whether it has stepped since
   * it was switched in. Each task's saved frame follows the CPUs' frames (frameOf's index
   * cpus * 3 + task), so a program without tasks has the layout it always had.
   */
  readonly schedBase: number;
  readonly size: number;
}

export const layoutOf: (p: Program) => Layout = memoByObject(computeLayout);

function computeLayout(p: Program): Layout {
  const maxLocals = Math.max(0, ...p.codes.map((c) => c.localNames.length));
  const memBase = 0;
  const memSize = p.memInit.length;
  const freedBase = memBase + memSize;
  const lockBase = freedBase + p.objects.length;
  const srcuBase = lockBase + p.locks.length * LOCK_WORDS;
  const srcuWords = srcuWordsOf(p.cpus);
  const cpuBase = srcuBase + (p.srcus?.length ?? 0) * srcuWords;
  const gpOffset = FRAME_LOCALS + maxLocals;
  const gpWords = Math.ceil(p.cpus / 32);
  const gpSets = p.memoryModel === 'tso' ? 2 : 1;
  const heldOffset = gpOffset + gpWords * gpSets;
  const frameWords = heldOffset + (p.locks.some((k) => k.kind === 'rwlock') ? p.locks.length : 0);
  const frameBase = cpuBase + p.cpus * CPU_WORDS;
  const tasks = p.sched?.tasks.length ?? 0;
  const fireBase = frameBase + (p.cpus * 3 + tasks) * frameWords;
  const sbBase = fireBase + p.handlers.length;
  const sbWords = p.memoryModel === 'tso' ? 1 + 2 * p.storeBufferSize : 0;
  const schedBase = p.sched ? sbBase + p.cpus * sbWords : -1;
  const size = sbBase + p.cpus * sbWords + (p.sched ? 1 + tasks + 2 * p.cpus : 0);
  const layout: Layout = { memBase, memSize, freedBase, lockBase, srcuBase, srcuWords, cpuBase, frameBase, frameWords, gpOffset, gpWords, gpSets, heldOffset, fireBase, sbBase, sbWords, schedBase, size };
  return layout;
}

/**
 * Words per srcu_struct: its index (flipped by each grace period's start), then per context
 * (cpu * 3 + level) its read-side nesting, then per context the contexts whose sections the grace
 * period it waits for still waits on, a bitset of SRCU_SET_WORDS(cpus) words.
 */
export const SRCU_IDX = 0;
export const SRCU_NEST = 1;
export function srcuSetWords(cpus: number): number {
  return Math.ceil((cpus * 3) / 32);
}
function srcuWordsOf(cpus: number): number {
  return SRCU_NEST + cpus * 3 + cpus * 3 * srcuSetWords(cpus);
}

export function cpuWord(l: Layout, cpu: number, word: number): number {
  return l.cpuBase + cpu * CPU_WORDS + word;
}

export function frameOf(l: Layout, cpu: number, level: number): number {
  return l.frameBase + (cpu * 3 + level) * l.frameWords;
}
