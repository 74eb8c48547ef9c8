// Which heap objects a CPU can still name, so that `p->f` in its future touches only those objects
// instead of every object with a field f. A pointer is a tagged integer (program.ts) that no
// instruction of this language makes out of other values unless the program does arithmetic on
// values, which `canForgePointers` rules out; otherwise every pointer a context ever holds is a
// literal of its code, a value its frame holds now, or a value it loads, and every value memory
// ever holds is there now, waits in a store buffer, or is stored by a context that can name it.
// A points-to argument made on the current state, not on the program alone: docs/reduction.md.
// Pure.
import { assertNever } from '../../common/assert-never.js';
import { FRAME_LOCALS, frameOf, layoutOf } from '../layout.js';
import { pointee, PTR_BASE, type Code, type Expr, type Instr, type Loc, type Program } from '../program.js';
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
  const expr = (e: Expr): boolean => {
    switch (e.k) {
      case 'const': case 'local': case 'this_cpu': case 'this_context': case 'spin_trylock': case 'spin_is_locked':
        return false;
      case 'load': return loc(e.loc);
      case 'un': return e.op !== '!' || expr(e.a);
      case 'bin': {
        const boolean = ['==', '!=', '<', '<=', '>', '>=', '&&', '||'].includes(e.op);
        return !boolean || expr(e.a) || expr(e.b);
      }
      case 'rmw': return (e.op !== 'xchg' && e.op !== 'cmpxchg') || loc(e.loc) || e.args.some(expr);
      default: return assertNever(e);
    }
  };
  // A pointer expression must not be computed (`(p + 1)->f` would name any object). An index
  // selects an element and is never stored: arithmetic there is harmless, but a read-modify-write
  // inside it still writes memory.
  const index = (e: Expr): boolean => {
    switch (e.k) {
      case 'rmw': return expr(e);
      case 'load': return loc(e.loc);
      case 'un': return index(e.a);
      case 'bin': return index(e.a) || index(e.b);
      default: return false;
    }
  };
  const loc = (l: Loc): boolean => (l.k === 'deref' ? expr(l.ptr) : l.index.some(index));
  const instr = (i: Instr): boolean => {
    switch (i.op) {
      case 'assign': case 'eval': return expr(i.value);
      case 'store': return expr(i.value) || loc(i.loc);
      case 'branch': case 'wait_until': case 'assert': return expr(i.cond);
      case 'free': return expr(i.ptr);
      // A loop counter counts up to its bound, an int far below any tagged address.
      case 'loop': return i.bound + 1 >= PTR_BASE;
      case 'fence': case 'jump': case 'irq': case 'preempt': case 'rcu': case 'gp_start': case 'gp_wait':
      case 'lock': case 'nop':
        return false;
      default: return assertNever(i);
    }
  };
  return p.codes.some((c) => c.instrs.some(instr));
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
  const expr = (e: Expr): void => {
    switch (e.k) {
      case 'const': m |= objectBit(p, e.v); return;
      case 'local': case 'this_cpu': case 'this_context': case 'spin_trylock': case 'spin_is_locked': return;
      case 'load': loc(e.loc); return;
      case 'un': expr(e.a); return;
      case 'bin': expr(e.a); expr(e.b); return;
      case 'rmw': loc(e.loc); e.args.forEach(expr); return;
      default: assertNever(e);
    }
  };
  const loc = (l: Loc): void => { if (l.k === 'deref') expr(l.ptr); else l.index.forEach(expr); };
  switch (i.op) {
    case 'assign': case 'eval': expr(i.value); break;
    case 'store': expr(i.value); loc(i.loc); break;
    case 'branch': case 'wait_until': case 'assert': expr(i.cond); break;
    case 'free': expr(i.ptr); break;
    default: break;
  }
  return m;
}

function writesMemory(i: Instr): boolean {
  const expr = (e: Expr): boolean => {
    switch (e.k) {
      case 'rmw': return true;
      case 'load': return e.loc.k === 'deref' ? expr(e.loc.ptr) : e.loc.index.some(expr);
      case 'un': return expr(e.a);
      case 'bin': return expr(e.a) || expr(e.b);
      default: return false;
    }
  };
  switch (i.op) {
    case 'store': return true;
    case 'assign': case 'eval': return expr(i.value);
    case 'branch': case 'wait_until': case 'assert': return expr(i.cond);
    case 'free': return expr(i.ptr);
    default: return false;
  }
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

/** The objects whose address a CPU's frames (every level: cleared ones hold zeros) hold now. */
export function framesHold(p: Program, s: Int32Array, cpu: number): number {
  const l = layoutOf(p);
  let m = 0;
  for (let level = 0; level < 3; level++) {
    const f = frameOf(l, cpu, level);
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
  const expr = (e: Expr): void => {
    switch (e.k) {
      case 'load': loc(e.loc); return;
      case 'un': expr(e.a); return;
      case 'bin': expr(e.a); expr(e.b); return;
      case 'rmw': loc(e.loc); e.args.forEach(expr); return;
      default: return;
    }
  };
  const loc = (l: Loc): void => {
    if (l.k === 'deref') { out.push(l.ptr); expr(l.ptr); } else l.index.forEach(expr);
  };
  switch (i.op) {
    case 'assign': case 'eval': expr(i.value); break;
    case 'store': expr(i.value); loc(i.loc); break;
    case 'branch': case 'wait_until': case 'assert': expr(i.cond); break;
    case 'free': out.push(i.ptr); expr(i.ptr); break;
    default: break;
  }
  operandCache.set(i, out);
  return out;
}
