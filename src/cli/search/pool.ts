// A pool of worker threads that run SearchRequests. The main thread hands each request to the
// next free worker, forwards progress, and on Ctrl-C sets a shared flag that every search polls
// (Budget.cancelled) and drops the requests not yet started. Callers await results in whatever
// order they print them, so output does not depend on which worker finished first.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InternalError } from '../../common/assert-never.js';
import type { Outcome, Progress } from '../../explore/explorer.js';
import type { Program } from '../../machine/program.js';
import type { Io } from '../io.js';
import type { SearchRunner } from './runner.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker.js';

/** The default of --jobs: one worker per core. */
export function coreCount(): number {
  return Math.max(1, availableParallelism());
}

/** How often the main thread looks at its Ctrl-C flag (it cannot be told: it must look). */
const INTERRUPT_POLL_MS = 50;

interface Pending {
  readonly program: Program;
  readonly onProgress: ((p: Progress) => void) | undefined;
  readonly resolve: (o: Outcome | null) => void;
  readonly reject: (e: unknown) => void;
}

export function workerPool(size: number, io: Io): SearchRunner {
  const cancel = new Int32Array(new SharedArrayBuffer(4));
  const setup: WorkerSetup = { cancel };
  const script = fileURLToPath(new URL('./worker.js', import.meta.url));
  const workers = Array.from({ length: Math.max(1, size) }, () => new Worker(script, { workerData: setup }));
  const idle: Worker[] = [...workers];
  const queue: ToWorker[] = [];
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let stopped = false;

  const interrupted = (): boolean => {
    if (!stopped && io.interrupted()) {
      stopped = true;
      Atomics.store(cancel, 0, 1);
      // Requests not yet started never will be: the run ends with what was covered.
      for (const m of queue.splice(0)) { pending.get(m.id)?.resolve(null); pending.delete(m.id); }
    }
    return stopped;
  };
  const watch = setInterval(interrupted, INTERRUPT_POLL_MS);
  watch.unref();
  const release = io.trapInterrupts();

  const dispatch = (): void => {
    while (idle.length > 0 && queue.length > 0) idle.pop()!.postMessage(queue.shift()!);
  };
  const failAll = (e: unknown): void => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  for (const w of workers) {
    w.on('message', (m: FromWorker) => {
      const p = pending.get(m.id);
      if (!p) return;
      switch (m.kind) {
        case 'progress': p.onProgress?.(m.progress); return;
        case 'done':
          pending.delete(m.id);
          idle.push(w);
          if (m.fingerprint !== p.program.fingerprint) p.reject(new InternalError(`a worker explored another program than the main thread lowered (${m.fingerprint} against ${p.program.fingerprint})`));
          else p.resolve(m.outcome);
          dispatch();
          return;
        case 'failed': {
          pending.delete(m.id);
          idle.push(w);
          const e = new InternalError(m.message);
          e.stack = m.stack;
          p.reject(e);
          dispatch();
          return;
        }
      }
    });
    w.on('error', failAll);
    w.on('exit', (code) => { if (pending.size > 0) failAll(new InternalError(`a search worker exited with code ${code}`)); });
  }

  return {
    run(request, program, onProgress) {
      if (interrupted()) return Promise.resolve(null);
      const id = nextId++;
      return new Promise<Outcome | null>((resolve, reject) => {
        pending.set(id, { program, onProgress, resolve, reject });
        queue.push({ id, request, progress: onProgress !== undefined });
        dispatch();
      });
    },
    interrupted,
    async close() {
      clearInterval(watch);
      await Promise.all(workers.map((w) => w.terminate()));
      release();
    },
  };
}
