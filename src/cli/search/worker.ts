// A worker thread of the search pool (pool.ts): explores the program a request carries (lowered
// once, on the main thread) and posts the Outcome back. It says when its modules are loaded, so
// the pool hands it no search it would only hold while the main thread is free.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { Outcome, Progress } from '../../explore/explorer.js';
import { enableCompileCache } from '../compile-cache.js';
import type { SearchRequest } from './request.js';

export interface WorkerSetup {
  /** Word 0 is set to 1 by the main thread on Ctrl-C. */
  readonly cancel: Int32Array;
}

export interface ToWorker { readonly id: number; readonly request: SearchRequest; readonly progress: boolean }

export type FromWorker =
  | { readonly kind: 'ready' }
  | { readonly id: number; readonly kind: 'progress'; readonly progress: Progress }
  | { readonly id: number; readonly kind: 'done'; readonly outcome: Outcome }
  | { readonly id: number; readonly kind: 'failed'; readonly message: string; readonly stack: string | undefined };

/** Progress crosses threads at most this often; the main thread's sink decides what to show. */
const PROGRESS_EVERY_MS = 200;

const { cancel } = workerData as WorkerSetup;
const cancelled = (): boolean => Atomics.load(cancel, 0) === 1;
const now = (): number => performance.now();
const port = parentPort!;
// The explorers load after the compile cache is on (as in run.ts).
enableCompileCache();
const { search } = await import('./request.js');

port.on('message', async ({ id, request, progress }: ToWorker) => {
  const post = (m: FromWorker): void => port.postMessage(m);
  try {
    let last = now();
    const onProgress = progress
      ? (p: Progress): void => { const t = now(); if (t - last >= PROGRESS_EVERY_MS) { last = t; post({ id, kind: 'progress', progress: p }); } }
      : undefined;
    post({ id, kind: 'done', outcome: await search(request, now, cancelled, onProgress) });
  } catch (e) {
    post({ id, kind: 'failed', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined });
  }
});
port.postMessage({ kind: 'ready' } satisfies FromWorker);
