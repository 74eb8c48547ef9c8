// One exhaustive search over several threads (docs/reduction.md, "Parallel search"): `threads`
// worker threads share a table of states and a work queue in SharedArrayBuffers
// (explore/parallel/shared-search.ts); this thread only starts them, watches the clock, Ctrl-C and the memory
// bound, reports progress, and makes the Outcome. A thread that fails stops the others, and its
// error is thrown here once every thread has ended; none is left running. Threads and timers are
// the process's, so this part lives with the search pool, not in the pure explore/ (architecture.test.ts).
import { newWorker } from './new-worker.js';
import { InternalError } from '../../common/assert-never.js';
import { compiledSrc } from '../package-root.js';
import type { Program } from '../../machine/program.js';
import type { Budget, Outcome } from '../../explore/explorer.js';
import type { ParallelOptions } from '../../explore/parallel/gate.js';
import type { ParticipantStats } from '../../explore/parallel/participant.js';
import { attach, budgetCheck, outcomeOf, sharedSearchBuffers } from '../../explore/parallel/shared-search.js';
import type { FromThread, ThreadSetup } from './parallel-worker.js';
import { Stop } from '../../explore/parallel/work-queue.js';

/** How often this thread looks at the clock and Ctrl-C while the threads search. */
const WATCH_MS = 20;

export async function parallelSearch(p: Program, b: Budget, o: ParallelOptions): Promise<Outcome> {
  const t0 = b.now();
  const buffers = sharedSearchBuffers(p, b.maxStates, o.threads);
  const s = attach(buffers);
  const check = budgetCheck(b, s);
  const watch = setInterval(() => {
    check();
    b.progress?.({ states: s.table.size, transitions: 0, depth: 0, maxDepth: 0, bytes: s.table.bytes });
  }, WATCH_MS);
  const setup: ThreadSetup = { program: p, buffers, options: o };
  const script = new URL('cli/search/parallel-worker.js', compiledSrc);
  let failure: Error | null = null;
  const ended = Array.from({ length: o.threads }, () => new Promise<ParticipantStats | null>((resolve) => {
    const w = newWorker(script, { workerData: setup });
    let settled = false;
    const fail = (e: Error): void => {
      if (settled) return;
      settled = true;
      s.queue.stop(Stop.FAILED);
      failure ??= e;
      resolve(null);
    };
    w.on('message', (m: FromThread) => {
      if (m.kind === 'done') { settled = true; resolve(m.stats); }
      else { const e = new InternalError(m.message); e.stack = m.stack; fail(e); }
    });
    w.on('error', fail);
    // After 'done' the thread exits by itself; an exit before it means it never finished.
    w.on('exit', (code) => fail(new InternalError(`a parallel search thread exited with code ${code}`)));
  }));
  try {
    const stats = await Promise.all(ended);
    if (failure) throw failure;
    return outcomeOf(p, b, o, s, stats.filter((x) => x !== null), t0);
  } finally {
    clearInterval(watch);
  }
}
