// Where searches run: on this thread (localRunner), or on a pool of worker threads with the main
// thread taking short searches itself (pool.ts), so the main thread stays free to print results in
// order, show progress and notice Ctrl-C. A long synchronous search on the main thread could never
// see a SIGINT: node runs the signal handler only when the event loop turns, which it does not
// until the search returns.
import type { Outcome, Progress } from '../../explore/explorer.js';
import type { Io } from '../io.js';
import { search, type SearchRequest } from './request.js';

export interface SearchRunner {
  /**
   * Explore `request.program`. Resolves to null when the search was never started because the
   * user interrupted the run.
   */
  run(request: SearchRequest, onProgress?: (p: Progress) => void): Promise<Outcome | null>;
  /** Whether the user asked to stop (Ctrl-C): searches under way end early, queued ones never start. */
  interrupted(): boolean;
  close(): Promise<void>;
}

/** Searches on the calling thread, one at a time, each when it is asked for. */
export function localRunner(io: Io): SearchRunner {
  return {
    run(request, onProgress) {
      if (io.interrupted()) return Promise.resolve(null);
      return search(request, io.now, io.interrupted, onProgress);
    },
    interrupted: () => io.interrupted(),
    close: () => Promise.resolve(),
  };
}
