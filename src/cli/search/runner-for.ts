// Which runner a command gets: the pool in the real process (the main thread and worker threads,
// so Ctrl-C and progress work while a search runs), the calling thread where threads are not to
// be started (in-process use).
import { loadavg } from 'node:os';
import type { Io } from '../io.js';
import { coreCount } from '../shared-options.js';
import { PROBE_MS, workerPool } from './pool.js';
import { localRunner, type SearchRunner } from './runner.js';

/**
 * Whether a core is free for a worker beside the main thread: the load average leaves one. On a
 * machine already busy, a second thread of short searches only adds its own start-up and a second
 * cold copy of the explorer's code (GNU make's --max-load rule: start no job past a load).
 */
function spareCore(): boolean {
  return loadavg()[0]! + 1 <= coreCount();
}

/**
 * `jobs` is --jobs (default: the cores there are). The pool starts a worker only for a waiting
 * search; for short ones only when --jobs asks for it or a core is spare.
 */
export function runnerFor(io: Io, jobs: number | undefined): SearchRunner {
  return io.threads ? workerPool(jobs ?? coreCount(), io, PROBE_MS, jobs !== undefined || spareCore()) : localRunner(io);
}
