// `raceway ablate <file>`: for each (variant, strategy), remove one synchronization operation at
// a time, re-check, and print which ones the expectation rests on. A thin shell over
// explore/ablate.ts; ablations run on worker threads when the original check is slow enough
// for that to pay (a worker costs tens of milliseconds to start and re-lower the scenario).
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LineIndex } from '../../common/span.js';
import { ablationSites, assessAblation, checkAblation, type AblationResult } from '../../explore/ablate.js';
import { exhaustive } from '../../explore/exhaustive.js';
import type { Budget, Outcome } from '../../explore/explorer.js';
import { judge } from '../../explore/judge.js';
import { ablationJson, renderAblations } from '../../report/ablate-table.js';
import { renderDiagnostic } from '../../report/diagnostics.js';
import { loadScenario, type Case } from '../../scenario/load.js';
import type { Io } from '../io.js';
import { paintFor } from '../paint-chalk.js';
import { readSource } from '../read-source.js';
import type { WorkerJob } from './ablate-worker.js';

export interface AblateOptions {
  readonly strategy: readonly string[];
  readonly variant: readonly string[];
  readonly json: boolean;
  readonly maxStates: number;
  /** Worker threads; 1 runs everything on the main thread. */
  readonly jobs: number;
  /** Set when --jobs was given: use the workers even for quick checks. */
  readonly forceJobs: boolean;
  readonly memoryModel?: 'sc' | 'tso';
  readonly cpus?: number;
}

/**
 * Below this much estimated sequential work (the original check's time times the number of
 * ablations), workers do not pay: each costs about half a second to start and load the scenario
 * (measured on key-race.yaml: 4.6 s sequential, 32.6 s with --jobs 2, 2 cores).
 */
const PARALLEL_FROM_MS = 2000;

export async function runAblate(file: string, o: AblateOptions, io: Io): Promise<number> {
  const out = paintFor(io.stdoutIsTTY, io.env);
  const err = paintFor(io.stderrIsTTY, io.env);
  const src = readSource(file);
  if (!src.ok) { io.stderr(err.red(src.message) + '\n'); return 2; }
  const lines = new LineIndex(src.text);
  const loaded = loadScenario(src.file, src.text, {
    strategies: o.strategy,
    ...(o.cpus ? { cpus: o.cpus } : {}),
    ...(o.memoryModel ? { memoryModel: o.memoryModel } : {}),
  });
  if (!loaded.ok) {
    for (const d of loaded.errors) io.stderr(renderDiagnostic(d, lines, err, io.stderrIsTTY) + '\n');
    return 2;
  }
  const cases = loaded.value.cases.filter((c) => o.variant.length === 0 || o.variant.includes(c.variant));
  if (cases.length === 0) {
    const names = [...new Set(loaded.value.cases.flatMap((c) => [c.variant, c.strategy]))];
    io.stderr(`${src.file}: error: no strategy or variant named ${[...o.strategy, ...o.variant].map((u) => `'${u}'`).join(', ')} (expected one of ${names.join(', ')})\n`);
    return 2;
  }
  const budget = (): Budget => ({ maxStates: o.maxStates, now: io.now, seed: 0, cancelled: io.interrupted });
  let inconclusive = false;
  for (const c of cases) {
    const original = exhaustive.explore(c.program, budget());
    const results = await ablations(c, original, src.text, o, budget);
    if (results.some((r) => r.judgement === 'inconclusive') || original.verdict === 'inconclusive') inconclusive = true;
    if (o.json) {
      for (const r of results) {
        io.stdout(JSON.stringify({ file: src.file, scenario: c.program.scenario, variant: c.variant, strategy: c.strategy, memory_model: c.program.memoryModel, ...ablationJson(r, lines) }) + '\n');
      }
      continue;
    }
    const expected = c.expected === null ? 'no expectation' : `expected ${c.expected.length ? c.expected.join(', ') : 'safe'}`;
    const j = judge(original, c.expected);
    const needed = results.filter((r) => r.breaks).length;
    io.stdout(out.bold(`${src.file}: ${c.program.scenario}, variant ${c.variant}, strategy ${c.strategy} (${c.program.memoryModel})`) + '\n');
    io.stdout(`  as written: ${original.verdict === 'violation' ? original.findings.map((f) => f.violation.kind).join(', ') : original.verdict} (${expected}${j === 'met' ? '' : `: ${j}`}); ${results.length} operation${results.length === 1 ? '' : 's'}, ${needed} load-bearing\n`);
    if (results.length > 0) io.stdout(renderAblations(results, lines, out) + '\n');
    io.stdout('\n');
  }
  return inconclusive ? 3 : 0;
}

async function ablations(c: Case, original: Outcome, text: string, o: AblateOptions, budget: () => Budget): Promise<AblationResult[]> {
  const sites = ablationSites(c.program);
  const workers = Math.min(o.jobs, sites.length);
  if (workers <= 1 || (!o.forceJobs && original.stats.ms * sites.length < PARALLEL_FROM_MS)) {
    return sites.map((s) => checkAblation(c.program, s, c.expected, original, exhaustive, budget()));
  }
  const outcomes = new Array<Outcome | undefined>(sites.length);
  const script = fileURLToPath(new URL('./ablate-worker.js', import.meta.url));
  await Promise.all(Array.from({ length: workers }, (_, w) => new Promise<void>((resolve, reject) => {
    const job: WorkerJob = {
      file: c.program.file, text, variant: c.variant, strategy: c.strategy, maxStates: o.maxStates,
      sites: sites.map((_, i) => i).filter((i) => i % workers === w),
      ...(o.memoryModel ? { memoryModel: o.memoryModel } : {}),
      ...(o.cpus ? { cpus: o.cpus } : {}),
    };
    const worker = new Worker(script, { workerData: job });
    worker.on('message', (m: { index: number; outcome: Outcome }) => { outcomes[m.index] = m.outcome; });
    worker.on('error', reject);
    worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ablation worker exited with ${code}`))));
  })));
  return sites.map((s, i) => assessAblation(c.program, s, c.expected, original, outcomes[i]!));
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}
