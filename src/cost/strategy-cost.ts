// The cost of one strategy: count its program's steps on the cost schedule, price the reader's
// and the writer's, and scale them to the scenario's workload (docs/costs.md). Pure.
import type { Program } from '../machine/program.js';
import type { ScenarioAst } from '../scenario/ast.js';
import { countSteps, type CpuCounts } from './count.js';
import { percpuArrays } from './percpu.js';
import { price, type Priced } from './price.js';
import type { CostProfile } from './profile.js';
import { rolesOf, type Roles } from './roles.js';

export interface Side {
  readonly cpu: number;
  readonly counts: CpuCounts;
  readonly priced: Priced;
}

export interface WorkloadTotals {
  readonly writerCalls: number;
  /** writerCalls x the writer's latency. */
  readonly writerNs: number;
  readonly ipis: number;
  /** writerCalls x the IPI time taken from other CPUs. */
  readonly ipiNs: number;
  /** Fraction of one CPU the reads take at reader_calls_per_second, or null when not declared. */
  readonly readerCpuShare: number | null;
}

export type StrategyCost =
  | { readonly ok: true; readonly strategy: string; readonly cpus: number; readonly reader: Side; readonly writer: Side; readonly totals: WorkloadTotals }
  | { readonly ok: false; readonly strategy: string; readonly cpus: number; readonly reason: string };

/**
 * `roles`: whose task is priced as the reader's and whose as the writer's, as the scenario declares
 * or the caller inferred from all its programs (cost/roles.ts); by default from this program alone.
 */
export function strategyCost(ast: ScenarioAst, p: Program, profile: CostProfile, roles: Roles = rolesOf(ast, [p])): StrategyCost {
  const base = { strategy: p.strategy, cpus: p.cpus };
  if (roles.source === 'unknown') return { ok: false, ...base, reason: roles.reason };
  const w = { readerCpu: roles.readerCpu, writerCpu: roles.writerCpu, writerCalls: ast.workload?.writerCalls ?? 1, readerCallsPerSecond: ast.workload?.readerCallsPerSecond ?? null };
  for (const [role, cpu] of [['reader', w.readerCpu], ['writer', w.writerCpu]] as const) {
    if (cpu >= p.cpus) return { ok: false, ...base, reason: `the workload's ${role} is CPU ${cpu}, but the machine has ${p.cpus} CPU${p.cpus === 1 ? '' : 's'}` };
  }
  const counted = countSteps(p, percpuArrays(ast, p));
  if (!counted.ok) return { ok: false, ...base, reason: counted.reason };
  const side = (cpu: number): Side => ({ cpu, counts: counted.cpus[cpu]!, priced: price(counted.cpus[cpu]!, profile) });
  const reader = side(w.readerCpu);
  const writer = side(w.writerCpu);
  return {
    ok: true, ...base, reader, writer,
    totals: {
      writerCalls: w.writerCalls,
      writerNs: w.writerCalls * writer.priced.totalNs,
      ipis: w.writerCalls * writer.priced.ipis,
      ipiNs: w.writerCalls * writer.priced.ipiNs,
      readerCpuShare: w.readerCallsPerSecond === null ? null : (w.readerCallsPerSecond * reader.priced.totalNs) / 1e9,
    },
  };
}
