// Where searches run: on this thread (localRunner), or on a pool of worker threads
// (pool.ts) so the main thread stays free to print results in order, show progress and notice
// Ctrl-C. A synchronous search on the main thread could never see a SIGINT: node runs the signal
// handler only when the event loop turns, which it does not until the search returns.
import type { Outcome, Progress } from '../../explore/explorer.js';
import type { Program } from '../../machine/program.js';
import type { Io } from '../io.js';
import { budgetFor, explorerFor, type SearchRequest } from './request.js';

export interface SearchRunner {
  /**
   * Explore `program`, which is what `request` names (the pool lowers it again on a worker).
   * Resolves to null when the search was never started because the user interrupted the run.
   */
  run(request: SearchRequest, program: Program, onProgress?: (p: Progress) => void): Promise<Outcome | null>;
  /** Whether the user asked to stop (Ctrl-C): searches under way end early, queued ones never start. */
  interrupted(): boolean;
  close(): Promise<void>;
}

/** Searches on the calling thread, one at a time, each when it is asked for. */
export function localRunner(io: Io): SearchRunner {
  return {
    run(request, program, onProgress) {
      if (io.interrupted()) return Promise.resolve(null);
      const explorer = explorerFor(request.explorer);
      return Promise.resolve(explorer.explore(program, budgetFor(request.budget, io.now, io.interrupted, onProgress)));
    },
    interrupted: () => io.interrupted(),
    close: () => Promise.resolve(),
  };
}
