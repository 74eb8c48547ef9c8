// Symmetry reduction: the search stores one representative of each orbit of states under the
// permutations of interchangeable CPUs (symmetry-groups.ts). A state is normalised by sorting each
// group's CPUs by their own words, then permuting the whole state so they stand in that order:
// their words move, and every word that names a CPU is rewritten (a lock's holder, a grace
// period's pending CPUs, a running or firing handler declared for one CPU, a buffered store to a
// per-CPU array element). Ip and Dill, "Better verification through symmetry" (FMSD 9, 1996),
// normalise scalarsets the same way; like theirs, the sort ignores the words that name CPUs, so two
// members of an orbit may still normalise apart when they tie: fewer states saved, never a wrong
// merge, since a normal form is always a permutation of the state (docs/reduction.md, Symmetry).
// Pure.
import { assertNever } from '../common/assert-never.js';
import { CPU_IRQ_HANDLER, CPU_NMI_HANDLER, CPU_WORDS, LOCK_WORDS, RW_READERS, SOFT_FRAME, SOFT_HANDLER, type Layout } from '../machine/layout.js';
import { layoutOf } from '../machine/layout.js';
import { moveTable, type Move } from '../machine/moves.js';
import type { Program } from '../machine/program.js';
import type { State } from '../machine/state.js';
import { symmetryGroupsOf, type SymmetryGroups } from './symmetry-groups.js';

/** How a word of a CPU's block enters the sort: as it is, as a handler (class), or not at all (it names CPUs). */
const PLAIN = 0;
const HANDLER = 1;
const IGNORED = 2;

/** Context ids of softirq levels start here (violation.ts contextId): 1 + cpu * 3 + level below it. */
const SOFTIRQ_IDS = 1 << 20;

export class Symmetry {
  readonly groups: readonly (readonly number[])[];
  private readonly p: Program;
  private readonly l: Layout;
  private readonly g: SymmetryGroups;
  /** A CPU's words, as one list: word k of CPU c is at base[k] + c * stride[k]; kind[k] says how it sorts. */
  private readonly base: Int32Array;
  private readonly stride: Int32Array;
  private readonly kind: Uint8Array;
  /** The handler (declaration index) every member of a family of one-CPU handlers sorts as. */
  private readonly handlerClass: Int32Array;
  /** Every frame's start (task, IRQ, NMI of each CPU, and softirq frames): their pending grace-period bits name CPUs. */
  private readonly frames: Int32Array;
  /** Lock words that hold a context id (spinlock holder, rwlock writer and waiting writer). */
  private readonly ctxWords: Int32Array;
  /** Where each CPU's handler words are (IRQ, NMI, softirq): they hold a handler declaration + 1. */
  private readonly handlerWords: Int32Array;
  /**
   * The grace-period sets in the frames of CPUs outside every group: whether such a set names a
   * CPU is a fact about that CPU alone, so it sorts with the CPU's words (two readers alike but for
   * one's being waited on by the writer's synchronize_rcu() would otherwise tie).
   */
  private readonly fixedGp: Int32Array;
  private readonly out: Int32Array;
  private readonly order: Int32Array;
  /** The permutation of the last `canon`: CPU c's words moved to CPU to[c]'s place; and its inverse. */
  readonly to: Int32Array;
  readonly from: Int32Array;

  constructor(p: Program, g: SymmetryGroups) {
    this.p = p;
    this.g = g;
    this.groups = g.groups;
    const l = (this.l = layoutOf(p));
    const base: number[] = [];
    const stride: number[] = [];
    const kind: number[] = [];
    const add = (b: number, s: number, n: number, kindAt: (k: number) => number): void => {
      for (let k = 0; k < n; k++) { base.push(b + k); stride.push(s); kind.push(kindAt(k)); }
    };
    const frameKind = (k: number): number => (k >= l.gpOffset && k < l.gpOffset + l.gpWords * l.gpSets ? IGNORED : PLAIN);
    // Frames first: their pcs tell most states apart, so the sort decides early.
    add(l.frameBase, 3 * l.frameWords, 3 * l.frameWords, (k) => frameKind(k % l.frameWords));
    add(l.cpuBase, CPU_WORDS, CPU_WORDS, (k) => (k === CPU_IRQ_HANDLER || k === CPU_NMI_HANDLER ? HANDLER : PLAIN));
    // A store buffer's entries are (location, value) pairs after the count: a location may be a per-CPU element.
    add(l.sbBase, l.sbWords, l.sbWords, (k) => (k > 0 && k % 2 === 1 ? IGNORED : PLAIN));
    add(l.softBase, l.softWords, l.softWords, (k) => (k === SOFT_HANDLER ? HANDLER : k >= SOFT_FRAME ? frameKind(k - SOFT_FRAME) : PLAIN));
    for (const a of g.perCpuArrays) add(l.memBase + a.base, a.stride, a.stride, () => PLAIN);
    this.base = Int32Array.from(base);
    this.stride = Int32Array.from(stride);
    this.kind = Uint8Array.from(kind);
    this.handlerClass = Int32Array.from(p.handlers, (h, i) => {
      const r = g.singleRank[i]!;
      if (r < 0) return i;
      const group = g.groups.find((gr) => gr.includes(h.cpus[0]!))!;
      return g.singleOn[group[0]!]![r]!;
    });
    const frames: number[] = [];
    const handlerWords: number[] = [];
    for (let c = 0; c < p.cpus; c++) {
      for (let level = 0; level < 3; level++) frames.push(l.frameBase + (c * 3 + level) * l.frameWords);
      handlerWords.push(l.cpuBase + c * CPU_WORDS + CPU_IRQ_HANDLER, l.cpuBase + c * CPU_WORDS + CPU_NMI_HANDLER);
      if (l.softWords !== 0) {
        frames.push(l.softBase + c * l.softWords + SOFT_FRAME);
        handlerWords.push(l.softBase + c * l.softWords + SOFT_HANDLER);
      }
    }
    this.frames = Int32Array.from(frames);
    const grouped = new Set(g.groups.flat());
    this.fixedGp = Int32Array.from(frames.filter((f) => !grouped.has(this.cpuOfFrame(f))).flatMap((f) =>
      Array.from({ length: l.gpSets }, (_, set) => f + l.gpOffset + set * l.gpWords)));
    this.handlerWords = Int32Array.from(handlerWords);
    this.ctxWords = Int32Array.from(p.locks.flatMap((k, i) => {
      const b = l.lockBase + i * LOCK_WORDS;
      return [0, 1, 2].filter((w) => k.kind !== 'rwlock' || w !== RW_READERS).map((w) => b + w);
    }));
    this.out = new Int32Array(l.size);
    this.order = new Int32Array(p.cpus);
    this.to = Int32Array.from({ length: p.cpus }, (_, c) => c);
    this.from = this.to.slice();
  }

  /**
   * The normal form of `s`: `s` itself when its groups are in order already, else a buffer
   * (valid until the next call) holding the permuted state. Sets `to` and `from`.
   */
  canon(s: State): State {
    const to = this.to;
    let identity = true;
    for (const group of this.groups) {
      // Insertion sort: groups are small, and mostly in order already.
      const order = this.order;
      const n = group.length;
      for (let i = 0; i < n; i++) {
        const c = group[i]!;
        let j = i;
        while (j > 0 && this.compare(s, order[j - 1]!, c) > 0) { order[j] = order[j - 1]!; j--; }
        order[j] = c;
      }
      for (let i = 0; i < n; i++) {
        to[order[i]!] = group[i]!;
        if (order[i] !== group[i]) identity = false;
      }
    }
    for (let c = 0; c < to.length; c++) this.from[to[c]!] = c;
    if (identity) return s;
    this.apply(s, this.out);
    return this.out;
  }

  /** Writes into `out` the state `s` with CPU c's words at CPU to[c]'s place (`to` as set now), every CPU name rewritten. */
  apply(s: State, out: State, to: Int32Array = this.to): void {
    const l = this.l;
    out.set(s);
    const { base, stride } = this;
    for (let c = 0; c < to.length; c++) {
      const d = to[c]!;
      if (d === c) continue;
      for (let k = 0; k < base.length; k++) out[base[k]! + d * stride[k]!] = s[base[k]! + c * stride[k]!]!;
    }
    for (const w of this.handlerWords) { const v = out[w]!; if (v !== 0) out[w] = this.handlerImage(v - 1, to) + 1; }
    for (let h = 0; h < this.p.handlers.length; h++) {
      const t = this.handlerImage(h, to);
      if (t !== h) out[l.fireBase + t] = s[l.fireBase + h]!;
    }
    for (const f of this.frames) {
      for (let set = 0; set < l.gpSets; set++) {
        const at = f + l.gpOffset + set * l.gpWords;
        let any = 0;
        for (let w = 0; w < l.gpWords; w++) any |= out[at + w]!;
        if (any === 0) continue;
        const was = out.slice(at, at + l.gpWords);
        for (let w = 0; w < l.gpWords; w++) out[at + w] = 0;
        for (let c = 0; c < to.length; c++) {
          if (((was[c >> 5]! >>> (c & 31)) & 1) !== 0) out[at + (to[c]! >> 5)]! |= 1 << (to[c]! & 31);
        }
      }
    }
    for (const w of this.ctxWords) out[w] = contextImage(out[w]!, to);
    if (l.sbWords !== 0 && this.g.perCpuArrays.length > 0) {
      for (let c = 0; c < to.length; c++) {
        const sb = l.sbBase + c * l.sbWords;
        for (let e = 0; e < out[sb]!; e++) out[sb + 1 + 2 * e] = this.locImage(out[sb + 1 + 2 * e]!, to);
      }
    }
  }

  /** The move `m` of a state becomes after the state is permuted by `map` (`to`, or `from` for the way back). */
  moveImage(m: Move, map: Int32Array): Move {
    const t = moveTable(this.p);
    switch (m.kind) {
      case 'run': return t.run[map[m.cpu]!]!;
      case 'drain': return t.drain[map[m.cpu]!]!;
      case 'irq': case 'nmi': case 'softirq': return t.fire[map[m.cpu]!]![this.handlerImage(m.handler, map)]!;
      case 'switch': return m; // no symmetry in programs with tasks (symmetry-groups.ts)
      default: return assertNever(m);
    }
  }

  /** Every move of the program, for mapping sets of moves (sleep sets) through a permutation. */
  allMoves(): readonly Move[] {
    const t = moveTable(this.p);
    return [...t.run, ...t.drain, ...t.fire.flat().filter((m): m is Move => m !== undefined)];
  }

  private handlerImage(h: number, to: Int32Array): number {
    const r = this.g.singleRank[h]!;
    return r < 0 ? h : this.g.singleOn[to[this.p.handlers[h]!.cpus[0]!]!]![r]!;
  }

  private locImage(loc: number, to: Int32Array): number {
    for (const a of this.g.perCpuArrays) {
      const rel = loc - a.base;
      if (rel >= 0 && rel < a.stride * to.length) {
        const c = Math.floor(rel / a.stride);
        return a.base + to[c]! * a.stride + (rel - c * a.stride);
      }
    }
    return loc;
  }

  /** The CPU a frame start (this.frames) belongs to. */
  private cpuOfFrame(f: number): number {
    const l = this.l;
    return f >= l.softBase && l.softWords !== 0 && f < l.softBase + this.p.cpus * l.softWords
      ? Math.floor((f - l.softBase) / l.softWords)
      : Math.floor((f - l.frameBase) / (3 * l.frameWords));
  }

  /**
   * Orders two CPUs of a group by their words (the words that name CPUs left out), then by what
   * names each of them: the fixed CPUs' grace-period sets, the locks' holders.
   */
  private compare(s: State, a: number, b: number): number {
    const { base, stride, kind } = this;
    for (let k = 0; k < base.length; k++) {
      const kk = kind[k]!;
      if (kk === IGNORED) continue;
      let va = s[base[k]! + a * stride[k]!]!;
      let vb = s[base[k]! + b * stride[k]!]!;
      if (kk === HANDLER) {
        va = va === 0 ? 0 : this.handlerClass[va - 1]! + 1;
        vb = vb === 0 ? 0 : this.handlerClass[vb - 1]! + 1;
      }
      if (va !== vb) return va < vb ? -1 : 1;
    }
    for (const at of this.fixedGp) {
      const ba = (s[at + (a >> 5)]! >>> (a & 31)) & 1;
      const bb = (s[at + (b >> 5)]! >>> (b & 31)) & 1;
      if (ba !== bb) return ba - bb;
    }
    for (const w of this.ctxWords) {
      const v = s[w]!;
      if (v <= 0) continue;
      const holder = v >= SOFTIRQ_IDS ? v - SOFTIRQ_IDS : Math.floor((v - 1) / 3);
      if (holder === a || holder === b) return holder === a ? -1 : 1;
    }
    return a - b;
  }
}

/** A lock word's context id (violation.ts contextId) after the CPUs are permuted by `to`. */
function contextImage(v: number, to: Int32Array): number {
  if (v <= 0) return v;
  if (v >= SOFTIRQ_IDS) return SOFTIRQ_IDS + to[v - SOFTIRQ_IDS]!;
  const cpu = Math.floor((v - 1) / 3);
  return 1 + to[cpu]! * 3 + ((v - 1) % 3);
}

/** The symmetry of `p`'s interchangeable CPUs, or null when it has none. */
export function symmetryOf(p: Program): Symmetry | null {
  const g = symmetryGroupsOf(p);
  return g ? new Symmetry(p, g) : null;
}
