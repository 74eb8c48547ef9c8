// Every bit of nondeterminism in a run is a Move. enabledMoves lists them in canonical order:
// CPUs ascending; within a CPU first `run`, then IRQ handlers, then NMI handlers in declaration
// order, then a store-buffer drain. Pure.
import { memoByObject } from '../common/memo.js';
import type { Program } from './program.js';

export type Move =
  | { readonly kind: 'run'; readonly cpu: number } // the CPU's innermost context takes one step
  | { readonly kind: 'irq'; readonly cpu: number; readonly handler: number }
  | { readonly kind: 'nmi'; readonly cpu: number; readonly handler: number }
  | { readonly kind: 'drain'; readonly cpu: number }; // TSO: the oldest buffered store reaches memory

/** Canonical, shared Move objects per program, so enabledMoves allocates no moves. */
export interface MoveTable {
  readonly run: readonly Move[];
  readonly drain: readonly Move[];
  /** fire[cpu][handler]: the firing move, or undefined when the handler is not on that CPU. */
  readonly fire: readonly (readonly (Move | undefined)[])[];
}

export const moveTable: (p: Program) => MoveTable = memoByObject((p: Program): MoveTable => {
  const cpus = [...Array(p.cpus).keys()];
  return {
    run: cpus.map((cpu) => ({ kind: 'run', cpu })),
    drain: cpus.map((cpu) => ({ kind: 'drain', cpu })),
    fire: cpus.map((cpu) =>
      p.handlers.map((h, handler) => (h.cpus.includes(cpu) ? { kind: h.kind, cpu, handler } : undefined)),
    ),
  };
});

export function sameMove(a: Move, b: Move): boolean {
  return a.kind === b.kind && a.cpu === b.cpu && ('handler' in a ? a.handler : -1) === ('handler' in b ? b.handler : -1);
}
