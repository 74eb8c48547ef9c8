// Sleep sets on top of the persistent sets, with state caching (Godefroid, "Partial-order methods
// for the verification of concurrent systems", LNCS 1032, 1996, ch. 5 and 6; Godefroid, Holzmann
// and Pirottin, "State-space caching revisited", FMSD 1995). A move that a state's earlier
// sibling took, and that is independent of the move leading here, sleeps: whatever it leads to
// from here is reached from that sibling too. Each stored state keeps the sleep set it was last
// expanded with; a later visit with a smaller one expands the moves that slept then and are awake
// now. docs/reduction.md argues why this is sound. Pure.
import { assertNever } from '../../common/assert-never.js';
import { countGuards, countsCommuteAt } from '../../machine/footprint/counts.js';
import type { MoveFootprint } from '../../machine/footprint/move-footprint.js';
import { regionsOf } from '../../machine/footprint/regions.js';
import type { Move } from '../../machine/moves.js';
import type { Program } from '../../machine/program.js';

export class SleepSets {
  /** Words of one sleep set: a bit per move identity (moveId). */
  readonly words: number;
  private readonly cpus: number;
  private readonly handlers: number;
  private readonly live: number;
  /** The guard values of the counts of each counted word, by shared bit (counts.ts). */
  private readonly guards: Map<number, number[]>;
  /** The sleep set each stored state was last expanded with, `words` words per state id. */
  private stored: Int32Array;

  constructor(p: Program) {
    this.cpus = p.cpus;
    this.handlers = p.handlers.length;
    this.words = Math.ceil((p.cpus * (2 + p.handlers.length) + (p.sched?.tasks.length ?? 0)) / 32);
    const r = regionsOf(p);
    this.live = r.liveBit;
    this.guards = new Map([...countGuards(p)].map(([loc, g]) => [r.sharedBit[r.l.memBase + loc]!, g]));
    this.stored = new Int32Array(1024 * this.words);
  }

  /**
   * A move's identity, the same in every state: `run c` on CPU c runs whatever its innermost
   * context stands at, and a move that sleeps is one no move since has touched, so it still
   * stands there.
   */
  moveId(m: Move): number {
    switch (m.kind) {
      case 'run': return m.cpu;
      case 'drain': return this.cpus + m.cpu;
      case 'switch': return (2 + this.handlers) * this.cpus + m.task;
      case 'irq': case 'nmi': case 'softirq': return (2 + m.handler) * this.cpus + m.cpu;
      default: return assertNever(m);
    }
  }

  /** Bytes the stored sleep sets take. */
  get bytes(): number {
    return this.stored.byteLength;
  }

  /** The stored sleep set of state `id` (a view: copy it to keep it). */
  of(id: number): Int32Array {
    return this.stored.subarray(id * this.words, (id + 1) * this.words);
  }

  /** Store `z` as the sleep set of state `id`. */
  store(id: number, z: Int32Array): void {
    const at = id * this.words;
    if (at + this.words > this.stored.length) {
      const grown = new Int32Array(Math.max(this.stored.length * 2, at + this.words));
      grown.set(this.stored);
      this.stored = grown;
    }
    this.stored.set(z, at);
  }

  /**
   * Whether two moves of a state commute there: different CPUs and footprints that do not conflict
   * (the rule of docs/reduction.md, "Independent moves commute"; two writes of the live bit do not
   * conflict, as contexts finishing on two CPUs end the run in either order).
   */
  independent(a: Move, fa: MoveFootprint, b: Move, fb: MoveFootprint): boolean {
    if (a.cpu === b.cpu || fa.unknown || fb.unknown) return false;
    if (((fa.privateWrites >>> b.cpu) & 1) !== 0 || ((fb.privateWrites >>> a.cpu) & 1) !== 0) return false;
    if ((fa.gp && fb.reader) || (fb.gp && fa.reader)) return false;
    for (const w of fa.writes) if (fb.reads.includes(w) || fb.adds.includes(w) || (w !== this.live && fb.writes.includes(w))) return false;
    for (const w of fb.writes) if (fa.reads.includes(w) || fa.adds.includes(w)) return false;
    for (const d of fa.adds) if (fb.reads.includes(d)) return false;
    for (const d of fb.adds) if (fa.reads.includes(d)) return false;
    return this.countsIndependent(fa, fb) && this.countsIndependent(fb, fa);
  }

  /**
   * A's count against b's accesses: a count meets any read, write or add of its word, and another
   * count of it when either meets a guard value in either order (counts.ts); both moves are
   * enabled in the same state, so they see the same value.
   */
  private countsIndependent(fa: MoveFootprint, fb: MoveFootprint): boolean {
    const c = fa.count;
    if (c < 0) return true;
    if (fb.reads.includes(c) || fb.writes.includes(c) || fb.adds.includes(c)) return false;
    return fb.count !== c || countsCommuteAt(this.guards.get(c) ?? [], fa.countBefore, fa.countDelta, fb.countDelta);
  }
}

export function hasMove(z: Int32Array, id: number): boolean {
  return ((z[id >>> 5]! >>> (id & 31)) & 1) !== 0;
}

export function addMove(z: Int32Array, id: number): void {
  z[id >>> 5]! |= 1 << (id & 31);
}
