// An upper bound on the moves of any run, or null when none is known. The exhaustive search turns
// sleep sets on only under a bound of at most max_steps (explore/machine-search.ts: then no run is
// a livelock by length and the state graph has no cycle), the shortest-trace search looks for long
// runs only above it (explore/shortest.ts), and the Promela export refuses programs whose runs may
// pass max_steps and sets pan's depth by it (spin/refuse.ts, cli/spin/engine.ts). It extends
// code-bounds.ts runLengthBound, which counts each CPU's first task and the handlers as often as
// they may fire, to what issue 19 added: every task of a CPU (Program.sched), a context switch
// after each preemption, each sleep and each finished task, each RCU callback as often as the
// codes that queue it may run, a switch away from each task that waits on a sleeping lock
// (sleepingLockSwitches), and the passes of the wait loops (waitLoopPasses). Pure.
import { entersStoreBuffer, weightedCount } from './code-bounds.js';
import { isSilent, type Code, type Instr, type Program } from './program.js';
import { workerPasses } from './worker-passes.js';

const queues = (i: Instr, h: number): boolean => i.op === 'rcu_callback' && (i.kind === 'call_rcu' || i.kind === 'kfree_rcu') && i.decls.includes(h);
const queuesAny = (i: Instr): boolean => i.op === 'rcu_callback' && (i.kind === 'call_rcu' || i.kind === 'kfree_rcu');

/** The steps that may put a task to sleep (each is then switched away from once). */
const parks = (i: Instr): boolean => i.op === 'sched' && (i.kind === 'schedule' || i.kind === 'wait_for_completion');
/** The steps that may wake a task (ops/wake.ts tryToWakeUp). */
const wakes = (i: Instr): boolean => i.op === 'sched' && (i.kind === 'wake_up_process' || i.kind === 'wake_up' || i.kind === 'complete' || i.kind === 'complete_all');

/**
 * The wait loops of a code (scenario/lower/compile-wait.ts: wait_event()'s and
 * wait_for_completion()'s, which have no bound): [from, to] of each jump or branch back.
 */
function waitLoops(code: Code): [number, number][] {
  return code.instrs.flatMap((i, pc) => ((i.op === 'jump' || i.op === 'branch') && i.to >= 0 && i.to <= pc ? [[i.to, pc] as [number, number]] : []));
}

/**
 * Whether a wait loop of `p` contains a step that wakes tasks: then the passes have no bound. A
 * kworker's own loop (its jumps back to its start) is counted apart (worker-passes.ts).
 */
export function wakesInWaitLoop(p: Program): boolean {
  const kworkers = new Set((p.sched?.tasks ?? []).flatMap((t) => (t.worker ? [t.code] : [])));
  return p.codes.some((code, c) => waitLoops(code).some(([from, to]) => !(from === 0 && kworkers.has(c)) && code.instrs.slice(from, to + 1).some(wakes)));
}

/**
 * The moves of the passes of the wait loops after each one's first (which weightedCount counts):
 * a pass goes round again only when a wakeup of its task came after the pass began (schedule()
 * did not sleep, or slept and was woken), and each wakeup step wakes a task at most once, so
 * there are at most (tasks x wakeup steps) more passes, each at most its code's steps and a switch
 * after a sleep. Null when a wakeup is itself in a wait loop.
 */
function waitLoopPasses(p: Program, runs: readonly [Code, number][], steps: (code: Code) => number): number | null {
  if (wakesInWaitLoop(p)) return null;
  const pass = Math.max(0, ...p.codes.filter((code) => waitLoops(code).length > 0).map((code) => steps(code) + 1));
  if (pass === 0) return 0;
  const wakeups = runs.reduce((k, [code, times]) => k + times * weightedCount(code, wakes), 0);
  return p.sched!.tasks.length * wakeups * pass;
}

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

/**
 * The bound with the sleeping locks' switches and the wait loops' passes counted as argued above
 * (sleepingLockSwitches, waitLoopPasses): the Promela export's (spin/run-bound.ts). Null when no
 * bound is known: a callback that queues callbacks, or a wait loop that wakes tasks.
 */
export function runBoundCounting(p: Program): number | null {
  const steps = (code: Code): number => weightedCount(code, (i) => !isSilent(i)) + (p.memoryModel === 'tso' ? weightedCount(code, entersStoreBuffer) : 0);
  // Every code that runs on its own (tasks, raised handlers), with how often it may run.
  const runs: [Code, number][] = [];
  if (p.sched) for (const t of p.sched.tasks) if (!t.worker) runs.push([p.codes[t.code]!, 1]);
  if (!p.sched) for (const t of p.tasks) if (t >= 0) runs.push([p.codes[t]!, 1]);
  for (const h of p.handlers) if (!h.callback) runs.push([p.codes[h.code]!, h.max]);
  // A kworker's code runs once a pass of its loop (worker-passes.ts).
  const passes = workerPasses(p, runs);
  if (passes === null) return null;
  for (const [k, t] of (p.sched?.tasks ?? []).entries()) if (t.worker) runs.push([p.codes[t.code]!, passes[k]!]);
  let n = 0;
  for (const [code, times] of runs) n += times * steps(code);
  for (const h of p.handlers) if (!h.callback) n += h.max; // each firing is a move
  if (p.sched) {
    const sleeps = runs.reduce((k, [code, times]) => k + times * weightedCount(code, parks), 0);
    const passes = waitLoopPasses(p, runs, steps);
    if (passes === null) return null;
    n += p.sched.preemptions + p.sched.tasks.length + sleeps + sleepingLockSwitches(p, runs) + passes;
  }
  for (const [hi, h] of p.handlers.entries()) {
    if (!h.callback) continue;
    if (p.codes[h.code]!.instrs.some(queuesAny)) return null;
    const fired = runs.reduce((k, [code, times]) => k + times * weightedCount(code, (i) => queues(i, hi)), 0);
    n += fired * (1 + steps(p.codes[h.code]!));
  }
  return n;
}

/** The scheduler ops whose waits the exhaustive search does not trust a count of (below). */
const COUNTED_SCHED_OPS: ReadonlySet<string> = new Set(['schedule', 'wake_up_process', 'might_sleep']);
const uncounted = (i: Instr): boolean => i.op === 'sched' && !COUNTED_SCHED_OPS.has(i.kind);

/**
 * The bound the exhaustive search turns sleep sets on by: runBoundCounting, except that a program
 * with sleeping locks, wait queues or completions has none. Their terms above are argued, not
 * checked by run-bound.test.ts's property as the rest is, and a bound below a real run would let
 * sleep sets hide a livelock; without sleep sets such a program is only searched more slowly.
 */
export function runBound(p: Program): number | null {
  return p.codes.some((c) => c.instrs.some(uncounted)) ? null : runBoundCounting(p);
}
