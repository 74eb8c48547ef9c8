// The strategy matrix: a row per strategy, a verdict column per variant, then cost columns; as a
// terminal table, Markdown or JSON. The CLI fills a MatrixView from the explorer and the cost
// model; this file only draws it. Pure: colour comes in as a Paint.
import Table from 'cli-table3';
import { assertNever } from '../common/assert-never.js';
import type { Judgement, Observation } from '../explore/judge.js';
import { formatNs, sig3 } from './duration.js';
import { mdEscape } from './markdown.js';
import type { Paint } from './paint.js';

export interface MatrixCell {
  readonly variant: string;
  /** 'not-explored' when the machine is too large to explore (the cost still shows). */
  readonly verdict: 'safe' | 'violation' | 'inconclusive' | 'not-explored';
  readonly kinds: readonly string[];
  readonly expected: string | null;
  readonly judgement: Judgement | null;
  /** With a final condition: what the final states say of it, shown in place of `safe`. */
  readonly observation?: Observation | null;
}

export interface MatrixCost {
  readonly readerNs: number;
  readonly writerNs: number;
  readonly ipis: number;
  /** IPI time taken from the CPUs that receive them, per writer call. */
  readonly ipiNs: number;
  readonly totalWriterNs: number;
  readonly totalIpis: number;
  readonly readerCpuShare: number | null;
}

export interface MatrixRow {
  readonly strategy: string;
  readonly cells: readonly MatrixCell[];
  readonly cost: MatrixCost | { readonly error: string };
}

/** Whose task the costs price as the reader's and the writer's, and where that came from. */
export interface MatrixRoles {
  readonly source: 'declared' | 'inferred' | 'unknown';
  readonly readerCpu: number | null;
  readonly writerCpu: number | null;
  /** The footer's sentence: the roles and why, or why there are none. */
  readonly text: string;
}

export interface MatrixView {
  readonly file: string;
  readonly scenario: string;
  readonly cpus: number;
  readonly profile: string;
  readonly writerCalls: number;
  readonly workload: string;
  readonly roles: MatrixRoles;
  readonly variants: readonly string[];
  readonly rows: readonly MatrixRow[];
}

export function cellWord(c: MatrixCell): string {
  switch (c.verdict) {
    case 'safe': return c.observation ?? 'safe';
    case 'violation': return c.kinds.join(', ');
    case 'inconclusive': return 'inconclusive';
    case 'not-explored': return '-';
    default: return assertNever(c.verdict);
  }
}

function paintCell(c: MatrixCell, paint: Paint): string {
  const w = cellWord(c) + (c.judgement === 'unmet' ? ' (!)' : '');
  return c.verdict === 'safe' ? paint.green(w) : c.verdict === 'violation' ? paint.red(w) : paint.yellow(w);
}

export function costHeads(v: MatrixView): string[] {
  return ['reader/call', 'writer/call', 'IPIs/call', `writer x${v.writerCalls}`, `IPIs x${v.writerCalls}`];
}

/** Variants where the strategy was found to fail: its costs are those of a broken strategy. */
export function unsafeIn(row: MatrixRow): string[] {
  return row.cells.filter((c) => c.verdict === 'violation').map((c) => c.variant);
}

/** The mark after each cost of a strategy that fails somewhere (explained in the footer). */
export const UNSAFE_MARK = ' *';

export function costCells(row: MatrixRow): string[] {
  const c = row.cost;
  if ('error' in c) return ['?', '?', '?', '?', '?'];
  const m = unsafeIn(row).length > 0 ? UNSAFE_MARK : '';
  return [formatNs(c.readerNs), formatNs(c.writerNs), sig3(c.ipis), formatNs(c.totalWriterNs), sig3(c.totalIpis)].map((x) => x + m);
}

function footer(v: MatrixView): string[] {
  const notes = [`${v.cpus} CPUs; cost profile ${v.profile}${v.workload ? `; workload: ${v.workload}` : ''}`, `costs: ${v.roles.text}`];
  if (v.rows.some((r) => unsafeIn(r).length > 0 && !('error' in r.cost))) notes.push(`${UNSAFE_MARK.trim()} not safe in every variant: the cost of a strategy that fails, not of a working one`);
  if (v.rows.some((r) => r.cells.some((c) => c.judgement === 'unmet'))) notes.push('(!) differs from the expectation the scenario declares');
  if (v.rows.some((r) => r.cells.some((c) => c.verdict === 'not-explored'))) notes.push('- not explored: the machine is larger than exploration supports; the costs still come from counted steps');
  // Without roles every row has the same reason, already said on the costs line.
  if (v.roles.source !== 'unknown') for (const r of v.rows) if ('error' in r.cost) notes.push(`${r.strategy}: no cost: ${r.cost.error}`);
  return notes;
}

export function renderMatrixTable(v: MatrixView, paint: Paint): string {
  const head = ['strategy', ...v.variants, ...costHeads(v)];
  const table = new Table({
    head: head.map((h) => paint.bold(h)),
    style: { head: [], border: [], compact: true },
    colAligns: ['left', ...v.variants.map(() => 'left' as const), 'right', 'right', 'right', 'right', 'right'],
  });
  for (const r of v.rows) table.push([r.strategy, ...r.cells.map((c) => paintCell(c, paint)), ...costCells(r)]);
  return `${paint.bold(`${v.file}: ${v.scenario}`)}\n${table.toString()}\n${footer(v).map((l) => paint.dim(l)).join('\n')}\n`;
}

export function renderMatrixMarkdown(v: MatrixView): string {
  const head = ['strategy', ...v.variants, ...costHeads(v)];
  const lines = [
    `| ${head.map(mdEscape).join(' | ')} |`,
    `|${head.map((_, i) => (i > v.variants.length ? '---:' : '---')).join('|')}|`,
    ...v.rows.map((r) => `| ${[r.strategy, ...r.cells.map((c) => cellWord(c) + (c.judgement === 'unmet' ? ' (!)' : '')), ...costCells(r)].map(mdEscape).join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n\n${footer(v).map(mdEscape).join('  \n')}\n`;
}

/** Keys in one fixed order (STYLE.md, determinism). */
export function matrixJson(v: MatrixView): Record<string, unknown> {
  return {
    file: v.file,
    scenario: v.scenario,
    cpus: v.cpus,
    profile: v.profile,
    workload: v.workload,
    roles: { source: v.roles.source, reader_cpu: v.roles.readerCpu, writer_cpu: v.roles.writerCpu, text: v.roles.text },
    writer_calls: v.writerCalls,
    variants: [...v.variants],
    strategies: v.rows.map((r) => ({
      strategy: r.strategy,
      cells: r.cells.map((c) => ({ variant: c.variant, verdict: c.verdict, kinds: [...c.kinds], expected: c.expected, met: c.judgement === null ? null : c.judgement === 'met' })),
      unsafe_in: unsafeIn(r),
      cost: 'error' in r.cost ? { error: r.cost.error } : {
        reader_ns: r.cost.readerNs,
        writer_ns: r.cost.writerNs,
        ipis: r.cost.ipis,
        ipi_ns: r.cost.ipiNs,
        total_writer_ns: r.cost.totalWriterNs,
        total_ipis: r.cost.totalIpis,
        reader_cpu_share: r.cost.readerCpuShare,
      },
    })),
  };
}
