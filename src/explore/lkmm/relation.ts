// A tiny relation algebra over the events of one candidate execution, as herd7's cat language
// has it (herdtools7, herd/libdir and the manual's "cat" chapter): sets and binary relations on
// events 0..n-1 as bit matrices, with union `|`, intersection `&`, difference `\`, sequence `;`,
// inverse `^-1`, closures `+`, `*`, `?`, identity on a set `[S]`, and the checks `acyclic`,
// `irreflexive`, `empty`. Pure; every operation returns a new value.

/** A set of events: bit i of word i >>> 5. */
export class EventSet {
  constructor(readonly n: number, readonly bits: Uint32Array = new Uint32Array((n + 31) >>> 5)) {}

  static of(n: number, members: Iterable<number>): EventSet {
    const s = new EventSet(n);
    for (const i of members) s.bits[i >>> 5]! |= 1 << (i & 31);
    return s;
  }

  static where(n: number, pred: (i: number) => boolean): EventSet {
    const s = new EventSet(n);
    for (let i = 0; i < n; i++) if (pred(i)) s.bits[i >>> 5]! |= 1 << (i & 31);
    return s;
  }

  has(i: number): boolean {
    return (this.bits[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  union(o: EventSet): EventSet {
    return new EventSet(this.n, this.bits.map((w, k) => w | o.bits[k]!));
  }

  inter(o: EventSet): EventSet {
    return new EventSet(this.n, this.bits.map((w, k) => w & o.bits[k]!));
  }

  minus(o: EventSet): EventSet {
    return new EventSet(this.n, this.bits.map((w, k) => w & ~o.bits[k]!));
  }

  complement(): EventSet {
    return EventSet.where(this.n, (i) => !this.has(i));
  }

  isEmpty(): boolean {
    return this.bits.every((w) => w === 0);
  }

  members(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.n; i++) if (this.has(i)) out.push(i);
    return out;
  }
}

/**
 * Memory for the relations made inside Relation.scratch: one buffer handed out in pieces and taken
 * back whole when the outermost scratch call returns. A relation of 40 events is 320 bytes, more
 * than V8 keeps on its own heap, so each `new Uint32Array` of one is a separate allocation outside
 * it, and judging one candidate makes about a hundred: this was a quarter of the LKMM search's time.
 */
const arena = { buf: new Uint32Array(1 << 14), used: 0, depth: 0 };

/** Zeroed words: from the arena inside Relation.scratch, else a new array. */
function words0(len: number): Uint32Array {
  if (arena.depth === 0) return new Uint32Array(len);
  if (arena.used + len > arena.buf.length) {
    // The views handed out keep the old buffer alive until they are dropped.
    arena.buf = new Uint32Array(Math.max(arena.buf.length * 2, len));
    arena.used = 0;
  }
  const out = arena.buf.subarray(arena.used, arena.used + len);
  arena.used += len;
  return out.fill(0);
}

function copyOf(bits: Uint32Array): Uint32Array {
  const out = words0(bits.length);
  out.set(bits);
  return out;
}

/** acyclic()'s counts, reused (it does not call itself). */
let indegrees = new Int32Array(64);

/** A binary relation on events: row i is the set of j with (i, j) in it. */
export class Relation {
  readonly words: number;
  constructor(readonly n: number, readonly bits: Uint32Array = words0(n * ((n + 31) >>> 5))) {
    this.words = (n + 31) >>> 5;
  }

  /**
   * Runs `f` with the relations it makes taken from a reusable arena, not allocated one by one.
   * Nothing made inside may outlive the call (the arena's memory is reused by the next one):
   * `f` must return plain data, and relations it keeps must have been made before.
   */
  static scratch<T>(f: () => T): T {
    arena.depth++;
    try {
      return f();
    } finally {
      if (--arena.depth === 0) arena.used = 0;
    }
  }

  static of(n: number, pairs: Iterable<readonly [number, number]>): Relation {
    const r = new Relation(n);
    for (const [a, b] of pairs) r.add(a, b);
    return r;
  }

  /** Empties this relation and adds the pairs `fill` adds: a buffer reused for relations that do not outlive their use. */
  refill(fill: (add: (a: number, b: number) => void) => void): this {
    this.bits.fill(0);
    fill((a, b) => this.add(a, b));
    return this;
  }

  static where(n: number, pred: (a: number, b: number) => boolean): Relation {
    const r = new Relation(n);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (pred(a, b)) r.add(a, b);
    return r;
  }

  /** [S]: the identity on S. */
  static id(s: EventSet): Relation {
    const r = new Relation(s.n);
    for (let i = 0; i < s.n; i++) if (s.has(i)) r.add(i, i);
    return r;
  }

  /** S * T: every pair from S to T. */
  static cross(s: EventSet, t: EventSet): Relation {
    const r = new Relation(s.n);
    for (let a = 0; a < s.n; a++) if (s.has(a)) r.bits.set(t.bits, a * r.words);
    return r;
  }

  private add(a: number, b: number): void {
    this.bits[a * this.words + (b >>> 5)]! |= 1 << (b & 31);
  }

  has(a: number, b: number): boolean {
    return (this.bits[a * this.words + (b >>> 5)]! & (1 << (b & 31))) !== 0;
  }

  /** Calls f(b) for each (a, b) in the relation, b ascending: row a's members without testing every column. */
  forEachInRow(a: number, f: (b: number) => void): void {
    const w = this.words, bits = this.bits;
    for (let k = 0; k < w; k++) {
      for (let word = bits[a * w + k]!; word !== 0; word &= word - 1) f(k * 32 + (31 - Math.clz32(word & -word)));
    }
  }

  /** Whether no pair starts at a. */
  rowIsEmpty(a: number): boolean {
    const w = this.words, bits = this.bits;
    for (let k = 0; k < w; k++) if (bits[a * w + k] !== 0) return false;
    return true;
  }

  union(...os: Relation[]): Relation {
    const bits = copyOf(this.bits);
    for (const o of os) {
      const theirs = o.bits;
      for (let k = 0; k < bits.length; k++) bits[k]! |= theirs[k]!;
    }
    return new Relation(this.n, bits);
  }

  inter(o: Relation): Relation {
    const bits = copyOf(this.bits), theirs = o.bits;
    for (let k = 0; k < bits.length; k++) bits[k]! &= theirs[k]!;
    return new Relation(this.n, bits);
  }

  minus(o: Relation): Relation {
    const bits = copyOf(this.bits), theirs = o.bits;
    for (let k = 0; k < bits.length; k++) bits[k]! &= ~theirs[k]!;
    return new Relation(this.n, bits);
  }

  /** r1 ; r2: (a, c) when (a, b) in r1 and (b, c) in r2 for some b. */
  seq(o: Relation): Relation {
    const out = new Relation(this.n);
    const w = this.words, mine = this.bits, theirs = o.bits, bits = out.bits;
    for (let a = 0; a < this.n; a++) {
      const aRow = a * w;
      for (let k = 0; k < w; k++) {
        // Each set bit of row a, lowest first: row a of the result ORs row b of o in.
        for (let word = mine[aRow + k]!; word !== 0; word &= word - 1) {
          const bRow = (k * 32 + (31 - Math.clz32(word & -word))) * w;
          for (let j = 0; j < w; j++) bits[aRow + j]! |= theirs[bRow + j]!;
        }
      }
    }
    return out;
  }

  /** r1 ; r2 ; ... left to right. */
  static seqAll(first: Relation, ...rest: Relation[]): Relation {
    return rest.reduce((acc, r) => acc.seq(r), first);
  }

  inverse(): Relation {
    const out = new Relation(this.n);
    const w = this.words;
    for (let a = 0; a < this.n; a++) {
      for (let k = 0; k < w; k++) {
        for (let word = this.bits[a * w + k]!; word !== 0; word &= word - 1) {
          const b = k * 32 + (31 - Math.clz32(word & -word));
          out.bits[b * w + (a >>> 5)]! |= 1 << (a & 31);
        }
      }
    }
    return out;
  }

  /** r+ (Warshall's algorithm on rows, a word of columns at a time). */
  plus(): Relation {
    const out = new Relation(this.n, copyOf(this.bits));
    const w = this.words, n = this.n, bits = out.bits;
    for (let k = 0; k < n; k++) {
      const kw = k >>> 5, kb = 1 << (k & 31), kRow = k * w;
      for (let i = 0; i < n; i++) {
        const iRow = i * w;
        if ((bits[iRow + kw]! & kb) === 0) continue;
        for (let j = 0; j < w; j++) bits[iRow + j]! |= bits[kRow + j]!;
      }
    }
    return out;
  }

  /** r* = r+ | id. */
  star(): Relation {
    const out = this.plus(); // a new relation: adding the identity to it changes nothing else
    for (let a = 0; a < this.n; a++) out.add(a, a);
    return out;
  }

  /** r? = r | id. */
  opt(): Relation {
    const out = new Relation(this.n, copyOf(this.bits));
    for (let a = 0; a < this.n; a++) out.add(a, a);
    return out;
  }

  /** [s] ; r ; [t]: the pairs of r from s to t. */
  restrict(s: EventSet, t: EventSet): Relation {
    const out = new Relation(this.n);
    const w = this.words;
    for (let a = 0; a < this.n; a++) {
      if (!s.has(a)) continue;
      for (let k = 0; k < w; k++) out.bits[a * w + k] = this.bits[a * w + k]! & t.bits[k]!;
    }
    return out;
  }

  domain(): EventSet {
    return EventSet.where(this.n, (a) => this.bits.subarray(a * this.words, (a + 1) * this.words).some((x) => x !== 0));
  }

  range(): EventSet {
    const s = new EventSet(this.n);
    for (let a = 0; a < this.n; a++) for (let k = 0; k < this.words; k++) s.bits[k]! |= this.bits[a * this.words + k]!;
    return s;
  }

  /** Whether every pair of this relation is in `o` (this \ o is empty). */
  within(o: Relation): boolean {
    const bits = this.bits, theirs = o.bits;
    for (let k = 0; k < bits.length; k++) if ((bits[k]! & ~theirs[k]!) !== 0) return false;
    return true;
  }

  isEmpty(): boolean {
    const bits = this.bits;
    for (let k = 0; k < bits.length; k++) if (bits[k] !== 0) return false;
    return true;
  }

  irreflexive(): boolean {
    for (let a = 0; a < this.n; a++) if (this.has(a, a)) return false;
    return true;
  }

  /**
   * No cycle: Kahn's algorithm (remove the events with no predecessor left until none is left)
   * on the rows' bits, without building r+.
   */
  acyclic(): boolean {
    const n = this.n, w = this.words, bits = this.bits;
    if (indegrees.length < n) indegrees = new Int32Array(2 * n);
    const indeg = indegrees.fill(0, 0, n);
    for (let a = 0; a < n; a++) {
      for (let k = 0; k < w; k++) {
        for (let word = bits[a * w + k]!; word !== 0; word &= word - 1) indeg[k * 32 + (31 - Math.clz32(word & -word))]!++;
      }
    }
    const ready: number[] = [];
    for (let a = 0; a < n; a++) if (indeg[a] === 0) ready.push(a);
    let done = 0;
    while (ready.length > 0) {
      const a = ready.pop()!;
      done++;
      for (let k = 0; k < w; k++) {
        for (let word = bits[a * w + k]!; word !== 0; word &= word - 1) {
          const b = k * 32 + (31 - Math.clz32(word & -word));
          if (--indeg[b]! === 0) ready.push(b);
        }
      }
    }
    return done === n;
  }

  pairs(): [number, number][] {
    const out: [number, number][] = [];
    for (let a = 0; a < this.n; a++) for (let b = 0; b < this.n; b++) if (this.has(a, b)) out.push([a, b]);
    return out;
  }
}
