// The visited-state set of the exhaustive search, exact: two states get the same id exactly when
// they are equal (a hash only picks a bucket; a hit is compared in full, as in Spin's exact hash
// table, Holzmann 1997). A state is cut into segments of SEGMENT words, each segment is stored once
// in a table of segments and named by its number there, and the state is stored as the vector of
// its segments' numbers: Spin's COLLAPSE compression (Holzmann, "State compression in SPIN",
// 1997) and one level of Laarman, van de Pol and Weber's tree compression ("Parallel recursive
// state compression for free", SPIN 2011). A move changes a few words, so a successor shares most
// segments with its parent: `add` given the parent compares the two segment by segment and looks
// up only the segments that changed, and the state's hash is updated as Zobrist's is (Zobrist, "A
// new hashing method with application for game playing", 1970): xor out the old segment's term,
// xor in the new one's. The packing of packWords below is no longer the store's (it was its largest
// cost, issue 22); the parallel search's shared table (parallel/shared-table.ts) still packs with it.
// Pure.
import { PTR_BASE } from '../machine/program.js';
import type { State } from '../machine/state.js';
import { WordTable } from './word-table.js';

export { FULL } from './word-table.js';

// The packing, word by word. Canonical: a word has exactly one encoding, so equal states are
// equal byte strings (nothing ever needs to unpack them).
const SMALL = 0xf0; //        0 .. 0xef: the byte itself
const POINTER = 0xf0; //      0xf0 k: PTR_BASE + k, k < 256
const SHORT = 0xf1; //        0xf1 lo hi: 0xf0 .. 0xffff
const RAW = 0xf2; //          0xf2 and four bytes: anything else
const ZEROS = 0xf3; //        0xf3 k: a maximal run of k zeros, 2 <= k <= 255 (idle frames, free locks)

/**
 * Words per segment. Small enough that a move's change is one or two segments to look up (its
 * frame's pc and locals, a shared word or two), large enough that a state is a short vector of
 * numbers: 99 words are 13 numbers at 3 CPUs. keyFrom compares a whole segment in one expression
 * of eight words: change both together.
 */
const SEGMENT = 8;

/** Pack the first `n` words of `s` into `out` (at least 5 * n bytes long: 5 bytes a word at most); returns the length. */
export function packWords(s: Int32Array, n: number, out: Uint8Array): number {
  let j = 0;
  let i = 0;
  while (i < n) {
    const w = s[i]!;
    // The common case first: one byte for a small non-negative word (0 when alone).
    if ((w >>> 0) < SMALL && (w !== 0 || i + 1 === n || s[i + 1] !== 0)) { out[j++] = w; i++; continue; }
    if (w === 0) {
      let k = 2;
      const most = Math.min(255, n - i);
      while (k < most && s[i + k] === 0) k++;
      out[j++] = ZEROS;
      out[j++] = k;
      i += k;
      continue;
    }
    if (w >= PTR_BASE && w < PTR_BASE + 256) { out[j++] = POINTER; out[j++] = w - PTR_BASE; }
    else if (w >= 0 && w <= 0xffff) { out[j++] = SHORT; out[j++] = w & 0xff; out[j++] = w >>> 8; }
    else { out[j++] = RAW; out[j++] = w & 0xff; out[j++] = (w >>> 8) & 0xff; out[j++] = (w >>> 16) & 0xff; out[j++] = w >>> 24; }
    i++;
  }
  return j;
}

/** murmur3's 32-bit finaliser: every input bit moves every output bit. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** FNV-1a over the words src[at, at + n), finalised. */
function hashWords(src: Int32Array, at: number, n: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ src[at + i]!, 0x01000193);
  return fmix(h);
}

export class StateStore {
  /** Words per state; every stored state has exactly this many. */
  readonly width: number;
  /** Segments per state: the length of a state's key less its hash. */
  private readonly segs: number;
  /** Whole segments (the last may be partial). */
  private readonly whole: number;
  private readonly segments: WordTable;
  private readonly states: WordTable;
  /** Per segment position, a random-looking salt: a position's term is fmix(number ^ salt), so equal numbers at two positions do not cancel. */
  private readonly salt: Int32Array;
  /** The last segment when the width is not a multiple of SEGMENT, zero-padded to a whole one. */
  private readonly pad = new Int32Array(SEGMENT);
  /**
   * The key of the state `add` or `find` was last given: its segments' numbers, then its hash
   * (keyWords words). A search keeps a copy for each state it expands, to give `add` with the
   * state's successors.
   */
  readonly key: Int32Array;

  constructor(width: number, initialCapacity = 256) {
    this.width = width;
    this.segs = Math.max(1, Math.ceil(width / SEGMENT));
    this.whole = Math.floor(width / SEGMENT);
    this.segments = new WordTable(SEGMENT, initialCapacity);
    this.states = new WordTable(this.segs, initialCapacity);
    this.salt = Int32Array.from({ length: this.segs }, (_, k) => fmix(Math.imul(k + 1, 0x9e3779b9)));
    this.key = new Int32Array(this.segs + 1);
  }

  get size(): number {
    return this.states.size;
  }

  /** Words of a key (see `key`). */
  get keyWords(): number {
    return this.segs + 1;
  }

  /** Bytes held by both tables (what the states cost to keep). */
  get bytes(): number {
    return this.segments.bytes + this.states.bytes;
  }

  /**
   * The id of `s`, adding it when new: returns id (>= 0) for a new state, -(id + 1) for a known
   * one, and FULL for a new one when `limit` states are stored already (so a search bounded by
   * --max-states N never stores N + 1: the bound is exact, whatever the search). With `parent`
   * and its key (a copy of `key` after the parent was added), only the segments where `s` and
   * `parent` differ are looked up. Either way `key` is the key of `s` after.
   */
  add(s: State, limit = Infinity, parent?: State, parentKey?: Int32Array): number {
    const key = this.key;
    if (parent && parentKey) this.keyFrom(s, parent, parentKey);
    else {
      let h = 0;
      for (let k = 0; k < this.segs; k++) {
        const id = this.segmentId(s, k);
        key[k] = id;
        h ^= fmix(id ^ this.salt[k]!);
      }
      key[this.segs] = h;
    }
    return this.states.add(key, 0, key[this.segs]!, limit);
  }

  /** The id of `s` when stored, else -1. Never adds (not even a segment). */
  find(s: State): number {
    const key = this.key;
    let h = 0;
    for (let k = 0; k < this.segs; k++) {
      const at = k * SEGMENT;
      const src = this.segmentAt(s, k);
      const from = src === s ? at : 0;
      const id = this.segments.find(src, from, hashWords(src, from, SEGMENT));
      if (id < 0) return -1;
      key[k] = id;
      h ^= fmix(id ^ this.salt[k]!);
    }
    key[this.segs] = h;
    return this.states.find(key, 0, h);
  }

  /** `key` for `s` from its parent's: the segments that differ are looked up, the hash updated by xor. */
  private keyFrom(s: State, parent: State, parentKey: Int32Array): void {
    const key = this.key;
    const whole = this.whole;
    let h = parentKey[this.segs]!;
    for (let k = 0; k < this.segs; k++) {
      const at = k * SEGMENT;
      const was = parentKey[k]!;
      // One branch a segment: the xors of its eight word pairs, or-ed (SEGMENT is 8).
      if (k < whole) {
        const d =
          (s[at]! ^ parent[at]!) | (s[at + 1]! ^ parent[at + 1]!) | (s[at + 2]! ^ parent[at + 2]!) | (s[at + 3]! ^ parent[at + 3]!) |
          (s[at + 4]! ^ parent[at + 4]!) | (s[at + 5]! ^ parent[at + 5]!) | (s[at + 6]! ^ parent[at + 6]!) | (s[at + 7]! ^ parent[at + 7]!);
        if (d === 0) { key[k] = was; continue; }
      } else {
        let j = at;
        while (j < this.width && s[j] === parent[j]) j++;
        if (j === this.width) { key[k] = was; continue; }
      }
      const id = this.segmentId(s, k);
      key[k] = id;
      h ^= fmix(was ^ this.salt[k]!) ^ fmix(id ^ this.salt[k]!);
    }
    key[this.segs] = h;
  }

  /** The words of segment k: `s` itself when the segment is whole, else `pad` holding it. */
  private segmentAt(s: State, k: number): Int32Array {
    const at = k * SEGMENT;
    if (at + SEGMENT <= this.width) return s;
    const pad = this.pad;
    for (let j = 0; j < SEGMENT; j++) pad[j] = at + j < this.width ? s[at + j]! : 0;
    return pad;
  }

  /** The number of segment k of `s`, adding the segment when new. */
  private segmentId(s: State, k: number): number {
    const src = this.segmentAt(s, k);
    const from = src === s ? k * SEGMENT : 0;
    const id = this.segments.add(src, from, hashWords(src, from, SEGMENT));
    return id >= 0 ? id : -id - 1;
  }
}
