// The mutable context of one step in progress, and the fault that ends a step with a violation.
// Faults are thrown only inside step() and caught there: they never cross the machine's API.
import type { Layout } from './layout.js';
import type { MemoryModel } from './memory/memory.js';
import type { Level, Program } from './program.js';
import type { State } from './state.js';
import type { Violation } from './violation.js';

/** Receives every access a step makes: for trace notes and for partial-order reduction. */
export interface StepObserver {
  read(loc: number, value: number, from: 'memory' | 'buffer'): void;
  write(loc: number, value: number): void;
  /** A store entered the stepping CPU's store buffer (TSO): it touches no shared memory yet. */
  buffer?(loc: number, value: number): void;
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
}

export class Fault {
  constructor(readonly violation: Violation) {}
}

export function where(x: Exec) {
  return { cpu: x.cpu, level: x.level, code: x.code, pc: x.pc };
}
