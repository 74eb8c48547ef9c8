// The Promela export's refusal of work items (machine/ops/workqueue.ts): a kworker's idle sleep
// ends a run as a finished task, where the export's end states would call it a lost wakeup, and
// its loop has no bound the export could give max_steps. Refused, never approximated. Pure.
import type { Program } from '../machine/program.js';

/** Why a program with work items cannot be exported, or null when it has none. */
export function workqueueRefusal(p: Program): string | null {
  const worker = p.sched?.tasks.find((t) => t.worker !== undefined);
  return worker ? `work items (${worker.name}): the Promela export does not model a kworker's idle sleep, which ends a run without a lost wakeup` : null;
}
