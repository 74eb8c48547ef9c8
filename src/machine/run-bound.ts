// An upper bound on the moves of any run, or null when none is known. The exhaustive search turns
// sleep sets on only under a bound of at most max_steps (explore/exhaustive.ts: then no run is a
// livelock by length and the state graph has no cycle), and the Promela export refuses programs
// whose runs may pass max_steps (spin/refuse.ts) and sets pan's depth by it (cli/spin/engine.ts).
// It extends code-bounds.ts runLengthBound, which counts each CPU's first task and the handlers as
// often as they may fire, to what issue 19 added: every task of a CPU (Program.sched), a context
// switch after each preemption, each sleep in schedule() and each finished task, and each RCU
// callback as often as the codes that queue it may run. Null for a callback that queues callbacks,
// and for the scheduler ops whose waits switch tasks without a count of their own (the sleeping
// locks, wait queues and completions: ops/sleeping-lock.ts, waitqueue.ts, completion.ts), so a
// wrong count can never turn sleep sets on for a program whose runs may be longer. Pure.
import { entersStoreBuffer, weightedCount } from './code-bounds.js';
import { isSilent, type Code, type Instr, type Program } from './program.js';

const queues = (i: Instr, h: number): boolean => i.op === 'rcu_callback' && (i.kind === 'call_rcu' || i.kind === 'kfree_rcu') && i.decls.includes(h);
const queuesAny = (i: Instr): boolean => i.op === 'rcu_callback' && (i.kind === 'call_rcu' || i.kind === 'kfree_rcu');
/** The scheduler ops counted below: every other one may add switches that are not. */
const COUNTED_SCHED_OPS: ReadonlySet<string> = new Set(['schedule', 'wake_up_process', 'might_sleep']);
const uncounted = (i: Instr): boolean => i.op === 'sched' && !COUNTED_SCHED_OPS.has(i.kind);

export function runBound(p: Program): number | null {
  if (p.codes.some((c) => c.instrs.some(uncounted))) return null;
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
    n += p.sched.preemptions + p.sched.tasks.length + sleeps;
  }
  for (const [hi, h] of p.handlers.entries()) {
    if (!h.callback) continue;
    if (p.codes[h.code]!.instrs.some(queuesAny)) return null;
    const fired = runs.reduce((k, [code, times]) => k + times * weightedCount(code, (i) => queues(i, hi)), 0);
    n += fired * (1 + steps(p.codes[h.code]!));
  }
  return n;
}
