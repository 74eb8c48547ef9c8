// A search as plain data: the lowered Program (machine/program.ts is pure data), which explorer
// and which budget. Plain data so it crosses to a worker thread by structured clone: the program
// is lowered once, on the main thread, and never again on a worker.
import type { Program } from '../../machine/program.js';
import { exhaustiveExplorer } from '../../explore/exhaustive.js';
import type { Budget, Explorer, Outcome, Progress } from '../../explore/explorer.js';
import { exactFirst } from '../../explore/random/both.js';
import { DEFAULT_RANDOM, randomExplorer, type RandomOptions } from '../../explore/random/random-explorer.js';
import { shortest } from '../../explore/shortest.js';

export interface ExplorerConfig {
  readonly mode: 'random' | 'exhaustive' | 'both';
  readonly reduction: boolean;
  /** Symmetry of interchangeable CPUs (explore/symmetry.ts): on only when true. */
  readonly symmetry?: boolean;
  /** Breadth-first exhaustive search (shortest counterexamples). */
  readonly shortest?: boolean;
  readonly preemptionBound?: number;
  readonly random?: RandomOptions;
}

/** A Budget without its functions: the runner supplies the clock, cancellation and progress. */
export interface BudgetConfig {
  readonly maxStates: number;
  readonly seed: number;
  readonly first?: boolean;
  /** Measured from when the search starts, not from when it was queued. */
  readonly timeoutMs?: number;
  readonly maxMemoryBytes?: number;
}

export interface SearchRequest {
  readonly program: Program;
  readonly explorer: ExplorerConfig;
  readonly budget: BudgetConfig;
}

export function explorerFor(c: ExplorerConfig): Explorer {
  const exact = c.shortest
    ? shortest
    : exhaustiveExplorer({ reduction: c.reduction, ...(c.symmetry ? { symmetry: true } : {}), ...(c.preemptionBound !== undefined ? { preemptionBound: c.preemptionBound } : {}) });
  const random = c.random ?? DEFAULT_RANDOM;
  return c.mode === 'exhaustive' ? exact : c.mode === 'random' ? randomExplorer(random) : exactFirst({ random, exact, shrink: !c.shortest });
}

export function budgetFor(b: BudgetConfig, now: () => number, cancelled: () => boolean, progress?: (p: Progress) => void): Budget {
  return {
    maxStates: b.maxStates,
    now,
    seed: b.seed,
    cancelled,
    ...(b.first ? { first: true } : {}),
    ...(b.timeoutMs !== undefined ? { deadlineMs: now() + b.timeoutMs } : {}),
    ...(b.maxMemoryBytes !== undefined ? { maxMemoryBytes: b.maxMemoryBytes } : {}),
    ...(progress ? { progress } : {}),
  };
}

/** Runs one request on the calling thread, to the end or to its budget. */
export function search(r: SearchRequest, now: () => number, cancelled: () => boolean, progress?: (p: Progress) => void): Outcome {
  return explorerFor(r.explorer).explore(r.program, budgetFor(r.budget, now, cancelled, progress));
}
