// The visited-state set of the exhaustive search: each state packed into bytes in an arena, found
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

/** What `add` returns for a new state when the store already holds its limit: nothing was added. */
export const FULL = Number.MIN_SAFE_INTEGER;

/** Words of the largest arena chunk, 2^CHUNK_BITS (16 MiB; see StateStore.chunks): offsets stay below 2^31 for 511 chunks. */
const CHUNK_BITS = 22;
const CHUNK = 1 << CHUNK_BITS;

/** Most slots of the recent-state cache (a power of two; 128 KiB). */
const RECENT = 1 << 14;

/** Pack the first `n` words of `s` into `out` (at least MAX_PACKED * n long); returns the length. */
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

/**
 * FNV-1a over the first `n` 32-bit words of a packed state, mixed at the end (murmur3's fmix32)
 * so the table's low bits are good. Hashing the packed words, a quarter as many as the state's,
 * is the cheap half of the store's hot path; equal states pack to equal words.
 */
function hashWords(w: Int32Array, n: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ w[i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

export class StateStore {
  /** Words per state; every stored state has exactly this many. */
  readonly width: number;
  /**
   * The states, each as its id followed by its packed words, zero-padded to whole 32-bit words
   * so lookups compare and hash a word at a time. Padding keeps equality exact: packing is a
   * prefix code of `width` words, so no state's packing is a proper prefix of another's, and
   * equal padded words mean equal bytes. The same property lets a compare run without knowing
   * the stored state's length: two different packings differ at a byte before either one ends.
   */
  private arena: Int32Array;
  private used = 0;
  /**
   * Full arenas, kept as they are: when `arena` has no room for a state, a new one (twice as
   * big, up to CHUNK words) takes over, and the old one is not copied. Copying a growing arena
   * of tens of megabytes, and touching each page of it twice, was a fifth of `add` on a search
   * of a million states (issue 22). An offset is `chunk << CHUNK_BITS | index`; the current
   * arena is chunk `chunks.length`.
   */
  private readonly chunks: Int32Array[] = [];
  private chunkBytes = 0;
  /**
   * Slot pairs [arena offset of a state's packed words (0: empty), hash]: one cache line per
   * probe. A hit then reads the arena alone, where the id sits just before the words, rather than
   * an index from ids to offsets too: one cache miss fewer on a table of many megabytes. Power of
   * two, at most half full.
   */
  private table: Int32Array;
  /**
   * A small direct-mapped cache in front of the table, pairs [arena offset, hash]: a depth-first
   * search mostly comes back to states it stored a moment ago (the two orders of independent
   * moves meet within a few steps), whose words are still in the processor's cache while the
   * table, many megabytes, is not. It only spares a probe: a hit is compared word by word too.
   * As many slots as the table, up to RECENT, and grown with it: a small search (a litmus test's
   * dozen states) would otherwise spend more time clearing the cache than searching (issue 22).
   */
  private recent: Int32Array;
  /** Slots of `recent` less one (a power of two less one). */
  private recentMask: number;
  /** The state being added or looked up, packed; its words view the same buffer. */
  private readonly scratch: Uint8Array;
  private readonly scratchWords: Int32Array;
  private count = 0;

  constructor(width: number, initialCapacity = 256) {
    this.width = width;
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.table = new Int32Array(cap * 2);
    this.recentMask = Math.min(cap, RECENT) - 1;
    this.recent = new Int32Array(2 * (this.recentMask + 1));
    this.arena = new Int32Array(Math.max(16, initialCapacity * (1 + Math.ceil(width / 4))));
    this.scratchWords = new Int32Array(Math.ceil((MAX_PACKED * width) / 4) + 1);
    this.scratch = new Uint8Array(this.scratchWords.buffer);
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the arena and the tables (what the states cost to keep). */
  get bytes(): number {
    return this.chunkBytes + this.arena.byteLength + this.table.byteLength;
  }

  /** Keep the current arena as a chunk and start one with room for a state of `n` packed words. */
  private nextChunk(n: number): void {
    this.chunks.push(this.arena);
    this.chunkBytes += this.arena.byteLength;
    if (2 + n > CHUNK) throw new RangeError(`a state of ${n} packed words is too wide for the store`);
    // An offset must stay a positive 32-bit integer: 511 chunks (8 GiB) at most.
    if (this.chunks.length >= (1 << (31 - CHUNK_BITS)) - 1) throw new RangeError('the state store is full (8 GiB of states)');
    this.arena = new Int32Array(Math.min(CHUNK, Math.max(this.arena.length * 2, 2 + n)));
    // Index 0 of every chunk is left unused, so no offset is 0.
    this.used = 1;
  }

  /** The arena that holds offset `off`. */
  private arenaOf(off: number): Int32Array {
    const c = off >>> CHUNK_BITS;
    return c === this.chunks.length ? this.arena : this.chunks[c]!;
  }

  /**
   * The id of `s`, adding it when new: returns id (>= 0) for a new state, -(id + 1) for a known
   * one, and FULL for a new one when `limit` states are stored already (so a search bounded by
   * --max-states N never stores N + 1: the bound is exact, whatever the search).
   */
  add(s: State, limit = Infinity): number {
    const n = this.pack(s);
    const h = hashWords(this.scratchWords, n);
    const found = this.lookup(n, h);
    if (found >= 0) return -(found + 1);
    if (this.count >= limit) return FULL;
    const id = this.count++;
    if (this.used + 1 + n > this.arena.length) this.nextChunk(n);
    // A copy by hand: subarray() would allocate a view per new state.
    const arena = this.arena;
    const scratch = this.scratchWords;
    arena[this.used] = id;
    const at = this.used + 1;
    for (let k = 0; k < n; k++) arena[at + k] = scratch[k]!;
    this.used = at + n;
    // Offsets are never 0 (an empty slot): a state's words come after its id.
    const off = (this.chunks.length << CHUNK_BITS) | at;
    if (this.count * 2 > this.table.length / 2) this.grow();
    this.insert(off, h);
    const slot = 2 * (h & this.recentMask);
    this.recent[slot] = off;
    this.recent[slot + 1] = h;
    return id;
  }

  /** The id of `s` when stored, else -1. Never adds. */
  find(s: State): number {
    const n = this.pack(s);
    return this.lookup(n, hashWords(this.scratchWords, n));
  }

  /** Pack `s` into the scratch words, zero-padded; returns the number of words. */
  private pack(s: State): number {
    const bytes = packWords(s, this.width, this.scratch);
    const n = (bytes + 3) >>> 2;
    for (let k = bytes; k < n * 4; k++) this.scratch[k] = 0;
    return n;
  }

  /** The id whose packed words equal scratchWords[0, n), or -1. */
  private lookup(n: number, h: number): number {
    const r = this.recent;
    const slot = 2 * (h & this.recentMask);
    if (r[slot + 1] === h && r[slot] !== 0 && this.equals(r[slot]!, n)) return this.idAt(r[slot]!);
    const t = this.table;
    const mask = t.length / 2 - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const off = t[2 * i]!;
      if (off === 0) return -1;
      if (t[2 * i + 1] === h && this.equals(off, n)) {
        r[slot] = off;
        r[slot + 1] = h;
        return this.idAt(off);
      }
    }
  }

  /** The id of the state whose packed words are at offset `off`: the word before them. */
  private idAt(off: number): number {
    return this.arenaOf(off)[(off & (CHUNK - 1)) - 1]!;
  }

  /** Whether the packed words at offset `off` equal scratchWords[0, n) (see `arena`). */
  private equals(off: number, n: number): boolean {
    const arena = this.arenaOf(off);
    const at = off & (CHUNK - 1);
    const scratch = this.scratchWords;
    let k = 0;
    while (k < n && arena[at + k] === scratch[k]) k++;
    return k === n;
  }

  private insert(off: number, h: number): void {
    const t = this.table;
    const mask = t.length / 2 - 1;
    let i = h & mask;
    while (t[2 * i] !== 0) i = (i + 1) & mask;
    t[2 * i] = off;
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
