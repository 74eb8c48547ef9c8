// Worker threads for `raceway check --jobs N`: cases go to whichever worker is free and their text
// comes back to be printed in the order of a serial run, so the output is the same bytes.
// A worker costs a few hundred milliseconds to start and load raceway, so small batches stay on
// the main thread.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Io } from '../io.js';
import type { CaseJob, CaseResult } from './check-case.js';
import type { CheckOptions } from './check.js';
import type { WorkerSetup } from './check-worker.js';

/**
 * Without --jobs a batch runs on the main thread. Measured on the 2-core machine this project
 * runs on: `bin/raceway check scenarios/ --summary --seed 1` takes 3.3 s serially and 5.0 s on two
 * workers (medians of 3): its 66 results take about 50 ms each, and each worker pays for its own
 * start, module loading and JIT warm-up, on cores it shares with V8's compiler and GC threads.
 * Workers pay for batches of heavier results (see the README), so they are there to ask for.
 */
export function defaultJobs(): number {
  return 1;
}

/** The cores there are, for `--jobs` without a number of its own in mind. */
export function coreCount(): number {
  return Math.max(1, availableParallelism());
}

export interface Pool {
  run(job: CaseJob): Promise<CaseResult>;
  close(): Promise<void>;
}

/**
 * A pool when one was asked for and can help: more than one job and more than one case, and no
 * progress lines wanted (they belong to one search on one terminal line).
 */
export function poolFor(cases: number, o: CheckOptions, io: Io): Pool | null {
  const jobs = Math.min(o.jobs ?? defaultJobs(), cases);
  if (jobs <= 1 || o.progress === true || (io.stderrIsTTY && !o.json)) return null;
  const cancel = new Int32Array(new SharedArrayBuffer(4));
  const setup: WorkerSetup = { options: o, stdoutIsTTY: io.stdoutIsTTY, env: { ...io.env }, cancel };
  const script = fileURLToPath(new URL('./check-worker.js', import.meta.url));
  const workers = Array.from({ length: jobs }, () => new Worker(script, { workerData: setup }));
  const idle: Worker[] = [...workers];
  const queue: { id: number; job: CaseJob }[] = [];
  const pending = new Map<number, { resolve: (r: CaseResult) => void; reject: (e: unknown) => void }>();
  let next = 0;
  const watch = setInterval(() => { if (io.interrupted()) Atomics.store(cancel, 0, 1); }, 100);
  const dispatch = (): void => {
    while (idle.length > 0 && queue.length > 0) idle.pop()!.postMessage(queue.shift()!);
  };
  for (const w of workers) {
    w.on('message', (m: { id: number; result: CaseResult }) => {
      pending.get(m.id)?.resolve(m.result);
      pending.delete(m.id);
      idle.push(w);
      dispatch();
    });
    w.on('error', (e) => { for (const p of pending.values()) p.reject(e); pending.clear(); });
  }
  return {
    run(job) {
      const id = next++;
      return new Promise<CaseResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        queue.push({ id, job });
        dispatch();
      });
    },
    async close() {
      clearInterval(watch);
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
