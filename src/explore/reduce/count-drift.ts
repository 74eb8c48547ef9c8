// Whether a count of a CPU in a persistent set's C commutes with the counts the CPUs outside C may
// still make (machine/footprint/counts.ts), in every run from the state that avoids the set. In
// those runs only the CPUs outside C move, so the counted word stays within the value now plus the
// least and greatest partial sums of their counts (their drift: from each context's pc, and every
// firing a handler has left). If no guard value of the word lies in that range, or in it shifted
// by the count of C's move (which in the reordered run comes first), no count in either order
// meets a guard, and each pair commutes. Pure.
import { countGuards, driftFrom, type Drift } from '../../machine/footprint/counts.js';
import type { MoveFootprint } from '../../machine/footprint/move-footprint.js';
import { regionsOf } from '../../machine/footprint/regions.js';
import { hasBit, instrFootprint, successors } from '../../machine/footprint/static-footprint.js';
import { layoutOf, usesSoftirq } from '../../machine/layout.js';
import type { Level, Program } from '../../machine/program.js';
import { codeOf, pcOf, taskFinished, type State } from '../../machine/state.js';
import { taskMayRun, taskPc, tasksOn } from '../../machine/task-words.js';

interface Word {
  readonly guards: readonly number[];
  /** drift[code][pc]: how far a context running `code` from pc may still move the word. */
  readonly drift: Drift[][];
}

export class CountDrift {
  /** The counted words that have a guard value, by shared bit (the others always commute). */
  private readonly words = new Map<number, Word>();
  private readonly levels: readonly Level[];

  constructor(private readonly p: Program) {
    const r = regionsOf(p);
    this.levels = usesSoftirq(p) ? [1, 2, 3] : [1, 2];
    for (const [loc, guards] of countGuards(p)) {
      if (guards.length === 0) continue;
      const bit = r.sharedBit[r.l.memBase + loc]!;
      const writes = (i: Parameters<typeof instrFootprint>[1]): boolean => hasBit(instrFootprint(p, i).writes, bit);
      this.words.set(bit, { guards, drift: p.codes.map((c) => driftFrom(p, c, loc, writes, successors)) });
    }
  }

  /** How far CPU e may still move the word, in runs from `s`. */
  private cpuDrift(w: Word, s: State, e: number): Drift {
    const p = this.p;
    const l = layoutOf(p);
    let min = 0, max = 0;
    const add = (d: Drift, times = 1): void => { min += d.min * times; max += d.max * times; };
    if (p.sched) {
      // Every task of e that is not done, the running one and the switched-out ones alike: any
      // may run (again) in runs that avoid the set, from its own pc (ops/sched.ts). The first
      // task's code alone would miss a switched-out task's counts: a wrong `safe`
      // (count-drift.test.ts).
      for (const t of tasksOn(p)[e]!) {
        // An idle kworker too: a queue_work() may wake it (taskMayRun).
        if (!taskMayRun(p, l, s, t)) continue;
        const code = p.sched.tasks[t]!.code;
        add(w.drift[code]![Math.min(taskPc(p, l, s, t), p.codes[code]!.instrs.length)]!);
      }
    } else {
      const task = p.tasks[e] ?? -1;
      if (task >= 0 && !taskFinished(p, l, s, e)) add(w.drift[task]![pcOf(l, s, e, 0)]!);
    }
    for (const level of this.levels) {
      const code = codeOf(p, l, s, e, level);
      if (code >= 0) add(w.drift[code]![Math.min(pcOf(l, s, e, level), p.codes[code]!.instrs.length)]!);
    }
    p.handlers.forEach((h, i) => {
      const left = h.max - (s[l.fireBase + i] ?? 0);
      if (h.cpus.includes(e) && left > 0) add(w.drift[h.code]![0]!, left);
    });
    return { min, max };
  }

  /**
   * Whether the count `m` (a move of a CPU in `inC`, from `s`) commutes with every count the CPUs
   * outside `inC` may make in runs from `s` that avoid the set.
   */
  commutes(s: State, m: MoveFootprint, inC: number): boolean {
    const w = this.words.get(m.count);
    if (!w) return true;
    let lo = m.countBefore, hi = m.countBefore;
    for (let e = 0; e < this.p.cpus; e++) {
      if ((inC >>> e) & 1) continue;
      const d = this.cpuDrift(w, s, e);
      lo += d.min;
      hi += d.max;
    }
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) return false;
    const from = Math.min(lo, lo + m.countDelta);
    const to = Math.max(hi, hi + m.countDelta);
    return w.guards.every((g) => g < from || g > to);
  }
}
