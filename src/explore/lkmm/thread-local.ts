// When a candidate's judgement is its threads' alone, and the key that then decides it. Pure.
//
// The axioms of linux-kernel.cat that can reject an execution without a plain access
// (coherence, atomic, happens-before, propagation, rcu) ask acyclicity, irreflexivity or
// emptiness of relations built from the base relations (po, rf, co, fr = rf^-1 ; co \ id, rmw,
// addr, data, ctrl, rcu-rscs^-1, fencerel(S) = po ; [S] ; po) by union, sequence, closure,
// intersection with fixed relations (int, ext, [S], loc) and difference with id: never a
// complement, never the inverse of a relation that crosses threads, never a cross product. (The
// plain-access part, with its complements and cross products, and srcu-rscs, whose
// carry-srcu-data follows rf to another thread and is then inverted, are left out: judge() uses
// this only when there is neither.)
//
// Map every base pair (a, b) to the pair of threads (thread(a), thread(b)) and call Q the graph
// of those between different threads (an initial write has only pairs out of it: it is first in
// co and reads nothing, so it is on no cycle and is left out). Every pair (a, b) of a relation
// built as above has a path from thread(a) to thread(b) in Q (by induction: base pairs by
// definition; union, sequence and closure concatenate paths; intersection and difference keep a
// subset; rcu-rscs^-1 stays in its thread). When Q is acyclic:
// - a pair (a, c) of r1 ; r2 with a and c in thread T goes through some b with paths
//   T -> thread(b) -> T in Q, so thread(b) = T: the relations' pairs within T are built from
//   base pairs within T alone (by induction again, closures being unions of sequences);
// - a cycle, or a pair (a, a), of such a relation lies within one thread for the same reason.
// So whether each axiom holds depends only on the events of each thread and the base pairs
// within each thread. Those that the paths fix (po, rmw, dependencies, fences, read-side
// sections) are the same for every candidate of one shape (one Base); the rest are the
// thread-internal pairs of rf, co and fr, which is the key below: two candidates of one shape
// with an acyclic Q and the same key get the same judgement, and judge() computes it once.
//
// The diy7 RCU chains of Paul McKenney's collection (auto/C-RW-G+..., one read and one write per
// CPU around a ring) are the case: each read takes the initial value (fr back to the previous
// CPU) or the previous CPU's write (rf forward), Q is acyclic unless every read takes the write
// or every read takes the initial value, and no pair is within a thread: 2^n - 2 of the 2^n
// candidates share one key.
import type { Execution } from './execution.js';
import type { Relation } from './relation.js';

export class ThreadLocal {
  private readonly thread: Int32Array;
  private readonly threads: number;
  /** Whether po, rmw, addr, data and ctrl stay within threads (they do for paths; checked, not assumed). */
  private readonly usable: boolean;
  private readonly source: Int32Array;
  private readonly edges: Uint8Array;
  private readonly indeg: Int32Array;

  constructor(x: Pick<Execution, 'events' | 'po' | 'rmw' | 'addr' | 'data' | 'ctrl'>) {
    const n = x.events.length;
    this.thread = Int32Array.from(x.events, (e) => e.thread);
    this.threads = Math.max(0, ...this.thread) + 1;
    this.usable = [x.po, x.rmw, x.addr, x.data, x.ctrl].every((r) => this.withinThreads(r));
    this.source = new Int32Array(n);
    this.edges = new Uint8Array(this.threads * this.threads);
    this.indeg = new Int32Array(this.threads);
  }

  private withinThreads(r: Relation): boolean {
    let ok = true;
    for (let a = 0; a < r.n; a++) r.forEachInRow(a, (b) => { if (this.thread[a]! < 0 || this.thread[a] !== this.thread[b]) ok = false; });
    return ok;
  }

  /**
   * The thread-internal pairs of rf, co and fr as a string, or null when Q (above) has a cycle,
   * some pair ends at an initial write, or the paths' relations cross threads: then the
   * candidate must be judged whole.
   */
  key(rf: Relation, co: Relation): string | null {
    if (!this.usable) return null;
    const thread = this.thread, T = this.threads, n = rf.n, w = rf.words, source = this.source.fill(-1), edges = this.edges.fill(0);
    let key = '';
    // Each base pair (a, b): inside a thread it goes into the key, across threads into Q; out of
    // an initial write it is on no cycle; into one it is outside the argument above.
    for (let a = 0; a < n; a++) {
      const ta = thread[a]!;
      for (let k = 0; k < w; k++) {
        for (let word = rf.bits[a * w + k]!; word !== 0; word &= word - 1) {
          const b = k * 32 + (31 - Math.clz32(word & -word)), tb = thread[b]!;
          // A read with two sources, or a pair into an initial write: judged whole.
          if (source[b]! >= 0 || tb < 0) return null;
          source[b] = a;
          if (ta < 0) continue;
          if (ta === tb) key += `r${a},${b};`;
          else edges[ta * T + tb] = 1;
        }
        for (let word = co.bits[a * w + k]!; word !== 0; word &= word - 1) {
          const b = k * 32 + (31 - Math.clz32(word & -word)), tb = thread[b]!;
          if (tb < 0) return null;
          if (ta < 0) continue;
          if (ta === tb) key += `c${a},${b};`;
          else edges[ta * T + tb] = 1;
        }
      }
    }
    // fr = rf^-1 ; co \ id (linux-kernel.cat: let fr = rf^-1 ; co): pairs (r, b) with b co-after r's source.
    for (let r = 0; r < n; r++) {
      const s = source[r]!, tr = thread[r]!;
      if (s < 0) continue;
      for (let k = 0; k < w; k++) {
        for (let word = co.bits[s * w + k]!; word !== 0; word &= word - 1) {
          const b = k * 32 + (31 - Math.clz32(word & -word)), tb = thread[b]!;
          if (b === r) continue;
          if (tb < 0) return null;
          if (tr < 0) continue;
          if (tr === tb) key += `f${r},${b};`;
          else edges[tr * T + tb] = 1;
        }
      }
    }
    return this.acyclic() ? key : null;
  }

  /** Whether Q has no cycle: Kahn's algorithm (remove the threads with no predecessor left). */
  private acyclic(): boolean {
    const T = this.threads, edges = this.edges, indeg = this.indeg.fill(0);
    for (let a = 0; a < T; a++) for (let b = 0; b < T; b++) indeg[b]! += edges[a * T + b]!;
    const ready: number[] = [];
    for (let a = 0; a < T; a++) if (indeg[a] === 0) ready.push(a);
    let done = 0;
    while (ready.length > 0) {
      const a = ready.pop()!;
      done++;
      for (let b = 0; b < T; b++) if (edges[a * T + b] !== 0 && --indeg[b]! === 0) ready.push(b);
    }
    return done === T;
  }
}
