// Starts a worker thread. node:worker_threads is loaded at the first start, not when the search
// pool loads: most checks start no worker (pool.ts), and a module loaded at import is paid by
// every start-up (docs/performance.md, start-up).
import module from 'node:module';
import type { Worker, WorkerOptions } from 'node:worker_threads';

const require = module.createRequire(import.meta.url);

export function newWorker(script: string | URL, options: WorkerOptions): Worker {
  const threads = require('node:worker_threads') as typeof import('node:worker_threads');
  return new threads.Worker(script, options);
}
