// Every bit of nondeterminism in a run is a Move. enabledMoves lists them in canonical order:
// CPUs ascending; within a CPU first `run`, then IRQ handlers, then NMI handlers, then softirq
// handlers in declaration order, then a store-buffer drain, then context switches by task. Pure.
import { memoByObject } from '../common/memo.js';
import type { Program } from './program.js';

export type Move =
  | { readonly kind: 'run'; readonly cpu: number } // the CPU's innermost context takes one step
  | { readonly kind: 'irq'; readonly cpu: number; readonly handler: number }
  | { readonly kind: 'nmi'; readonly cpu: number; readonly handler: number }
  /** A softirq handler starts (ops/softirq.ts). */
  | { readonly kind: 'softirq'; readonly cpu: number; readonly handler: number }
  | { readonly kind: 'drain'; readonly cpu: number } // TSO: the oldest buffered store reaches memory
  | { readonly kind: 'switch'; readonly cpu: number; readonly task: number }; // the CPU now runs task `task` (ops/sched.ts)

/** Canonical, shared Move objects per program, so enabledMoves allocates no moves. */
export interface MoveTable {
  readonly run: readonly Move[];
  readonly drain: readonly Move[];
  /** fire[cpu][handler]: the firing move, or undefined when the handler is not on that CPU. */
  readonly fire: readonly (readonly (Move | undefined)[])[];
  /** firings[cpu]: the handlers that may fire on that CPU, in canonical order (IRQs, NMIs, softirqs). */
  readonly firings: readonly (readonly FireMove[])[];
  /** switches[cpu]: the switches to each task of that CPU (none without Program.sched). */
  readonly switches: readonly (readonly Move[])[];
}

export type FireMove = Extract<Move, { kind: 'irq' | 'nmi' | 'softirq' }>;

export const moveTable: (p: Program) => MoveTable = memoByObject((p: Program): MoveTable => {
  const cpus = [...Array(p.cpus).keys()];
  const fire = cpus.map((cpu) =>
    p.handlers.map((h, handler): FireMove | undefined => (h.cpus.includes(cpu) ? { kind: h.kind, cpu, handler } : undefined)),
  );
  const ofKind = (row: readonly (FireMove | undefined)[], kind: FireMove['kind']): FireMove[] =>
    row.filter((m): m is FireMove => m !== undefined && m.kind === kind);
  return {
    run: cpus.map((cpu) => ({ kind: 'run', cpu })),
    drain: cpus.map((cpu) => ({ kind: 'drain', cpu })),
    fire,
    firings: fire.map((row) => [...ofKind(row, 'irq'), ...ofKind(row, 'nmi'), ...ofKind(row, 'softirq')]),
    switches: cpus.map((cpu) => (p.sched?.tasks ?? []).flatMap((t, task): Move[] => (t.cpu === cpu ? [{ kind: 'switch', cpu, task }] : []))),
  };
});

export function sameMove(a: Move, b: Move): boolean {
  return a.kind === b.kind && a.cpu === b.cpu && ('handler' in a ? a.handler : -1) === ('handler' in b ? b.handler : -1) &&
    ('task' in a ? a.task : -1) === ('task' in b ? b.task : -1);
}
