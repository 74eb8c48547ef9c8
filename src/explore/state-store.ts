// The visited-state set of the exhaustive search: states copied into one flat Int32Array arena,
// found through an open-addressing table keyed by a 32-bit hash with a full compare of the words
// on a hit, so there are no false matches (Spin's exact hash table, Holzmann 1997). Pure.
import type { State } from '../machine/state.js';

/** FNV-1a over the 32-bit words, mixed at the end (murmur3's fmix32) for the table's low bits. */
export function hashWords(s: Int32Array, n: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ s[i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

export class StateStore {
  /** Words per state; every stored state has exactly this many. */
  readonly width: number;
  private arena: Int32Array;
  /** Slot -> state id + 1 (0: empty). Capacity is a power of two, kept at most half full. */
  private table: Int32Array;
  private hashes: Int32Array;
  private count = 0;

  constructor(width: number, initialCapacity = 1024) {
    this.width = width;
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.table = new Int32Array(cap);
    this.hashes = new Int32Array(cap);
    this.arena = new Int32Array(Math.max(1, initialCapacity * width));
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the arena and the table (what the states cost to keep). */
  get bytes(): number {
    return this.arena.byteLength + this.table.byteLength + this.hashes.byteLength;
  }

  /** The id of `s`, adding it when new: returns id (>= 0) for a new state, -(id + 1) for a known one. */
  add(s: State): number {
    const w = this.width;
    const h = hashWords(s, w);
    const mask = this.table.length - 1;
    const arena = this.arena;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = this.table[i]!;
      if (e === 0) break;
      if (this.hashes[i] !== h) continue;
      const base = (e - 1) * w;
      let same = true;
      for (let k = 0; k < w; k++) if (arena[base + k] !== s[k]) { same = false; break; }
      if (same) return -e;
    }
    const id = this.count++;
    if ((id + 1) * w > this.arena.length) {
      const bigger = new Int32Array(Math.max(this.arena.length * 2, (id + 1) * w));
      bigger.set(this.arena);
      this.arena = bigger;
    }
    this.arena.set(s.length === w ? s : s.subarray(0, w), id * w);
    if (this.count * 2 > this.table.length) this.grow();
    this.insert(id, h);
    return id;
  }

  /** The id of `s` when stored, else -1. Never adds. */
  find(s: State): number {
    const w = this.width;
    const h = hashWords(s, w);
    const mask = this.table.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = this.table[i]!;
      if (e === 0) return -1;
      if (this.hashes[i] !== h) continue;
      const base = (e - 1) * w;
      let same = true;
      for (let k = 0; k < w; k++) if (this.arena[base + k] !== s[k]) { same = false; break; }
      if (same) return e - 1;
    }
  }

  /** A view of stored state `id` (valid until the next add). */
  get(id: number): State {
    return this.arena.subarray(id * this.width, (id + 1) * this.width);
  }

  private insert(id: number, h: number): void {
    const mask = this.table.length - 1;
    let i = h & mask;
    while (this.table[i] !== 0) i = (i + 1) & mask;
    this.table[i] = id + 1;
    this.hashes[i] = h;
  }

  private grow(): void {
    const old = this.table;
    const oldHashes = this.hashes;
    this.table = new Int32Array(old.length * 2);
    this.hashes = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.insert(old[i]! - 1, oldHashes[i]!);
  }
}
