// Which searches the parallel search takes (docs/reduction.md, "Parallel search"): those whose
// every run ends within max_steps by the run bound the sequential search trusts for sleep sets
// (machine/run-bound.ts). Then the state graph has no cycle, even up to symmetry (a path from s to
// a permutation pi(s) of it repeats as pi(s) to pi^2(s) and so on back to s, a cycle), so the cycle
// proviso never acts and no run is a livelock by length: what the sequential search needs its
// search stack for. Everything else stays with the sequential search. Pure.
import { runBound } from '../../machine/run-bound.js';
import type { Program } from '../../machine/program.js';
import type { Budget } from '../explorer.js';

export interface ParallelOptions {
  readonly reduction: boolean;
  readonly symmetry?: boolean;
  readonly preemptionBound?: number;
  /** Threads to search with (at least 2, or the search is sequential). */
  readonly threads: number;
}

/** Why this search stays sequential, or null when the parallel search may take it. */
export function sequentialBecause(p: Program, b: Budget, o: ParallelOptions): string | null {
  if (o.threads < 2) return 'one thread';
  if (p.memoryModel === 'lkmm') return 'an LKMM program (candidate executions, not moves)';
  // A preemption-bounded state is its words and the path's last CPU: a path property.
  if (o.preemptionBound !== undefined) return '--preemption-bound';
  // The final states' witness and failing traces need the path to each final state.
  if (p.final) return 'a final-state condition';
  // --first stops at the first violation, which the sequential search finds with its trace.
  if (b.first) return '--first';
  const bound = runBound(p);
  if (bound === null) return 'no run bound (sleeping locks, wait queues or completions)';
  if (bound > p.maxSteps) return 'runs may pass max_steps (livelocks and cycles need the search stack)';
  return null;
}
