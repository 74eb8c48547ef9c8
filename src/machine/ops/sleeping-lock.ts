// The sleeping locks, struct mutex and struct rw_semaphore, as the machine runs them: the step,
// the guard, the words each op reads and writes, the scheduler's question "does this task sleep
// on a lock", the cost and the trace note. The kernel names are in ops/mutex.ts and ops/rwsem.ts.
// Pure.
//
// Sources: Documentation/locking/mutex-design.rst ("Semantics": only one task can hold the mutex
// at a time; only the owner can unlock it; multiple unlocks and recursive locking are not
// permitted; a mutex must not be used in hardware or software interrupt contexts such as
// tasklets and timers), kernel/locking/mutex.c (mutex_lock() begins with might_sleep(), so it
// is "sleeping function called from invalid context" in atomic context even when the mutex is
// free; a waiter that cannot take the lock sets TASK_UNINTERRUPTIBLE and schedules, so its CPU
// runs other tasks; mutex_trylock() "must not be used in interrupt context"; the owner is the
// task, lock->owner); kernel/locking/rwsem.c (down_read()/down_write() call might_sleep(); a
// reader's fast path fails while a writer holds or any task waits, RWSEM_READ_FAILED_MASK, and
// the writer at the head of the queue gets the lock handed off: writer preference; up_write()
// by a task that is not the owner is DEBUG_RWSEMS_WARN_ON(sem->owner != current)).
//
// A waiter is a guard that says no (guard.ts), never a spin: with tasks (ops/sched.ts) the CPU may
// switch to another of its tasks at no cost to the preemption bound, because the waiter called
// schedule() itself, and a task waiting on a lock is not switched back in until the lock's words
// let it go on. The kernel's unlock wakes the top waiter and a running task may steal the lock
// before it (mutex.c's optimistic spinning, "lock stealing"): here every waiter may take a
// released lock, so the runs of both are in. Not modelled: rwsem's reader optimistic lock
// stealing past a waiting writer (rwsem.c, rwsem_down_read_slowpath(), allowed until the writer
// has waited RWSEM_WAIT_TIMEOUT and set the handoff bit): a reader here always queues behind a
// waiting writer, the handoff case; the runs in which a reader passes a queued writer are left
// out (docs/scenario-language.md says so).
import { assertNever } from '../../common/assert-never.js';
import { Fault, where, type Exec } from '../exec.js';
import { FRAME_LOCALS, LOCK_HOLDER, LOCK_WORDS, RW_READERS, RW_WAITING, RW_WRITER, frameOf, type Layout } from '../layout.js';
import { checkNotFreed } from '../memory/sc.js';
import type { InstrBody, Program, SleepingLockOp } from '../program.js';
import type { State } from '../state.js';
import { currentTask, taskPc } from '../task-words.js';
import { checkMaySleep, sleepForbidden } from './may-sleep.js';

export type SleepingLockInstr = Extract<InstrBody, { op: 'sched' }> & { readonly kind: SleepingLockOp; readonly lock: number };

const OPS: Readonly<Record<SleepingLockOp, true>> = {
  mutex_lock: true, mutex_unlock: true, mutex_trylock: true, down_read: true, up_read: true, down_write: true,
  down_write_acquire: true, up_write: true, downgrade_write: true, down_read_trylock: true, down_write_trylock: true,
};

/** Whether a scheduler instruction is a sleeping lock's op. */
export function isSleepingLock(i: Extract<InstrBody, { op: 'sched' }>): i is SleepingLockInstr {
  return Object.hasOwn(OPS, i.kind) && i.lock !== undefined;
}

/**
 * The lock words of a mutex: [owner] (LOCK_HOLDER), the owner's task id. Of a rw_semaphore: the
 * rwlock's three (RW_READERS, RW_WRITER: the owner's task id, RW_WAITING: the waiting writer's).
 * A task id is 1 + the task's index in Program.sched, or 1 + its CPU in a program without tasks
 * (one task per CPU); 0 is nobody.
 */
const base = (l: Layout, lock: number): number => l.lockBase + lock * LOCK_WORDS;

function taskId(x: Exec): number {
  return 1 + (x.program.sched ? currentTask(x.program, x.layout, x.state, x.cpu) : x.cpu);
}

/** A task id as a message names it. */
function taskName(p: Program, id: number): string {
  return p.sched ? `task ${p.sched.tasks[id - 1]?.name ?? '?'}` : `CPU ${id - 1}'s task`;
}

/** Whether the lock lives in an object that is freed now: the step runs and reports it. */
function ownerFreed(p: Program, l: Layout, s: State, lock: number): boolean {
  const at = p.locks[lock]?.at;
  const owner = at === undefined ? -1 : (p.locOwner[at] ?? -1);
  return owner >= 0 && s[l.freedBase + owner] !== 0;
}

/**
 * Whether the lock's words make `kind` wait: a mutex while anyone owns it (its own owner too:
 * recursive locking sleeps forever, a deadlock); a reader or a queuing writer while a writer
 * holds or waits; a queued writer while readers hold it.
 */
function mustWait(l: Layout, s: State, kind: SleepingLockOp, lock: number): boolean {
  const b = base(l, lock);
  switch (kind) {
    case 'mutex_lock': return s[b + LOCK_HOLDER] !== 0;
    case 'down_read': case 'down_write': return s[b + RW_WRITER] !== 0 || s[b + RW_WAITING] !== 0;
    case 'down_write_acquire': return s[b + RW_READERS] !== 0;
    case 'mutex_unlock': case 'mutex_trylock': case 'up_read': case 'up_write': case 'downgrade_write': case 'down_read_trylock': case 'down_write_trylock': return false;
    default: return assertNever(kind);
  }
}

/**
 * Whether the stepping context waits for the lock now. A context that may not sleep does not:
 * its step runs and reports the misuse (might_sleep() comes first in mutex_lock()), and so does
 * one whose lock is in a freed object (the use-after-free).
 */
export function sleepingLockWaits(x: Exec, i: SleepingLockInstr): boolean {
  const { program: p, layout: l, state: s } = x;
  return mustWait(l, s, i.kind, i.lock) && sleepForbidden(l, s, x.cpu, x.level) === null && !ownerFreed(p, l, s, i.lock);
}

/**
 * Whether task t sleeps on a sleeping lock: its next instruction takes one whose words make it
 * wait. The CPU may then switch away from it for free, and not back to it (ops/sched.ts).
 */
export function taskWaitsOnLock(p: Program, l: Layout, s: State, t: number): boolean {
  const task = p.sched!.tasks[t]!;
  const i = p.codes[task.code]?.instrs[taskPc(p, l, s, t)];
  if (i?.op !== 'sched' || !isSleepingLock(i) || !mustWait(l, s, i.kind, i.lock) || ownerFreed(p, l, s, i.lock)) return false;
  // The running task's context is the CPU's (a switched-out one passed this check to sleep).
  return currentTask(p, l, s, task.cpu) !== t || sleepForbidden(l, s, task.cpu, 0) === null;
}

/**
 * The words the scheduler's question reads for the tasks of `cpu` (a switch's footprint): the
 * lock words and freed flag of each task's pending sleeping lock.
 */
export function waitWords(p: Program, l: Layout, s: State, tasks: readonly number[]): number[] {
  const out: number[] = [];
  for (const t of tasks) {
    const i = p.codes[p.sched!.tasks[t]!.code]?.instrs[taskPc(p, l, s, t)];
    if (i?.op === 'sched' && isSleepingLock(i)) out.push(...sleepingLockWords(p, l, i));
  }
  return out;
}

function misuse(x: Exec, reason: string): never {
  throw new Fault({ kind: 'misuse', at: where(x), reason });
}

/** The kernel's name of an op, for messages. */
function opName(kind: SleepingLockOp): string {
  return kind === 'down_write_acquire' ? 'down_write' : kind;
}

/**
 * Apply a sleeping lock's op whose guard passed. A trylock writes 1 or 0 into its local. A dry
 * run never reaches here (the guard is sleepingLockWaits).
 */
export function sleepingLockStep(x: Exec, i: SleepingLockInstr): void {
  const { program: p, state: s } = x;
  const b = base(x.layout, i.lock);
  const name = p.locks[i.lock]?.name ?? '?';
  const at = p.locks[i.lock]?.at;
  const interrupt = (): void => { if (x.level !== 0) misuse(x, `${opName(i.kind)}(${name}) in interrupt context: a ${p.locks[i.lock]?.kind === 'mutex' ? 'mutex' : 'rw_semaphore'} belongs to a task (mutex-design.rst)`); };
  const result = (ok: boolean): void => { if (i.local !== undefined) s[frameOf(x.layout, x.cpu, x.level) + FRAME_LOCALS + i.local] = ok ? 1 : 0; };
  if (i.kind === 'mutex_lock' || i.kind === 'down_read' || i.kind === 'down_write') checkMaySleep(x, `${i.kind}(${name})`);
  // A lock in a heap object is memory of it (ops/locks.ts checkOwner).
  if (at !== undefined) checkNotFreed(x, at, 'write');
  const me = x.level === 0 ? taskId(x) : 0;
  switch (i.kind) {
    case 'mutex_lock': s[b + LOCK_HOLDER] = me; return;
    case 'mutex_trylock':
      // kernel/locking/mutex.c, mutex_trylock(): "This function must not be used in interrupt context".
      interrupt();
      if (s[b + LOCK_HOLDER] !== 0) { result(false); return; }
      s[b + LOCK_HOLDER] = me;
      result(true);
      return;
    case 'mutex_unlock': {
      interrupt();
      const owner = s[b + LOCK_HOLDER] ?? 0;
      if (owner === 0) misuse(x, `mutex_unlock(${name}) of a mutex nobody holds (mutex-design.rst: multiple unlocks are not permitted)`);
      if (owner !== me) misuse(x, `mutex_unlock(${name}) by ${taskName(p, me)}, but ${taskName(p, owner)} holds it (mutex-design.rst: only the owner can unlock the mutex)`);
      s[b + LOCK_HOLDER] = 0;
      return;
    }
    case 'down_read': s[b + RW_READERS]! += 1; return;
    case 'down_read_trylock':
      // rwsem.c, __down_read_trylock(): fails while RWSEM_READ_FAILED_MASK (a writer, or waiters) is set.
      if (s[b + RW_WRITER] !== 0 || s[b + RW_WAITING] !== 0) { result(false); return; }
      s[b + RW_READERS]! += 1;
      result(true);
      return;
    case 'up_read':
      if ((s[b + RW_READERS] ?? 0) <= 0) misuse(x, `up_read(${name}) of a rw_semaphore no task holds for reading`);
      s[b + RW_READERS]! -= 1;
      return;
    case 'down_write': s[b + RW_WAITING] = me; return;
    case 'down_write_acquire': s[b + RW_WAITING] = 0; s[b + RW_WRITER] = me; return;
    case 'down_write_trylock':
      // rwsem.c, __down_write_trylock(): a cmpxchg from RWSEM_UNLOCKED_VALUE (no reader, writer or waiter).
      interrupt();
      if (s[b + RW_WRITER] !== 0 || s[b + RW_WAITING] !== 0 || s[b + RW_READERS] !== 0) { result(false); return; }
      s[b + RW_WRITER] = me;
      result(true);
      return;
    case 'up_write': case 'downgrade_write': {
      const owner = s[b + RW_WRITER] ?? 0;
      if (owner !== me || me === 0) misuse(x, `${i.kind}(${name}) by ${me === 0 ? 'an interrupt handler' : taskName(p, me)}, ${owner === 0 ? 'but no task holds it for writing' : `but ${taskName(p, owner)} holds it`} (rwsem.c: DEBUG_RWSEMS_WARN_ON(sem->owner != current))`);
      s[b + RW_WRITER] = 0;
      // rwsem.c, downgrade_write(): the writer becomes a reader in one atomic step, and the
      // readers queued behind it may go on.
      if (i.kind === 'downgrade_write') s[b + RW_READERS]! += 1;
      return;
    }
    default: assertNever(i.kind);
  }
}

/**
 * The state words an op reads and writes, its guard included (static-footprint.ts and
 * move-footprint.ts via ops/sched.ts schedWords): every word of its lock, and the freed flag of
 * an object the lock is a field of. The context checks read only the CPU's own words.
 */
export function sleepingLockWords(p: Program, l: Layout, i: SleepingLockInstr): number[] {
  const b = base(l, i.lock);
  const at = p.locks[i.lock]?.at;
  const owner = at === undefined ? -1 : (p.locOwner[at] ?? -1);
  return [b + LOCK_HOLDER, b + RW_WRITER, b + RW_WAITING, ...(owner >= 0 ? [l.freedBase + owner] : [])];
}

/**
 * Whether the op waits for its CPU's store buffer to drain: every op that takes or releases the
 * lock is a locked instruction on x86 (mutex.c: atomic_long_try_cmpxchg_acquire() and
 * _release(); rwsem.c: atomic_long_add_return_acquire(), atomic_long_fetch_add_release()). A
 * trylock drains only when it succeeds, which a static answer cannot say: it never drains here,
 * which allows more runs, never fewer.
 */
export function sleepingLockDrains(kind: SleepingLockOp): boolean {
  return kind !== 'mutex_trylock' && kind !== 'down_read_trylock' && kind !== 'down_write_trylock';
}

/** What an op adds to its CPU's counts in the cost model (cost/count.ts): one acquisition or release. */
export function countSleepingLock(kind: SleepingLockOp, c: { lockAcquires: number; lockReleases: number }): void {
  switch (kind) {
    case 'mutex_lock': case 'mutex_trylock': case 'down_read': case 'down_write_acquire': case 'down_read_trylock': case 'down_write_trylock': c.lockAcquires++; return;
    case 'mutex_unlock': case 'up_read': case 'up_write': case 'downgrade_write': c.lockReleases++; return;
    case 'down_write': return; // only queues the writer: its cost is in down_write_acquire
    default: return assertNever(kind);
  }
}

/** The trace note of an op's step (report/trace-rows.ts), or null. */
export function sleepingLockNote(kind: SleepingLockOp, lockName: string): string | null {
  switch (kind) {
    case 'mutex_lock': return `${lockName} taken`;
    case 'down_read': return `${lockName} held for reading`;
    case 'down_write': return 'queued as the waiting writer';
    case 'down_write_acquire': return 'readers gone: held for writing';
    case 'downgrade_write': return 'now held for reading';
    case 'mutex_unlock': case 'up_read': case 'up_write': case 'mutex_trylock': case 'down_read_trylock': case 'down_write_trylock': return null;
    default: return assertNever(kind);
  }
}
