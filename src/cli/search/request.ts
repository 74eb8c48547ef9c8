// A search as plain data: which program (front end, file text, load options, variant, strategy,
// an ablated site), which explorer and which budget. Plain data so it can cross to a worker
// thread, which lowers the program again from the text; the main thread keeps the Program it
// lowered itself and renders the Outcome that comes back.
import type { MemoryModelName } from '../../machine/program.js';
import { exhaustiveExplorer } from '../../explore/exhaustive.js';
import type { Budget, Explorer, Progress } from '../../explore/explorer.js';
import { exactFirst } from '../../explore/random/both.js';
import { DEFAULT_RANDOM, randomExplorer, type RandomOptions } from '../../explore/random/random-explorer.js';
import { shortest } from '../../explore/shortest.js';

export interface SearchSource {
  readonly frontEnd: 'scenario' | 'litmus';
  readonly file: string;
  readonly text: string;
  readonly strategies: readonly string[];
  readonly cpus?: number;
  readonly memoryModel?: MemoryModelName;
}

export interface ExplorerConfig {
  readonly mode: 'random' | 'exhaustive' | 'both';
  readonly reduction: boolean;
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
  readonly source: SearchSource;
  /** Ignored for C litmus tests, which have one case. */
  readonly variant: string;
  readonly strategy: string;
  /** Index into ablationSites(program): explore the program with that site removed. */
  readonly ablate?: number;
  readonly explorer: ExplorerConfig;
  readonly budget: BudgetConfig;
}

export function explorerFor(c: ExplorerConfig): Explorer {
  const exact = c.shortest
    ? shortest
    : exhaustiveExplorer({ reduction: c.reduction, ...(c.preemptionBound !== undefined ? { preemptionBound: c.preemptionBound } : {}) });
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
