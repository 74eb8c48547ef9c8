// The mutable context of one step in progress, and the fault that ends a step with a violation.
// Faults are thrown only inside step() and caught there: they never cross the machine's API.
import type { Layout } from './layout.js';
import type { Level, Program } from './program.js';
import type { State } from './state.js';
import type { Violation } from './violation.js';

/** Receives every access a step makes: for trace notes and for partial-order reduction. */
export interface StepObserver {
  read(loc: number, value: number, from: 'memory' | 'buffer'): void;
  write(loc: number, value: number): void;
  /** A store entered the stepping CPU's store buffer (TSO): it touches no shared memory yet. */
  buffer?(loc: number, value: number): void;
  /**
   * The access just reported (read, write or buffer) at `loc` was a plain one (no READ_ONCE,
   * WRITE_ONCE, acquire, release or atomic): the data-race check's question (race.ts).
   */
  plain?(loc: number, write: boolean): void;
}

export interface Exec {
  readonly program: Program;
  readonly layout: Layout;
  readonly memoryModel: MemoryModel;
  /** The state being built (a copy of the input state; never the caller's array). */
  state: State;
  cpu: number;
  level: Level;
  code: number;
  pc: number;
  /** Dry runs evaluate a guard without writing memory (wait_until with an atomic in it). */
  dry: boolean;
  observer: StepObserver | undefined;
  /** Set by a schedule() that sleeps: the step parks the running task after its pc moves on (ops/sched.ts). */
  park?: boolean;
}

export class Fault {
  constructor(readonly violation: Violation) {}
}

export function where(x: Exec) {
  return { cpu: x.cpu, level: x.level, code: x.code, pc: x.pc };
}

/** The memory layer (memory/memory.ts names it; memory/sc.ts and memory/tso.ts implement it). */
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
