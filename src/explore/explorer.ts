// The one interface every explorer implements (exhaustive, random, reduced), and what they return.
// Pure: the clock and the seed come in through Budget.
import type { Span } from '../common/span.js';
import type { Move } from '../machine/moves.js';
import type { Program } from '../machine/program.js';
import type { Violation, ViolationKind } from '../machine/violation.js';
import type { LkmmGraph } from './lkmm/graph.js';

export type Mode = 'exhaustive' | 'random';

export interface Budget {
  /**
   * Store at most this many distinct states: a search that needs one more stops there
   * (inconclusive, 'max-states'); one that needs exactly this many is complete. The same rule in
   * every search (plain, reduced, preemption-bounded, breadth-first; SC and TSO).
   */
  readonly maxStates: number;
  /** Absolute deadline on the `now` clock, in milliseconds. */
  readonly deadlineMs?: number;
  readonly now: () => number;
  readonly seed: number;
  /** Stop at the first violation found; a search stopped so names the bound `first`. */
  readonly first?: boolean;
  /** Asked now and then; returning true stops the search as if the deadline had passed (Ctrl-C). */
  readonly cancelled?: () => boolean;
  /** Stop (inconclusive, 'max-memory') once the stored states take more than this many bytes. */
  readonly maxMemoryBytes?: number;
  /** Called every thousand or so new states, so a front end can show progress. */
  readonly progress?: (p: Progress) => void;
}

/** A snapshot of a running search, for progress lines. */
export interface Progress {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly maxDepth: number;
  /** Bytes held by the stored states. */
  readonly bytes: number;
}

/**
 * task-preemptions: some run could have been preempted once more but for the scenario's
 * `preemptions:` bound (ops/sched.ts), so runs with more involuntary switches were left out.
 * store-buffer: some store waited for room in a full store buffer (Program.storeBufferSize).
 * first: the search stopped at its first violation (Budget.first), so it proves only what it
 * found: the kinds it did not look for are not known to be absent.
 * unsupported: the LKMM search met something it cannot run yet (Outcome.note says what).
 * bitstate, search-depth (--engine spin): bitstate hashing may have lost states; pan's depth
 * bound cut runs short.
 */
export type Bound = 'max-states' | 'deadline' | 'cancelled' | 'preemptions' | 'task-preemptions' | 'random-only' | 'max-memory' | 'store-buffer' | 'first' | 'unsupported'
  | 'bitstate' | 'search-depth';

export interface Stats {
  readonly mode: Mode;
  readonly states: number;
  readonly transitions: number;
  readonly ms: number;
  readonly maxDepth: number;
  /** Runs (random) or complete executions reached (exhaustive). */
  readonly runs: number;
  /** Bytes held by the stored states (exhaustive search only). */
  readonly bytes?: number;
  /** Set only by `--mode both` where the exact search hit a bound: the random schedules run then. */
  readonly randomRuns?: number;
  /** Set with randomRuns when the bound was both's quick budget, so the exact search ran again. */
  readonly quickStates?: number;
}

export interface Finding {
  readonly violation: Violation;
  /** The moves from the initial state; the last one takes the violating step (except deadlock). */
  readonly trace: readonly Move[];
  readonly mode: Mode;
  /** An LKMM execution (trace empty): its events per CPU with rf and co (lkmm/graph.ts). */
  readonly graph?: LkmmGraph;
}

/** One distinct final state, by its observed values (Program.final.observe). */
export interface FinalState {
  readonly values: readonly number[];
  /** Whether Program.final.cond holds in it. */
  readonly holds: boolean;
  /** How many distinct final machine states (memory, every local) show these values. */
  readonly count?: number;
}

export interface Finals {
  /** Sorted by values, so output is stable. */
  readonly states: readonly FinalState[];
  /** A trace to a final state where the condition holds, or null when none was reached. */
  readonly witness: readonly Move[] | null;
  /** A trace to a final state where it does not hold (what refutes `forall`), or null. */
  readonly failing: readonly Move[] | null;
}

/**
 * verdict is derived, never chosen: `violation` when anything was found; otherwise
 * `inconclusive` when a bound stopped the search; `safe` only for a complete exhaustive search.
 */
export interface Outcome {
  readonly verdict: 'safe' | 'violation' | 'inconclusive';
  /** One finding per violation kind, in the order found. */
  readonly findings: readonly Finding[];
  /** Set when the search did not cover everything. */
  readonly bound?: Bound;
  readonly stats: Stats;
  /** Present when the program has a final-state condition. */
  readonly finals?: Finals;
  /** Why the search stopped, when the bound alone does not say (bound 'unsupported'). */
  readonly note?: string;
  /** Where the construct the note names is written (bound 'unsupported'), for file:line:col. */
  readonly noteAt?: Span;
}

export interface Explorer {
  readonly mode: Mode;
  explore(p: Program, b: Budget): Outcome;
}

export function verdictOf(findings: readonly Finding[], bound: Bound | undefined): Outcome['verdict'] {
  if (findings.length > 0) return 'violation';
  return bound === undefined ? 'safe' : 'inconclusive';
}

export function kindsOf(o: Outcome): ViolationKind[] {
  return o.findings.map((f) => f.violation.kind);
}
