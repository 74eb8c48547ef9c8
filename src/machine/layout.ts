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
   * Softirq words (ops/softirq.ts), after the store buffers, softWords per CPU: SOFT_HANDLER,
   * SOFT_BH, then the CPU's softirq frame (level 3). softWords is 0 for a program with no softirq
   * handler and no bottom-half op: it pays nothing for them.
   */
  readonly softBase: number;
  readonly softWords: number;
  /**
   * RCU callbacks (ops/rcu-callbacks.ts), only in programs that queue them: per object CB_WORDS
   * shared words (the handler running its queued callback, plus one; the CPU it was queued on),
   * then per CPU and object the grace period the callback waits for (gpWords * gpSets words, the
   * queuing CPU's own); and in each frame, at barrierOffset, the objects whose callbacks an
   * rcu_barrier() there still waits for (barrierWords: 0 without rcu_barrier()).
   */
  readonly cbBase: number;
  readonly cbGpBase: number;
  readonly cbObjects: number;
  readonly barrierOffset: number;
  readonly barrierWords: number;
  /**
   * Scheduler words (ops/sched.ts), -1 without Program.sched: preemptions used, then per task
   * whether it sleeps, then per CPU the running task (-1: none) and whether it has stepped since
   * it was switched in. Each task's saved frame follows the CPUs' frames (frameOf's index
   * cpus * 3 + task), so a program without tasks has the layout it always had.
   */
  readonly schedBase: number;
  readonly size: number;
}

/** Words per object of the callback slots: CB_DECL (handler + 1, 0 when none queued), CB_CPU. */
export const CB_DECL = 0;
export const CB_CPU = 1;
export const CB_WORDS = 2;

/** Offsets in a CPU's softirq words: 1 + index of the running softirq handler (0: none), then the BH-disable count. */
export const SOFT_HANDLER = 0;
export const SOFT_BH = 1;
export const SOFT_FRAME = 2;

export const layoutOf: (p: Program) => Layout = memoByObject(computeLayout);

function computeLayout(p: Program): Layout {
  const maxLocals = Math.max(0, ...p.codes.map((c) => c.localNames.length));
  const memBase = 0;
  const memSize = p.memInit.length;
  const freedBase = memBase + memSize;
  const lockBase = freedBase + p.objects.length;
  const srcuBase = lockBase + p.locks.length * LOCK_WORDS;
  const srcuWords = srcuWordsOf(contextCount(p));
  const cpuBase = srcuBase + (p.srcus?.length ?? 0) * srcuWords;
  const gpOffset = FRAME_LOCALS + maxLocals;
  const gpWords = Math.ceil(p.cpus / 32);
  const gpSets = p.memoryModel === 'tso' ? 2 : 1;
  const heldOffset = gpOffset + gpWords * gpSets;
  const barrierOffset = heldOffset + (p.locks.some((k) => k.kind === 'rwlock') ? p.locks.length : 0);
  const cbObjects = usesCallbacks(p) ? p.objects.length : 0;
  const barrierWords = usesBarrier(p) ? Math.ceil(cbObjects / 32) : 0;
  const frameWords = barrierOffset + barrierWords;
  const frameBase = cpuBase + p.cpus * CPU_WORDS;
  const tasks = p.sched?.tasks.length ?? 0;
  const fireBase = frameBase + (p.cpus * 3 + tasks) * frameWords;
  const sbBase = fireBase + p.handlers.length;
  const sbWords = p.memoryModel === 'tso' ? 1 + 2 * p.storeBufferSize : 0;
  const softBase = sbBase + p.cpus * sbWords;
  const softWords = usesSoftirq(p) ? SOFT_FRAME + frameWords : 0;
  const cbBase = softBase + p.cpus * softWords;
  const cbGpBase = cbBase + cbObjects * CB_WORDS;
  const cbEnd = cbGpBase + p.cpus * cbObjects * gpWords * gpSets;
  const schedBase = p.sched ? cbEnd : -1;
  const size = cbEnd + (p.sched ? 1 + tasks + 2 * p.cpus : 0);
  const layout: Layout = { memBase, memSize, freedBase, lockBase, srcuBase, srcuWords, cpuBase, frameBase, frameWords, gpOffset, gpWords, gpSets, heldOffset, fireBase, sbBase, sbWords, softBase, softWords, cbBase, cbGpBase, cbObjects, barrierOffset, barrierWords, schedBase, size };
  return layout;
}

/**
 * Whether the program has softirq state: a softirq handler, or a bottom-half op (whose count makes
 * an RCU reader and answers in_softirq(): ops/softirq.ts). Without either no word is spent on it.
 */
export const usesSoftirq = memoByObject((p: Program): boolean =>
  p.handlers.some((h) => h.kind === 'softirq') || usesCallbacks(p) ||
  p.codes.some((c) => c.instrs.some((i) => i.op === 'irq' && (i.kind === 'local_bh_disable' || i.kind === 'local_bh_enable'))));

/** Whether the program queues RCU callbacks (call_rcu, kfree_rcu): only then has it callback words. */
export const usesCallbacks = memoByObject((p: Program): boolean =>
  p.codes.some((c) => c.instrs.some((i) => i.op === 'rcu_callback' && (i.kind === 'call_rcu' || i.kind === 'kfree_rcu'))));

/** Whether some code calls rcu_barrier(): only then has a frame its barrier words. */
const usesBarrier = memoByObject((p: Program): boolean =>
  p.codes.some((c) => c.instrs.some((i) => i.op === 'rcu_callback' && i.kind === 'rcu_barrier_start')));

/** The first word of the grace period callback `object` queued on `cpu` waits for. */
export function cbGpWord(l: Layout, cpu: number, object: number): number {
  return l.cbGpBase + (cpu * l.cbObjects + object) * l.gpWords * l.gpSets;
}

/**
 * A context's index (cpu * 3 + level for task, IRQ and NMI; after all of those, one per CPU for its
 * softirq level), so that programs without softirqs keep their numbering: SRCU's per-context words,
 * footprint caches, the random scheduler's entities.
 */
export function contextIndex(cpus: number, cpu: number, level: number): number {
  return level === 3 ? cpus * 3 + cpu : cpu * 3 + level;
}

/** The CPU of a context index (contextIndex). */
export function cpuOfContext(cpus: number, ctx: number): number {
  return ctx >= cpus * 3 ? ctx - cpus * 3 : Math.floor(ctx / 3);
}

/** How many contexts contextIndex numbers: 3 per CPU, and a softirq level each when the program has one. */
export function contextCount(p: Program): number {
  return p.cpus * (usesSoftirq(p) ? 4 : 3);
}

/**
 * Words per srcu_struct: its index (flipped by each grace period's start), then per context
 * (contextIndex) its read-side nesting, then per context the contexts whose sections the grace
 * period it waits for still waits on, a bitset of SRCU_SET_WORDS(contexts) words.
 */
export const SRCU_IDX = 0;
export const SRCU_NEST = 1;
export function srcuSetWords(contexts: number): number {
  return Math.ceil(contexts / 32);
}
/**
 * After the sets, the semaphore-like readers' words (srcu_down_read/srcu_up_read, ops/srcu-down.ts):
 * the count of such sections open per index (SRCU_DOWN_COUNT + idx), and the grace period in
 * progress (SRCU_DOWN_GP: 0 when none, else 1 + its waiter's context * 2 + the index it waits on).
 */
export const SRCU_DOWN_COUNT = 0;
export const SRCU_DOWN_GP = 2;
export function srcuDownWord(contexts: number): number {
  return SRCU_NEST + contexts + contexts * srcuSetWords(contexts);
}
function srcuWordsOf(contexts: number): number {
  return srcuDownWord(contexts) + 3;
}

export function cpuWord(l: Layout, cpu: number, word: number): number {
  return l.cpuBase + cpu * CPU_WORDS + word;
}

export function frameOf(l: Layout, cpu: number, level: number): number {
  if (level === 3) return l.softBase + cpu * l.softWords + SOFT_FRAME;
  return l.frameBase + (cpu * 3 + level) * l.frameWords;
}

/** A CPU's softirq word (SOFT_HANDLER, SOFT_BH), or -1 when the program has none (it reads as 0). */
export function softWord(l: Layout, cpu: number, word: number): number {
  return l.softWords === 0 ? -1 : l.softBase + cpu * l.softWords + word;
}
