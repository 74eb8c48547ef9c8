// Whether a context's next instruction can execute now, and if not, on what it waits.
// Guards are evaluated on the state as it is (dry: nothing is written). Pure.
import { Fault, type Exec } from './exec.js';
import { evaluate, lockWord, resolve } from './eval.js';
import { memoByObject } from '../common/memo.js';
import { LOCK_HOLDER, LOCK_WORDS, frameOf, layoutOf, type Layout } from './layout.js';
import { memoryOf } from './memory/select.js';
import { gracePeriodPending, pendingCpus } from './ops/rcu.js';
import { lockBlocked } from './ops/locks.js';
import type { Expr, Instr, Level, Loc, Program } from './program.js';
import { codeOf, pcOf, type State } from './state.js';
import type { BlockedOn } from './violation.js';

export function dryExec(p: Program, l: Layout, s: State, cpu: number, level: Level): Exec {
  return { p, l, mem: memoryOf(p), s, cpu, level, code: codeOf(p, l, s, cpu, level), pc: pcOf(l, s, cpu, level), dry: true, obs: undefined };
}

const scratchOf = memoByObject((p: Program): Exec => dryExec(p, layoutOf(p), new Int32Array(0), 0, 0));

/**
 * dryExec without the allocation, for the hot path (enabledMoves): one Exec per program, reset on
 * each call. Guards never call back into this, so one object at a time is enough.
 */
export function dryScratch(p: Program, l: Layout, s: State, cpu: number, level: Level): Exec {
  const x = scratchOf(p);
  x.s = s; x.cpu = cpu; x.level = level; x.code = codeOf(p, l, s, cpu, level); x.pc = pcOf(l, s, cpu, level);
  return x;
}


/**
 * mayBlock(p)[code][pc] is 1 when blockedOn can ever say no to that instruction; for the others
 * (plain loads, stores under SC, local steps, IRQ and RCU markers) the guard is skipped.
 */
export const mayBlock = memoByObject((p: Program): readonly Uint8Array[] => {
  const tso = p.memoryModel === 'tso';
  return p.codes.map((c) => Uint8Array.from(c.instrs, (i) =>
    i.op === 'wait_until' || i.op === 'gp_wait' || i.op === 'lock' || (tso && (hasAtomic(i) || drainsFirst(i) || i.op === 'store')) ? 1 : 0));
});

/** Why `instr` cannot run now in the context of `x`, or null when it can. */
export function blockedOn(x: Exec, instr: Instr): BlockedOn | null {
  // Atomic read-modify-writes are locked instructions: they wait for the store buffer to drain,
  // except a conditional one that fails on its first, plain read (failsUnlocked).
  if (hasAtomic(instr) && !x.mem.flushed(x.l, x.s, x.cpu) && !failsUnlocked(x, instr)) return { kind: 'store-buffer' };
  if (drainsFirst(instr) && !x.mem.flushed(x.l, x.s, x.cpu)) return { kind: 'store-buffer' };
  // A full store buffer takes no more stores until its oldest drains (a bound of the model).
  if (instr.op === 'store' && x.mem.full?.(x.l, x.s, x.cpu)) return { kind: 'store-buffer' };
  switch (instr.op) {
    case 'wait_until':
      try {
        return evaluate(x, instr.cond) !== 0 ? null : { kind: 'wait_until' };
      } catch (e) {
        if (e instanceof Fault) return null; // let the step itself report the violation
        throw e;
      }
    case 'gp_wait': {
      const f = frameOf(x.l, x.cpu, x.level);
      return gracePeriodPending(x.l, x.s, f) ? { kind: 'grace-period', cpus: pendingCpus(x.l, x.s, f, x.p.cpus) } : null;
    }
    case 'lock':
      return lockBlocked(x, instr.kind, instr.lock);
    default:
      return null;
  }
}

/**
 * Instructions other than atomics that wait for their CPU's store buffer to drain (docs/memory-model.md
 * gives the source of each): smp_mb (MFENCE); both halves of synchronize_rcu, which implies a full
 * barrier at its start and end; kfree, whose handing the memory back is itself a store FIFO-behind
 * the CPU's earlier stores, so no other CPU can reuse the object before they land.
 */
function drainsFirst(instr: Instr): boolean {
  switch (instr.op) {
    case 'fence': return instr.kind === 'smp_mb';
    case 'gp_start': case 'gp_wait': case 'free': return true;
    default: return false;
  }
}

/**
 * Whether every atomic of `instr` is a conditional one that fails now without a locked
 * instruction: atomic_inc_not_zero() is atomic_add_unless(v, 1, 0), whose first read of 0 breaks
 * out before any try_cmpxchg (include/linux/atomic/atomic-arch-fallback.h), and spin_trylock()
 * returns 0 after a plain read of a held lock (queued_spin_trylock()). Both reads forward from the
 * CPU's own store buffer. On x86 neither failure executes a LOCK-prefixed instruction, so neither
 * is a barrier (Documentation/atomic_t.txt: a failed conditional RMW is unordered). A failed
 * cmpxchg() is still LOCK CMPXCHG and waits for the drain.
 */
function failsUnlocked(x: Exec, instr: Instr): boolean {
  const atomics: Expr[] = [];
  for (const root of rootsOf(instr)) collectAtomics(root, atomics);
  if (atomics.length === 0) return false;
  try {
    return atomics.every((a) => {
      if (a.k === 'spin_trylock') return lockWord(x, x.l.lockBase + a.lock * LOCK_WORDS + LOCK_HOLDER) !== 0;
      if (a.k === 'rmw' && a.op === 'atomic_inc_not_zero') return x.mem.load(x, resolve(x, a.loc)) === 0;
      return false;
    });
  } catch (e) {
    if (e instanceof Fault) return true; // let the step itself report the violation
    throw e;
  }
}

function collectAtomics(e: Expr, out: Expr[]): void {
  switch (e.k) {
    case 'rmw': case 'spin_trylock': out.push(e); for (const a of e.k === 'rmw' ? e.args : []) collectAtomics(a, out); break;
    case 'load': for (const i of locExprs(e.loc)) collectAtomics(i, out); break;
    case 'un': collectAtomics(e.a, out); break;
    case 'bin': collectAtomics(e.a, out); collectAtomics(e.b, out); break;
    default: break;
  }
}

function rootsOf(instr: Instr): Expr[] {
  switch (instr.op) {
    case 'eval': case 'assign': return [instr.value];
    case 'store': return [instr.value, ...locExprs(instr.loc)];
    case 'branch': case 'wait_until': case 'assert': return [instr.cond];
    case 'free': return [instr.ptr];
    default: return [];
  }
}

const atomicCache = new WeakMap<Instr, boolean>();

function hasAtomic(instr: Instr): boolean {
  let v = atomicCache.get(instr);
  if (v === undefined) {
    v = rootsOf(instr).some(exprHasAtomic);
    atomicCache.set(instr, v);
  }
  return v;
}

function locExprs(loc: Loc): Expr[] {
  return loc.k === 'deref' ? [loc.ptr] : [...loc.index];
}

function exprHasAtomic(e: Expr): boolean {
  switch (e.k) {
    case 'rmw': case 'spin_trylock': return true;
    case 'load': return locExprs(e.loc).some(exprHasAtomic);
    case 'un': return exprHasAtomic(e.a);
    case 'bin': return exprHasAtomic(e.a) || exprHasAtomic(e.b);
    default: return false;
  }
}
