// Basic POS, partial order sampling (Yuan, Yang, Gu, "Partial Order Aware Concurrency Sampling",
// CAV 2018): every entity holds a random priority, the highest enabled one runs, and the one that
// ran draws a fresh priority. (Full POS re-draws only for racing events; raceway's moves do not yet
// expose footprints to the explorer, so this is the paper's BasicPOS.)
import fc from 'fast-check';
import type { Program } from '../../machine/program.js';
import { entityCount, entityOf } from './entities.js';
import type { Chooser, Scheduler, SchedulerParams } from './scheduler.js';

export interface PosSchedule {
  readonly initial: readonly number[];
  /** The fresh priority drawn after step i; past the end, 0 (the entity sinks). */
  readonly fresh: readonly number[];
}

export const pos: Scheduler<PosSchedule> = {
  name: 'pos',
  arbitrary(p: Program, params: SchedulerParams): fc.Arbitrary<PosSchedule> {
    const n = Math.min(p.maxSteps, 2 * params.k + 8);
    const e = entityCount(p);
    return fc.record({
      initial: fc.array(fc.nat({ max: 0xffff }), { minLength: e, maxLength: e }),
      fresh: fc.array(fc.nat({ max: 0xffff }), { minLength: n, maxLength: n }),
    });
  },
  chooser(p: Program, schedule: PosSchedule): Chooser {
    const priority = [...schedule.initial];
    return {
      next(s, moves, stepIndex) {
        let bi = 0;
        let bp = -1;
        for (let i = 0; i < moves.length; i++) {
          const pr = priority[entityOf(p, s, moves[i]!)] ?? 0;
          if (pr > bp) { bp = pr; bi = i; }
        }
        priority[entityOf(p, s, moves[bi]!)] = schedule.fresh[stepIndex] ?? 0;
        return bi;
      },
    };
  },
};
