// The visited-state set of the exhaustive search: each state packed into bytes in one arena, found
// through an open-addressing table keyed by a 32-bit hash, with a full compare of the packed bytes
// on a hit, so there are no false matches (Spin's exact hash table, Holzmann 1997). Most words of
// a state are small (pcs, flags, counters, locals) or pointers (PTR_BASE + a small index), so a
// state packs to about a quarter of its words' size: fewer cache lines to compare on the many
// hits, and four times the states in the same memory. Pure.
import { PTR_BASE } from '../machine/program.js';
import type { State } from '../machine/state.js';

// The packing, word by word. Canonical: a word has exactly one encoding, so equal states are
// equal byte strings (nothing ever needs to unpack them).
const SMALL = 0xf0; //        0 .. 0xef: the byte itself
const POINTER = 0xf0; //      0xf0 k: PTR_BASE + k, k < 256
const SHORT = 0xf1; //        0xf1 lo hi: 0xf0 .. 0xffff
const RAW = 0xf2; //          0xf2 and four bytes: anything else
const ZEROS = 0xf3; //        0xf3 k: a maximal run of k zeros, 2 <= k <= 255 (idle frames, free locks)
const MAX_PACKED = 5; //      bytes one word can take

/** Pack the first `n` words of `s` into `out` (at least MAX_PACKED * n long); returns the length. */
export function packWords(s: Int32Array, n: number, out: Uint8Array): number {
  return packAndHash(s, n, out);
}

/** The hash of the last packAndHash call (kept apart so the call returns one number). */
let lastHash = 0;

/**
 * Pack the words and hash them in one pass over the state (the store's hot path): FNV-1a over the
 * 32-bit words, mixed at the end (murmur3's fmix32) for the table's low bits. Returns the length;
 * the hash is in lastHash.
 */
function packAndHash(s: Int32Array, n: number, out: Uint8Array): number {
  let j = 0;
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < n; i++) {
    const w = s[i]!;
    h = Math.imul(h ^ w, 0x01000193);
    if (w === 0 && i + 1 < n && s[i + 1] === 0) {
      let k = 1;
      while (k < 255 && i + k < n && s[i + k] === 0) { h = Math.imul(h, 0x01000193); k++; }
      out[j++] = ZEROS;
      out[j++] = k;
      i += k - 1;
      continue;
    }
    if (w >= 0 && w < SMALL) out[j++] = w;
    else if (w >= PTR_BASE && w < PTR_BASE + 256) { out[j++] = POINTER; out[j++] = w - PTR_BASE; }
    else if (w >= 0 && w <= 0xffff) { out[j++] = SHORT; out[j++] = w & 0xff; out[j++] = w >>> 8; }
    else { out[j++] = RAW; out[j++] = w & 0xff; out[j++] = (w >>> 8) & 0xff; out[j++] = (w >>> 16) & 0xff; out[j++] = w >>> 24; }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  lastHash = (h ^ (h >>> 16)) | 0;
  return j;
}

export class StateStore {
  /** Words per state; every stored state has exactly this many. */
  readonly width: number;
  private arena: Uint8Array;
  private used = 0;
  /** State id -> start of its bytes in the arena; entry id + 1 is where the next one starts. */
  private starts: Float64Array;
  /** Slot pairs [state id + 1 (0: empty), hash]: one cache line per probe. Power of two, at most half full. */
  private table: Int32Array;
  private readonly scratch: Uint8Array;
  private count = 0;

  constructor(width: number, initialCapacity = 1024) {
    this.width = width;
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.table = new Int32Array(cap * 2);
    this.starts = new Float64Array(initialCapacity + 1);
    this.arena = new Uint8Array(Math.max(64, initialCapacity * width));
    this.scratch = new Uint8Array(MAX_PACKED * width);
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the arena and the tables (what the states cost to keep). */
  get bytes(): number {
    return this.arena.byteLength + this.table.byteLength + this.starts.byteLength;
  }

  /** The id of `s`, adding it when new: returns id (>= 0) for a new state, -(id + 1) for a known one. */
  add(s: State): number {
    const n = packAndHash(s, this.width, this.scratch);
    const h = lastHash;
    const found = this.lookup(n, h);
    if (found >= 0) return -(found + 1);
    const id = this.count++;
    if (this.used + n > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.used + n));
      bigger.set(this.arena.subarray(0, this.used));
      this.arena = bigger;
    }
    this.arena.set(this.scratch.subarray(0, n), this.used);
    this.used += n;
    if (id + 2 > this.starts.length) {
      const s2 = new Float64Array(this.starts.length * 2);
      s2.set(this.starts);
      this.starts = s2;
    }
    this.starts[id + 1] = this.used;
    if (this.count * 2 > this.table.length / 2) this.grow();
    this.insert(id, h);
    return id;
  }

  /** The id of `s` when stored, else -1. Never adds. */
  find(s: State): number {
    const n = packAndHash(s, this.width, this.scratch);
    return this.lookup(n, lastHash);
  }

  /** The id whose packed bytes equal scratch[0, n), or -1. */
  private lookup(n: number, h: number): number {
    const t = this.table;
    const mask = t.length / 2 - 1;
    const arena = this.arena;
    const scratch = this.scratch;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const e = t[2 * i]!;
      if (e === 0) return -1;
      if (t[2 * i + 1] !== h) continue;
      const start = this.starts[e - 1]!;
      if (this.starts[e]! - start !== n) continue;
      let same = true;
      for (let k = 0; k < n; k++) if (arena[start + k] !== scratch[k]) { same = false; break; }
      if (same) return e - 1;
    }
  }

  private insert(id: number, h: number): void {
    const t = this.table;
    const mask = t.length / 2 - 1;
    let i = h & mask;
    while (t[2 * i] !== 0) i = (i + 1) & mask;
    t[2 * i] = id + 1;
    t[2 * i + 1] = h;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) this.insert(old[i]! - 1, old[i + 1]!);
  }
}
