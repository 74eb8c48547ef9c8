// Spinlocks and rwlocks. Rwlock readers follow Linux's queued rwlock (kernel/locking/qrwlock.c):
// a writer first queues (sets _QW_WAITING), then waits for the readers to drain and takes the
// lock. A *fair* reader waits behind a waiting writer; an *unfair* reader waits only while a
// writer holds the lock. The kernel's own rwlock (`rwlock`, kind `qrwlock`) is both: in
// queued_read_lock_slowpath() a reader for which in_interrupt() is true waits only for
// !(cnts & _QW_LOCKED), any other queues on wait_lock behind the waiting writer.
import { assertNever } from '../../common/assert-never.js';
import { Fault, where, type Exec } from '../exec.js';
import { CPU_PREEMPT, LOCK_HOLDER, LOCK_WORDS, RW_READERS, RW_WAITING, RW_WRITER, cpuWord, frameOf } from '../layout.js';
import { checkNotFreed } from '../memory/sc.js';
import type { InstrBody, IrqOp, LockDecl, LockOp, LockValueKind } from '../program.js';
import { contextId, type BlockedOn } from '../violation.js';
import type { ArgRole, Family, PrimitiveName } from './family.js';
import { contextTest } from './softirq.js';

/**
 * A lock word as this CPU sees it: the lock tests of ops/locks.ts read it with a plain load,
 * which forwards from the CPU's own buffered unlock under TSO.
 */
export function lockWord(x: Exec, word: number): number {
  return x.memoryModel.lockView ? x.memoryModel.lockView(x, word) : (x.state[word] ?? 0);
}

/**
 * Whether the stepping context is in_interrupt() (include/linux/preempt.h: hardirq, NMI or
 * softirq count, which includes a bh-disabled section: ops/softirq.ts contextTest).
 */
export function inInterrupt(x: Exec): boolean {
  return x.level !== 0 || contextTest(x.layout, x.state, x.cpu, 'in_interrupt');
}

/**
 * Whether a reader of `decl` waits behind a waiting writer. qrwlock: include/asm-generic/qrwlock.h
 * queued_read_lock() takes the fast path unless _QW_WMASK (waiting or locked) is set, and
 * kernel/locking/qrwlock.c queued_read_lock_slowpath() then lets an in_interrupt() reader spin
 * only while _QW_LOCKED is set, while a task reader queues on wait_lock behind the writer.
 */
export function readerQueues(decl: LockDecl | undefined, interrupt: boolean): boolean {
  const r = decl?.readers ?? 'fair';
  switch (r) {
    case 'fair': return true;
    case 'unfair': return false;
    case 'qrwlock': return !interrupt;
    default: return assertNever(r);
  }
}

/**
 * A lock that is a field of a heap object (`b->lock`) is memory of that object: taking, releasing
 * or testing it once the object is freed is a use-after-free, as any access to its fields is.
 * The check reads the object's freed flag (its footprint: static-footprint.ts lockOp).
 */
function checkOwner(x: Exec, lock: number): void {
  const at = x.program.locks[lock]?.at;
  if (at === undefined) return;
  checkNotFreed(x, at, 'write');
}

/** Whether the lock lives in an object that is freed now (the step will report it). */
function ownerFreed(x: Exec, lock: number): boolean {
  const at = x.program.locks[lock]?.at;
  if (at === undefined) return false;
  const owner = x.program.locOwner[at] ?? -1;
  return owner >= 0 && x.state[x.layout.freedBase + owner] !== 0;
}

/** Why the lock op cannot proceed now, or null when it can. */
export function lockBlocked(x: Exec, kind: LockOp, lock: number): BlockedOn | null {
  const b = x.layout.lockBase + lock * LOCK_WORDS;
  const s = x.state;
  const decl = x.program.locks[lock];
  // A lock in a freed object: the step runs and reports the use-after-free, not a wait on garbage.
  if (ownerFreed(x, lock)) return null;
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
      if (readerQueues(decl, inInterrupt(x)) && s[b + RW_WAITING] !== 0) return rw('read');
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
  checkOwner(x, lock);
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
 * trylock holds preemption off until its unlock, as a lock does (__raw_spin_trylock(),
 * include/linux/spinlock_api_smp.h; __raw_read_trylock(), rwlock_api_smp.h). A dry run (a guard)
 * writes nothing.
 *
 * read_trylock() and write_trylock() are include/asm-generic/qrwlock.h's queued_read_trylock()
 * and queued_write_trylock(): a read try fails while a writer waits or holds (_QW_WMASK), from
 * any context (no in_interrupt() exception: it never spins); a write try fails unless the lock
 * word is 0 (no reader, no writer, none waiting).
 */
export function lockValue(x: Exec, kind: LockValueKind, lock: number): number {
  const b = x.layout.lockBase + lock * LOCK_WORDS;
  const w = b + LOCK_HOLDER;
  checkOwner(x, lock);
  const me = contextId(x.cpu, x.level);
  const preempt = (): void => { x.state[cpuWord(x.layout, x.cpu, CPU_PREEMPT)]! += 1; };
  switch (kind) {
    case 'trylock':
      if (lockWord(x, w) !== 0) return 0;
      if (!x.dry) { x.state[w] = me; preempt(); }
      return 1;
    case 'read_trylock':
      if (readTryFails(x, b)) return 0;
      if (!x.dry) { x.state[b + RW_READERS]! += 1; x.state[heldWord(x, lock)]! += 1; preempt(); }
      return 1;
    case 'write_trylock':
      if (writeTryFails(x, b)) return 0;
      if (!x.dry) { x.state[b + RW_WRITER] = me; preempt(); }
      return 1;
    case 'is_locked':
      return lockWord(x, w) !== 0 ? 1 : 0;
    default:
      return assertNever(kind);
  }
}

function readTryFails(x: Exec, b: number): boolean {
  return lockWord(x, b + RW_WRITER) !== 0 || (x.state[b + RW_WAITING] ?? 0) !== 0;
}

function writeTryFails(x: Exec, b: number): boolean {
  return lockWord(x, b + RW_WRITER) !== 0 || (x.state[b + RW_WAITING] ?? 0) !== 0 || (x.state[b + RW_READERS] ?? 0) !== 0;
}

/**
 * Whether a lock test fails without a locked instruction: each try reads the lock word plainly
 * first and returns 0 when it is taken (queued_spin_trylock(), queued_read_trylock(),
 * queued_write_trylock()), so a failed one is no barrier and waits for no drain.
 */
export function lockValueFailsUnlocked(x: Exec, kind: LockValueKind, lock: number): boolean {
  const b = x.layout.lockBase + lock * LOCK_WORDS;
  switch (kind) {
    case 'trylock': return lockWord(x, b + LOCK_HOLDER) !== 0;
    case 'read_trylock': return readTryFails(x, b);
    case 'write_trylock': return writeTryFails(x, b);
    case 'is_locked': return false;
    default: return assertNever(kind);
  }
}

/** Whether a lock test is an atomic (a locked instruction when it succeeds). */
export function lockValueIsAtomic(kind: LockValueKind): boolean {
  return kind !== 'is_locked';
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
  read_trylock: { reads: [RW_WRITER, RW_WAITING], writes: [], adds: [RW_READERS], reader: true },
  write_trylock: { reads: [RW_READERS, RW_WRITER, RW_WAITING], writes: [RW_WRITER], adds: [], reader: true },
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

/** Whether a lock op is an updater's (cost/roles.ts): taking an rwlock for writing, either phase. */
export function lockUpdates(kind: LockOp): boolean {
  switch (kind) {
    case 'write_lock': case 'write_lock_acquire': return true;
    case 'spin_lock': case 'spin_unlock': case 'read_lock': case 'read_unlock': case 'write_unlock': return false;
    default: return assertNever(kind);
  }
}

/**
 * The trace row of a buffered unlock reaching memory under TSO (spin_unlock and write_unlock are
 * release stores): from that step on, another CPU can take the lock.
 */
export function drainedUnlockRow(lockName: string): { readonly text: string; readonly note: string } {
  return { text: `(drain) unlock of ${lockName}`, note: 'the lock is free from here' };
}

/**
 * The trace note of the preempt_disable() a lock statement makes before it spins (ofLock: lowered,
 * not written; include/linux/spinlock_api_smp.h), or null for any other instruction.
 */
export function lockPreemptNote(i: InstrBody): string | null {
  return i.op === 'preempt' && i.ofLock === true ? 'preemption off' : null;
}

/**
 * What kind of synchronization a lock statement is, for `ablate` (explore/ablate.ts): its IRQ and
 * preemption steps belong to it too (ops/interrupts.ts, irqAblation).
 */
export function lockAblation(_i: Extract<InstrBody, { op: 'lock' }>): 'lock' {
  return 'lock';
}

const L = (rw: boolean): ArgRole => (rw ? 'rwlock' : 'spinlock');

/**
 * The lock statements by kernel name: each disables preemption before it spins and takes the lock
 * (include/linux/spinlock_api_smp.h, rwlock_api_smp.h); the _irq forms disable IRQs first and
 * enable them after the unlock, the _irqsave forms save the IRQ flag into `flags` and restore it.
 * write_lock is qrwlock's two phases (queue as the waiting writer, then wait for the readers).
 * The raw_spin_* names are the same operations: on a kernel without PREEMPT_RT, spin_lock() is
 * raw_spin_lock() on the spinlock's rlock (include/linux/spinlock.h: `static __always_inline void
 * spin_lock(spinlock_t *lock) { raw_spin_lock(&lock->rlock); }`); only PREEMPT_RT makes
 * spinlock_t a sleeping lock, which raceway does not model.
 */
/**
 * The _bh forms disable bottom halves (local_bh_disable(): include/linux/bottom_half.h) before the
 * lock and enable them after the unlock (include/linux/spinlock_api_smp.h __raw_spin_lock_bh:
 * `__local_bh_disable_ip(_RET_IP_, SOFTIRQ_LOCK_OFFSET)`, __raw_spin_unlock_bh:
 * `__local_bh_enable_ip(_RET_IP_, SOFTIRQ_LOCK_OFFSET)`): no softirq starts on this CPU while
 * the lock is held (ops/softirq.ts).
 */
export const BH_WORDS = ', bottom halves off';

function lockNames(): PrimitiveName[] {
  const out: PrimitiveName[] = [];
  const sides: [string, LockOp[], LockOp, boolean][] = [
    ['spin', ['spin_lock'], 'spin_unlock', false],
    ['raw_spin', ['spin_lock'], 'spin_unlock', false],
    ['read', ['read_lock'], 'read_unlock', true],
    ['write', ['write_lock', 'write_lock_acquire'], 'write_unlock', true],
  ];
  const forms: [string, string, IrqOp | undefined, IrqOp | undefined, boolean][] = [
    ['', '', undefined, undefined, false],
    ['_irq', '_irq', 'local_irq_disable', 'local_irq_enable', false],
    ['_irqsave', '_irqrestore', 'local_irq_save', 'local_irq_restore', true],
    ['_bh', '_bh', 'local_bh_disable', 'local_bh_enable', false],
  ];
  for (const [side, take, release, rw] of sides) {
    for (const [lockSuffix, unlockSuffix, before, after, flags] of forms) {
      const roles: ArgRole[] = flags ? [L(rw), 'flags'] : [L(rw)];
      // C litmus tests declare spinlock_t only (litmus/lower.ts), and herd7's linux-kernel.def
      // has the spin_* names, not the raw_spin_* ones.
      const litmus = side === 'spin' && lockSuffix !== '_bh';
      const what = rw ? (side === 'read' ? 'rwlock, read side' : 'rwlock, write side') : side === 'raw_spin' ? 'raw spinlock (as a spinlock without PREEMPT_RT)' : 'spinlock';
      const irqWords = lockSuffix === '_bh' ? BH_WORDS : before === undefined ? '' : flags ? ', IRQs off, flag saved in flags' : ', IRQs off';
      out.push({ name: `${side}_lock${lockSuffix}`, roles, litmus, doc: `takes the ${what}${irqWords}`, lower: { to: 'lock', ops: take, ...(before ? { irq: before } : {}) } });
      const restore = unlockSuffix === '_bh' ? ', bottom halves on again' : after === undefined ? '' : flags ? ', IRQ flag restored from flags' : ', IRQs on';
      out.push({ name: `${side}_unlock${unlockSuffix}`, roles, litmus, doc: `releases the ${what}${restore}`, lower: { to: 'lock', ops: [release], ...(after ? { irq: after, irqAfter: true } : {}) } });
    }
  }
  return out;
}

/** spin_trylock_irqsave(lock, flags), spin_trylock_irq(lock), their raw_spin_ names and write_trylock_irqsave(). */
function trylockIrqNames(): PrimitiveName[] {
  const forms: [string, ArgRole, 'trylock' | 'write_trylock', boolean][] = [
    ['spin_trylock_irqsave', 'spinlock', 'trylock', true], ['spin_trylock_irq', 'spinlock', 'trylock', false],
    ['raw_spin_trylock_irqsave', 'spinlock', 'trylock', true], ['raw_spin_trylock_irq', 'spinlock', 'trylock', false],
    ['write_trylock_irqsave', 'rwlock', 'write_trylock', true],
  ];
  return forms.map(([name, role, query, save]) => ({
    name, roles: save ? [role, 'flags'] : [role], litmus: false,
    doc: `${save ? 'saves the IRQ flag in flags and disables IRQs' : 'disables IRQs'}, then ${query === 'trylock' ? 'spin_trylock' : 'write_trylock'}: 1 with the lock held and IRQs off, else 0 with ${save ? 'the flag restored' : 'IRQs on again'}`,
    lower: { to: 'hoist', kind: 'trylock_irq', trylock: { query, save } },
  }));
}

/**
 * spin_trylock_bh(lock) and raw_spin_trylock_bh(lock) (include/linux/spinlock.h,
 * spinlock_api_smp.h __raw_spin_trylock_bh()): bottom halves off, then the try; on again when it
 * fails. A taken one is released by spin_unlock_bh().
 */
function trylockBhNames(): PrimitiveName[] {
  return ['spin_trylock_bh', 'raw_spin_trylock_bh'].map((name) => ({
    name, roles: ['spinlock'], litmus: false,
    doc: `disables bottom halves, then spin_trylock: 1 with the lock held and bottom halves off, else 0 with them on again`,
    lower: { to: 'hoist', kind: 'trylock_irq', trylock: { query: 'trylock', save: false, bh: true } },
  }));
}

export const locks: Family = {
  name: 'locks',
  cpuSymmetric: true, // a holder or waiting writer is a context id, which symmetry.ts renames
  names: [
    ...lockNames(),
    { name: 'spin_trylock', roles: ['spinlock'], litmus: true, doc: 'takes the spinlock if it is free: 1, else 0', lower: { to: 'lock_value', query: 'trylock' } },
    { name: 'raw_spin_trylock', roles: ['spinlock'], litmus: false, doc: 'the same as spin_trylock (include/linux/spinlock.h)', lower: { to: 'lock_value', query: 'trylock' } },
    { name: 'read_trylock', roles: ['rwlock'], litmus: false, doc: 'takes the read side unless a writer holds or waits (from any context): 1, else 0', lower: { to: 'lock_value', query: 'read_trylock' } },
    { name: 'write_trylock', roles: ['rwlock'], litmus: false, doc: 'takes the write side if there is no reader, no writer and none waiting: 1, else 0', lower: { to: 'lock_value', query: 'write_trylock' } },
    // include/linux/spinlock.h raw_spin_trylock_irqsave()/_irq() (spin_* the same on the spinlock's
    // rlock), include/linux/rwlock.h write_trylock_irqsave(): IRQs off, then the try; IRQs back
    // on when it fails (scenario/lower/compile-hoisted.ts). The kernel has no read_trylock_irq*.
    ...trylockIrqNames(),
    ...trylockBhNames(),
    { name: 'spin_is_locked', roles: ['spinlock'], litmus: true, doc: '1 while the spinlock is held', lower: { to: 'lock_value', query: 'is_locked' } },
    { name: 'raw_spin_is_locked', roles: ['spinlock'], litmus: false, doc: 'the same as spin_is_locked', lower: { to: 'lock_value', query: 'is_locked' } },
  ],
  known: [
    'spin_unlock_wait', 'smp_mb__before_spinlock',
  ],
  // The _irq and _irqsave forms lower to these lock ops plus an IRQ-flag change, and a statement
  // pairs by its lock op, so spin_lock_irqsave() pairs with spin_unlock_irqrestore().
  // write_lock_acquire is the second step of write_lock's statement.
  pairs: [['spin_lock', 'spin_unlock'], ['read_lock', 'read_unlock'], ['write_lock', 'write_unlock']],
};
