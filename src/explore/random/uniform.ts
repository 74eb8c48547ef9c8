// A uniform random walk: at every step, each enabled move is equally likely (up to a 1/65536
// modulo bias). The schedule is one number per step; past its end the first enabled move is
// taken, so shrinking (shorter arrays, smaller numbers) drifts towards the canonical schedule.
import fc from 'fast-check';
import type { Program } from '../../machine/program.js';
import type { Chooser, Scheduler, SchedulerParams } from './scheduler.js';

export type UniformSchedule = readonly number[];

export const uniform: Scheduler<UniformSchedule> = {
  name: 'uniform',
  arbitrary(p: Program, params: SchedulerParams): fc.Arbitrary<UniformSchedule> {
    const n = Math.min(p.maxSteps, 2 * params.k + 8);
    return fc.array(fc.nat({ max: 0xffff }), { minLength: n, maxLength: n });
  },
  chooser(_p: Program, schedule: UniformSchedule): Chooser {
    return { next: (_s, moves, i) => (schedule[i] ?? 0) % moves.length };
  },
};
