// Whether a context's next instruction can execute now, and if not, on what it waits.
// Guards are evaluated on the state as it is (dry: nothing is written). Pure.
import { Fault, type Exec } from './exec.js';
import { evaluate } from './eval.js';
import { memoByObject } from '../common/memo.js';
import { frameOf, layoutOf, type Layout } from './layout.js';
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
  // Atomic read-modify-writes are locked instructions: they wait for the store buffer to drain.
  if (hasAtomic(instr) && !x.mem.flushed(x.l, x.s, x.cpu)) return { kind: 'store-buffer' };
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

const atomicCache = new WeakMap<Instr, boolean>();

function hasAtomic(instr: Instr): boolean {
  let v = atomicCache.get(instr);
  if (v === undefined) {
    const roots: Expr[] = [];
    if (instr.op === 'eval' || instr.op === 'assign') roots.push(instr.value);
    if (instr.op === 'store') roots.push(instr.value, ...locExprs(instr.loc));
    if (instr.op === 'branch' || instr.op === 'wait_until' || instr.op === 'assert') roots.push(instr.cond);
    if (instr.op === 'free') roots.push(instr.ptr);
    v = roots.some(exprHasAtomic);
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
