// Which runner a command gets: worker threads in the real process (so Ctrl-C and progress work
// while a search runs), the calling thread where threads are not to be started (in-process use).
import type { Io } from '../io.js';
import { coreCount, workerPool } from './pool.js';
import { localRunner, type SearchRunner } from './runner.js';

/** `jobs` is --jobs (default: the cores there are); never more workers than searches. */
export function runnerFor(io: Io, jobs: number | undefined, searches: number): SearchRunner {
  if (!io.threads || searches === 0) return localRunner(io);
  return workerPool(Math.min(jobs ?? coreCount(), searches), io);
}
