// The random explorer's options and their defaults, apart from the explorer itself: the command
// line reads them for every check, and loads random-explorer.ts (and fast-check with it) only
// when a random search runs (issue 22, start-up). Pure data.
import type { SchedulerName } from './scheduler.js';

export interface RandomOptions {
  readonly scheduler: SchedulerName;
  /** Schedules to try (fast-check's numRuns), shared by all the violation kinds sought. */
  readonly runs: number;
  /** PCT's bug depth d. */
  readonly depth: number;
}

export const DEFAULT_RANDOM: RandomOptions = { scheduler: 'pct', runs: 1500, depth: 3 };
