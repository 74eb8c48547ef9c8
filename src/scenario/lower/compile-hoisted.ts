// The primitives that are more than one access but still have a value (Lowering 'hoist'):
// atomic_try_cmpxchg(), kref_put(), refcount_dec_and_lock(). Each lowers, as the kernel writes
// it, to a few instructions the statement runs before the rest of it; its value is then a local.
// The statement that calls one may make no other shared access outside its arguments, and may
// not call it on the right of && or || (it would run whether or not C evaluates it): both are
// errors, so no order is picked for the user.
import { assertNever } from '../../common/assert-never.js';
import type { HoistKind, PrimitiveName } from '../../machine/ops/family.js';
import type { Expr, Instr, InstrBody, RmwOrder } from '../../machine/program.js';
import type { ExprAst } from '../syntax/ast.js';
import { lockWanted, type ExprCompiler, type Scope } from './compile-expr.js';
import { plainBitValue } from '../../machine/ops/bitops.js';
import { lowerWaitTest } from './compile-wait.js';
import { lowerWork, type WorkHost } from './compile-work.js';

export interface HoistSite { readonly text: string; readonly span: Instr['span'] }

/** What lowering a hoisted primitive needs from the code compiler. */
export interface HoistHost {
  readonly x: ExprCompiler;
  readonly site: HoistSite;
  emit(body: InstrBody, site: HoistSite): number;
  /** The index the next instruction will have. */
  next(): number;
  patch(at: number, to: number): void;
  /** A local that lives until the calling statement is done. */
  temp(): number;
  /** `e` as one operand, its shared accesses but the last made steps of their own. */
  operand(e: Expr): Expr;
  /** Inline procedure `name` called with `args` (names in `scope`), as a statement. */
  call(name: string, args: readonly ExprAst[], at: ExprAst, scope: Scope): void;
  /** The same host with the calling task and the work items, for the workqueue calls (compile-work.ts). */
  asWork(): WorkHost;
}

type Call = Extract<ExprAst, { k: 'call' }>;

const local = (slot: number): Expr => ({ kind: 'local', slot });
const constant = (v: number): Expr => ({ kind: 'const', v });

/** Lower the call `e` of `prim` (a 'hoist' lowering of `kind`); returns the local with its value. */
export function lowerHoisted(h: HoistHost, prim: PrimitiveName, kind: HoistKind, order: RmwOrder | undefined, e: Call, scope: Scope): number {
  switch (kind) {
    case 'try_cmpxchg': return tryCmpxchg(h, e, scope, order);
    case 'kref_put': return krefPut(h, e, scope);
    case 'refcount_dec_and_lock': return decAndLock(h, e, scope);
    case 'srcu_read_lock': {
      // ops/srcu.ts: one step, whose value (the index) the instruction writes into a local.
      const t = h.temp();
      h.emit({ op: 'srcu', kind: 'srcu_read_lock', ss: h.x.srcuArg(e.args[0]!, e.callee), local: t, idx: constant(0), expedited: false }, h.site);
      return t;
    }
    case 'trylock_irq': return trylockIrq(h, prim, e, scope);
    case 'plain_test_bit': return plainTestBit(h, prim, e, scope);
    case 'sleeping_lock': return sleepingLock(h, prim, e, scope);
    case 'waitqueue_active': case 'wq_has_sleeper': case 'completion_done': case 'try_wait_for_completion': return lowerWaitTest(h, kind, e);
    case 'queue_work': case 'flush_work': case 'cancel_work': case 'cancel_work_sync': return lowerWork(h.asWork(), kind, e, scope);
    case 'srcu_down_read': {
      const t = h.temp();
      h.emit({ op: 'srcu', kind: 'srcu_down_read', ss: h.x.srcuArg(e.args[0]!, e.callee), local: t, idx: constant(0), expedited: false }, h.site);
      return t;
    }
    default: return assertNever(kind);
  }
}

/**
 * include/linux/spinlock.h, raw_spin_trylock_irqsave(lock, flags): `local_irq_save(flags);
 * raw_spin_trylock(lock) ? 1 : ({ local_irq_restore(flags); 0; })`; the _irq form disables and
 * enables IRQs instead; write_trylock_irqsave() is the same around write_trylock()
 * (include/linux/rwlock.h). IRQs stay off exactly when the lock was taken. spin_trylock_bh() is
 * include/linux/spinlock_api_smp.h's __raw_spin_trylock_bh(): `__local_bh_disable_ip(...);
 * if (do_raw_spin_trylock(lock)) return 1; __local_bh_enable_ip(...); return 0;`.
 */
function trylockIrq(h: HoistHost, prim: PrimitiveName, e: Call, scope: Scope): number {
  const t = prim.lower.to === 'hoist' ? prim.lower.trylock : undefined;
  if (!t) throw new Error(`${e.callee}: a trylock_irq lowering without its lock test`);
  const flags = t.save ? flagsSlot(h, e.args[1]!, scope, e.callee) : -1;
  h.emit({ op: 'irq', kind: t.bh ? 'local_bh_disable' : t.save ? 'local_irq_save' : 'local_irq_disable', flags }, h.site);
  const lock = h.x.staticLock(e.args[0]!, lockWanted(prim.roles[0]), e.callee, scope);
  const ok = rmwInto(h, { kind: 'lock_value', query: t.query, lock });
  const taken = h.emit({ op: 'branch', cond: { kind: 'un', op: '!', a: local(ok) }, to: -1, clear: [], silent: true }, h.site);
  h.emit({ op: 'irq', kind: t.bh ? 'local_bh_enable' : t.save ? 'local_irq_restore' : 'local_irq_enable', flags }, h.site);
  h.patch(taken, h.next());
  return ok;
}

/**
 * A mutex or rw_semaphore op with a value (ops/sleeping-lock.ts): a trylock writes 1 or 0 into
 * the local in its one step; mutex_lock_interruptible() and kin are the lock, then 0.
 */
function sleepingLock(h: HoistHost, prim: PrimitiveName, e: Call, scope: Scope): number {
  const ops = prim.lower.to === 'hoist' ? prim.lower.sleeping : undefined;
  if (!ops) throw new Error(`${e.callee}: a sleeping_lock lowering without its ops`);
  const lock = h.x.staticLock(e.args[0]!, lockWanted(prim.roles[0]), e.callee, scope);
  const t = h.temp();
  for (const kind of ops) h.emit({ op: 'sched', kind, task: 0, lock, ...(kind.endsWith('_trylock') ? { local: t } : {}) }, h.site);
  if (!ops.some((k) => k.endsWith('_trylock'))) h.emit({ op: 'assign', local: t, value: constant(0), silent: true }, h.site);
  return t;
}

/** The local a flags argument names (local_irq_save(flags) writes it). */
function flagsSlot(h: HoistHost, a: ExprAst, scope: Scope, callee: string): number {
  if (a.k === 'name') {
    const slot = scope.locals.get(a.name);
    if (slot !== undefined) return slot;
    const bound = scope.bound.get(a.name);
    if (bound?.kind === 'local') return bound.slot;
  }
  h.x.error(a, `${callee}() saves the IRQ flag into its second argument, which must be a local name`, 'a name such as flags');
  return h.temp();
}

/**
 * include/asm-generic/bitops/generic-non-atomic.h, generic___test_and_set_bit(nr, addr): `old =
 * *p; *p = old | mask; return (old & mask) != 0;` (and the clear and change forms): a plain load
 * and a plain store, each a step, so a racing update between them is lost (ops/bitops.ts).
 */
function plainTestBit(h: HoistHost, prim: PrimitiveName, e: Call, scope: Scope): number {
  const op = prim.lower.to === 'hoist' ? prim.lower.bitOp : undefined;
  if (!op) throw new Error(`${e.callee}: a plain_test_bit lowering without its bit operation`);
  const mask = 1 << h.x.bitNumber(e.args[0]!, scope, e.callee);
  const loc = h.x.loc(e.args[1]!, scope);
  const old = rmwInto(h, { kind: 'load', loc, order: 'plain' });
  h.emit({ op: 'store', loc, value: plainBitValue(op, local(old), mask), order: 'plain' }, h.site);
  const ok = h.temp();
  h.emit({ op: 'assign', local: ok, value: { kind: 'bin', op: '!=', a: { kind: 'bin', op: '&', a: local(old), b: constant(mask) }, b: constant(0) }, silent: true }, h.site);
  return ok;
}

/** `t = <rmw>` as a step of its own; t is a fresh temporary. */
function rmwInto(h: HoistHost, rmw: Expr): number {
  const t = h.temp();
  h.emit({ op: 'assign', local: t, value: h.operand(rmw), silent: false }, h.site);
  return t;
}

/**
 * include/linux/atomic/atomic-arch-fallback.h, raw_atomic_try_cmpxchg(v, old, new):
 * `r = raw_atomic_cmpxchg(v, *old, new); if (r != *old) *old = r; return r == *old;`. The
 * cmpxchg is the one access; the compare and the write-back touch locals only (silent).
 */
function tryCmpxchg(h: HoistHost, e: Call, scope: Scope, order: RmwOrder | undefined): number {
  const [v, oldArg, nu] = e.args;
  const old = oldSlot(h, oldArg!, scope, e.callee);
  const loc = h.x.loc(v!, scope);
  const t = rmwInto(h, { kind: 'rmw', op: 'cmpxchg', loc, args: [local(old), h.x.expr(nu!, scope)], ...(order ? { order } : {}) });
  const ok = h.temp();
  h.emit({ op: 'assign', local: ok, value: { kind: 'bin', op: '==', a: local(t), b: local(old) }, silent: true }, h.site);
  h.emit({ op: 'assign', local: old, value: local(t), silent: true }, h.site);
  return ok;
}

/** The local `&old` names: atomic_try_cmpxchg() writes the value it saw back into it. */
function oldSlot(h: HoistHost, a: ExprAst, scope: Scope, callee: string): number {
  if (a.k === 'addr' && a.of.k === 'name') {
    const slot = scope.locals.get(a.of.name);
    if (slot !== undefined) return slot;
    const bound = scope.bound.get(a.of.name);
    if (bound?.kind === 'local') return bound.slot;
  }
  h.x.error(a, `${callee}() writes the value it saw back through its second argument, which must be the address of a local`, '&old, where old is a local (old = atomic_read(&v) before the loop)');
  return h.temp();
}

/**
 * include/linux/kref.h, kref_put(kref, release): `if (refcount_dec_and_test(&kref->refcount))
 * { release(kref); return 1; } return 0;`. The release procedure receives the object the kref
 * is a field of (container_of() in the kernel), or the cell's address for a kref that is a cell.
 */
function krefPut(h: HoistHost, e: Call, scope: Scope): number {
  const [ref, release] = e.args;
  const loc = h.x.loc(ref!, scope);
  const container = containerOf(ref!);
  if (!container) h.x.error(ref!, `${e.callee}() needs the kref as &obj->field or &cell, so that the release procedure gets obj`, '&obj->ref, where obj is a name');
  if (release?.k !== 'name') {
    h.x.error(release ?? e, `${e.callee}() takes the name of a procedure of this scenario as its release function`, 'a procedure name');
    return h.temp();
  }
  const t = rmwInto(h, { kind: 'rmw', op: 'refcount_sub_and_test', loc, args: [constant(1)] });
  const br = h.emit({ op: 'branch', cond: local(t), to: -1, clear: [], silent: true }, h.site);
  if (container) h.call(release.name, [container], release, scope);
  h.patch(br, h.next());
  return t;
}

/** `obj` of `&obj->f` or `obj->f`, `&c` of a cell `&c` or `c`; null for anything else. */
function containerOf(ref: ExprAst): ExprAst | null {
  const of = ref.k === 'addr' ? ref.of : ref;
  if (of.k === 'field' && of.obj.k === 'name') return of.obj;
  if (of.k === 'name') return { k: 'addr', of, start: of.start, end: of.end };
  return null;
}

/**
 * lib/refcount.c, refcount_dec_and_lock(r, lock): `if (refcount_dec_not_one(r)) return false;
 * spin_lock(lock); if (!refcount_dec_and_test(r)) { spin_unlock(lock); return false; } return
 * true;`: the lock is held on return exactly when the count hit 0.
 */
function decAndLock(h: HoistHost, e: Call, scope: Scope): number {
  const [ref, lockArg] = e.args;
  const loc = h.x.loc(ref!, scope);
  const lock = h.x.staticLock(lockArg!, 'spinlock', e.callee, scope);
  const res = h.temp();
  h.emit({ op: 'assign', local: res, value: constant(0), silent: true }, h.site);
  const t = rmwInto(h, { kind: 'rmw', op: 'refcount_dec_not_one', loc, args: [] });
  const notOne = h.emit({ op: 'branch', cond: { kind: 'un', op: '!', a: local(t) }, to: -1, clear: [], silent: true }, h.site);
  // spin_lock(): preempt_disable(), then the lock (include/linux/spinlock_api_smp.h).
  h.emit({ op: 'preempt', kind: 'preempt_disable', ofLock: true }, h.site);
  h.emit({ op: 'lock', kind: 'spin_lock', lock }, h.site);
  h.emit({ op: 'assign', local: t, value: h.operand({ kind: 'rmw', op: 'refcount_sub_and_test', loc, args: [constant(1)] }), silent: false }, h.site);
  const zero = h.emit({ op: 'branch', cond: local(t), to: -1, clear: [], silent: true }, h.site);
  h.emit({ op: 'assign', local: res, value: constant(1), silent: true }, h.site);
  const done = h.emit({ op: 'jump', to: -1, clear: [] }, h.site);
  h.patch(zero, h.next());
  h.emit({ op: 'lock', kind: 'spin_unlock', lock }, h.site);
  h.patch(notOne, h.next());
  h.patch(done, h.next());
  return res;
}
