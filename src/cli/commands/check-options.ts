// What `raceway check` is asked for, and the tally of its results with the exit code it gives:
// read by every file of the check command and by matrix, so kept apart from check.ts (which
// imports those files: no import circle).
import type { SchedulerName } from '../../explore/random/scheduler.js';
import type { MemoryModelName } from '../../machine/program.js';
import type { Format } from '../../report/formats.js';
import { INTERNAL_EXIT } from '../internal-error.js';

export interface CheckOptions {
  readonly strategy: readonly string[];
  readonly variant: readonly string[];
  readonly json: boolean;
  readonly maxStates: number;
  readonly first: boolean;
  readonly summary: boolean;
  /** Every counterexample in full, also those that met their expectation (else one line each). */
  readonly full?: boolean;
  readonly timeout?: number;
  readonly cpus?: number;
  readonly memoryModel?: MemoryModelName;
  /** How counterexamples print (docs/formats.md); 'json' is --json; 'herd' is herd7's layout for C litmus tests. */
  readonly format?: Format | 'herd';
  /** Write stdout's text to this file instead (atomically), e.g. an SVG. */
  readonly output?: string;
  /** Partial-order reduction (default on; --no-reduction). */
  readonly reduction?: boolean;
  /** Symmetry reduction of interchangeable CPUs (default on; --no-symmetry). */
  readonly symmetry?: boolean;
  readonly preemptionBound?: number;
  readonly maxMemoryMb?: number;
  /** Progress on stderr even in --json runs or without a terminal. */
  readonly progress?: boolean;
  /** Random mode (issue 4): 'both' runs a random budget, then the exhaustive search. */
  readonly mode?: 'random' | 'exhaustive' | 'both';
  readonly runs?: number;
  readonly seed?: number;
  readonly depth?: number;
  readonly scheduler?: SchedulerName;
  /** Breadth-first exhaustive search: shortest counterexamples. */
  readonly shortest?: boolean;
  /** Worker threads that explore (default: one per core, never more than there are searches). */
  readonly jobs?: number;
  /** Which model checker searches: raceway's own (default) or Spin (docs/spin.md). */
  readonly engine?: 'raceway' | 'spin';
  /** --engine spin: bitstate hashing (never gives safe). */
  readonly bitstate?: boolean;
  /** --engine spin: a swarm of this many bitstate runs (cli/spin/swarm.ts). */
  readonly swarm?: number;
  /** --engine spin: read a swarm's runs from this folder. */
  readonly swarmFrom?: string;
}

/**
 * `unsupported`: litmus tests using a construct raceway cannot run yet (not a failure).
 * `notRun`: searches never started because the user pressed Ctrl-C (inconclusive, like a bound).
 * `skipped`: sources with no case --strategy/--variant selects, when another source's case ran.
 * `unknownNames`: --strategy/--variant names that no case of the run has (a typo: bad input).
 */
export interface Tally { met: number; unmet: number; inconclusive: number; badFiles: number; unsupported?: number; notRun?: number; internal?: number; skipped?: number; unknownNames?: number }

export function exitCodeOf(t: Tally): number {
  if ((t.internal ?? 0) > 0) return INTERNAL_EXIT;
  if (t.badFiles > 0 || (t.unknownNames ?? 0) > 0) return 2;
  if (t.unmet > 0) return 1;
  if (t.inconclusive > 0 || (t.notRun ?? 0) > 0) return 3;
  return 0;
}
