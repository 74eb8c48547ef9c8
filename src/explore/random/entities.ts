// What a priority-based scheduler ranks: every context (a CPU's task, IRQ and NMI levels), every
// store-buffer drain, and every interrupt firing (handler x CPU) is one schedulable entity, so an
// IRQ or NMI arrives when its own priority says, not as a side effect of a CPU's. Pure.
import { layoutOf } from '../../machine/layout.js';
import type { Move } from '../../machine/moves.js';
import type { Program } from '../../machine/program.js';
import { innermost, type State } from '../../machine/state.js';
import { assertNever } from '../../common/assert-never.js';

/** Entities: cpus*3 contexts (cpu*3 + level), then cpus drains, then handlers*cpus firings. */
export function entityCount(p: Program): number {
  return p.cpus * 4 + p.handlers.length * p.cpus;
}

export function entityOf(p: Program, s: State, m: Move): number {
  switch (m.kind) {
    case 'run': return m.cpu * 3 + innermost(layoutOf(p), s, m.cpu);
    case 'drain': return p.cpus * 3 + m.cpu;
    // A switch is the scheduler of the CPU: ranked with the CPU's task context.
    case 'switch': return m.cpu * 3;
    case 'irq':
    case 'nmi': return p.cpus * 4 + m.handler * p.cpus + m.cpu;
    default: return assertNever(m);
  }
}

/** The context a move runs in (cpu*3 + level), for counting switches. */
export function contextOfMove(p: Program, s: State, m: Move): number {
  switch (m.kind) {
    case 'run': return m.cpu * 3 + innermost(layoutOf(p), s, m.cpu);
    case 'drain': case 'switch': return m.cpu * 3;
    case 'irq': return m.cpu * 3 + 1;
    case 'nmi': return m.cpu * 3 + 2;
    default: return assertNever(m);
  }
}
