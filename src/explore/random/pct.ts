// PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, "A
// Randomized Scheduler with Probabilistic Guarantees of Finding Bugs", ASPLOS 2010): random
// distinct priorities over the n entities (entities.ts), the highest-priority enabled entity
// runs, and at d-1 random steps the entity about to run drops below every initial priority.
// A bug of depth d among n entities and k steps is found with probability at least
// 1/(n*k^(d-1)) per run. Priorities and change points are fast-check values: shrinking them
// is fast-check's business (shuttle-schedulers/src/pct.rs does the same with its own RNG).
import fc from 'fast-check';
import type { Program } from '../../machine/program.js';
import { entityCount, entityOf } from './entities.js';
import type { Chooser, Scheduler, SchedulerParams } from './scheduler.js';

export interface PctSchedule {
  /** One key per entity; the initial order is by key, ties by entity index. */
  readonly keys: readonly number[];
  /** d-1 step indices in [0, k): change point i lowers the entity about to run to priority i. */
  readonly changes: readonly number[];
}

/** PCT's guarantee for one run, 1/(n*k^(d-1)). */
export function pctBound(n: number, k: number, d: number): number {
  return 1 / (n * Math.pow(Math.max(1, k), Math.max(0, d - 1)));
}

export const pct: Scheduler<PctSchedule> = {
  name: 'pct',
  arbitrary(p: Program, params: SchedulerParams): fc.Arbitrary<PctSchedule> {
    const n = entityCount(p);
    const d = Math.max(1, params.depth);
    return fc.record({
      keys: fc.array(fc.nat({ max: 0xffff }), { minLength: n, maxLength: n }),
      changes: fc.array(fc.nat({ max: Math.max(0, params.k - 1) }), { minLength: d - 1, maxLength: d - 1 }),
    });
  },
  chooser(p: Program, schedule: PctSchedule): Chooser {
    const d = schedule.changes.length + 1;
    // priority[e]: initial priorities are d .. d+n-1 (a permutation), so every change point's
    // priority (0 .. d-2) is below every initial one, as in the paper.
    const order = schedule.keys.map((key, e) => ({ key, e })).sort((a, b) => a.key - b.key || a.e - b.e);
    const priority = new Array<number>(schedule.keys.length);
    order.forEach(({ e }, rank) => (priority[e] = d + rank));
    const best = (s: Parameters<Chooser['next']>[0], moves: Parameters<Chooser['next']>[1]): number => {
      let bi = 0;
      let bp = -1;
      for (let i = 0; i < moves.length; i++) {
        const pr = priority[entityOf(p, s, moves[i]!)] ?? 0;
        if (pr > bp) { bp = pr; bi = i; }
      }
      return bi;
    };
    return {
      next(s, moves, stepIndex) {
        const at = schedule.changes.indexOf(stepIndex);
        if (at >= 0) priority[entityOf(p, s, moves[best(s, moves)]!)] = at;
        return best(s, moves);
      },
    };
  },
};
