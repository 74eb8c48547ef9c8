// A thread of the parallel search (parallel-search.ts): runs one participant over the shared
// table and queue to the end of the search and posts its counts. The thread that started it
// watches the clock and Ctrl-C and sets the stop word; this thread only reads it.
import { parentPort, workerData } from 'node:worker_threads';
import type { Program } from '../../machine/program.js';
import type { ParallelOptions } from '../../explore/parallel/gate.js';
import type { ParticipantStats } from '../../explore/parallel/participant.js';
import { attach, participantOf, runToEnd, type SharedSearchBuffers } from '../../explore/parallel/shared-search.js';
import { Stop } from '../../explore/parallel/work-queue.js';

export interface ThreadSetup {
  readonly program: Program;
  readonly buffers: SharedSearchBuffers;
  readonly options: ParallelOptions;
}

export type FromThread =
  | { readonly kind: 'done'; readonly stats: ParticipantStats }
  | { readonly kind: 'failed'; readonly message: string; readonly stack: string | undefined };

const { program, buffers, options } = workerData as ThreadSetup;
const shared = attach(buffers);
try {
  const stats = runToEnd(participantOf(program, shared, options), shared, () => {});
  parentPort!.postMessage({ kind: 'done', stats } satisfies FromThread);
} catch (e) {
  // What this thread held is never searched: stop every thread (the result is not used).
  shared.queue.stop(Stop.FAILED);
  parentPort!.postMessage({ kind: 'failed', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined } satisfies FromThread);
}
