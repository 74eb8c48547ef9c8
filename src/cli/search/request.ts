// A search as plain data: the lowered Program (machine/program.ts is pure data), which explorer
// and which budget. Plain data so it crosses to a worker thread by structured clone: the program
// is lowered once, on the main thread, and never again on a worker.
// The explorers a request does not need are never loaded (issue 22, start-up): the LKMM's only for
// an LKMM program, the random explorer (and fast-check) only for a random search, which `both`
// starts only where its quick exact search leaves the cell open; the breadth-first search only
// with --shortest.
import { assertNever } from '../../common/assert-never.js';
import type { Program } from '../../machine/program.js';
import type { Budget, Explorer, Outcome, Progress } from '../../explore/explorer.js';
import { machineExplorer } from '../../explore/machine-search.js';
import { exactFirstStart } from '../../explore/random/both.js';
import { DEFAULT_RANDOM, type RandomOptions } from '../../explore/random/random-options.js';

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

/** The exact explorer for this program: the LKMM's candidate executions, or the search over moves. */
async function exactFor(c: ExplorerConfig, p: Program): Promise<Explorer> {
  // No move traces under the LKMM: its exact search answers, so --shortest never says less.
  if (p.memoryModel === 'lkmm') return (await import('../../explore/lkmm/lkmm-explorer.js')).lkmmExplorer;
  if (c.shortest) return (await import('../../explore/shortest.js')).shortest;
  return machineExplorer({ reduction: c.reduction, ...(c.symmetry ? { symmetry: true } : {}), ...(c.preemptionBound !== undefined ? { preemptionBound: c.preemptionBound } : {}) });
}

const randomExplorerModule = () => import('../../explore/random/random-explorer.js');

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
export async function search(r: SearchRequest, now: () => number, cancelled: () => boolean, progress?: (p: Progress) => void): Promise<Outcome> {
  const c = r.explorer;
  const exact = await exactFor(c, r.program);
  const random = c.random ?? DEFAULT_RANDOM;
  // The budget is made once the explorers are loaded: a deadline counts from the search's start.
  const b = budgetFor(r.budget, now, cancelled, progress);
  switch (c.mode) {
    case 'exhaustive': return exact.explore(r.program, b);
    case 'random': return (await randomExplorerModule()).randomExplorer(random).explore(r.program, b);
    case 'both': {
      const s = exactFirstStart({ random, exact, shrink: !c.shortest }, r.program, b);
      return 'settled' in s ? s.settled : s.rest((await randomExplorerModule()).randomSearch);
    }
    default: return assertNever(c.mode);
  }
}
