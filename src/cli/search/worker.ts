// A worker thread of the search pool (pool.ts): lowers the program a request names, explores it
// and posts the Outcome back with the program's fingerprint, so the main thread can check it
// explored the program it will print.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { Outcome, Progress } from '../../explore/explorer.js';
import { ProgramCache } from './program-of.js';
import { budgetFor, explorerFor, type SearchRequest } from './request.js';

export interface WorkerSetup {
  /** Word 0 is set to 1 by the main thread on Ctrl-C. */
  readonly cancel: Int32Array;
}

export interface ToWorker { readonly id: number; readonly request: SearchRequest; readonly progress: boolean }

export type FromWorker =
  | { readonly id: number; readonly kind: 'progress'; readonly progress: Progress }
  | { readonly id: number; readonly kind: 'done'; readonly outcome: Outcome; readonly fingerprint: string }
  | { readonly id: number; readonly kind: 'failed'; readonly message: string; readonly stack: string | undefined };

/** Progress crosses threads at most this often; the main thread's sink decides what to show. */
const PROGRESS_EVERY_MS = 200;

const { cancel } = workerData as WorkerSetup;
const cancelled = (): boolean => Atomics.load(cancel, 0) === 1;
const now = (): number => performance.now();
const cache = new ProgramCache();
const port = parentPort!;

port.on('message', ({ id, request, progress }: ToWorker) => {
  const post = (m: FromWorker): void => port.postMessage(m);
  try {
    const program = cache.programOf(request);
    let last = now();
    const onProgress = progress
      ? (p: Progress): void => { const t = now(); if (t - last >= PROGRESS_EVERY_MS) { last = t; post({ id, kind: 'progress', progress: p }); } }
      : undefined;
    const outcome = explorerFor(request.explorer).explore(program, budgetFor(request.budget, now, cancelled, onProgress));
    post({ id, kind: 'done', outcome, fingerprint: program.fingerprint });
  } catch (e) {
    post({ id, kind: 'failed', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined });
  }
});
