// An exact set of fixed-length vectors of 32-bit words, each numbered by the order it was added:
// an open-addressing table of [number + 1, hash] pairs over an arena that holds vector k at
// k * len. A hash only picks the bucket: a hit is compared word by word, so two vectors get the
// same number exactly when they are equal (no hash-only matching: Spin's exact hash table,
// Holzmann 1997). The state store (state-store.ts) uses two: one for the segments of a state,
// one for the states as vectors of segment numbers. The caller hashes: a segment's words, or a
// state's segment numbers incrementally. Pure.

/** What `add` returns for a new vector when the set already holds its limit: nothing was added. */
export const FULL = Number.MIN_SAFE_INTEGER;

/** Words of an arena chunk at most, 2^CHUNK_BITS (16 MiB). */
const CHUNK_BITS = 22;

/** Most slots of the recent-vector cache (a power of two; 128 KiB). */
const RECENT = 1 << 14;

export class WordTable {
  /** Words per vector. */
  readonly len: number;
  /**
   * The arena, in chunks of 2^shift vectors: a full chunk is kept as it is and a new one takes
   * over, so a large set is never copied (copying a growing arena of tens of megabytes, and
   * touching each page twice, was a fifth of a store's time on a million states: issue 22). Only
   * the last chunk grows, by doubling, until it holds a whole chunk's vectors.
   */
  private readonly chunks: Int32Array[];
  private readonly shift: number;
  private readonly chunkMask: number;
  /** Slot pairs [vector number + 1 (0: empty), hash]: one cache line a probe. Power of two, at most half full. */
  private table: Int32Array;
  /**
   * A direct-mapped cache in front of the table, pairs [vector number + 1, hash]: a depth-first
   * search mostly comes back to states it stored a moment ago, whose words are still in the
   * processor's cache while the table, many megabytes, is not. It only spares a probe: a hit is
   * compared word by word too. As many slots as the table, up to RECENT, and grown with it.
   */
  private recent: Int32Array;
  private recentMask: number;
  private count = 0;

  /** `chunkBits`: words of a chunk, as a power of two (smaller in tests, to cross chunks quickly). */
  constructor(len: number, initialCapacity = 256, chunkBits = CHUNK_BITS) {
    if (len < 1 || len > 1 << chunkBits) throw new RangeError(`a vector of ${len} words does not fit the store`);
    this.len = len;
    this.shift = Math.max(0, chunkBits - Math.ceil(Math.log2(len)));
    this.chunkMask = (1 << this.shift) - 1;
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.table = new Int32Array(cap * 2);
    this.recentMask = Math.min(cap, RECENT) - 1;
    this.recent = new Int32Array(2 * (this.recentMask + 1));
    this.chunks = [new Int32Array(Math.min(1 << this.shift, Math.max(16, initialCapacity)) * len)];
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the arena and the tables. */
  get bytes(): number {
    let n = this.table.byteLength + this.recent.byteLength;
    for (const c of this.chunks) n += c.byteLength;
    return n;
  }

  /**
   * The number of the vector at src[at, at + len) with hash `h`, adding it when new: returns the
   * number (>= 0) for a new vector, -(number + 1) for a known one, and FULL for a new one when
   * `limit` vectors are held already (so a search bounded by --max-states N never stores N + 1).
   */
  add(src: Int32Array, at: number, h: number, limit = Infinity): number {
    const found = this.find(src, at, h);
    if (found >= 0) return -(found + 1);
    if (this.count >= limit) return FULL;
    // A slot holds number + 1 in an Int32Array.
    if (this.count >= 0x7ffffffe) throw new RangeError('the store is full (2^31 - 2 vectors)');
    const id = this.count++;
    const len = this.len;
    let chunk = this.chunks[id >>> this.shift];
    if (chunk === undefined) {
      chunk = new Int32Array((1 << this.shift) * len);
      this.chunks.push(chunk);
    }
    const base = (id & this.chunkMask) * len;
    if (base + len > chunk.length) {
      // Only the last chunk grows, and only up to a whole chunk (2^shift vectors).
      const bigger = new Int32Array(Math.min((1 << this.shift) * len, chunk.length * 2));
      bigger.set(chunk);
      chunk = bigger;
      this.chunks[this.chunks.length - 1] = chunk;
    }
    // A copy by hand: subarray() would allocate a view per new vector.
    for (let k = 0; k < len; k++) chunk[base + k] = src[at + k]!;
    if (this.count * 2 > this.table.length / 2) this.grow();
    this.insert(id + 1, h);
    const slot = 2 * (h & this.recentMask);
    this.recent[slot] = id + 1;
    this.recent[slot + 1] = h;
    return id;
  }

  /** The number of the vector at src[at, at + len) with hash `h`, or -1. Never adds. */
  find(src: Int32Array, at: number, h: number): number {
    const r = this.recent;
    const slot = 2 * (h & this.recentMask);
    const cached = r[slot]!;
    if (cached !== 0 && r[slot + 1] === h && this.equals(cached - 1, src, at)) return cached - 1;
    const t = this.table;
    const mask = t.length / 2 - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = t[2 * i]!;
      if (e === 0) return -1;
      if (t[2 * i + 1] === h && this.equals(e - 1, src, at)) {
        r[slot] = e;
        r[slot + 1] = h;
        return e - 1;
      }
    }
  }

  /** Whether vector `id` equals src[at, at + len). */
  private equals(id: number, src: Int32Array, at: number): boolean {
    const chunk = this.chunks[id >>> this.shift]!;
    const base = (id & this.chunkMask) * this.len;
    const len = this.len;
    let k = 0;
    while (k < len && chunk[base + k] === src[at + k]) k++;
    return k === len;
  }

  private insert(e: number, h: number): void {
    const t = this.table;
    const mask = t.length / 2 - 1;
    let i = h & mask;
    while (t[2 * i] !== 0) i = (i + 1) & mask;
    t[2 * i] = e;
    t[2 * i + 1] = h;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) this.insert(old[i]!, old[i + 1]!);
    // The cache starts empty again at its new size: it only spares probes, so what it forgets
    // costs a probe of the table, never a wrong answer.
    const slots = Math.min(this.table.length / 2, RECENT);
    if (slots > this.recentMask + 1) {
      this.recentMask = slots - 1;
      this.recent = new Int32Array(2 * slots);
    }
  }
}
