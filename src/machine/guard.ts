// Whether a context's next instruction can execute now, and if not, on what it waits.
// Guards are evaluated on the state as it is (dry: nothing is written). Pure.
import { assertNever } from '../common/assert-never.js';
import { Fault, type Exec } from './exec.js';
import { evaluate, resolve } from './eval.js';
import { memoByObject } from '../common/memo.js';
import { layoutOf, type Layout } from './layout.js';
import { memoryOf } from './memory/select.js';
import { fenceDrains } from './ops/barriers.js';
import { FREE_DRAINS } from './ops/heap.js';
import { RCU_ACCESS, rcuBlocked } from './ops/rcu.js';
import { rmwFailsUnlocked } from './ops/atomics.js';
import { lockBlocked, lockValueFailsUnlocked, lockValueIsAtomic } from './ops/locks.js';
import { srcuBlocked } from './ops/srcu.js';
import { callbackBlocked } from './ops/rcu-callbacks.js';
import { schedDrains } from './ops/sched.js';
import { isSleepingLock, sleepingLockWaits } from './ops/sleeping-lock.js';
import type { Expr, Instr, Level, Program } from './program.js';
import { codeOf, pcOf, type State } from './state.js';
import type { BlockedOn } from './violation.js';
import { forEachInstrExpr, someInstrExpr } from './visit.js';

export function dryExec(p: Program, l: Layout, s: State, cpu: number, level: Level): Exec {
  return { program: p, layout: l, memoryModel: memoryOf(p), state: s, cpu, level, code: codeOf(p, l, s, cpu, level), pc: pcOf(l, s, cpu, level), dry: true, observer: undefined };
}

const scratchOf = memoByObject((p: Program): Exec => dryExec(p, layoutOf(p), new Int32Array(0), 0, 0));

/**
 * dryExec without the allocation, for the hot path (enabledMoves): one Exec per program, reset on
 * each call. Guards never call back into this, so one object at a time is enough.
 */
export function dryScratch(p: Program, l: Layout, s: State, cpu: number, level: Level): Exec {
  const x = scratchOf(p);
  x.state = s; x.cpu = cpu; x.level = level; x.code = codeOf(p, l, s, cpu, level); x.pc = pcOf(l, s, cpu, level);
  return x;
}


/**
 * mayBlock(p)[code][pc] is 1 when blockedOn can ever say no to that instruction; for the others
 * (plain loads, stores under SC, local steps, IRQ and RCU markers) the guard is skipped.
 */
export const mayBlock = memoByObject((p: Program): readonly Uint8Array[] => {
  const tso = p.memoryModel === 'tso';
  return p.codes.map((c) => Uint8Array.from(c.instrs, (i) =>
    i.op === 'wait_until' || i.op === 'synchronize_rcu_wait' || i.op === 'lock' || i.op === 'srcu' || (i.op === 'sched' && isSleepingLock(i)) || (i.op === 'rcu_callback' && i.kind === 'rcu_barrier_wait') || (tso && (hasAtomic(i) || drainsFirst(i) || i.op === 'store')) ? 1 : 0));
});

/** Why `instr` cannot run now in the context of `x`, or null when it can. */
export function blockedOn(x: Exec, instr: Instr): BlockedOn | null {
  // Atomic read-modify-writes are locked instructions: they wait for the store buffer to drain,
  // except a conditional one that fails on its first, plain read (failsUnlocked).
  if (hasAtomic(instr) && !x.memoryModel.flushed(x.layout, x.state, x.cpu) && !failsUnlocked(x, instr)) return { kind: 'store-buffer' };
  if (drainsFirst(instr) && !x.memoryModel.flushed(x.layout, x.state, x.cpu)) return { kind: 'store-buffer' };
  // A full store buffer takes no more stores until its oldest drains (a bound of the model).
  if (instr.op === 'store' && x.memoryModel.full?.(x.layout, x.state, x.cpu)) return { kind: 'store-buffer' };
  switch (instr.op) {
    case 'wait_until':
      try {
        return evaluate(x, instr.cond) !== 0 ? null : { kind: 'wait_until' };
      } catch (e) {
        if (e instanceof Fault) return null; // let the step itself report the violation
        throw e;
      }
    case 'rcu': case 'synchronize_rcu_start': case 'synchronize_rcu_wait':
      return rcuBlocked(x, instr);
    case 'lock':
      return lockBlocked(x, instr.kind, instr.lock);
    case 'srcu':
      return srcuBlocked(x, instr);
    case 'rcu_callback':
      return callbackBlocked(x, instr);
    // A task waiting on a mutex or rw_semaphore sleeps until the lock lets it go on: a wait on
    // that condition (ops/sleeping-lock.ts; report/sentence.ts names the statement it waits at).
    case 'sched':
      return isSleepingLock(instr) && sleepingLockWaits(x, instr) ? { kind: 'wait_until' } : null;
    case 'assign': case 'store': case 'eval': case 'fence': case 'branch': case 'jump': case 'loop': case 'assert': case 'irq': case 'preempt': case 'free': case 'alloc': case 'nop':
      return null;
    default:
      return assertNever(instr);
  }
}

/**
 * Instructions other than atomics that wait for their CPU's store buffer to drain, as their
 * families say (docs/memory-model.md gives the source of each): smp_mb (ops/barriers.ts); both
 * halves of synchronize_rcu (ops/rcu.ts); kfree (ops/heap.ts).
 */
export function drainsFirst(instr: Instr): boolean {
  switch (instr.op) {
    case 'fence': return fenceDrains(instr.kind);
    case 'rcu': case 'synchronize_rcu_start': case 'synchronize_rcu_wait': return RCU_ACCESS[instr.op].drains;
    case 'free': return FREE_DRAINS;
    // SRCU's read-side markers carry an smp_mb() each, its grace period full barriers (ops/srcu.ts).
    case 'srcu': return true;
    // call_rcu() starts a grace period as synchronize_rcu() does; rcu_barrier() sleeps (full barriers).
    case 'rcu_callback': return true;
    case 'sched': return schedDrains(instr);
    // An allocation hands out an object no other CPU can name yet: nothing to order before it.
    case 'assign': case 'store': case 'eval': case 'branch': case 'jump': case 'loop': case 'wait_until': case 'assert': case 'irq': case 'preempt': case 'lock': case 'alloc': case 'nop':
      return false;
    default: return assertNever(instr);
  }
}

/**
 * Whether every atomic of `instr` is a conditional one that fails now without a locked
 * instruction, as its family says (atomics.ts: atomic_add_unless() on its first read of `u`;
 * locks.ts: a trylock of a held lock). Both reads forward from the CPU's own store buffer.
 * On x86 neither failure executes a LOCK-prefixed instruction, so neither is a barrier.
 */
function failsUnlocked(x: Exec, instr: Instr): boolean {
  const atomics: Expr[] = [];
  forEachInstrExpr(instr, (e) => { if (isAtomic(e)) atomics.push(e); });
  if (atomics.length === 0) return false;
  try {
    return atomics.every((a) => {
      if (a.kind === 'lock_value') return lockValueFailsUnlocked(x, a.query, a.lock);
      if (a.kind === 'rmw') {
        const loc = resolve(x, a.loc);
        return rmwFailsUnlocked(a.op, x.memoryModel.load(x, loc), a.args.map((v) => evaluate(x, v)));
      }
      return false;
    });
  } catch (e) {
    if (e instanceof Fault) return true; // let the step itself report the violation
    throw e;
  }
}

/** A locked instruction when it succeeds: every RMW, and a trylock. */
export function isAtomic(e: Expr): boolean {
  return e.kind === 'rmw' || (e.kind === 'lock_value' && lockValueIsAtomic(e.query));
}

const atomicCache = new WeakMap<Instr, boolean>();

function hasAtomic(instr: Instr): boolean {
  let v = atomicCache.get(instr);
  if (v === undefined) {
    v = someInstrExpr(instr, isAtomic);
    atomicCache.set(instr, v);
  }
  return v;
}
