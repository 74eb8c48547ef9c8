// What the threads of one parallel search share (the table of states and the work queue), how a
// thread runs its participant to the end, and how their results make one Outcome. The Outcome is
// the parallel search's only when it is complete and found nothing: `safe`, or `inconclusive`
// for a store buffer's or the scenario's preemption bound, as the sequential search would say.
// Anything else (a violation, --max-states, a full table, a failed thread) is searched again by
// the sequential search, so that every counterexample, and every output but the counts, is the
// sequential search's (docs/reduction.md, "Parallel search"). Pure.
import { assertNever } from '../../common/assert-never.js';
import { layoutOf } from '../../machine/layout.js';
import type { Program } from '../../machine/program.js';
import { initialState } from '../../machine/start.js';
import type { Bound, Budget, Outcome } from '../explorer.js';
import { machineExplorer } from '../machine-search.js';
import type { ParallelOptions } from './gate.js';
import { Participant, type ParticipantStats } from './participant.js';
import { SharedTable, sharedTableBuffers, type SharedTableBuffers } from './shared-table.js';
import { BUFFER_LIMITED, Stop, TASK_PREEMPTION_LIMITED, WorkQueue, workQueueBuffers, type WorkQueueBuffers } from './work-queue.js';

export interface SharedSearchBuffers {
  readonly table: SharedTableBuffers;
  readonly queue: WorkQueueBuffers;
}

/** States the queue holds at most: a few per thread is all sharing needs. */
const QUEUE_PER_THREAD = 8;

export function sharedSearchBuffers(p: Program, maxStates: number, threads: number): SharedSearchBuffers {
  const width = layoutOf(p).size;
  return { table: sharedTableBuffers(width, maxStates), queue: workQueueBuffers(width, QUEUE_PER_THREAD * threads) };
}

export interface Shared {
  readonly table: SharedTable;
  readonly queue: WorkQueue;
}

export function attach(b: SharedSearchBuffers): Shared {
  const queue = new WorkQueue(b.queue);
  return { queue, table: new SharedTable(b.table, () => queue.stopped !== Stop.NONE) };
}

/** A participant for this thread, with the initial state stored (by whichever thread comes first). */
export function participantOf(p: Program, s: Shared, o: ParallelOptions): Participant {
  const part = new Participant(p, s.table, s.queue, o.reduction, o.symmetry === true);
  part.seed(initialState(p));
  return part;
}

/** Transitions a participant takes between looks at the clock and the stop word. */
export const SLICE = 4096;

/**
 * Runs one thread's participant to the end of the search. `check` is asked between slices and
 * may stop the search (the clock, Ctrl-C); an idle thread waits a little between its looks.
 */
export function runToEnd(part: Participant, s: Shared, check: () => void): ParticipantStats {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    check();
    const turn = part.work(SLICE);
    if (turn === 'done') return part.stats;
    if (turn === 'idle') Atomics.wait(nap, 0, 0, 1);
  }
}

/** The stop word for the budget's clock and cancellation (the table checks --max-states itself). */
export function budgetCheck(b: Budget, s: Shared): () => void {
  return () => {
    if (b.cancelled?.()) s.queue.stop(Stop.CANCELLED);
    else if (b.deadlineMs !== undefined && b.now() >= b.deadlineMs) s.queue.stop(Stop.DEADLINE);
    else if (b.maxMemoryBytes !== undefined && s.table.bytes > b.maxMemoryBytes) s.queue.stop(Stop.MAX_MEMORY);
  };
}

/**
 * The Outcome of a finished parallel search: its own when complete (or stopped by the user or the
 * clock, where the sequential search would say no more), else the sequential search's.
 */
export function outcomeOf(p: Program, b: Budget, o: ParallelOptions, s: Shared, parts: readonly ParticipantStats[], t0: number): Outcome {
  const stop = s.queue.stopped;
  const sum = (f: (x: ParticipantStats) => number): number => parts.reduce((n, x) => n + f(x), 0);
  const own = (bound: Bound | undefined): Outcome => ({
    verdict: bound === undefined ? 'safe' : 'inconclusive',
    findings: [],
    ...(bound ? { bound } : {}),
    stats: {
      mode: 'exhaustive', states: s.table.size, transitions: sum((x) => x.transitions), ms: b.now() - t0,
      maxDepth: parts.reduce((n, x) => Math.max(n, x.maxDepth), 0), runs: sum((x) => x.runs), bytes: s.table.bytes,
    },
  });
  switch (stop) {
    case Stop.NONE: {
      if (!s.queue.complete) return again(p, b, o, t0);
      const limits = s.queue.limits;
      return own(limits & BUFFER_LIMITED ? 'store-buffer' : limits & TASK_PREEMPTION_LIMITED ? 'task-preemptions' : undefined);
    }
    case Stop.CANCELLED: return own('cancelled');
    case Stop.DEADLINE: return own('deadline');
    case Stop.VIOLATION:
    case Stop.MAX_STATES:
    case Stop.NO_ROOM:
    case Stop.MAX_MEMORY:
    case Stop.FAILED:
      return again(p, b, o, t0);
    default: return assertNever(stop);
  }
}

/** The sequential search, with the same budget; its time includes the parallel search's. */
function again(p: Program, b: Budget, o: ParallelOptions, t0: number): Outcome {
  const r = machineExplorer({ reduction: o.reduction, ...(o.symmetry ? { symmetry: true } : {}) }).explore(p, b);
  return { ...r, stats: { ...r.stats, ms: b.now() - t0 } };
}

/** What the parallel search itself found, before outcomeOf (the tests compare it with the sequential search). */
export interface Raw {
  readonly stop: Stop;
  readonly complete: boolean;
  readonly states: number;
  readonly transitions: number;
  readonly runs: number;
}

/**
 * The parallel search's participants taking turns on this thread, `slice` transitions at a time:
 * the same sharing, handing on and termination as with threads, deterministic and cheap to run
 * on many random programs (parallel.test.ts). Not faster than the sequential search.
 */
export function searchInTurns(p: Program, b: Budget, o: ParallelOptions, slice = 7): { outcome: () => Outcome; raw: Raw } {
  const t0 = b.now();
  const s = attach(sharedSearchBuffers(p, b.maxStates, o.threads));
  const parts = Array.from({ length: o.threads }, () => participantOf(p, s, o));
  const check = budgetCheck(b, s);
  const done = parts.map(() => false);
  while (done.some((d) => !d)) {
    check();
    parts.forEach((part, i) => { if (!done[i] && part.work(slice) === 'done') done[i] = true; });
  }
  const stats = parts.map((x) => x.stats);
  return {
    outcome: () => outcomeOf(p, b, o, s, stats, t0),
    raw: {
      stop: s.queue.stopped, complete: s.queue.complete, states: s.table.size,
      transitions: stats.reduce((n, x) => n + x.transitions, 0), runs: stats.reduce((n, x) => n + x.runs, 0),
    },
  };
}
