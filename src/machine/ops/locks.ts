// Spinlocks and rwlocks. Rwlock readers follow Linux's queued rwlock (kernel/locking/qrwlock.c):
// a writer first queues (sets _QW_WAITING), then waits for the readers to drain and takes the
// lock. A *fair* reader waits behind a waiting writer; an *unfair* reader (qrwlock's rule for
// readers in interrupt context) waits only while a writer holds the lock.
import { assertNever } from '../../common/assert-never.js';
import { lockWord } from '../eval.js';
import { Fault, where, type Exec } from '../exec.js';
import { CPU_PREEMPT, LOCK_HOLDER, LOCK_WORDS, RW_READERS, RW_WAITING, RW_WRITER, cpuWord, frameOf } from '../layout.js';
import type { LockOp } from '../program.js';
import { contextId, type BlockedOn } from '../violation.js';

/** Why the lock op cannot proceed now, or null when it can. */
export function lockBlocked(x: Exec, kind: LockOp, lock: number): BlockedOn | null {
  const b = x.l.lockBase + lock * LOCK_WORDS;
  const s = x.s;
  const decl = x.p.locks[lock];
  const rw = (want: 'read' | 'write-queue' | 'write'): BlockedOn => ({
    kind: 'rwlock', lock, want,
    writerHolds: s[b + RW_WRITER] ?? 0, writerWaits: s[b + RW_WAITING] ?? 0, readers: s[b + RW_READERS] ?? 0,
  });
  // Taking a lock is a locked instruction on x86 (LOCK CMPXCHG; read_unlock is LOCK XADD): it
  // waits for the store buffer to drain. spin_unlock and write_unlock are plain release stores,
  // which queue in the buffer behind the critical section's stores (MemoryModel.release): they
  // wait only for room in it.
  const plainRelease = kind === 'spin_unlock' || kind === 'write_unlock';
  if (!plainRelease && !x.mem.flushed(x.l, s, x.cpu)) return { kind: 'store-buffer' };
  if (plainRelease && x.mem.full?.(x.l, s, x.cpu)) return { kind: 'store-buffer' };
  switch (kind) {
    case 'spin_lock':
      return s[b + LOCK_HOLDER] !== 0 ? { kind: 'spinlock', lock, holder: s[b + LOCK_HOLDER] ?? 0 } : null;
    case 'read_lock':
      if (s[b + RW_WRITER] !== 0) return rw('read');
      if (decl?.fair && s[b + RW_WAITING] !== 0) return rw('read');
      return null;
    case 'write_lock':
      return s[b + RW_WRITER] !== 0 || s[b + RW_WAITING] !== 0 ? rw('write-queue') : null;
    case 'write_lock_acquire':
      return s[b + RW_READERS] !== 0 ? rw('write') : null;
    case 'spin_unlock':
    case 'read_unlock':
    case 'write_unlock':
      return null;
    default:
      return assertNever(kind);
  }
}

function release(x: Exec, word: number): void {
  if (x.mem.release) x.mem.release(x, word);
  else x.s[word] = 0;
}

function misuse(x: Exec, reason: string): never {
  throw new Fault({ kind: 'misuse', at: where(x), reason });
}

/** An unlock enables preemption again (the lowering disabled it before the lock was taken). */
function preemptEnable(x: Exec, op: string): void {
  const w = cpuWord(x.l, x.cpu, CPU_PREEMPT);
  if ((x.s[w] ?? 0) <= 0) misuse(x, `${op} with preemption already enabled (an unbalanced preempt_enable())`);
  x.s[w]! -= 1;
}

/** The word counting the read locks on `lock` that the stepping context holds (layout.ts). */
function heldWord(x: Exec, lock: number): number {
  return frameOf(x.l, x.cpu, x.level) + x.l.heldOffset + lock;
}

/** Apply a lock op whose guard passed. */
export function lockStep(x: Exec, kind: LockOp, lock: number): void {
  const b = x.l.lockBase + lock * LOCK_WORDS;
  const s = x.s;
  const me = contextId(x.cpu, x.level);
  const name = x.p.locks[lock]?.name ?? '?';
  switch (kind) {
    case 'spin_lock': s[b + LOCK_HOLDER] = me; return;
    case 'spin_unlock':
      // The holder as this CPU sees it: an unlock of its own still in the store buffer counts.
      if (lockWord(x, b + LOCK_HOLDER) !== me) misuse(x, `spin_unlock(${name}) by a context that does not hold it`);
      release(x, b + LOCK_HOLDER);
      preemptEnable(x, `spin_unlock(${name})`);
      return;
    case 'read_lock':
      s[b + RW_READERS]! += 1;
      s[heldWord(x, lock)]! += 1;
      return;
    case 'read_unlock': {
      const held = heldWord(x, lock);
      if ((s[held] ?? 0) <= 0) misuse(x, `read_unlock(${name}) by a context that holds no read lock on it`);
      s[b + RW_READERS]! -= 1;
      s[held]! -= 1;
      preemptEnable(x, `read_unlock(${name})`);
      return;
    }
    case 'write_lock': s[b + RW_WAITING] = me; return;
    case 'write_lock_acquire': s[b + RW_WAITING] = 0; s[b + RW_WRITER] = me; return;
    case 'write_unlock':
      if (lockWord(x, b + RW_WRITER) !== me) misuse(x, `write_unlock(${name}) by a context that does not hold it`);
      release(x, b + RW_WRITER);
      preemptEnable(x, `write_unlock(${name})`);
      return;
    default:
      return assertNever(kind);
  }
}
