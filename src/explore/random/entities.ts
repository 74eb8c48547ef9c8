// What a priority-based scheduler ranks: every context (a CPU's task, IRQ and NMI levels), every
// store-buffer drain, and every interrupt firing (handler x CPU) is one schedulable entity, so an
// IRQ or NMI arrives when its own priority says, not as a side effect of a CPU's. Pure.
import { contextIndex, layoutOf, usesSoftirq } from '../../machine/layout.js';
import type { Move } from '../../machine/moves.js';
import type { Program } from '../../machine/program.js';
import { innermost, type State } from '../../machine/state.js';
import { assertNever } from '../../common/assert-never.js';

/**
 * Entities: cpus*3 contexts (cpu*3 + level), then cpus drains, then handlers*cpus firings, then
 * (with softirqs) each CPU's softirq context, so that programs without one keep their numbering.
 */
export function entityCount(p: Program): number {
  return p.cpus * 4 + p.handlers.length * p.cpus + (usesSoftirq(p) ? p.cpus : 0);
}

/** The entity of the context running at `level` on `cpu`. */
function contextEntity(p: Program, cpu: number, level: number): number {
  return level === 3 ? p.cpus * 4 + p.handlers.length * p.cpus + cpu : cpu * 3 + level;
}

export function entityOf(p: Program, s: State, m: Move): number {
  switch (m.kind) {
    case 'run': return contextEntity(p, m.cpu, innermost(layoutOf(p), s, m.cpu));
    case 'drain': return p.cpus * 3 + m.cpu;
    // A switch is the scheduler of the CPU: ranked with the CPU's task context.
    case 'switch': return m.cpu * 3;
    case 'irq':
    case 'nmi':
    case 'softirq': return p.cpus * 4 + m.handler * p.cpus + m.cpu;
    default: return assertNever(m);
  }
}

/** The context a move runs in (layout.ts contextIndex), for counting switches. */
export function contextOfMove(p: Program, s: State, m: Move): number {
  switch (m.kind) {
    case 'run': return contextIndex(p.cpus, m.cpu, innermost(layoutOf(p), s, m.cpu));
    case 'drain': case 'switch': return m.cpu * 3;
    case 'irq': return m.cpu * 3 + 1;
    case 'nmi': return m.cpu * 3 + 2;
    case 'softirq': return contextIndex(p.cpus, m.cpu, 3);
    default: return assertNever(m);
  }
}
