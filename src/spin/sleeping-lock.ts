// The sleeping locks, struct mutex and struct rw_semaphore, in the exported model, as
// machine/ops/sleeping-lock.ts has them (its comment gives the kernel sources): the guard of a
// waiter, the step with its owner and context checks, and the scheduler's question "does this
// task sleep on a lock" (taskWaitsOnLock), which switch.ts asks. The lock words are the machine's
// (lk: a mutex's owner; a rw_semaphore's readers, writer, waiting writer), owners are task ids
// (1 + the task's index, or 1 + the CPU without tasks; 0: nobody or a handler). Pure.
import { assertNever } from '../common/assert-never.js';
import type { Instr, Program, SleepingLockOp } from '../machine/program.js';
import { isSleepingLock, type SleepingLockInstr } from '../machine/ops/sleeping-lock.js';
import { lockOwner, type StepCx } from './expr.js';
import { mayNotSleep, taskMayNotSleep } from './may-sleep.js';
import { curTask, freedVar, localVar, lockVar, pcVar, taskCtx, type Ctx } from './model-names.js';

/** layout.ts LOCK_HOLDER, RW_READERS, RW_WRITER, RW_WAITING. */
const HOLDER = 0;
const READERS = 0;
const WRITER = 1;
const WAITING = 2;

/**
 * ops/sleeping-lock.ts mustWait: whether the lock's words make `kind` wait ('false' for the ops
 * that never wait): a mutex while anyone owns it, its own owner too; a reader or a queuing writer
 * while a writer holds or waits; a queued writer while readers hold it.
 */
function mustWait(kind: SleepingLockOp, lock: number): string {
  const w = (word: number): string => lockVar(lock, word);
  switch (kind) {
    case 'mutex_lock': return `${w(HOLDER)} != 0`;
    case 'down_read': case 'down_write': return `(${w(WRITER)} != 0 || ${w(WAITING)} != 0)`;
    case 'down_write_acquire': return `${w(READERS)} != 0`;
    case 'mutex_unlock': case 'mutex_trylock': case 'up_read': case 'up_write': case 'downgrade_write': case 'down_read_trylock': case 'down_write_trylock': return 'false';
    default: return assertNever(kind);
  }
}

/** The lock words make `i` wait and its lock is not in a freed object (a freed one lets the step run and report it). */
function waitsOnWords(p: Program, i: SleepingLockInstr): string {
  const wait = mustWait(i.kind, i.lock);
  if (wait === 'false') return 'false';
  const owner = lockOwner(p, i.lock);
  return owner === null ? `(${wait})` : `(${wait} && !${freedVar(String(owner))})`;
}

/**
 * guard.ts blockedOn via ops/sleeping-lock.ts sleepingLockWaits: a context waits while the lock's
 * words say so, unless it may not sleep (its step runs and reports the misuse) or the lock's
 * object is freed (the step reports the use-after-free). 'true' when it never waits.
 */
export function sleepingLockGuard(p: Program, c: Ctx, i: Extract<Instr, { op: 'sched' }>): string {
  if (!isSleepingLock(i)) return 'true';
  const waits = waitsOnWords(p, i);
  if (waits === 'false' || c.level !== 0) return 'true';
  return `(!${waits} || ${mayNotSleep(p, c)})`;
}

/**
 * ops/sleeping-lock.ts taskWaitsOnLock: task t's next instruction takes a sleeping lock whose
 * words make it wait, and, while t is the task its CPU runs, t may sleep there. 'false' when its
 * code has no op that waits. The CPU then switches away from it for free, and not back to it.
 */
export function taskWaitsOnLock(p: Program, t: number): string {
  const c = taskCtx(p, t);
  const alts = p.codes[p.sched!.tasks[t]!.code]!.instrs.flatMap((i, pc) => {
    if (i.op !== 'sched' || !isSleepingLock(i)) return [];
    const waits = waitsOnWords(p, i);
    return waits === 'false' ? [] : [`(${pcVar(c.frame)} == ${pc} && ${waits})`];
  });
  if (alts.length === 0) return 'false';
  return `((${alts.join(' || ')}) && (${curTask(c.cpu)} != ${t} || !${taskMayNotSleep(p, c.cpu)}))`;
}

/** Whether any task's code has an op that may wait on a sleeping lock. */
export function waitsOnLocks(p: Program): boolean {
  return (p.sched?.tasks ?? []).some((_, t) => taskWaitsOnLock(p, t) !== 'false');
}

/**
 * ops/sleeping-lock.ts sleepingLockStep, whose guard passed: might_sleep() for the ops that may
 * sleep, the freed check of a lock in an object, then the op with its owner and context checks.
 * A trylock writes 1 or 0 into its local.
 */
export function emitSleepingLock(x: StepCx, i: SleepingLockInstr): void {
  const { e, c, p } = x;
  const misuse = (bad: string): void => e.check(bad, x.fault('misuse'));
  const w = (word: number): string => lockVar(i.lock, word);
  const result = (ok: boolean): string => (i.local === undefined ? '' : ` ${localVar(c, i.local)} = ${ok ? 1 : 0};`);
  // mutex.c, mutex_trylock() and mutex_unlock(); rwsem.c, down_write_trylock(): a task's lock.
  const taskOnly = (): void => misuse(c.level !== 0 ? 'true' : 'false');
  if (i.kind === 'mutex_lock' || i.kind === 'down_read' || i.kind === 'down_write') misuse(mayNotSleep(p, c));
  const owner = lockOwner(p, i.lock);
  if (owner !== null) e.check(freedVar(String(owner)), x.fault('use-after-free'));
  const me = c.level !== 0 ? 0 : 1 + (p.sched ? c.task : c.cpu);
  switch (i.kind) {
    case 'mutex_lock': e.line(`${w(HOLDER)} = ${me};`); return;
    case 'mutex_trylock':
      taskOnly();
      e.line(`if :: ${w(HOLDER)} != 0 ->${result(false)} skip :: else -> ${w(HOLDER)} = ${me};${result(true)} fi;`);
      return;
    case 'mutex_unlock':
      // Nobody holds it (multiple unlocks), or another task does (only the owner can unlock): me is never 0 here.
      taskOnly();
      misuse(`${w(HOLDER)} != ${me}`);
      e.line(`${w(HOLDER)} = 0;`);
      return;
    case 'down_read': e.line(`${w(READERS)} = ${w(READERS)} + 1;`); return;
    case 'down_read_trylock':
      e.line(`if :: ${w(WRITER)} != 0 || ${w(WAITING)} != 0 ->${result(false)} skip :: else -> ${w(READERS)} = ${w(READERS)} + 1;${result(true)} fi;`);
      return;
    case 'up_read': misuse(`${w(READERS)} <= 0`); e.line(`${w(READERS)} = ${w(READERS)} - 1;`); return;
    case 'down_write': e.line(`${w(WAITING)} = ${me};`); return;
    case 'down_write_acquire': e.line(`${w(WAITING)} = 0; ${w(WRITER)} = ${me};`); return;
    case 'down_write_trylock':
      taskOnly();
      e.line(`if :: ${w(WRITER)} != 0 || ${w(WAITING)} != 0 || ${w(READERS)} != 0 ->${result(false)} skip :: else -> ${w(WRITER)} = ${me};${result(true)} fi;`);
      return;
    case 'up_write': case 'downgrade_write':
      // DEBUG_RWSEMS_WARN_ON(sem->owner != current); a handler (me 0) is never the owner.
      misuse(me === 0 ? 'true' : `${w(WRITER)} != ${me}`);
      e.line(`${w(WRITER)} = 0;${i.kind === 'downgrade_write' ? ` ${w(READERS)} = ${w(READERS)} + 1;` : ''}`);
      return;
    default: assertNever(i.kind);
  }
}
