// Spinlocks and rwlocks. Rwlock readers follow Linux's queued rwlock (kernel/locking/qrwlock.c):
// a writer first queues (sets _QW_WAITING), then waits for the readers to drain and takes the
// lock. A *fair* reader waits behind a waiting writer; an *unfair* reader (qrwlock's rule for
// readers in interrupt context) waits only while a writer holds the lock.
import { assertNever } from '../../common/assert-never.js';
import { Fault, where, type Exec } from '../exec.js';
import { CPU_PREEMPT, LOCK_HOLDER, LOCK_WORDS, RW_READERS, RW_WAITING, RW_WRITER, cpuWord, frameOf } from '../layout.js';
import type { IrqOp, LockOp, LockValueKind } from '../program.js';
import { contextId, type BlockedOn } from '../violation.js';
import type { ArgRole, Family, PrimitiveName } from './family.js';

/**
 * A lock word as this CPU sees it: the lock tests of ops/locks.ts read it with a plain load,
 * which forwards from the CPU's own buffered unlock under TSO.
 */
export function lockWord(x: Exec, word: number): number {
  return x.memoryModel.lockView ? x.memoryModel.lockView(x, word) : (x.state[word] ?? 0);
}

/** Why the lock op cannot proceed now, or null when it can. */
export function lockBlocked(x: Exec, kind: LockOp, lock: number): BlockedOn | null {
  const b = x.layout.lockBase + lock * LOCK_WORDS;
  const s = x.state;
  const decl = x.program.locks[lock];
  const rw = (want: 'read' | 'write-queue' | 'write'): BlockedOn => ({
    kind: 'rwlock', lock, want,
    writerHolds: s[b + RW_WRITER] ?? 0, writerWaits: s[b + RW_WAITING] ?? 0, readers: s[b + RW_READERS] ?? 0,
  });
  // Taking a lock is a locked instruction on x86 (LOCK CMPXCHG; read_unlock is LOCK XADD): it
  // waits for the store buffer to drain. spin_unlock and write_unlock are plain release stores,
  // which queue in the buffer behind the critical section's stores (MemoryModel.release): they
  // wait only for room in it.
  const plainRelease = kind === 'spin_unlock' || kind === 'write_unlock';
  if (!plainRelease && !x.memoryModel.flushed(x.layout, s, x.cpu)) return { kind: 'store-buffer' };
  if (plainRelease && x.memoryModel.full?.(x.layout, s, x.cpu)) return { kind: 'store-buffer' };
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
  if (x.memoryModel.release) x.memoryModel.release(x, word);
  else x.state[word] = 0;
}

function misuse(x: Exec, reason: string): never {
  throw new Fault({ kind: 'misuse', at: where(x), reason });
}

/** An unlock enables preemption again (the lowering disabled it before the lock was taken). */
function preemptEnable(x: Exec, op: string): void {
  const w = cpuWord(x.layout, x.cpu, CPU_PREEMPT);
  if ((x.state[w] ?? 0) <= 0) misuse(x, `${op} with preemption already enabled (an unbalanced preempt_enable())`);
  x.state[w]! -= 1;
}

/** The word counting the read locks on `lock` that the stepping context holds (layout.ts). */
function heldWord(x: Exec, lock: number): number {
  return frameOf(x.layout, x.cpu, x.level) + x.layout.heldOffset + lock;
}

/** Apply a lock op whose guard passed. */
export function lockStep(x: Exec, kind: LockOp, lock: number): void {
  const b = x.layout.lockBase + lock * LOCK_WORDS;
  const s = x.state;
  const me = contextId(x.cpu, x.level);
  const name = x.program.locks[lock]?.name ?? '?';
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

/**
 * The value of a lock test. spin_is_locked() and the first read of spin_trylock() are plain loads
 * of the lock word (queued_spin_trylock() reads it before its cmpxchg, include/asm-generic/
 * qspinlock.h), which forward from the CPU's own buffered unlock under TSO (lockWord). A taken
 * trylock holds preemption off until its spin_unlock, as spin_lock does. A dry run (a guard)
 * writes nothing.
 */
export function lockValue(x: Exec, kind: LockValueKind, lock: number): number {
  const w = x.layout.lockBase + lock * LOCK_WORDS + LOCK_HOLDER;
  switch (kind) {
    case 'trylock':
      if (lockWord(x, w) !== 0) return 0;
      if (!x.dry) { x.state[w] = contextId(x.cpu, x.level); x.state[cpuWord(x.layout, x.cpu, CPU_PREEMPT)]! += 1; }
      return 1;
    case 'is_locked':
      return lockWord(x, w) !== 0 ? 1 : 0;
    default:
      return assertNever(kind);
  }
}

/**
 * Whether a lock test fails without a locked instruction: spin_trylock() of a held lock returns 0
 * after a plain read (queued_spin_trylock()), so it is no barrier and waits for no drain.
 */
export function lockValueFailsUnlocked(x: Exec, kind: LockValueKind, lock: number): boolean {
  switch (kind) {
    case 'trylock': return lockWord(x, x.layout.lockBase + lock * LOCK_WORDS + LOCK_HOLDER) !== 0;
    case 'is_locked': return false;
    default: return assertNever(kind);
  }
}

/** Whether a lock test is an atomic (a locked instruction when it succeeds). */
export function lockValueIsAtomic(kind: LockValueKind): boolean {
  return kind === 'trylock';
}

/** The lock words (offsets LOCK_HOLDER, RW_*) an op reads, its guard included, writes and only adds to. */
export interface LockAccess {
  readonly reads: readonly number[];
  readonly writes: readonly number[];
  readonly adds: readonly number[];
  /** Changes its CPU's RCU reader state (preemption: a lock taken or released). */
  readonly reader: boolean;
}

/**
 * The footprint of each lock op and lock test, word by word as lockBlocked, lockStep and
 * lockValue read and write them (static-footprint.ts reads this table). Readers only add to the
 * reader count: read_lock and read_unlock of different contexts commute, and each context's own
 * count of read locks held, which read_unlock checks, is a private word. Every lock op may change
 * preemption (a lock disables it in the step before, an unlock enables it in the same step).
 */
export const LOCK_ACCESS: Readonly<Record<LockOp | LockValueKind, LockAccess>> = {
  spin_lock: { reads: [LOCK_HOLDER], writes: [LOCK_HOLDER], adds: [], reader: true },
  spin_unlock: { reads: [LOCK_HOLDER], writes: [LOCK_HOLDER], adds: [], reader: true },
  read_lock: { reads: [RW_WRITER, RW_WAITING], writes: [], adds: [RW_READERS], reader: true },
  read_unlock: { reads: [], writes: [], adds: [RW_READERS], reader: true },
  write_lock: { reads: [RW_WRITER, RW_WAITING], writes: [RW_WAITING], adds: [], reader: true },
  write_lock_acquire: { reads: [RW_READERS], writes: [RW_WAITING, RW_WRITER], adds: [], reader: true },
  write_unlock: { reads: [RW_WRITER], writes: [RW_WRITER], adds: [], reader: true },
  // A trylock reads the holder and, when it is free, takes it with preemption off.
  trylock: { reads: [LOCK_HOLDER], writes: [LOCK_HOLDER], adds: [], reader: true },
  is_locked: { reads: [LOCK_HOLDER], writes: [], adds: [], reader: false },
};

/**
 * What a lock op adds to its CPU's counts in the cost model (cost/count.ts): one acquisition or
 * release each. The unlock's preempt_enable() runs in the same step (lockStep): one more toggle,
 * as the lock's preempt_disable() is a step of its own.
 */
export function countLock(kind: LockOp, c: { lockAcquires: number; lockReleases: number; irqToggles: number }): void {
  switch (kind) {
    case 'spin_lock': case 'read_lock': case 'write_lock_acquire': c.lockAcquires++; return;
    case 'spin_unlock': case 'read_unlock': case 'write_unlock': c.lockReleases++; c.irqToggles++; return;
    case 'write_lock': return; // only queues the writer: its cost is in write_lock_acquire
    default: return assertNever(kind);
  }
}

/**
 * The trace note of a lock op's step (report/trace-rows.ts). A lock statement is several steps
 * (its IRQ-flag change, preempt_disable(), then the acquisition, as spin_lock_irqsave() is in
 * include/linux/spinlock_api_smp.h): each says what it did, and statement-rows.ts folds them into
 * the statement's one row. Under TSO spin_unlock and write_unlock are buffered release stores.
 */
export function lockNote(kind: LockOp, lockName: string, tso: boolean): string | null {
  switch (kind) {
    case 'spin_lock': return `${lockName} taken`;
    case 'read_lock': return `${lockName} read-locked`;
    case 'write_lock': return 'queued as the waiting writer';
    case 'write_lock_acquire': return 'readers gone: write lock held';
    case 'spin_unlock': case 'write_unlock': return tso ? 'unlock into the store buffer' : null;
    case 'read_unlock': return null;
    default: return assertNever(kind);
  }
}

const L = (rw: boolean): ArgRole => (rw ? 'rwlock' : 'spinlock');

/**
 * The lock statements by kernel name: each disables preemption before it spins and takes the lock
 * (include/linux/spinlock_api_smp.h, rwlock_api_smp.h); the _irq forms disable IRQs first and
 * enable them after the unlock, the _irqsave forms save the IRQ flag into `flags` and restore it.
 * write_lock is qrwlock's two phases (queue as the waiting writer, then wait for the readers).
 */
function lockNames(): PrimitiveName[] {
  const out: PrimitiveName[] = [];
  const sides: [string, LockOp[], LockOp, boolean][] = [
    ['spin', ['spin_lock'], 'spin_unlock', false],
    ['read', ['read_lock'], 'read_unlock', true],
    ['write', ['write_lock', 'write_lock_acquire'], 'write_unlock', true],
  ];
  const forms: [string, string, IrqOp | undefined, IrqOp | undefined, boolean][] = [
    ['', '', undefined, undefined, false],
    ['_irq', '_irq', 'local_irq_disable', 'local_irq_enable', false],
    ['_irqsave', '_irqrestore', 'local_irq_save', 'local_irq_restore', true],
  ];
  for (const [side, take, release, rw] of sides) {
    for (const [lockSuffix, unlockSuffix, before, after, flags] of forms) {
      const roles: ArgRole[] = flags ? [L(rw), 'flags'] : [L(rw)];
      // C litmus tests declare spinlock_t only (litmus/lower.ts).
      const litmus = !rw;
      const what = rw ? (side === 'read' ? 'rwlock, read side' : 'rwlock, write side') : 'spinlock';
      const irqWords = before === undefined ? '' : flags ? ', IRQs off, flag saved in flags' : ', IRQs off';
      out.push({ name: `${side}_lock${lockSuffix}`, roles, litmus, doc: `takes the ${what}${irqWords}`, lower: { to: 'lock', ops: take, ...(before ? { irq: before } : {}) } });
      const restore = after === undefined ? '' : flags ? ', IRQ flag restored from flags' : ', IRQs on';
      out.push({ name: `${side}_unlock${unlockSuffix}`, roles, litmus, doc: `releases the ${what}${restore}`, lower: { to: 'lock', ops: [release], ...(after ? { irq: after, irqAfter: true } : {}) } });
    }
  }
  return out;
}

export const locks: Family = {
  name: 'locks',
  names: [
    ...lockNames(),
    { name: 'spin_trylock', roles: ['spinlock'], litmus: true, doc: 'takes the spinlock if it is free: 1, else 0', lower: { to: 'lock_value', query: 'trylock' } },
    { name: 'spin_is_locked', roles: ['spinlock'], litmus: true, doc: '1 while the spinlock is held', lower: { to: 'lock_value', query: 'is_locked' } },
  ],
  known: [
    'spin_unlock_wait', 'spin_lock_bh', 'spin_unlock_bh', 'spin_trylock_irqsave', 'raw_spin_lock', 'raw_spin_unlock',
    'raw_spin_trylock', 'raw_spin_lock_irqsave', 'raw_spin_unlock_irqrestore', 'read_trylock', 'write_trylock',
    'mutex_lock', 'mutex_unlock', 'mutex_trylock', 'down_read', 'up_read', 'down_write', 'up_write', 'smp_mb__before_spinlock',
  ],
  // The _irq and _irqsave forms lower to these lock ops plus an IRQ-flag change, and a statement
  // pairs by its lock op, so spin_lock_irqsave() pairs with spin_unlock_irqrestore().
  // write_lock_acquire is the second step of write_lock's statement.
  pairs: [['spin_lock', 'spin_unlock'], ['read_lock', 'read_unlock'], ['write_lock', 'write_unlock']],
};
