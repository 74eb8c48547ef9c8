// Which CPU's task is the reader and which the writer, for the cost model (docs/costs.md): as the
// scenario's `workload:` declares them, else inferred from what each task does. Assuming a fixed
// pair (CPU 0 reads, CPU 1 writes) priced a scenario written the other way round with its columns
// swapped and nothing said. Pure.
import { assertNever } from '../common/assert-never.js';
import { freeUpdates } from '../machine/ops/heap.js';
import { lockUpdates } from '../machine/ops/locks.js';
import { rcuUpdates } from '../machine/ops/rcu.js';
import type { Instr, Program } from '../machine/program.js';
import type { ScenarioAst } from '../scenario/ast.js';

export type Roles =
  | { readonly source: 'declared' | 'inferred'; readonly readerCpu: number; readonly writerCpu: number }
  | { readonly source: 'unknown'; readonly reason: string };

/**
 * An update retires memory or waits for readers: free(), a grace period, a writer's lock. A
 * read-side task does none of these (kernel terms: the updater of Documentation/RCU/whatisRCU.rst).
 */
function updates(i: Instr): boolean {
  switch (i.op) {
    case 'free': return freeUpdates();
    case 'rcu': case 'synchronize_rcu_start': case 'synchronize_rcu_wait': return rcuUpdates(i);
    case 'lock': return lockUpdates(i.kind);
    // call_rcu()/kfree_rcu() retire an object; rcu_barrier() waits for the callbacks (ops/rcu-callbacks.ts).
    case 'rcu_callback': return true;
    case 'assign': case 'store': case 'eval': case 'fence': case 'branch': case 'jump': case 'loop': case 'wait_until': case 'assert':
    case 'irq': case 'preempt': case 'srcu': case 'alloc': case 'nop': case 'sched':
      return false;
    default: return assertNever(i);
  }
}

/**
 * The declared workload's roles, or inferred from `programs` (every strategy and variant of the
 * scenario, so that all its rows are priced alike): the one CPU whose task updates in any of
 * them, and the first CPU with a task that never does.
 */
export function rolesOf(ast: ScenarioAst, programs: readonly Program[]): Roles {
  if (ast.workload) return { source: 'declared', readerCpu: ast.workload.readerCpu, writerCpu: ast.workload.writerCpu };
  const cpus = programs[0]?.cpus ?? ast.cpus;
  const hasTask = (cpu: number): boolean => programs.some((p) => (p.tasks[cpu] ?? -1) >= 0);
  const updater = (cpu: number): boolean => programs.some((p) => (p.tasks[cpu] ?? -1) >= 0 && p.codes[p.tasks[cpu]!]!.instrs.some(updates));
  const all = Array.from({ length: cpus }, (_, cpu) => cpu).filter(hasTask);
  const writers = all.filter(updater);
  const readers = all.filter((cpu) => !updater(cpu));
  const declare = 'declare them in a workload: block (reader: and writer:)';
  if (writers.length === 0) return { source: 'unknown', reason: `no CPU's task frees memory or waits for readers, so the writer is not known: ${declare}` };
  if (writers.length > 1) return { source: 'unknown', reason: `CPUs ${writers.join(' and ')} all free memory or wait for readers, so the writer is not known: ${declare}` };
  if (readers.length === 0) return { source: 'unknown', reason: `no CPU's task other than the writer's (CPU ${writers[0]}) runs, so the reader is not known: ${declare}` };
  return { source: 'inferred', readerCpu: readers[0]!, writerCpu: writers[0]! };
}

/** How the matrix footer says where the roles came from. */
export function rolesText(r: Roles): string {
  switch (r.source) {
    case 'declared': return `reader CPU ${r.readerCpu}, writer CPU ${r.writerCpu} (declared in workload:)`;
    case 'inferred': return `reader CPU ${r.readerCpu}, writer CPU ${r.writerCpu} (inferred: CPU ${r.writerCpu}'s task alone frees memory or waits for readers; a workload: block would declare them)`;
    case 'unknown': return `no reader and writer: ${r.reason}`;
    default: return assertNever(r);
  }
}
