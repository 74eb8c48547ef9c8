// The narrow contract between a random run and whoever decides its moves (Shuttle's Scheduler
// trait, awslabs/shuttle shuttle-engine/src/scheduler/mod.rs): a schedule is a fast-check value,
// and a chooser built from it picks the next move. The runner never knows which scheduler decides.
// Pure: every random choice comes from the value fast-check generated.
import type fc from 'fast-check';
import type { Move } from '../../machine/moves.js';
import type { Program } from '../../machine/program.js';
import type { State } from '../../machine/state.js';

export type SchedulerName = 'pct' | 'uniform' | 'pos';
export const SCHEDULER_NAMES: readonly SchedulerName[] = ['pct', 'uniform', 'pos'];

/** Chooses among enabled moves, one run at a time (fast-check's TaskSelector.nextTaskIndex). */
export interface Chooser {
  /** An index into `moves`, which is never empty and in enabledMoves' canonical order. */
  next(s: State, moves: readonly Move[], stepIndex: number): number;
}

export interface SchedulerParams {
  /** Estimated steps in a run (PCT's k). */
  readonly k: number;
  /** PCT's bug depth d (at least 1). */
  readonly depth: number;
}

export interface Scheduler<S> {
  readonly name: SchedulerName;
  /** The schedules of one program, as an arbitrary: fast-check generates and shrinks them. */
  arbitrary(p: Program, params: SchedulerParams): fc.Arbitrary<S>;
  chooser(p: Program, schedule: S): Chooser;
}
