// What the exporter cannot express faithfully, each with a one-line reason: a refused program is
// never approximated. Pure.
import { storeBufferNeed } from '../machine/code-bounds.js';
import type { Program } from '../machine/program.js';
import { isSilent } from '../machine/program.js';
import { initialState } from '../machine/start.js';
import { layoutOf } from '../machine/layout.js';
import { pcOf } from '../machine/state.js';
import { currentTask, savedFrame } from '../machine/task-words.js';
import { callbackObjects } from './model-names.js';
import { modelRunBound, wakesInWaitLoop, workerUnbounded } from './run-bound.js';

/** The gp masks are one Promela int with a bit per CPU (1 << 30 is the last positive bit). */
export const MAX_SPIN_CPUS = 30;
export const MAX_CALLBACK_OBJECTS = 30;

/** Why `p` cannot be exported, or null when it can. */
export function refusal(p: Program): string | null {
  const mm: string = p.memoryModel;
  if (mm !== 'sc' && mm !== 'tso') {
    return `memory_model ${mm} is not supported by the Promela export (sc and tso are): the LKMM is axiomatic, not a state machine Spin can explore`;
  }
  // raceway reports a store that waits for room in a full buffer as a bound of the search
  // (enabled.ts storeBufferLimited: inconclusive); the model would only block it. So take only
  // programs whose every code fits its buffer (handlers start and end on an empty one).
  if (mm === 'tso') {
    // A softirq (an RCU callback is one) starts on whatever its task left in the buffer and need
    // not drain it (ops/softirq.ts), so its stores pile on the task's: count every firing's on top
    // of the largest code's. Without this a full buffer in such a program was Spin's `safe` where
    // raceway says inconclusive (store-buffer) (h21wq's random crosscheck, random-26).
    const soft = p.handlers.reduce((n, h) => (h.kind === 'softirq' ? n + h.max * storeBufferNeed([p.codes[h.code]!]) : n), 0);
    const need = storeBufferNeed(p.codes) + soft;
    if (need > p.storeBufferSize) {
      return `a context may buffer ${need} stores, more than store_buffer_size ${p.storeBufferSize}: raceway reports a full buffer as a bound, the Promela export cannot (raise store_buffer_size to ${need})`;
    }
  }
  if (p.cpus > MAX_SPIN_CPUS) return `${p.cpus} CPUs: the Promela export handles at most ${MAX_SPIN_CPUS}`;
  // raceway reports a run longer than max_steps as a livelock; the model has no step counter
  // (it would split every state by its depth), so it takes only programs whose runs cannot get there.
  const bound = modelRunBound(p);
  if (bound === null) {
    if (wakesInWaitLoop(p)) return 'a wait loop (wait_event(), wait_for_completion()) that wakes tasks: the Promela export cannot bound its runs by max_steps';
    return workerUnbounded(p)
      ? 'a work item that its own function, another work item or an RCU callback may queue again: the Promela export cannot bound its kworker\'s runs by max_steps'
      : 'an RCU callback that queues RCU callbacks: the Promela export cannot bound its runs by max_steps';
  }
  if (bound > p.maxSteps) {
    return `runs may be up to ${bound} steps, more than max_steps ${p.maxSteps}: the Promela export has no step counter (raise max_steps to at least ${bound})`;
  }
  // The callback slots an rcu_barrier() waits for are the bits of one Promela int (callbacks.ts).
  const slots = callbackObjects(p).length;
  if (slots > MAX_CALLBACK_OBJECTS) return `${slots} objects with RCU callback heads: the Promela export handles at most ${MAX_CALLBACK_OBJECTS}`;
  const heap = waitInHeap(p);
  if (heap) return `${heap} on a wait queue or completion in a heap object: the Promela export does not model freeing one`;
  const s = initialState(p);
  const l = layoutOf(p);
  for (let cpu = 0; cpu < p.cpus; cpu++) {
    const code = p.codes[p.tasks[cpu] ?? -1];
    const first = code?.instrs[pcOf(l, s, cpu, 0)];
    if (first && isSilent(first)) return `CPU ${cpu}'s task faults in its local code before its first step; the export does not model that`;
  }
  for (const [t, task] of (p.sched?.tasks ?? []).entries()) {
    const at = currentTask(p, l, s, task.cpu) === t ? pcOf(l, s, task.cpu, 0) : (s[savedFrame(p, l, t)] ?? 0);
    const first = p.codes[task.code]?.instrs[at];
    if (first && isSilent(first)) return `task ${task.name} faults in its local code before its first step; the export does not model that`;
  }
  return null;
}

/**
 * The first wait queue or completion whose words lie in a heap object, or null: waits.ts writes
 * them with no freed check, as none can be freed (they are cells of their own, symbols.ts).
 */
function waitInHeap(p: Program): string | null {
  for (const code of p.codes) {
    for (const i of code.instrs) {
      if (i.op !== 'sched' || i.at === undefined) continue;
      if (p.objects[p.locOwner[i.at] ?? -1]?.heap) return i.kind;
    }
  }
  return null;
}
