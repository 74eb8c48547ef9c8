// What an instruction may read and write, over-approximated from its text alone, and what a
// context may still touch from a given pc on (the union over every instruction reachable in the
// control-flow graph). The reduction checks a move's actual footprint against the futures of the
// other CPUs (stubborn sets: Valmari, "Stubborn sets for reduced state space generation", 1990).
// Pure.
import { assertNever } from '../../common/assert-never.js';
import { LOCK_WORDS, contextCount, contextIndex, type Layout } from '../layout.js';
import { IRQ_ACCESS } from '../ops/interrupts.js';
import { LOCK_ACCESS } from '../ops/locks.js';
import { poolWords } from '../ops/pool.js';
import { srcuFootprint } from '../ops/srcu.js';
import { callbackFootprint } from '../ops/rcu-callbacks.js';
import { schedWords } from '../ops/sched.js';
import { RCU_ACCESS } from '../ops/rcu.js';
import { pointee, type Code, type Expr, type Instr, type Loc, type LockOp, type LockValueKind, type Program } from '../program.js';
import { countOf, instrCount } from './counts.js';
import { freedWordOf, regionsOf, type Regions } from './regions.js';

/** A footprint over shared words (bitsets indexed by Regions.sharedBit) plus two RCU flags. */
export interface StaticFootprint {
  readonly reads: Uint32Array;
  readonly writes: Uint32Array;
  /**
   * Words changed only by adding to them (an rwlock's reader count): two adds commute, so they
   * are independent of each other, but an add conflicts with any read or write of the word.
   */
  readonly adds: Uint32Array;
  /**
   * Words changed only by counts (counts.ts: atomic_inc(), atomic_dec(), atomic_inc_not_zero()):
   * two counts commute while neither meets a guard value, which the reduction asks of the word's
   * value; a count conflicts with any read, write or add of the word.
   */
  readonly counts: Uint32Array;
  /** Starts or waits for a grace period: reads every CPU's reader state. */
  gp: boolean;
  /** May change its CPU's RCU reader state (IRQ, preempt, rcu ops, handler entry or exit). */
  reader: boolean;
  /** Anything at all (a context that still has steps to take). */
  any: boolean;
}

export function emptyFootprint(r: Regions): StaticFootprint {
  const n = (r.shared + 31) >>> 5;
  return { reads: new Uint32Array(n), writes: new Uint32Array(n), adds: new Uint32Array(n), counts: new Uint32Array(n), gp: false, reader: false, any: false };
}

export function hasBit(bits: Uint32Array, i: number): boolean {
  return ((bits[i >>> 5]! >>> (i & 31)) & 1) !== 0;
}

function setWord(r: Regions, bits: Uint32Array, word: number): void {
  const i = r.sharedBit[word] ?? -1;
  if (i >= 0) bits[i >>> 5]! |= 1 << (i & 31);
}

/** Union `b` into `a`; true when `a` changed. */
export function unionInto(a: StaticFootprint, b: StaticFootprint): boolean {
  let changed = false;
  for (let i = 0; i < a.reads.length; i++) {
    // `>>> 0`: `|` yields a signed int32 and a Uint32Array element reads back unsigned, so with
    // bit 31 set they would never compare equal and the fixpoint would never end.
    const r = (a.reads[i]! | b.reads[i]!) >>> 0;
    const w = (a.writes[i]! | b.writes[i]!) >>> 0;
    const d = (a.adds[i]! | b.adds[i]!) >>> 0;
    const k = (a.counts[i]! | b.counts[i]!) >>> 0;
    if (r !== a.reads[i] || w !== a.writes[i] || d !== a.adds[i] || k !== a.counts[i]) {
      a.reads[i] = r; a.writes[i] = w; a.adds[i] = d; a.counts[i] = k; changed = true;
    }
  }
  if (b.gp && !a.gp) { a.gp = true; changed = true; }
  if (b.reader && !a.reader) { a.reader = true; changed = true; }
  if (b.any && !a.any) { a.any = true; changed = true; }
  return changed;
}

/** Where code runs, when known: lets `slot[this_cpu]` name one element instead of the array. */
export interface Site { readonly cpu: number; readonly level: number }

/** Every object: `objects` masks below (reach.ts) restrict `p->f` and `free(p)` to some. */
export const ALL_OBJECTS = -1;

class Builder {
  /** The instruction being built is a count (counts.ts): its one RMW counts instead of reading and writing. */
  private counting = false;

  constructor(
    readonly p: Program, readonly r: Regions, readonly l: Layout, readonly fp: StaticFootprint,
    readonly site?: Site, readonly objects = ALL_OBJECTS,
  ) {}

  /**
   * The objects a pointer expression may name: a literal names one (or none, when it is no
   * object's address: the access then faults), anything else any of `objects`.
   */
  named(ptr: Expr): number {
    // Masks are 32 bits; larger programs keep every object.
    if (ptr.kind !== 'const' || this.p.objects.length > 31) return this.objects;
    const o = pointee(this.p, ptr.v);
    return o >= 0 ? (1 << o) & this.objects : 0;
  }

  /** The value of an index expression when it is known without running, else undefined. */
  known(e: Expr): number | undefined {
    if (e.kind === 'const') return e.v;
    if (e.kind === 'this_cpu') return this.site?.cpu;
    if (e.kind === 'this_context') return this.site?.level;
    return undefined;
  }

  locs(loc: Loc): number[] {
    switch (loc.kind) {
      case 'deref': {
        this.expr(loc.ptr);
        const named = this.named(loc.ptr);
        const out: number[] = [];
        this.p.objects.forEach((o, k) => {
          const at = o.fields.get(loc.field);
          if (at !== undefined && ((named >>> k) & 1) !== 0) out.push(at);
        });
        return out;
      }
      case 'array': {
        for (const i of loc.index) this.expr(i);
        const a = this.p.arrays[loc.array];
        if (!a) return [];
        const n = a.dims.reduce((x, y) => x * y, 1);
        const idx = loc.index.map((i) => this.known(i));
        if (idx.length === a.dims.length && idx.every((v, d) => v !== undefined && v >= 0 && v < (a.dims[d] ?? 1))) {
          let off = 0;
          for (let d = 0; d < a.dims.length; d++) off = off * (a.dims[d] ?? 1) + idx[d]!;
          return [a.base + off];
        }
        return Array.from({ length: n }, (_, k) => a.base + k);
      }
      default:
        return assertNever(loc);
    }
  }

  access(loc: Loc, read: boolean, write: boolean): void {
    for (const at of this.locs(loc)) {
      const f = freedWordOf(this.p, this.l, at);
      if (f >= 0) setWord(this.r, this.fp.reads, f);
      if (read) setWord(this.r, this.fp.reads, this.l.memBase + at);
      if (write) setWord(this.r, this.fp.writes, this.l.memBase + at);
    }
  }

  /** The lock's words at `offsets` (LOCK_HOLDER, RW_*) into `bits`. */
  lockWords(lock: number, offsets: readonly number[], bits: Uint32Array): void {
    for (const k of offsets) setWord(this.r, bits, this.l.lockBase + lock * LOCK_WORDS + k);
  }

  /** A lock op's or lock test's guard and body, word by word as ops/locks.ts says (LOCK_ACCESS). */
  lockOp(lock: number, kind: LockOp | LockValueKind): void {
    const a = LOCK_ACCESS[kind];
    // A lock that is a field of a heap object reads that object's freed flag (ops/locks.ts checkOwner).
    const at = this.p.locks[lock]?.at;
    if (at !== undefined) { const f = freedWordOf(this.p, this.l, at); if (f >= 0) setWord(this.r, this.fp.reads, f); }
    this.lockWords(lock, a.reads, this.fp.reads);
    this.lockWords(lock, a.writes, this.fp.writes);
    this.lockWords(lock, a.adds, this.fp.adds);
    if (a.reader) this.fp.reader = true;
  }

  expr(e: Expr): void {
    switch (e.kind) {
      case 'const': case 'local': case 'this_cpu': case 'this_context': case 'context_test': return;
      case 'load': this.access(e.loc, true, false); return;
      case 'un': this.expr(e.a); return;
      case 'bin': this.expr(e.a); this.expr(e.b); return;
      case 'rmw':
        for (const a of e.args) this.expr(a);
        if (this.counting) {
          const c = countOf(this.p, e)!;
          const f = freedWordOf(this.p, this.l, c.loc);
          if (f >= 0) setWord(this.r, this.fp.reads, f);
          setWord(this.r, this.fp.counts, this.l.memBase + c.loc);
        } else this.access(e.loc, true, true);
        return;
      case 'lock_value': this.lockOp(e.lock, e.query); return;
      default: assertNever(e);
    }
  }

  instr(i: Instr): void {
    this.fp.any = true;
    this.counting = instrCount(this.p, i) !== null;
    switch (i.op) {
      case 'assign': case 'eval': this.expr(i.value); return;
      case 'store':
        this.expr(i.value);
        this.access(i.loc, false, true);
        // Under TSO a store fills the store buffer, which grace periods wait on (ops/rcu.ts).
        if (this.p.memoryModel === 'tso') this.fp.reader = true;
        return;
      case 'branch': case 'wait_until': case 'assert': this.expr(i.cond); return;
      case 'fence': case 'jump': case 'loop': case 'nop': return;
      case 'irq': case 'preempt': if (IRQ_ACCESS[i.op].reader) this.fp.reader = true; return;
      case 'rcu': case 'synchronize_rcu_start': case 'synchronize_rcu_wait': {
        const a = RCU_ACCESS[i.op];
        if (a.reader) this.fp.reader = true;
        if (a.gp) this.fp.gp = true;
        return;
      }
      case 'lock': this.lockOp(i.lock, i.kind); return;
      case 'srcu': {
        this.expr(i.idx);
        // Its own context's words when the site is known, every context's otherwise.
        const ctxs = this.site ? [contextIndex(this.p.cpus, this.site.cpu, this.site.level)] : Array.from({ length: contextCount(this.p) }, (_, c) => c);
        const a = srcuFootprint(this.p, this.l, i, ctxs);
        for (const w of a.reads) setWord(this.r, this.fp.reads, w);
        for (const w of a.writes) setWord(this.r, this.fp.writes, w);
        return;
      }
      case 'free': {
        this.expr(i.ptr);
        const named = this.named(i.ptr);
        this.p.objects.forEach((o, k) => { if (o.heap && ((named >>> k) & 1) !== 0) { setWord(this.r, this.fp.reads, this.l.freedBase + k); setWord(this.r, this.fp.writes, this.l.freedBase + k); } });
        return;
      }
      case 'rcu_callback': {
        this.expr(i.ptr);
        const named = i.kind === 'call_rcu' || i.kind === 'kfree_rcu' ? this.named(i.ptr) : 0;
        const a = callbackFootprint(this.l, i, named);
        for (const w of a.reads) setWord(this.r, this.fp.reads, w);
        for (const w of a.writes) setWord(this.r, this.fp.writes, w);
        if (a.gp) this.fp.gp = true;
        // Queuing writes the callback head: it reads the object's freed flag (ops/rcu-callbacks.ts).
        this.p.objects.forEach((o, k) => { if (o.heap && ((named >>> k) & 1) !== 0) setWord(this.r, this.fp.reads, this.l.freedBase + k); });
        return;
      }
      // It reads every slot's flag to find a free one, and writes the one it takes.
      case 'alloc':
        for (const w of poolWords(this.p, this.l, i.pool)) { setWord(this.r, this.fp.reads, w); setWord(this.r, this.fp.writes, w); }
        return;
      case 'sched':
        for (const w of schedWords(this.p, this.l, i, this.site?.cpu)) { setWord(this.r, this.fp.reads, w); setWord(this.r, this.fp.writes, w); }
        return;
      default: assertNever(i);
    }
  }
}

/** The footprint of one instruction, from its text. */
export function instrFootprint(p: Program, i: Instr, site?: Site, objects = ALL_OBJECTS): StaticFootprint {
  const r = regionsOf(p);
  const fp = emptyFootprint(r);
  new Builder(p, r, r.l, fp, site, objects).instr(i);
  return fp;
}

/** The pcs control may go to after the instruction at pc (pc + 1 past the end: finished). */
export function successors(i: Instr, pc: number): number[] {
  switch (i.op) {
    case 'branch': return [pc + 1, i.to];
    case 'jump': case 'loop': return [i.to];
    case 'assign': case 'store': case 'eval': case 'fence': case 'wait_until': case 'assert': case 'irq': case 'preempt': case 'rcu': case 'synchronize_rcu_start': case 'synchronize_rcu_wait': case 'lock': case 'free': case 'srcu': case 'alloc': case 'nop': case 'rcu_callback': case 'sched':
      return [pc + 1];
    default: return assertNever(i);
  }
}

/**
 * sealed[pc] is 1 when the instruction at pc is a grace-period wait that can be reached only from
 * the grace-period start just before it (synchronize_rcu() lowers to the pair; nothing jumps
 * between them). Code after a sealed wait runs only once that very grace period is over.
 */
export function sealedGpWaits(code: Code): Uint8Array {
  const targets = new Set<number>();
  for (const i of code.instrs) if (i.op === 'branch' || i.op === 'jump' || i.op === 'loop') targets.add(i.to);
  return Uint8Array.from(code.instrs, (i, pc) =>
    (i.op === 'synchronize_rcu_wait' && pc > 0 && code.instrs[pc - 1]!.op === 'synchronize_rcu_start' && !targets.has(pc) ? 1 : 0));
}

/**
 * future[pc]: everything a context running `code` may still do from pc on (pc = length: nothing).
 * A fixpoint over the control-flow graph, so loops and backward jumps are covered. A context with
 * steps left may finish, which may end the run (Regions.liveBit). With `stopAtGp`, what it may do
 * until it passes a sealed grace-period wait (sealedGpWaits; the wait itself included): its future
 * in runs where that grace period never ends (persistent.ts). With `objects`, `p->f` and
 * `free(p)` touch only those objects: the ones the context can still name (reach.ts).
 */
export function futureFootprints(p: Program, code: Code, site?: Site, stopAtGp = false, objects = ALL_OBJECTS): StaticFootprint[] {
  const r = regionsOf(p);
  const own = code.instrs.map((i) => {
    const f = instrFootprint(p, i, site, objects);
    f.writes[r.liveBit >>> 5]! |= 1 << (r.liveBit & 31);
    return f;
  });
  const sealed = stopAtGp ? sealedGpWaits(code) : undefined;
  const fut = [...own.map(() => emptyFootprint(r)), emptyFootprint(r)];
  for (let changed = true; changed;) {
    changed = false;
    for (let pc = code.instrs.length - 1; pc >= 0; pc--) {
      const f = fut[pc]!;
      if (unionInto(f, own[pc]!)) changed = true;
      if (sealed?.[pc] === 1) continue;
      for (const s of successors(code.instrs[pc]!, pc)) {
        const g = fut[Math.min(s, code.instrs.length)];
        if (g && unionInto(f, g)) changed = true;
      }
    }
  }
  return fut;
}
