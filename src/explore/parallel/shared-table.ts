// The visited-state set of the parallel search, shared by every thread: an open-addressing table
// of [tag, arena offset] pairs and an append-only arena of packed states, both in
// SharedArrayBuffers, with lock-free inserts (Laarman, van de Pol and Weber, "Boosting multi-core
// reachability performance with shared hash tables", FMCAD 2010: a bucket is claimed by one
// compare-and-exchange that writes the state's hash and a "being written" bit, then the data is
// written, then the bit is cleared; a thread that meets a claimed bucket of its own hash waits for
// the data). Exactly one thread sees a state as new: the one whose exchange claimed its bucket, and
// that thread alone expands it. States are packed as the sequential store packs them
// (state-store.ts, packWords), so equal states are equal word strings. Pure.
import type { State } from '../../machine/state.js';
import { packWords } from '../state-store.js';

/** What add returns. */
export const NEW = 1;
export const KNOWN = 0;
/** --max-states are stored already: the state was not added (the search stops, max-states). */
export const REFUSED = -1;
/** The table or the arena has no room: the state was not added (the search stops, see SharedTable). */
export const NO_ROOM = -2;

/** A bucket's tag is the state's hash with these low bits: being written, or done. */
const [WRITING, DONE, LOW] = [1, 2, 3] as const;
/** Words of the header: [stored states, arena words used]. */
const COUNT = 0;
const USED = 1;
/** Bytes one word packs to at most (state-store.ts). */
const MAX_PACKED = 5;
/** At most this many slots (8 bytes each) and arena words: a SharedArrayBuffer is committed as touched, not at once. */
const MOST_SLOTS = 1 << 27;
const MOST_ARENA_WORDS = (1 << 29) - 1;
/** Slots of each thread's cache of recent states (a power of two). */
const RECENT = 1 << 14;

/** The buffers of a table, as they cross to a worker thread (structured clone shares them). */
export interface SharedTableBuffers {
  readonly width: number;
  readonly maxStates: number;
  readonly header: SharedArrayBuffer;
  readonly table: SharedArrayBuffer;
  readonly arena: SharedArrayBuffer;
}

/** A table for states of `width` words, with room for `maxStates` of them (--max-states). */
export function sharedTableBuffers(width: number, maxStates: number): SharedTableBuffers {
  let slots = 16;
  while (slots < maxStates * 2 && slots < MOST_SLOTS) slots *= 2;
  const perState = 1 + Math.ceil((MAX_PACKED * width) / 4);
  // The worst case of the packing; typical states pack to a quarter of it, and only the words
  // written are ever committed by the operating system.
  const arenaWords = Math.min(MOST_ARENA_WORDS, perState * Math.min(maxStates, Math.floor(MOST_ARENA_WORDS / perState)) + perState);
  return {
    width,
    maxStates,
    header: new SharedArrayBuffer(8),
    table: new SharedArrayBuffer(slots * 8),
    arena: new SharedArrayBuffer(arenaWords * 4),
  };
}

/** Murmur3's finaliser over a multiplicative hash of the packed words; low bits well mixed. */
function hashPacked(w: Int32Array, n: number): number {
  let h = n | 0;
  for (let i = 0; i < n; i++) h = (Math.imul(h, 31) + w[i]!) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export class SharedTable {
  private readonly header: Int32Array;
  private readonly table: Int32Array;
  private readonly arena: Int32Array;
  private readonly mask: number;
  private readonly maxStates: number;
  /** A state may not fill the table past this many (open addressing degrades near full). */
  private readonly most: number;
  private readonly scratchWords: Int32Array;
  private readonly scratch: Uint8Array;
  private readonly width: number;
  /**
   * A direct-mapped cache of this thread's, pairs [arena offset + 1, hash]: a depth-first search
   * mostly comes back to states it met a moment ago (state-store.ts's `recent`), and a hit spares
   * a probe of the shared table, many megabytes, and its atomic loads.
   */
  private readonly recent = new Int32Array(2 * RECENT);
  private readonly recentMask = RECENT - 1;

  /** `stopped` is asked while waiting for another thread's write, which a stopped search may never finish. */
  constructor(b: SharedTableBuffers, private readonly stopped: () => boolean) {
    this.width = b.width;
    this.maxStates = b.maxStates;
    this.header = new Int32Array(b.header);
    this.table = new Int32Array(b.table);
    this.arena = new Int32Array(b.arena);
    this.mask = this.table.length / 2 - 1;
    this.most = Math.floor((this.mask + 1) * 0.75);
    this.scratchWords = new Int32Array(Math.ceil((MAX_PACKED * b.width) / 4) + 1);
    this.scratch = new Uint8Array(this.scratchWords.buffer);
  }

  /** States stored so far (by every thread). */
  get size(): number {
    return Math.min(Atomics.load(this.header, COUNT), this.maxStates);
  }

  /** Bytes of the arena in use and of the table. */
  get bytes(): number {
    return Atomics.load(this.header, USED) * 4 + this.table.byteLength;
  }

  /**
   * NEW when this call stored `s` (the caller must expand it), KNOWN when some thread stored it
   * before, REFUSED or NO_ROOM when it is new but could not be stored (the caller stops the search).
   */
  add(s: State): number {
    const bytes = packWords(s, this.width, this.scratch);
    const n = (bytes + 3) >>> 2;
    // Zero-pad the last word: packings are compared a word at a time.
    for (let j = bytes; j < n * 4; j++) this.scratch[j] = 0;
    const h = hashPacked(this.scratchWords, n);
    const tag = h & ~LOW;
    // This thread's recent states first: stored states never change, so a hit needs no atomics.
    const r = (h & this.recentMask) * 2;
    if (this.recent[r + 1] === h && this.recent[r]! > 0 && this.equal(this.recent[r]! - 1, n)) return KNOWN;
    const t = this.table;
    for (let i = h & this.mask, probes = 0; probes <= this.mask; i = (i + 1) & this.mask, probes++) {
      let seen = Atomics.load(t, 2 * i);
      if (seen === 0) {
        seen = Atomics.compareExchange(t, 2 * i, 0, tag | WRITING);
        if (seen === 0) return this.write(i, n, h);
      }
      if ((seen & ~LOW) !== tag) continue;
      while ((seen & LOW) === WRITING) {
        if (this.stopped()) return KNOWN;
        seen = Atomics.load(t, 2 * i);
      }
      const off = Atomics.load(t, 2 * i + 1);
      if (off >= 0 && this.equal(off, n)) { this.remember(off, h); return KNOWN; }
    }
    return NO_ROOM;
  }

  /** Stores the packed state in the bucket `i` this thread claimed. */
  private write(i: number, n: number, h: number): number {
    const t = this.table;
    const tag = h & ~LOW;
    const count = Atomics.add(this.header, COUNT, 1);
    if (count >= this.maxStates || count >= this.most) {
      // Not stored: the bucket is published with no data, so that no thread waits on it.
      Atomics.store(t, 2 * i + 1, -1);
      Atomics.store(t, 2 * i, tag | DONE);
      return count >= this.maxStates ? REFUSED : NO_ROOM;
    }
    const off = Atomics.add(this.header, USED, n + 1);
    if (off + n + 1 > this.arena.length) {
      Atomics.store(t, 2 * i + 1, -1);
      Atomics.store(t, 2 * i, tag | DONE);
      return NO_ROOM;
    }
    const a = this.arena;
    const w = this.scratchWords;
    a[off] = n;
    for (let j = 0; j < n; j++) a[off + 1 + j] = w[j]!;
    // Seq-cst stores: a thread that loads DONE sees the words written before them.
    Atomics.store(t, 2 * i + 1, off);
    Atomics.store(t, 2 * i, tag | DONE);
    this.remember(off, h);
    return NEW;
  }

  private remember(off: number, h: number): void {
    const r = (h & this.recentMask) * 2;
    this.recent[r] = off + 1;
    this.recent[r + 1] = h;
  }

  private equal(off: number, n: number): boolean {
    const a = this.arena;
    if (a[off] !== n) return false;
    const w = this.scratchWords;
    for (let j = 0; j < n; j++) if (a[off + 1 + j] !== w[j]) return false;
    return true;
  }
}
