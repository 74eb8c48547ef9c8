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

const READ = 1, WRITE = 2;

export class ThreadLocal {
  private readonly thread: Int32Array;
  private readonly threads: number;
  /** Whether po, rmw, addr, data and ctrl stay within threads (they do for paths; checked, not assumed). */
  private readonly usable: boolean;
  private readonly kind: Uint8Array;
  /** The events that can start an rf or co pair (writes), and those that can end an rf pair (reads). */
  private readonly writes: Int32Array;
  private readonly reads: Int32Array;
  private readonly source: Int32Array;
  private readonly edges: Uint8Array;
  private readonly preds: Int32Array;
  private readonly indeg: Int32Array;

  constructor(x: Pick<Execution, 'events' | 'po' | 'rmw' | 'addr' | 'data' | 'ctrl'>) {
    const n = x.events.length;
    this.thread = Int32Array.from(x.events, (e) => e.thread);
    this.threads = Math.max(0, ...this.thread) + 1;
    this.usable = [x.po, x.rmw, x.addr, x.data, x.ctrl].every((r) => this.withinThreads(r));
    this.kind = Uint8Array.from(x.events, (e) => (e.kind === 'R' ? READ : e.kind === 'W' ? WRITE : 0));
    this.writes = Int32Array.from(x.events.flatMap((e, i) => (e.kind === 'W' ? [i] : [])));
    this.reads = Int32Array.from(x.events.flatMap((e, i) => (e.kind === 'R' ? [i] : [])));
    this.source = new Int32Array(n);
    this.edges = new Uint8Array(this.threads <= 32 ? 0 : this.threads * this.threads);
    this.preds = new Int32Array(this.threads);
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
    const thread = this.thread, w = rf.words, source = this.source.fill(-1);
    this.clearQ();
    let key = '';
    // Each base pair (a, b): inside a thread it goes into the key, across threads into Q; out of
    // an initial write it is on no cycle; into one it is outside the argument above.
    // A candidate's rf is from writes to reads and its co is over writes (herd7's candidate
    // executions; coherent.ts makes them so): only the writes' rows are read. A pair into an
    // event of the wrong kind makes the key null below.
    for (const a of this.writes) {
      const ta = thread[a]!;
      for (let k = 0; k < w; k++) {
        for (let word = rf.bits[a * w + k]!; word !== 0; word &= word - 1) {
          const b = k * 32 + (31 - Math.clz32(word & -word)), tb = thread[b]!;
          // A read with two sources, rf into a non-read, or a pair into an initial write: judged whole.
          if (source[b]! >= 0 || tb < 0 || this.kind[b] !== READ) return null;
          source[b] = a;
          if (ta < 0) continue;
          if (ta === tb) key += `r${a},${b};`;
          else this.edge(ta, tb);
        }
        for (let word = co.bits[a * w + k]!; word !== 0; word &= word - 1) {
          const b = k * 32 + (31 - Math.clz32(word & -word)), tb = thread[b]!;
          if (tb < 0 || this.kind[b] !== WRITE) return null;
          if (ta < 0) continue;
          if (ta === tb) key += `c${a},${b};`;
          else this.edge(ta, tb);
        }
      }
    }
    // fr = rf^-1 ; co \ id (linux-kernel.cat: let fr = rf^-1 ; co): pairs (r, b) with b co-after r's source.
    for (const r of this.reads) {
      const s = source[r]!, tr = thread[r]!;
      if (s < 0) continue;
      for (let k = 0; k < w; k++) {
        for (let word = co.bits[s * w + k]!; word !== 0; word &= word - 1) {
          const b = k * 32 + (31 - Math.clz32(word & -word)), tb = thread[b]!;
          if (b === r) continue;
          if (tb < 0) return null;
          if (tr < 0) continue;
          if (tr === tb) key += `f${r},${b};`;
          else this.edge(tr, tb);
        }
      }
    }
    return this.acyclic() ? key : null;
  }

  // Q: with at most 32 threads, each thread's predecessors as a bit mask; else a matrix.
  private clearQ(): void {
    if (this.threads <= 32) this.preds.fill(0);
    else this.edges.fill(0);
  }

  private edge(a: number, b: number): void {
    if (this.threads <= 32) this.preds[b]! |= 1 << a;
    else this.edges[a * this.threads + b] = 1;
  }

  /** Whether Q has no cycle: threads with no predecessor left are removed until none is. */
  private acyclic(): boolean {
    if (this.threads > 32) return this.acyclicLarge();
    const T = this.threads, preds = this.preds;
    const all = T === 32 ? -1 : (1 << T) - 1;
    let removed = 0;
    for (;;) {
      const before = removed;
      for (let a = 0; a < T; a++) if ((preds[a]! & ~removed) === 0) removed |= 1 << a;
      if (removed === all) return true;
      if (removed === before) return false;
    }
  }

  /** acyclic() for more than 32 threads: Kahn's algorithm on the matrix. */
  private acyclicLarge(): boolean {
    const T = this.threads, edges = this.edges, indeg = this.indeg.fill(0);
    let any = false;
    for (let e = 0; e < T * T; e++) if (edges[e] !== 0) { indeg[e % T]!++; any = true; }
    if (!any) return true;
    const ready: number[] = [];
    for (let a = 0; a < T; a++) if (indeg[a] === 0) ready.push(a);
    let done = 0;
    while (ready.length > 0) {
      const a = ready.pop()!;
      done++;
      for (let b = 0, e = a * T; b < T; b++, e++) if (edges[e] !== 0 && --indeg[b]! === 0) ready.push(b);
    }
    return done === T;
  }
}
