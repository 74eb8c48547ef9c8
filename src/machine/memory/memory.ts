// The memory layer behind one interface, so store buffers (TSO) arrive as a new implementation
// plus a drain move, not as `if (tso)` scattered through step.ts. Pure.
import type { Exec } from '../exec.js';
import type { Layout } from '../layout.js';
import type { State } from '../state.js';

export interface MemoryModel {
  readonly name: 'sc' | 'tso';
  /** A load by the stepping CPU. The caller has already checked the location is not freed. */
  load(x: Exec, loc: number): number;
  /** A plain, WRITE_ONCE or release store by the stepping CPU. */
  store(x: Exec, loc: number, value: number): void;
  /** The write half of an atomic read-modify-write: globally visible at once. */
  storeAtomic(x: Exec, loc: number, value: number): void;
  /**
   * Release a lock by zeroing state word `word` (absolute index): spin_unlock and write_unlock are
   * plain stores on x86, so under TSO they queue in the store buffer behind earlier stores.
   * Absent: the word is zeroed at once.
   */
  release?(x: Exec, word: number): void;
  /**
   * A lock word (absolute index) as the stepping CPU reads it: its own buffered unlock already
   * applied, as a load forwards from the store buffer. Absent: the word as it is.
   */
  lockView?(x: Exec, word: number): number;
  /** Whether a full barrier, an atomic or an interrupt entry may execute now on `cpu`. */
  flushed(l: Layout, s: State, cpu: number): boolean;
  /** Whether `cpu`'s store buffer has no room for another store (a bound of the model). */
  full?(l: Layout, s: State, cpu: number): boolean;
  /** Whether `cpu` has a buffered store that may drain now (a move of its own). */
  canDrain?(l: Layout, s: State, cpu: number): boolean;
  /** Move the stepping CPU's oldest buffered store to memory. */
  drain?(x: Exec): void;
}
