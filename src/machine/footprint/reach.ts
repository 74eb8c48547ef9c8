// Which heap objects a CPU can still name, so that `p->f` in its future touches only those objects
// instead of every object with a field f. A pointer is a tagged integer (program.ts) that no
// instruction of this language makes out of other values unless the program does arithmetic on
// values, which `canForgePointers` rules out; otherwise every pointer a context ever holds is a
// literal of its code, an object of a pool it allocates from (ops/pool.ts: never one another
// context can name yet, so naming the whole pool is only conservative), a value its frame holds
// now, or a value it loads, and every value memory ever holds is there now, waits in a store
// buffer, or is stored by a context that can name it.
// A points-to argument made on the current state, not on the program alone: docs/reduction.md.
// Pure.
import { assertNever } from '../../common/assert-never.js';
import { FRAME_LOCALS, frameOf, layoutOf } from '../layout.js';
import { savedFrame, tasksOn } from '../task-words.js';
import { rmwComputes } from '../ops/atomics.js';
import { pointee, PTR_BASE, type Code, type Expr, type Instr, type Loc, type Program } from '../program.js';
import { exprLoc, forEachExpr, forEachInstrExpr, instrExprs, instrLoc, locOperands, someInstrExpr, subExprs } from '../visit.js';
import { successors } from './static-footprint.js';

/** Object sets are bitmasks, so the analysis is off for programs with more objects than this. */
export const MAX_REACH_OBJECTS = 30;

/**
 * Whether some instruction may compute a value that is not a copy of a literal, a local or a
 * memory word, or 0 or 1 (comparisons, `!`, trylock), or a CPU or context number: arithmetic,
 * and read-modify-writes that add. Such a value might equal an object's tagged address. Index
 * expressions are exempt: they select an array element and are never stored.
 */
export function canForgePointers(p: Program): boolean {
  // Whether the value of `e` may be computed rather than copied (its operands aside).
  const computes = (e: Expr): boolean => {
    switch (e.kind) {
      case 'const': case 'local': case 'this_cpu': case 'this_context': case 'context_test': case 'lock_value': case 'load': return false;
      case 'un': return e.op !== '!';
      case 'bin': return !BOOLEAN_OPS.has(e.op);
      case 'rmw': return rmwComputes(e.op);
      default: return assertNever(e);
    }
  };
  // A pointer expression must not be computed (`(p + 1)->f` would name any object). An index
  // selects an element and is never stored: arithmetic there is harmless, but a read-modify-write
  // inside it still writes memory.
  const own = (e: Expr): boolean => { const l = exprLoc(e); return l !== null && loc(l); };
  const value = (e: Expr): boolean => computes(e) || own(e) || valueOperands(e).some(value);
  const index = (e: Expr): boolean => (e.kind === 'rmw' ? value(e) : own(e) || valueOperands(e).some(index));
  const loc = (l: Loc): boolean => (l.kind === 'deref' ? value(l.ptr) : l.index.some(index));
  const instr = (i: Instr): boolean => {
    // A loop counter counts up to its bound, an int far below any tagged address.
    if (i.op === 'loop') return i.bound + 1 >= PTR_BASE;
    const at = instrLoc(i);
    return (at !== null && loc(at)) || instrValues(i).some(value);
  };
  return p.codes.some((c) => c.instrs.some(instr));
}

const BOOLEAN_OPS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=', '&&', '||']);

/** The operands of an expression other than those of its own location (an RMW's arguments). */
function valueOperands(e: Expr): readonly Expr[] {
  const l = exprLoc(e);
  const all = subExprs(e);
  return l === null ? all : all.slice(locOperands(l).length);
}

/** The top-level value expressions of an instruction (its own location's operands apart). */
function instrValues(i: Instr): readonly Expr[] {
  const own = instrLoc(i);
  const all = instrExprs(i);
  return own === null ? all : all.slice(0, all.length - locOperands(own).length);
}

/** The objects whose tagged address is `v`, as a mask (0 for other values). */
export function objectBit(p: Program, v: number): number {
  const o = pointee(p, v);
  return o >= 0 ? 1 << o : 0;
}

/** What code can still do from each pc, for naming objects: literals met, and whether it stores. */
export interface CodeReach {
  /** named[pc]: objects whose address is a literal of an instruction reachable from pc. */
  readonly named: Int32Array;
  /** stores[pc]: 1 when an instruction reachable from pc may write a value to memory. */
  readonly stores: Uint8Array;
}

function literals(p: Program, i: Instr): number {
  let m = 0;
  forEachInstrExpr(i, (e) => { if (e.kind === 'const') m |= objectBit(p, e.v); });
  // An allocation hands out the address of one of its pool's objects: it names them all.
  if (i.op === 'alloc') for (const o of p.pools?.[i.pool]?.objects ?? []) m |= 1 << o;
  return m;
}

function writesMemory(i: Instr): boolean {
  return i.op === 'store' || someInstrExpr(i, (e) => e.kind === 'rmw');
}

const reachCache = new WeakMap<Code, CodeReach>();

/** CodeReach of one code: a fixpoint over its control-flow graph, as futureFootprints. */
export function codeReach(p: Program, code: Code): CodeReach {
  const hit = reachCache.get(code);
  if (hit) return hit;
  const n = code.instrs.length;
  const named = new Int32Array(n + 1);
  const stores = new Uint8Array(n + 1);
  const ownNamed = code.instrs.map((i) => literals(p, i));
  const ownStores = code.instrs.map(writesMemory);
  for (let changed = true; changed;) {
    changed = false;
    for (let pc = n - 1; pc >= 0; pc--) {
      let m = named[pc]! | ownNamed[pc]!;
      let st = stores[pc]! | (ownStores[pc]! ? 1 : 0);
      for (const s of successors(code.instrs[pc]!, pc)) {
        const t = Math.min(s, n);
        m |= named[t]!;
        st |= stores[t]!;
      }
      if (m !== named[pc] || st !== stores[pc]) { named[pc] = m; stores[pc] = st; changed = true; }
    }
  }
  const r = { named, stores };
  reachCache.set(code, r);
  return r;
}

/** The objects whose address a CPU's frames (every level: cleared ones hold zeros) and its tasks' save slots hold now. */
export function framesHold(p: Program, s: Int32Array, cpu: number): number {
  const l = layoutOf(p);
  let m = 0;
  for (let level = 0; level < 3; level++) {
    const f = frameOf(l, cpu, level);
    for (let w = f + FRAME_LOCALS; w < f + l.gpOffset; w++) m |= objectBit(p, s[w]!);
  }
  // The save slots of its switched-out tasks (ops/sched.ts): their locals come back at a switch.
  for (const t of p.sched ? tasksOn(p)[cpu]! : []) {
    const f = savedFrame(p, l, t);
    for (let w = f + FRAME_LOCALS; w < f + l.gpOffset; w++) m |= objectBit(p, s[w]!);
  }
  return m;
}

const operandCache = new WeakMap<Instr, readonly Expr[]>();

/** The pointer expressions an instruction dereferences (`p` of `p->f`) or frees, outermost first. */
export function pointerOperands(i: Instr): readonly Expr[] {
  const hit = operandCache.get(i);
  if (hit) return hit;
  const out: Expr[] = [];
  const loc = (l: Loc): void => { if (l.kind === 'deref') out.push(l.ptr); };
  if (i.op === 'free') out.push(i.ptr);
  const own = instrLoc(i);
  // Values first, then the instruction's own location, as the machine evaluates them.
  for (const r of instrValues(i)) forEachExpr(r, (e) => { const l = exprLoc(e); if (l) loc(l); });
  if (own) { loc(own); for (const r of locOperands(own)) forEachExpr(r, (e) => { const l = exprLoc(e); if (l) loc(l); }); }
  operandCache.set(i, out);
  return out;
}
