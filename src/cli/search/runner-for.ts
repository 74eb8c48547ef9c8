// Which runner a command gets: the pool in the real process (the main thread and worker threads,
// so Ctrl-C and progress work while a search runs), the calling thread where threads are not to
// be started (in-process use).
import type { Io } from '../io.js';
import { coreCount } from '../shared-options.js';
import { workerPool } from './pool.js';
import { localRunner, type SearchRunner } from './runner.js';

/** `jobs` is --jobs (default: the cores there are). The pool starts a worker only for a waiting search. */
export function runnerFor(io: Io, jobs: number | undefined): SearchRunner {
  return io.threads ? workerPool(jobs ?? coreCount(), io) : localRunner(io);
}
