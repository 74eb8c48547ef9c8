// How many passes of its loop a kworker (ops/workqueue.ts, scenario/lower/compile-work.ts
// lowerWorker) may make in one run, for machine/run-bound.ts: its loop has no bound of its own,
// but each pass after the first needs a step of another context since the pass began.
//  - A pass that runs the work took a PENDING that a queue_work()'s test_and_set_bit set (an
//    RMW on the work's word), and the cmpxchg that took it cleared it: one such RMW a pass.
//  - A pass whose cmpxchg failed saw the word change after its load, by another context's RMW
//    on it (the kworker's own steps on it lie outside that window).
//  - A pass that went round schedule() was woken by a wake_up_process() of the kworker after its
//    set_current_state(TASK_IDLE), or slept and was woken by one: one a pass.
// One RMW may be both the change a failed pass saw and the PENDING a later pass took, so a pass
// count is 1 + 2 x (RMWs on the word) + (wake_up_process() of the kworker), over every other
// code as often as it may run. A kworker whose own code wakes itself, or which another kworker's
// or an RCU callback's code may restart, has no such count (null). Pure.
import { weightedCount } from './code-bounds.js';
import type { Code, Instr, Loc, Program } from './program.js';
import { someInstrExpr } from './visit.js';

/** The location of the work's word a kworker's code takes the work from (its cmpxchg), or null. */
function workWord(code: Code): string | null {
  for (const i of code.instrs) {
    let at: Loc | null = null;
    someInstrExpr(i, (e) => { if (e.kind === 'rmw' && e.op === 'cmpxchg') at = e.loc; return at !== null; });
    if (at) return JSON.stringify(at);
  }
  return null;
}

/**
 * Per task, the passes its loop may make when it is a kworker (else 1), given every other code
 * that runs on their own, with how often each may (run-bound.ts runs less the kworkers'); null
 * when some kworker has no count.
 */
export function workerPasses(p: Program, others: readonly [Code, number][]): number[] | null {
  const tasks = p.sched?.tasks ?? [];
  const out: number[] = [];
  for (const [k, task] of tasks.entries()) {
    if (!task.worker) { out.push(1); continue; }
    const word = workWord(p.codes[task.code]!);
    if (word === null) return null;
    const onWord = (i: Instr): boolean => someInstrExpr(i, (e) => e.kind === 'rmw' && JSON.stringify(e.loc) === word);
    const wakes = (i: Instr): boolean => i.op === 'sched' && i.kind === 'wake_up_process' && i.task === k;
    const restarts = (i: Instr): boolean => onWord(i) || wakes(i);
    // Its own code may take and finish the work (its own RMWs on the word), never wake itself.
    if (p.codes[task.code]!.instrs.some(wakes)) return null;
    if (tasks.some((t, j) => j !== k && t.worker && p.codes[t.code]!.instrs.some(restarts))) return null;
    if (p.handlers.some((h) => h.callback && p.codes[h.code]!.instrs.some(restarts))) return null;
    out.push(others.reduce((n, [code, times]) => n + times * (2 * weightedCount(code, onWord) + weightedCount(code, wakes)), 1));
  }
  return out;
}

/** Whether some kworker's passes have no count (workerPasses is null, whatever the other codes). */
export function workerUnbounded(p: Program): boolean {
  return workerPasses(p, []) === null;
}
