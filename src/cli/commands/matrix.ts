// `raceway matrix <paths...>`: every strategy's verdict under every variant, then what it costs
// the reader and the writer (docs/costs.md); `--plot` draws writer latency against CPU count.
// A thin shell: verdicts come from explore/, costs from cost/, drawing from report/.
import { join } from 'node:path';
import { parseCostProfile, type CostProfile } from '../../cost/profile.js';
import { rolesOf, rolesText, type Roles } from '../../cost/roles.js';
import { strategyCost, type StrategyCost } from '../../cost/strategy-cost.js';
import type { Outcome } from '../../explore/explorer.js';
import type { Program } from '../../machine/program.js';
import { matrixJson, renderMatrixMarkdown, renderMatrixTable, unsafeIn, type MatrixCell, type MatrixRow, type MatrixView } from '../../report/matrix.js';
import { renderPlot, type PlotSeries } from '../../report/plot.js';
import type { ScenarioAst } from '../../scenario/ast.js';
import { lowerCases, type Case, type ValidScenario } from '../../scenario/load.js';
import { MAX_CPUS } from '../../scenario/max-cpus.js';
import { PLOT_MAX_CPUS } from './matrix-command.js';
import { collectPaths } from '../files.js';
import type { Io } from '../io.js';
import { paintFor } from '../paint-chalk.js';
import { sourceOf, SOURCE_EXTENSIONS } from '../source-of.js';
import { diagnosticsText } from '../print-diagnostics.js';
import { readSource } from '../read-source.js';
import { packageRoot } from '../package-root.js';
import type { SearchRequest } from '../search/request.js';
import { runnerFor } from '../search/runner-for.js';
import type { SearchRunner } from '../search/runner.js';
import { writeOutputOrFail } from '../write-output.js';
import { refuseOutputAmongInputs } from '../output-among-inputs.js';
import { exitCodeOf, type Tally } from './check-options.js';
import { frontEndOf } from '../front-ends/both-front-ends.js';
import type { FileCase, MatrixSource } from '../front-ends/front-end.js';
import { scenarioCase } from '../front-ends/scenario.js';

export interface MatrixOptions {
  readonly format: 'table' | 'markdown' | 'json';
  readonly costs?: string;
  readonly cpus?: number;
  readonly plot?: string;
  readonly maxStates: number;
  readonly strategy: readonly string[];
  /** Worker threads (default: one per core). */
  readonly jobs?: number;
}

/** The profile shipped in the package, in costs/ beside dist/ (from the modules and the bundle alike). */
export function defaultProfilePath(): string {
  return join(packageRoot, 'costs', 'default.yaml');
}

function readProfile(file: string, io: Io): CostProfile | null {
  const src = readSource(file);
  if (!src.ok) { io.stderr(`${src.message}\n`); return null; }
  const r = parseCostProfile(src.file, src.text);
  if (!r.ok) {
    io.stderr(diagnosticsText(r.errors, src.text, paintFor(io.stderrIsTTY, io.env), io.stderrIsTTY));
    return null;
  }
  return r.value;
}

/** A file of the matrix, as its front end reads it: verdicts, and costs when it declares a workload. */
type MatrixFile = MatrixSource;

/**
 * The verdict of a cell: explored on the runner, or not at all beyond the machine's CPUs. A C
 * litmus test gets the full search, as check gives it (its final states are counted as herd7 does).
 */
function cellSearch(p: Program, reduction: boolean, o: MatrixOptions, runner: SearchRunner): Promise<Outcome | null> | 'not-explored' {
  if (p.cpus > MAX_CPUS) return 'not-explored';
  const r: SearchRequest = { program: p, explorer: { mode: 'exhaustive', reduction }, budget: { maxStates: o.maxStates, seed: 0 } };
  return runner.run(r);
}

/** A cell judged as its front end judges it (fileCases). */
function toCell(c: FileCase, outcome: Outcome | null | 'not-explored', tally: Tally): MatrixCell {
  const expected = c.expectedWords;
  if (outcome === 'not-explored') return { variant: c.variant, verdict: 'not-explored', kinds: [], expected, judgement: null };
  if (outcome === null) { tally.notRun = (tally.notRun ?? 0) + 1; return { variant: c.variant, verdict: 'not-explored', kinds: [], expected, judgement: null }; }
  const j = c.judge(outcome);
  tally[j === 'met' ? 'met' : j === 'unmet' ? 'unmet' : 'inconclusive']++;
  return { variant: c.variant, verdict: outcome.verdict, kinds: outcome.findings.map((f) => f.violation.kind), expected, judgement: j, observation: c.observation(outcome) };
}

/** The matrix of a source with no workload (a C litmus test): verdicts, and no cost (it has no reader and writer). */
function verdictsView(f: MatrixFile, none: string, outcomes: readonly (Outcome | null | 'not-explored')[], profile: CostProfile, tally: Tally): MatrixView {
  const roles: Roles = { source: 'unknown', reason: none };
  const strategies = [...new Set(f.cases.map((c) => c.strategy))];
  return {
    file: f.file, scenario: f.name, cpus: f.cases[0]?.program.cpus ?? 0, profile: profile.name, writerCalls: 1, workload: '',
    roles: { source: roles.source, readerCpu: null, writerCpu: null, text: rolesText(roles) },
    variants: [...new Set(f.cases.map((c) => c.variant))],
    rows: strategies.map((strategy) => ({
      strategy,
      cells: f.cases.flatMap((c, i) => (c.strategy === strategy ? [toCell(c, outcomes[i]!, tally)] : [])),
      cost: { error: roles.reason },
    })),
  };
}

function costOf(s: StrategyCost): MatrixRow['cost'] {
  if (!s.ok) return { error: s.reason };
  return {
    readerNs: s.reader.priced.totalNs, writerNs: s.writer.priced.totalNs, ipis: s.writer.priced.ipis, ipiNs: s.writer.priced.ipiNs,
    totalWriterNs: s.totals.writerNs, totalIpis: s.totals.ipis, readerCpuShare: s.totals.readerCpuShare,
  };
}

export function buildView(file: string, ast: ScenarioAst, cases: readonly Case[], outcomes: readonly (Outcome | null | 'not-explored')[], profile: CostProfile, tally: Tally): MatrixView {
  const variants = [...new Set(cases.map((c) => c.variant))];
  const strategies = [...new Set(cases.map((c) => c.strategy))];
  const roles = rolesOf(ast, cases.map((c) => c.program));
  const rows = strategies.map((strategy): MatrixRow => {
    const mine = cases.flatMap((c, i) => (c.strategy === strategy ? [{ c, outcome: outcomes[i]! }] : []));
    // Costs come from the first variant: the cost schedule fires no interrupt (docs/costs.md).
    return { strategy, cells: mine.map(({ c, outcome }) => toCell(scenarioCase(c), outcome, tally)), cost: costOf(strategyCost(ast, mine[0]!.c.program, profile, roles)) };
  });
  const cpus = cases[0]?.program.cpus ?? ast.cpus;
  const known = roles.source !== 'unknown';
  return {
    file, scenario: ast.name, cpus, profile: profile.name, writerCalls: ast.workload?.writerCalls ?? 1, workload: ast.workload?.description ?? '',
    roles: { source: roles.source, readerCpu: known ? roles.readerCpu : null, writerCpu: known ? roles.writerCpu : null, text: rolesText(roles) },
    variants, rows,
  };
}

/** Writer latency per call at 1, 2, 4 ... PLOT_MAX_CPUS CPUs, for the strategies given. */
export function latencySeries(valid: ValidScenario, text: string, strategies: readonly string[], profile: CostProfile, roles: Roles): PlotSeries[] {
  const points = new Map<string, { cpus: number; ns: number }[]>(strategies.map((s) => [s, []]));
  for (let cpus = 1; cpus <= PLOT_MAX_CPUS; cpus *= 2) {
    const lowered = lowerCases(valid, text, { strategies, cpus });
    if (!lowered.ok) continue; // fewer CPUs than the scenario's programs need
    for (const s of strategies) {
      const c = lowered.value.find((x) => x.strategy === s);
      if (!c) continue;
      const cost = strategyCost(valid.ast, c.program, profile, roles);
      if (cost.ok) points.get(s)!.push({ cpus, ns: cost.writer.priced.totalNs });
    }
  }
  return strategies.map((name) => ({ name, points: points.get(name)! }));
}

/** Why --plot cannot draw what it was given, or null: one scenario, whose writer is known. */
function plotRefusal(plot: string, files: readonly MatrixFile[]): string | null {
  if (files.length > 1) return `--plot ${plot}: the plot draws one scenario, and ${files.length} were given (${files[0]!.file} and ${files.length - 1} more): run matrix --plot on one file`;
  const f = files[0];
  if (f === undefined) return null;
  const w = f.workload;
  if ('none' in w) return `--plot ${plot}: ${f.file}: nothing to plot: ${w.plot}`;
  const roles = rolesOf(w.valid.ast, w.cases.map((c) => c.program));
  return roles.source === 'unknown' ? `--plot ${plot}: ${f.file}: nothing to plot: ${roles.reason}` : null;
}

export async function runMatrix(paths: readonly string[], o: MatrixOptions, io: Io): Promise<number> {
  const profile = readProfile(o.costs ?? defaultProfilePath(), io);
  if (!profile) return 2;
  const out = paintFor(io.stdoutIsTTY, io.env);
  const err = paintFor(io.stderrIsTTY, io.env);
  const tally: Tally = { met: 0, unmet: 0, inconclusive: 0, badFiles: 0 };
  // Load every file first, so every cell's search can be queued at once.
  const files: MatrixFile[] = [];
  const entries = collectPaths(paths, SOURCE_EXTENSIONS);
  if (o.plot !== undefined) refuseOutputAmongInputs('--plot', o.plot, [...entries, { file: o.costs ?? defaultProfilePath() }]);
  for (const entry of entries) {
    const src = await sourceOf(entry, io);
    if (!src.ok) { io.stderr(err.red(src.message) + '\n'); tally.badFiles++; continue; }
    const m = frontEndOf(src).matrix(src, { strategies: o.strategy, ...(o.cpus ? { cpus: o.cpus } : {}) }, err, io.stderrIsTTY);
    if ('stderr' in m) { io.stderr(m.stderr); tally.badFiles++; continue; }
    files.push(m);
  }
  const refusal = o.plot === undefined ? null : plotRefusal(o.plot, files);
  if (refusal !== null) { io.stderr(err.red(`raceway: ${refusal}`) + '\n'); return 2; }
  const runner = runnerFor(io, o.jobs);
  // A source with no workload (a C litmus test) gets the full search, as check gives it.
  const searches = files.map((f) => f.cases.map((c) => cellSearch(c.program, !('none' in f.workload), o, runner)));
  const views: MatrixView[] = [];
  try {
    for (const [k, f] of files.entries()) {
      const outcomes = await Promise.all(searches[k]!);
      const w = f.workload;
      const view = 'none' in w ? verdictsView(f, w.none, outcomes, profile, tally) : buildView(f.file, w.valid.ast, w.cases, outcomes, profile, tally);
      views.push(view);
      if (o.format === 'table') io.stdout(renderMatrixTable(view, out) + '\n');
      if (o.format === 'markdown') io.stdout(`### ${view.file}: ${view.scenario}\n\n${renderMatrixMarkdown(view)}\n`);
      // plotRefusal has refused a C litmus test: it has no writer.
      if (o.plot !== undefined && !('none' in w)) {
        // Plot the strategies a user would choose from: safe in every variant explored; when
        // none is, every strategy, each marked as failing.
        const safe = view.rows.filter((r) => unsafeIn(r).length === 0 && r.cells.every((c) => c.verdict === 'safe' || c.verdict === 'not-explored')).map((r) => r.strategy);
        const strategies = safe.length > 0 ? safe : view.rows.map((r) => r.strategy);
        const failing = new Set(view.rows.filter((r) => unsafeIn(r).length > 0).map((r) => r.strategy));
        const series = latencySeries(w.valid, w.text, strategies, profile, rolesOf(w.valid.ast, w.cases.map((c) => c.program)))
          .map((x) => (failing.has(x.name) ? { ...x, name: `${x.name} (not safe)` } : x));
        const marks = (w.valid.ast.workload?.measured ?? []).filter((m) => strategies.includes(m.strategy.name))
          .map((m) => ({ series: failing.has(m.strategy.name) ? `${m.strategy.name} (not safe)` : m.strategy.name, cpus: m.cpus, ns: m.writerNs, label: m.label }));
        await writeOutputOrFail(o.plot, renderPlot({ title: `${view.scenario}: writer latency per call against CPUs (cost profile ${profile.name})`, series, marks, maxCpus: PLOT_MAX_CPUS,
          note: 'Lines: counted steps priced by the profile (docs/costs.md). Marks: a whole measured command divided by its calls, other work included.' }), io.interrupted);
      }
    }
  } finally {
    await runner.close();
  }
  if (tally.notRun) io.stderr(`raceway: interrupted: ${tally.notRun} cell${tally.notRun === 1 ? '' : 's'} not explored\n`);
  if (o.format === 'json') io.stdout(JSON.stringify({ matrices: views.map(matrixJson) }) + '\n');
  return exitCodeOf(tally);
}
