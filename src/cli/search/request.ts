// A search as plain data: the lowered Program (machine/program.ts is pure data), which explorer
// and which budget. Plain data so it crosses to a worker thread by structured clone: the program
// is lowered once, on the main thread, and never again on a worker.
// The explorers a request does not need are never loaded (issue 22, start-up): the LKMM's only for
// an LKMM program, the random explorer (and fast-check) only for a random search, which `both`
// starts only where its quick exact search leaves the cell open; the breadth-first search only
// with --shortest.
import { assertNever } from '../../common/assert-never.js';
import type { Program } from '../../machine/program.js';
import type { Bound, Budget, Explorer, Outcome, Progress } from '../../explore/explorer.js';
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
  /**
   * Threads one exhaustive search may take (explore/parallel/; the pool's plan, pool.ts): at 2 or
   * more, a search the parallel search takes (parallel/gate.ts) runs on that many threads.
   */
  readonly threads?: number;
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

/**
 * The exhaustive search on c.threads threads, or null where it stays on this thread (one thread,
 * --shortest, or a search the parallel search does not take: parallel/gate.ts). Loaded only then.
 */
async function parallelExact(c: ExplorerConfig, p: Program, b: Budget): Promise<Outcome | null> {
  if (c.threads === undefined || c.threads < 2 || c.shortest) return null;
  // The reduced parallel search has no sleep sets yet: it stores about twice the states of the
  // sequential reduced search and on 2 cores ends no sooner (docs/reduction.md, "Parallel
  // search"), so the reduced search stays on this thread; the parallel one takes --no-reduction.
  if (c.reduction) return null;
  const o = { reduction: c.reduction, threads: c.threads, ...(c.symmetry ? { symmetry: true } : {}), ...(c.preemptionBound !== undefined ? { preemptionBound: c.preemptionBound } : {}) };
  const { sequentialBecause } = await import('../../explore/parallel/gate.js');
  if (sequentialBecause(p, b, o) !== null) return null;
  return (await import('./parallel-search.js')).parallelSearch(p, b, o);
}

/** `exact`, answering the search with the whole budget `b` from a parallel search's outcome once set. */
function withWhole(exact: Explorer, b: Budget): { exact: Explorer; set: (o: Outcome | null) => void; quickBound: () => Bound | undefined } {
  let whole: Outcome | null = null;
  let quick: Outcome | null = null;
  return {
    exact: { mode: exact.mode, explore: (p, b2) => (b2 === b && whole ? whole : (quick = exact.explore(p, b2))) },
    set: (o) => { whole = o; },
    quickBound: () => quick?.bound,
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
    case 'exhaustive': return (await parallelExact(c, r.program, b)) ?? exact.explore(r.program, b);
    case 'random': return (await randomExplorerModule()).randomExplorer(random).explore(r.program, b);
    case 'both': {
      // The whole-budget exact search of `both` may run in parallel: it is done before the random
      // search then, and `rest` takes its outcome (withWhole).
      const w = withWhole(exact, b);
      const s = exactFirstStart({ random, exact: w.exact, shrink: !c.shortest }, r.program, b);
      if ('settled' in s) return s.settled;
      if (w.quickBound() === 'max-states') w.set(await parallelExact(c, r.program, b));
      return s.rest((await randomExplorerModule()).randomSearch);
    }
    default: return assertNever(c.mode);
  }
}
