// Which words of a state belong to whom, for footprints: shared words (memory, freed flags, lock
// words, handler fire counters) and words private to one CPU (its flags, its frames, its store
// buffer). Words in neither are unknown and make a move dependent on everything. Pure.
import { CPU_WORDS, layoutOf, type Layout } from '../layout.js';
import { memoByObject } from '../../common/memo.js';
import type { Program } from '../program.js';

export interface Regions {
  readonly l: Layout;
  /** Word -> bit index in a shared-word bitset, or -1 when the word is not shared. */
  readonly sharedBit: Int32Array;
  /** Word -> owning CPU for private words, SHARED_WORD for shared words, UNKNOWN_WORD for unknown words. */
  readonly owner: Int16Array;
  /**
   * A bit of no state word: "the run is live". A step that finishes a context writes it; a
   * firing on an idle CPU reads it (it is enabled only while the run goes on: ops/interrupts.ts).
   */
  readonly liveBit: number;
  /** Number of shared bits (bitset length): the shared words, then liveBit. */
  readonly shared: number;
}

/** `Regions.owner` of a word shared by all CPUs. */
export const SHARED_WORD = -1;
/** `Regions.owner` of a word in no region: a move that writes one depends on everything. */
export const UNKNOWN_WORD = -2;

/** Computed once per program, and asked for on every move of the reduced search: memoByObject's fast path. */
export const regionsOf: (p: Program) => Regions = memoByObject(computeRegions);

function computeRegions(p: Program): Regions {
  const l = layoutOf(p);
  const sharedBit = new Int32Array(l.size).fill(-1);
  const owner = new Int16Array(l.size).fill(UNKNOWN_WORD);
  let shared = 0;
  for (let w = 0; w < l.cpuBase; w++) { sharedBit[w] = shared++; owner[w] = SHARED_WORD; }
  for (let w = l.fireBase; w < l.sbBase; w++) { sharedBit[w] = shared++; owner[w] = SHARED_WORD; }
  // RCU callback slots (ops/rcu-callbacks.ts): shared; the grace periods they wait for are the
  // queuing CPU's own words, which other CPUs' quiescent states clear (private writes).
  for (let w = l.cbBase; w < l.cbGpBase; w++) { sharedBit[w] = shared++; owner[w] = SHARED_WORD; }
  const cbGpPerCpu = l.cbObjects * l.gpWords * l.gpSets;
  for (let c = 0; c < p.cpus; c++) {
    for (let k = 0; k < CPU_WORDS; k++) owner[l.cpuBase + c * CPU_WORDS + k] = c;
    for (let k = 0; k < 3 * l.frameWords; k++) owner[l.frameBase + c * 3 * l.frameWords + k] = c;
    for (let k = 0; k < l.sbWords; k++) owner[l.sbBase + c * l.sbWords + k] = c;
    // Its softirq words and frame (ops/softirq.ts), when the program has them.
    for (let k = 0; k < l.softWords; k++) owner[l.softBase + c * l.softWords + k] = c;
    for (let k = 0; k < cbGpPerCpu; k++) owner[l.cbGpBase + c * cbGpPerCpu + k] = c;
  }
  // Scheduler words (ops/sched.ts): each task's saved frame is its CPU's; the preemption count and
  // the sleep flags are shared (a wakeup on any CPU clears a flag); the running task and the
  // fresh flag are their CPU's.
  if (p.sched) {
    const fw = l.frameWords;
    p.sched.tasks.forEach((t, i) => {
      for (let k = 0; k < fw; k++) owner[l.frameBase + (p.cpus * 3 + i) * fw + k] = t.cpu;
    });
    for (let w = l.schedBase; w < l.schedBase + 1 + p.sched.tasks.length; w++) { sharedBit[w] = shared++; owner[w] = SHARED_WORD; }
    for (let c = 0; c < p.cpus; c++) {
      owner[l.schedBase + 1 + p.sched.tasks.length + c] = c;
      owner[l.schedBase + 1 + p.sched.tasks.length + p.cpus + c] = c;
    }
  }
  const liveBit = shared++;
  return { l, sharedBit, owner, liveBit, shared };
}

/** The freed-flag word guarding memory location `loc`, or -1 when it cannot be freed. */
export function freedWordOf(p: Program, l: Layout, loc: number): number {
  const o = p.locOwner[loc] ?? -1;
  return o >= 0 && p.objects[o]?.heap ? l.freedBase + o : -1;
}
