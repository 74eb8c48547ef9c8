// The search pool: the main thread and worker threads run SearchRequests, at most --jobs at once.
// The main thread tries each search first, up to PROBE_STATES stored states or PROBE_MS: most
// searches of a check end well within it, and then no worker is started for them at all (a worker costs its start-up
// and a second cold copy of the explorer's code). A search still running at the end of its try is
// dropped and handed whole to a worker, which explores it from the start with its full budget, so
// the outcome never depends on where it ran. Workers start only when there is work for them: one
// beside the main thread while searches wait once the main thread has searched long enough to pay
// for it (BESIDE_AFTER_MS), more for searches too long for the main thread.
// The main thread forwards progress, and on Ctrl-C sets a shared flag that every search polls
// (Budget.cancelled) and drops the requests not yet started. Callers await results in whatever
// order they print them, so output does not depend on which thread finished first.
import { fileURLToPath } from 'node:url';
import { compiledSrc } from '../package-root.js';
import type { Worker } from 'node:worker_threads';
import { newWorker } from './new-worker.js';
import { assertNever, InternalError } from '../../common/assert-never.js';
import type { Outcome, Progress } from '../../explore/explorer.js';
import type { Io } from '../io.js';
import { search, type SearchRequest } from './request.js';
import type { SearchRunner } from './runner.js';
import type { FromWorker, ToWorker, WorkerSetup } from './worker.js';

/** How often the main thread looks at its Ctrl-C flag (it cannot be told: it must look). */
const INTERRUPT_POLL_MS = 50;

/**
 * How far the main thread explores a search before handing it to a worker: a count of stored
 * states, so that which searches stay on the main thread depends on them and not on how busy the
 * machine is (a loaded machine would otherwise hand on more, and pay for them twice); and a time,
 * for the searches that report no states (random, breadth-first, LKMM) and as a cap. The main
 * thread sees Ctrl-C only between tries, so the time also bounds how late it sees one.
 */
export const PROBE_STATES = 10_000;
export const PROBE_MS = 500;

/**
 * How long the main thread searches, in all, before a worker may start beside it for short
 * searches: about what starting one costs (a thread, and the explorer's modules loaded and
 * compiled again there). Until then the searches have shown themselves too small to pay for a
 * worker (a one-file check of a small scenario, issue 22's start-up); past it, the most a worker
 * can waste is about the time already spent (the ski-rental rule). Searches too long for the main
 * thread's try do not wait for it.
 */
export const BESIDE_AFTER_MS = 150;

interface Job {
  readonly id: number;
  readonly request: SearchRequest;
  readonly onProgress: ((p: Progress) => void) | undefined;
  readonly resolve: (o: Outcome | null) => void;
  readonly reject: (e: unknown) => void;
  /** Tried on the main thread and not done within its try: only a worker takes it now. */
  long: boolean;
}

/**
 * A long search with no other search waiting takes the free share of --jobs for itself: its
 * exhaustive search may then run on that many threads (explore/parallel/, issue 22 item 6). Its
 * verdict, findings and traces are the sequential search's wherever and however it runs
 * (parallel/shared-search.ts), so this plan, which depends on timing, changes no answer; only the
 * counts of a reduced search may differ (docs/reduction.md, "Parallel search").
 */
function withThreads(j: Job, free: number, waiting: number): SearchRequest {
  if (!j.long || waiting > 0 || free < 2) return j.request;
  return { ...j.request, explorer: { ...j.request.explorer, threads: free } };
}

interface Slot {
  readonly worker: Worker;
  /** Set once the worker has loaded its modules and can take a job at once. */
  online: boolean;
  job: Job | null;
}

/**
 * `probeMs`: the main thread's try at most (tests give 0, so that every search goes to a worker).
 * `beside`: whether short searches may also go to a worker beside the main thread (runner-for.ts
 * says no on a machine with no core to spare); a search too long for the main thread always may.
 */
export function workerPool(jobs: number, io: Io, probeMs = PROBE_MS, beside = true): SearchRunner & { readonly workers: () => number } {
  const limit = Math.max(1, jobs);
  const cancel = new Int32Array(new SharedArrayBuffer(4));
  const setup: WorkerSetup = { cancel };
  const script = fileURLToPath(new URL('cli/search/worker.js', compiledSrc));
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let mainBusy = false;
  /** The main thread's search time so far (BESIDE_AFTER_MS). */
  let mainMs = 0;
  let nextId = 0;
  let stopped = false;

  const interrupted = (): boolean => {
    if (!stopped && io.interrupted()) {
      stopped = true;
      Atomics.store(cancel, 0, 1);
      // Requests not yet started never will be: the run ends with what was covered.
      for (const j of queue.splice(0)) j.resolve(null);
    }
    return stopped;
  };
  const watch = setInterval(interrupted, INTERRUPT_POLL_MS);
  watch.unref();
  const release = io.trapInterrupts();

  const running = (): number => slots.reduce((n, s) => n + (s.job !== null ? 1 : 0), mainBusy ? 1 : 0);
  const failAll = (e: unknown): void => {
    for (const j of queue.splice(0)) j.reject(e);
    for (const s of slots) { s.job?.reject(e); s.job = null; }
  };

  const give = (s: Slot, j: Job): void => {
    s.job = j;
    const m: ToWorker = { id: j.id, request: withThreads(j, limit - running() + 1, queue.length), progress: j.onProgress !== undefined };
    s.worker.postMessage(m);
  };

  /** One try on this thread, once the event loop has turned (so it never runs inside run()). */
  const tryOnMain = (j: Job): void => {
    mainBusy = true;
    setImmediate(async () => {
      try {
        if (interrupted()) j.resolve(null);
        else {
          const begin = io.now();
          const end = begin + probeMs;
          let states = 0;
          const o = await search(j.request, io.now, () => io.interrupted() || states > PROBE_STATES || io.now() >= end, (p) => { states = p.states; });
          mainMs += io.now() - begin;
          if (o.bound === 'cancelled' && !io.interrupted()) {
            j.long = true;
            // Back in its place: the queue stays in the order the searches were asked for.
            const at = queue.findIndex((k) => k.id > j.id);
            queue.splice(at < 0 ? queue.length : at, 0, j);
          } else j.resolve(o);
        }
      } catch (e) {
        j.reject(e);
      }
      mainBusy = false;
      dispatch();
    });
  };

  const start = (): void => {
    const s: Slot = { worker: newWorker(script, { workerData: setup }), online: false, job: null };
    slots.push(s);
    s.worker.on('message', (m: FromWorker) => {
      if (m.kind === 'ready') { s.online = true; dispatch(); return; }
      const j = s.job;
      if (j === null || j.id !== m.id) return;
      switch (m.kind) {
        case 'progress': j.onProgress?.(m.progress); return;
        case 'done': s.job = null; j.resolve(m.outcome); dispatch(); return;
        case 'failed': {
          s.job = null;
          const e = new InternalError(m.message);
          e.stack = m.stack;
          j.reject(e);
          dispatch();
          return;
        }
        default: assertNever(m);
      }
    });
    s.worker.on('error', failAll);
    s.worker.on('exit', (code) => { if (s.job !== null || queue.length > 0) failAll(new InternalError(`a search worker exited with code ${code}`)); });
  };

  function dispatch(): void {
    if (interrupted()) return;
    for (const s of slots) {
      if (queue.length === 0 || running() >= limit) break;
      if (s.online && s.job === null) give(s, queue.shift()!);
    }
    if (!mainBusy && running() < limit) {
      const i = queue.findIndex((j) => !j.long);
      if (i >= 0) tryOnMain(queue.splice(i, 1)[0]!);
    }
    // A worker for what still waits: for searches too long for the main thread, up to the limit;
    // for short ones, workers beside the main thread once it has searched BESIDE_AFTER_MS (none at
    // --jobs 1, nor without `beside`).
    const starting = slots.reduce((n, s) => n + (s.online ? 0 : 1), 0);
    const wanted = queue.some((j) => j.long) ? limit : beside && mainMs >= BESIDE_AFTER_MS ? limit - 1 : 0;
    if (queue.length > starting && slots.length < wanted) start();
  }

  return {
    run(request, onProgress) {
      if (interrupted()) return Promise.resolve(null);
      return new Promise<Outcome | null>((resolve, reject) => {
        queue.push({ id: nextId++, request, onProgress, resolve, reject, long: false });
        dispatch();
      });
    },
    interrupted,
    workers: () => slots.length,
    async close() {
      clearInterval(watch);
      await Promise.all(slots.map((s) => s.worker.terminate()));
      release();
    },
  };
}
