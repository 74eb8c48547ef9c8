// Tasks, preemption, sleeping and waking. Several tasks may share a CPU (no migration); the CPU's
// level-0 frame is the running task's context, and a context switch saves it into the outgoing
// task's frame (frameOf index cpus * 3 + task) and restores the incoming one's. The family's kernel
// names and everything the machine knows about them: the step, the switch, the trace note. Pure.
//
// Sources: Documentation/memory-barriers.txt, "SLEEP AND WAKE-UP FUNCTIONS" (set_current_state()
// is smp_store_mb(): the store of the state, then a full barrier; __set_current_state() has no
// barrier; a wakeup that wakes implies a full barrier); kernel/sched/core.c, try_to_wake_up()
// (the waker reads p->__state after smp_mb__after_spinlock(), and does nothing to a task whose
// state is TASK_RUNNING), __schedule() (a task whose state is not TASK_RUNNING is dequeued under
// the runqueue lock, so schedule() is a full barrier here) and __might_sleep() ("sleeping
// function called from invalid context").
//
// Preemption: the scheduler may switch tasks where the kernel may preempt, with preempt_count 0
// and IRQs on, in task context (kernel/sched/core.c, preempt_schedule_irq(), preempt_schedule()).
// spin_lock() raises preempt_count before it spins (include/linux/spinlock_api_smp.h), so a
// spinner is never switched out. RCU readers are non-preemptible here, as with
// CONFIG_PREEMPT_RCU=n, where __rcu_read_lock() is preempt_disable() (include/linux/rcupdate.h):
// a task is never switched out inside rcu_read_lock(), so the CPU-wide reader state stays right.
// This leaves out the runs of a CONFIG_PREEMPT_RCU=y kernel in which a reader is preempted
// (README and docs/scenario-language.md say so).
import { assertNever } from '../../common/assert-never.js';
import { Fault, where, type Exec } from '../exec.js';
import { CPU_IRQ_OFF, CPU_PREEMPT, CPU_RCU, frameOf, cpuWord, layoutOf, type Layout } from '../layout.js';
import { bhDisabled, checkMaySleep } from './may-sleep.js';
import { isSleepingLock, sleepingLockDrains, sleepingLockStep, sleepingLockWords, taskWaitsOnLock } from './sleeping-lock.js';
import type { InstrBody, Program } from '../program.js';
import { memoryOf } from '../memory/select.js';
import type { State } from '../state.js';
import type { Family } from './family.js';

export { TASK_RUNNING, TASK_UNINTERRUPTIBLE } from './wake.js';
import { TASK_RUNNING, tryToWakeUp } from './wake.js';
import { waitQueueStep, waitQueueWords } from './waitqueue.js';
import { completionStep, completionWords } from './completion.js';

// The scheduler's words and the task queries state.ts needs live in ../task-words.ts (state.ts
// reads them, and this module imports the machine: one place, no import circle).
export { usedWord, asleepWord, curWord, freshWord, savedFrame, tasksOn, currentTask, taskOfCode, taskDone, allTasksDone } from '../task-words.js';
import { usedWord, asleepWord, curWord, freshWord, savedFrame, tasksOn, currentTask, taskDone, workerIdle } from '../task-words.js';

/** The tasks asleep in `s`. */
export function sleepingTasks(p: Program, s: State): number[] {
  const l = layoutOf(p);
  // An idle kworker sleeps until work comes (ops/workqueue.ts): that is no lost wakeup.
  return (p.sched?.tasks ?? []).flatMap((_, t) => (s[asleepWord(l, t)] !== 0 && !workerIdle(p, l, s, t) ? [t] : []));
}

/**
 * Whether `cpu` is at a point where its running task may be preempted: task context, preemption
 * count 0, IRQs on, outside any RCU read-side section (non-preemptible readers, above).
 */
function preemptible(l: Layout, s: State, cpu: number): boolean {
  return s[cpuWord(l, cpu, CPU_IRQ_OFF)] === 0 && s[cpuWord(l, cpu, CPU_PREEMPT)] === 0 && s[cpuWord(l, cpu, CPU_RCU)] === 0 && !bhDisabled(l, s, cpu);
}

/**
 * Whether switching `cpu` to task t is a move now. Handlers run to completion first (`handler`:
 * one is active), and the switch passes through __schedule()'s runqueue lock, a locked
 * instruction, so it waits for the store buffer to drain. With no running task (or a finished
 * one) it is the scheduler picking the next task; otherwise it is a preemption, counted against
 * Program.sched.preemptions. A preemption needs the running task to have stepped since it was
 * switched in, unless it cannot step now: two switches in a row are one switch, so no run is lost,
 * and runs that only switch back and forth do not exist.
 */
export function canSwitch(p: Program, l: Layout, s: State, cpu: number, t: number, handler: boolean, runs: boolean): boolean {
  if (handler || currentTask(p, l, s, cpu) === t || s[asleepWord(l, t)] !== 0 || taskDone(p, l, s, t)) return false;
  // A task waiting on a mutex or rw_semaphore sleeps until the lock lets it go on (ops/sleeping-lock.ts).
  if (taskWaitsOnLock(p, l, s, t)) return false;
  if (!memoryOf(p).flushed(l, s, cpu)) return false;
  const cur = currentTask(p, l, s, cpu);
  if (cur < 0 || taskDone(p, l, s, cur)) return true;
  // It went to sleep in the lock's slow path (schedule()): a switch of its own, not a preemption.
  if (taskWaitsOnLock(p, l, s, cur)) return true;
  if (!preemptible(l, s, cpu)) return false;
  if (s[freshWord(p, l, cpu)] !== 0 && runs) return false;
  return (s[usedWord(l)] ?? 0) < p.sched!.preemptions;
}

/**
 * Whether some CPU could be preempted now but for the preemption bound: a search that meets such
 * a state has left out runs, and says so (bound `preemptions-scenario`, never plain `safe`).
 */
export function preemptionLimited(p: Program, l: Layout, s: State, cpu: number, handler: boolean, runs: boolean): boolean {
  if (handler || (s[usedWord(l)] ?? 0) < p.sched!.preemptions) return false;
  const cur = currentTask(p, l, s, cpu);
  if (cur < 0 || taskDone(p, l, s, cur) || !preemptible(l, s, cpu) || !memoryOf(p).flushed(l, s, cpu)) return false;
  if (s[freshWord(p, l, cpu)] !== 0 && runs) return false;
  // A task sleeping on a lock switches away for free, and none can be switched to.
  if (taskWaitsOnLock(p, l, s, cur)) return false;
  return tasksOn(p)[cpu]!.some((t) => t !== cur && s[asleepWord(l, t)] === 0 && !taskDone(p, l, s, t) && !taskWaitsOnLock(p, l, s, t));
}

/**
 * Switch `cpu` to task t (canSwitch holds): save the running task's frame, restore t's. A task
 * that finished with IRQs or preemption off, or inside an RCU reader, would hand that state to
 * the next task (the CPU's words are not the task's): the kernel warns at its exit (do_exit(),
 * "exited with irqs disabled", "exited with preempt_count"), and here it is a misuse.
 */
export function switchTo(p: Program, l: Layout, s: State, cpu: number, t: number): void {
  const cur = currentTask(p, l, s, cpu);
  const live = frameOf(l, cpu, 0);
  if (cur >= 0 && !preemptible(l, s, cpu)) {
    const code = p.sched!.tasks[cur]!.code;
    throw new Fault({ kind: 'misuse', at: { cpu, level: 0, code, pc: Math.max(0, (p.codes[code]?.instrs.length ?? 1) - 1) }, reason: `task ${p.sched!.tasks[cur]!.name} finished with IRQs or preemption disabled, or inside an RCU read-side critical section` });
  }
  if (cur >= 0) {
    if (!taskDone(p, l, s, cur) && !taskWaitsOnLock(p, l, s, cur)) s[usedWord(l)]! += 1;
    s.copyWithin(savedFrame(p, l, cur), live, live + l.frameWords);
  }
  const from = savedFrame(p, l, t);
  s.copyWithin(live, from, from + l.frameWords);
  s.fill(0, from, from + l.frameWords);
  s[curWord(p, l, cpu)] = t;
  s[freshWord(p, l, cpu)] = 1;
}

/** The running task of `cpu` went to sleep in schedule(): save its frame; the CPU runs no task. */
export function parkTask(p: Program, l: Layout, s: State, cpu: number): void {
  const cur = currentTask(p, l, s, cpu);
  const live = frameOf(l, cpu, 0);
  s.copyWithin(savedFrame(p, l, cur), live, live + l.frameWords);
  s.fill(0, live, live + l.frameWords);
  s[curWord(p, l, cpu)] = -1;
  s[freshWord(p, l, cpu)] = 0;
}

/**
 * The initial scheduler words: each CPU runs its first task that is no kworker; a kworker starts
 * asleep, idle (ops/workqueue.ts: its __state starts TASK_UNINTERRUPTIBLE, lower.ts).
 */
export function startTasks(p: Program, l: Layout, s: State): void {
  if (!p.sched) return;
  for (let cpu = 0; cpu < p.cpus; cpu++) s[curWord(p, l, cpu)] = tasksOn(p)[cpu]!.find((t) => p.sched!.tasks[t]!.worker === undefined) ?? -1;
  p.sched.tasks.forEach((t, i) => { if (t.worker) s[asleepWord(l, i)] = 1; });
}

export type SchedInstr = Extract<InstrBody, { op: 'sched' }>;

// __might_sleep()'s checks ("sleeping function called from invalid context") are in ops/may-sleep.ts,
// which the sleeping locks share.
export { checkMaySleep } from './may-sleep.js';

/** Execute a scheduler instruction. schedule() that sleeps sets x.park: the step parks the task. */
export function schedStep(x: Exec, instr: SchedInstr): void {
  const { program: p, layout: l, state: s } = x;
  switch (instr.kind) {
    case 'might_sleep':
      // msleep(), might_sleep(), kfree_rcu_mightsleep(): named by the statement that checks.
      checkMaySleep(x, x.program.codes[x.code]?.instrs[x.pc]?.text ?? 'might_sleep()');
      return;
    case 'schedule': {
      checkMaySleep(x, 'schedule()');
      const t = currentTask(p, l, s, x.cpu);
      if (t < 0) throw new Fault({ kind: 'misuse', at: where(x), reason: 'schedule() outside a task' });
      if (x.memoryModel.load(x, p.sched!.tasks[t]!.stateLoc) === TASK_RUNNING) return;
      s[asleepWord(l, t)] = 1;
      x.park = true;
      return;
    }
    case 'wake_up_process':
      tryToWakeUp(x, instr.task);
      return;
    case 'prepare_to_wait': case 'finish_wait': case 'wake_up':
      waitQueueStep(x, instr, instr.kind);
      return;
    case 'wait_for_completion':
      // kernel/sched/completion.c, __wait_for_common(): might_sleep() first.
      checkMaySleep(x, 'wait_for_completion()');
      completionStep(x, instr, instr.kind);
      return;
    case 'complete': case 'complete_all': case 'try_wait_for_completion':
      completionStep(x, instr, instr.kind);
      return;
    case 'mutex_lock': case 'mutex_unlock': case 'mutex_trylock': case 'down_read': case 'up_read': case 'down_write':
    case 'down_write_acquire': case 'up_write': case 'downgrade_write': case 'down_read_trylock': case 'down_write_trylock':
      if (!isSleepingLock(instr)) throw new Error(`${instr.kind} without its lock`);
      sleepingLockStep(x, instr);
      return;
    default: assertNever(instr.kind);
  }
}

/**
 * schedule() and wake_up_process() are full barriers (the runqueue lock and try_to_wake_up()'s
 * pi_lock are locked instructions on x86): they wait for the store buffer to drain. So do the
 * wait queue and completion steps, each a critical section of a spinlock taken with a locked
 * instruction (kernel/sched/wait.c, kernel/sched/completion.c).
 */
export function schedDrains(instr: SchedInstr): boolean {
  if (isSleepingLock(instr)) return sleepingLockDrains(instr.kind);
  return instr.kind !== 'might_sleep';
}

/** Whether a scheduler step is a critical section of a wait queue's or completion's spinlock (for its cost). */
export function takesWaitLock(kind: SchedInstr['kind']): boolean {
  switch (kind) {
    case 'schedule': case 'wake_up_process': case 'might_sleep': return false;
    // The sleeping locks are priced as locks (ops/sleeping-lock.ts countSleepingLock).
    case 'mutex_lock': case 'mutex_unlock': case 'mutex_trylock': case 'down_read': case 'up_read': case 'down_write':
    case 'down_write_acquire': case 'up_write': case 'downgrade_write': case 'down_read_trylock': case 'down_write_trylock': return false;
    case 'prepare_to_wait': case 'finish_wait': case 'wake_up': case 'wait_for_completion': case 'complete': case 'complete_all': case 'try_wait_for_completion': return true;
    default: return assertNever(kind);
  }
}

/**
 * The scheduler by kernel name. set_current_state() and __set_current_state() are stores to the
 * running task's __state (the first with smp_mb() after it), lowered by the scenario compiler,
 * which knows which task a code is; the task named by wake_up_process() is a task of the scenario.
 */
export const sched: Family = {
  name: 'sched',
  // Not cpuSymmetric (explore/symmetry-groups.ts): a task's CPU and the task each CPU runs name CPUs, and symmetry.ts does not permute tasks.
  names: [
    { name: 'set_current_state', roles: ['value'], litmus: false, doc: 'sets the running task\'s state, then a full barrier (smp_store_mb)', lower: { to: 'task_state', barrier: true } },
    { name: '__set_current_state', roles: ['value'], litmus: false, doc: 'sets it with no barrier (under TSO the store is buffered)', lower: { to: 'task_state', barrier: false } },
    { name: 'schedule', roles: [], litmus: false, doc: 'sleeps until woken when the state is not TASK_RUNNING; "sleeping function called from invalid context" with IRQs or preemption off, a spinlock held, in a handler or an RCU reader', lower: { to: 'instr', body: { op: 'sched', kind: 'schedule', task: 0 } } },
    { name: 'wake_up_process', roles: ['task'], litmus: false, doc: 'full barrier; sets a sleeping (or about to sleep) task\'s state to TASK_RUNNING and makes it runnable', lower: { to: 'wake_up_process' } },
    { name: 'msleep', roles: ['value'], litmus: false, doc: 'may sleep: only the invalid-context check (the sleep itself is not modelled)', lower: { to: 'instr', body: { op: 'sched', kind: 'might_sleep', task: 0 } } },
    { name: 'might_sleep', roles: [], litmus: false, doc: 'the invalid-context check alone', lower: { to: 'instr', body: { op: 'sched', kind: 'might_sleep', task: 0 } } },
  ],
};

/**
 * The state words a scheduler instruction may read and write, from its text (static-footprint.ts):
 * schedule() reads the __state of a task of its CPU (`cpu`: when known) and sets its sleep flag;
 * wake_up_process() reads and writes the named task's __state and sleep flag.
 */
export function schedWords(p: Program, l: Layout, i: SchedInstr, cpu: number | undefined): number[] {
  const tasks = p.sched?.tasks ?? [];
  const state = (t: number): number => l.memBase + tasks[t]!.stateLoc;
  switch (i.kind) {
    case 'might_sleep': return [];
    case 'schedule': return tasks.flatMap((t, k) => (cpu === undefined || t.cpu === cpu ? [state(k), asleepWord(l, k)] : []));
    case 'wake_up_process': return tasks[i.task] ? [state(i.task), asleepWord(l, i.task)] : [];
    // A sleeping lock's words (ops/sleeping-lock.ts).
    case 'mutex_lock': case 'mutex_unlock': case 'mutex_trylock': case 'down_read': case 'up_read': case 'down_write':
    case 'down_write_acquire': case 'up_write': case 'downgrade_write': case 'down_read_trylock': case 'down_write_trylock':
      return isSleepingLock(i) ? sleepingLockWords(p, l, i) : [];
    case 'prepare_to_wait': case 'finish_wait': case 'wake_up': return waitQueueWords(p, l, i, i.kind);
    case 'wait_for_completion': case 'complete': case 'complete_all': case 'try_wait_for_completion': return completionWords(p, l, i, i.kind);
    default: return assertNever(i.kind);
  }
}
