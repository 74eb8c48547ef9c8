// Counters that commute (issue 22 item 7): an increment or decrement of a counter, with or without
// a guard value at which it does nothing (atomic_inc()/atomic_dec()/atomic_add() always add;
// atomic_inc_not_zero() and atomic_add_unless(v, a, u) add unless the value is u, and return only
// whether they did), is a *count*. Two counts of one word commute in every state where neither
// sees one of the word's guard values in either order: both orders add both amounts, and each
// returns what it returns alone (1, or 0 for a void add). Near a guard they do not commute
// (atomic_dec() from 1 makes a later atomic_inc_not_zero() fail). So a count is a third kind of
// access beside reads and writes (StaticFootprint.counts), and whether two counts conflict asks
// the word's value: in one state for the sleep sets (`countsCommuteAt`), and over every run that
// avoids a persistent set for the persistent sets (`CountDrift`: how far the CPUs outside the set
// can move the value, from the counts left in their code). Only under SC: under TSO a CPU's
// buffered stores would make the value a count sees its own. Pure.
import type { Code, Expr, Instr, Program } from '../program.js';
import { pointee } from '../program.js';
import { instrExprs, subExprs } from '../visit.js';

/** A count: which memory location, by how much, and the value at which it adds nothing (or none). */
export interface Count {
  readonly loc: number;
  readonly delta: number;
  /** The value at which it adds nothing (atomic_add_unless's u), or null (it always adds). */
  readonly guard: number | null;
  /**
   * It is the whole condition of a wait_until: it runs only when it adds (a failed try is the
   * wait going on, no step), so it always moves the value by `delta`.
   */
  readonly waits: boolean;
}

/** The one location a location expression names whatever the state, or -1. */
function fixedLoc(p: Program, e: Expr): number {
  if (e.kind !== 'rmw') return -1;
  const loc = e.loc;
  if (loc.kind === 'deref') {
    if (loc.ptr.kind !== 'const') return -1;
    return p.objects[pointee(p, loc.ptr.v)]?.fields.get(loc.field) ?? -1;
  }
  const a = p.arrays[loc.array];
  if (!a || loc.index.length !== a.dims.length) return -1;
  let off = 0;
  for (let d = 0; d < a.dims.length; d++) {
    const i = loc.index[d]!;
    if (i.kind !== 'const' || i.v < 0 || i.v >= (a.dims[d] ?? 1)) return -1;
    off = off * (a.dims[d] ?? 1) + i.v;
  }
  return a.base + off;
}

/** The count an RMW expression is, or null: a constant add, guarded or not, at one fixed location. */
export function countOf(p: Program, e: Expr, waits = false): Count | null {
  if (e.kind !== 'rmw' || p.memoryModel !== 'sc') return null;
  const loc = fixedLoc(p, e);
  if (loc < 0) return null;
  const [a, u] = e.args;
  if (e.op === 'atomic_add' && a?.kind === 'const') return { loc, delta: a.v, guard: null, waits };
  if (e.op === 'atomic_add_unless' && a?.kind === 'const' && u?.kind === 'const') return { loc, delta: a.v, guard: u.v, waits };
  return null;
}

const cache = new WeakMap<Instr, Count | null>();

/**
 * The count an instruction makes, when that is the only memory access it makes (its loads are
 * steps of their own after lowering; one that loads too is no count), or null.
 */
export function instrCount(p: Program, i: Instr): Count | null {
  const hit = cache.get(i);
  if (hit !== undefined) return hit;
  let found: Count | null = null;
  let accesses = 0;
  const walk = (e: Expr): void => {
    if (e.kind === 'load' || e.kind === 'rmw' || e.kind === 'lock_value') {
      accesses++;
      if (e.kind === 'rmw') found = countOf(p, e, i.op === 'wait_until' && i.cond === e && !i.into);
    }
    for (const c of subExprs(e)) walk(c);
  };
  if (i.op === 'assign' || i.op === 'eval' || i.op === 'wait_until' || i.op === 'branch' || i.op === 'assert') for (const e of instrExprs(i)) walk(e);
  const out = accesses === 1 ? found : null;
  cache.set(i, out);
  return out;
}

/** The guard values of every count of each location (only locations some count touches). */
export function countGuards(p: Program): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const code of p.codes) {
    for (const i of code.instrs) {
      const c = instrCount(p, i);
      if (!c) continue;
      const g = out.get(c.loc) ?? [];
      if (c.guard !== null && !g.includes(c.guard)) g.push(c.guard);
      out.set(c.loc, g);
    }
  }
  return out;
}

/**
 * Two counts of one location that see `value` (both enabled in the same state) commute there when
 * neither meets a guard value in either order: each sees `value` or `value` plus the other's delta.
 */
export function countsCommuteAt(guards: readonly number[], value: number, da: number, db: number): boolean {
  for (const g of guards) if (g === value || g === ((value + da) | 0) || g === ((value + db) | 0)) return false;
  return true;
}

/** How far one context may still move a location: the least and greatest sum of any prefix of its run. */
export interface Drift { readonly min: number; readonly max: number }

/**
 * For every pc of `code`, the least and greatest partial sum of the counts of `loc` along any run
 * from pc (0 included: the run may stop there); ±Infinity past any other write of `loc` (`writes`
 * says which instructions may write it) or round a loop that may keep adding. A least fixpoint
 * over the control-flow graph.
 */
export function driftFrom(p: Program, code: Code, loc: number, writes: (i: Instr) => boolean, successors: (i: Instr, pc: number) => number[]): Drift[] {
  const n = code.instrs.length;
  const step = code.instrs.map((i) => {
    if (writes(i)) return { lo: -Infinity, hi: Infinity };
    const c = instrCount(p, i);
    if (!c || c.loc !== loc) return { lo: 0, hi: 0 };
    // A guarded count that is no wait may fail and add nothing.
    return c.waits || c.guard === null ? { lo: c.delta, hi: c.delta } : { lo: Math.min(0, c.delta), hi: Math.max(0, c.delta) };
  });
  const min = new Array<number>(n + 1).fill(0);
  const max = new Array<number>(n + 1).fill(0);
  const round = (): boolean => {
    let changed = false;
    for (let pc = n - 1; pc >= 0; pc--) {
      let lo = 0, hi = 0;
      for (const s of successors(code.instrs[pc]!, pc)) {
        const k = Math.min(s, n);
        lo = Math.min(lo, step[pc]!.lo + min[k]!);
        hi = Math.max(hi, step[pc]!.hi + max[k]!);
      }
      if (lo < min[pc]! || hi > max[pc]!) { min[pc] = lo; max[pc] = hi; changed = true; }
    }
    return changed;
  };
  // Without a cycle that keeps adding, n rounds settle it; a pc still moving after that is on or
  // before such a cycle, and goes to ±Infinity (which then settles in n more rounds).
  for (let k = 0; k <= n && round(); k++);
  const before = [...min], beforeMax = [...max];
  if (round()) {
    for (let pc = 0; pc < n; pc++) {
      if (min[pc] !== before[pc]) min[pc] = -Infinity;
      if (max[pc] !== beforeMax[pc]) max[pc] = Infinity;
    }
    for (let k = 0; k <= n && round(); k++);
  }
  return min.map((lo, pc) => ({ min: lo, max: max[pc]! }));
}
