// An upper bound on the moves of any run of the exported model's program, for the refusal of
// programs whose runs may pass max_steps (refuse.ts) and pan's depth (cli/spin/engine.ts). It is
// machine/code-bounds.ts runLengthBound, which counts each CPU's first task and the handlers as
// often as they may fire, extended to what issue 19 added: every task of a CPU (Program.sched), a
// context switch after each preemption, each sleep and each finished task, and each RCU callback
// as often as the codes that queue it may run, and a switch away from each task that waits on a
// sleeping lock (sleepingLockSwitches). Null when no bound is known: a callback that
// queues callbacks. Pure.
import { entersStoreBuffer, weightedCount } from '../machine/code-bounds.js';
import { isSilent, type Code, type Instr, type Program } from '../machine/program.js';

const queues = (i: Instr, h: number): boolean => i.op === 'rcu_callback' && (i.kind === 'call_rcu' || i.kind === 'kfree_rcu') && i.decls.includes(h);
const queuesAny = (i: Instr): boolean => i.op === 'rcu_callback' && (i.kind === 'call_rcu' || i.kind === 'kfree_rcu');

/** The sleeping locks' ops that may make another task wait: those that take, queue for or keep a lock. */
const acquires = (i: Instr): boolean => i.op === 'sched' && ACQUIRING.has(i.kind);
const ACQUIRING: ReadonlySet<string> = new Set(['mutex_lock', 'mutex_trylock', 'down_read', 'down_read_trylock', 'down_write', 'down_write_acquire', 'down_write_trylock', 'downgrade_write']);
const mayWait = (i: Instr): boolean => i.op === 'sched' && (i.kind === 'mutex_lock' || i.kind === 'down_read' || i.kind === 'down_write' || i.kind === 'down_write_acquire');

/**
 * The free switches of ops/sched.ts canSwitch away from a task that waits on a sleeping lock. A
 * task is switched out so once per op it waits at, and again only after it was switched back in
 * (its lock let it go on) and some context's step took the lock again before it stepped: at most
 * once per task for each such step.
 */
function sleepingLockSwitches(p: Program, runs: readonly [Code, number][]): number {
  const waits = p.sched!.tasks.reduce((k, t) => k + weightedCount(p.codes[t.code]!, mayWait), 0);
  const takes = runs.reduce((k, [code, times]) => k + times * weightedCount(code, acquires), 0);
  return waits === 0 ? 0 : waits + p.sched!.tasks.length * takes;
}

export function modelRunBound(p: Program): number | null {
  const steps = (code: Code): number => weightedCount(code, (i) => !isSilent(i)) + (p.memoryModel === 'tso' ? weightedCount(code, entersStoreBuffer) : 0);
  // Every code that runs on its own (tasks, raised handlers), with how often it may run.
  const runs: [Code, number][] = [];
  if (p.sched) for (const t of p.sched.tasks) runs.push([p.codes[t.code]!, 1]);
  else for (const t of p.tasks) if (t >= 0) runs.push([p.codes[t]!, 1]);
  for (const h of p.handlers) if (!h.callback) runs.push([p.codes[h.code]!, h.max]);
  let n = 0;
  for (const [code, times] of runs) n += times * steps(code);
  for (const h of p.handlers) if (!h.callback) n += h.max; // each firing is a move
  if (p.sched) {
    const sleeps = runs.reduce((k, [code, times]) => k + times * weightedCount(code, (i) => i.op === 'sched' && i.kind === 'schedule'), 0);
    n += p.sched.preemptions + p.sched.tasks.length + sleeps + sleepingLockSwitches(p, runs);
  }
  for (const [hi, h] of p.handlers.entries()) {
    if (!h.callback) continue;
    if (p.codes[h.code]!.instrs.some(queuesAny)) return null;
    const fired = runs.reduce((k, [code, times]) => k + times * weightedCount(code, (i) => queues(i, hi)), 0);
    n += fired * (1 + steps(p.codes[h.code]!));
  }
  return n;
}
