// `raceway check <paths...>`: explore every (variant, strategy) of every scenario and compare the
// verdicts with the declared expectations. A thin shell: the work is in scenario/, explore/, report/.
import { LineIndex } from '../../common/span.js';
import type { SchedulerName } from '../../explore/random/scheduler.js';
import { renderDiagnostic } from '../../report/diagnostics.js';
import type { Format } from '../../report/render-finding.js';
import { loadScenario, type Case } from '../../scenario/load.js';
import { collectFiles, SCENARIO_EXTENSIONS } from '../files.js';
import type { Io } from '../io.js';
import { OutputSink } from '../output-sink.js';
import { paintFor } from '../paint-chalk.js';
import { sourceOf } from '../source-of.js';
import { bufferedIo, checkCase, formatOf, type CaseJob, type CaseResult } from './check-case.js';
import { checkLitmus, LITMUS_EXTENSION } from './check-litmus.js';
import { poolFor } from './check-pool.js';

export interface CheckOptions {
  readonly strategy: readonly string[];
  readonly variant: readonly string[];
  readonly json: boolean;
  readonly maxStates: number;
  readonly first: boolean;
  readonly summary: boolean;
  readonly timeout?: number;
  readonly cpus?: number;
  readonly memoryModel?: 'sc' | 'tso';
  /** How counterexamples print (docs/formats.md); 'json' is --json; 'herd' is herd7's layout for C litmus tests. */
  readonly format?: Format | 'herd';
  /** Write stdout's text to this file instead (atomically), e.g. an SVG. */
  readonly output?: string;
  /** Partial-order reduction (default on; --no-reduction). */
  readonly reduction?: boolean;
  readonly preemptionBound?: number;
  readonly maxMemoryMb?: number;
  /** Progress on stderr even in --json runs or without a terminal. */
  readonly progress?: boolean;
  /** Random mode (issue 4): 'both' runs a random budget, then the exhaustive search. */
  readonly mode?: 'random' | 'exhaustive' | 'both';
  readonly runs?: number;
  readonly seed?: number;
  readonly depth?: number;
  readonly scheduler?: SchedulerName;
  /** Breadth-first exhaustive search: shortest counterexamples. */
  readonly shortest?: boolean;
  /** Worker threads for a batch (1: everything on the main thread). */
  readonly jobs?: number;
}

/** `unsupported`: litmus tests using a construct raceway cannot run yet (not a failure). */
export interface Tally { met: number; unmet: number; inconclusive: number; badFiles: number; unsupported?: number }

export function exitCodeOf(t: Tally): number {
  if (t.badFiles > 0) return 2;
  if (t.unmet > 0) return 1;
  if (t.inconclusive > 0) return 3;
  return 0;
}



export async function runCheck(paths: readonly string[], opts: CheckOptions, ioIn: Io): Promise<number> {
  const sink = new OutputSink(ioIn, opts);
  const code = await runCheckTo(paths, { ...opts, json: opts.json || opts.format === 'json' }, sink.io);
  return sink.finish(code);
}

/** Text for stderr, kept in its place among the results. */
function errorItem(text: string): CaseResult {
  return { stdout: '', stderr: text, judgement: null };
}

async function runCheckTo(paths: readonly string[], o: CheckOptions, io: Io): Promise<number> {
  const format = formatOf(o);
  const out = paintFor(io.stdoutIsTTY, io.env);
  const err = paintFor(io.stderrIsTTY, io.env);
  const tally: Tally = { met: 0, unmet: 0, inconclusive: 0, badFiles: 0 };
  const files = collectFiles(paths, [...SCENARIO_EXTENSIONS, LITMUS_EXTENSION]);
  // What to print, in order: text, a C litmus test's output, or a case still to explore.
  const items: (string | CaseResult | { job: CaseJob; c: Case; lines: LineIndex })[] = [];
  const mode = o.mode ?? 'both';
  const seed = o.seed ?? 0;
  // Said once, before the first scenario a random search explores (not for C litmus tests).
  let seedSaid = o.json || format !== 'table' && format !== 'lkml' && format !== 'markdown' || o.format === 'herd' || mode === 'exhaustive';
  const saySeed = (): void => {
    if (!seedSaid) items.push(`seed ${seed} (${mode} mode; reproduce with --seed ${seed})\n`);
    seedSaid = true;
  };
  for (const file of files) {
    const src = await sourceOf(file, io);
    if (!src.ok) { items.push(errorItem(err.red(src.message) + '\n')); tally.badFiles++; continue; }
    if (src.file.endsWith(LITMUS_EXTENSION)) {
      const buffered = bufferedIo(io);
      checkLitmus(src.file, src.text, o, buffered.io, tally, out, err);
      items.push({ stdout: buffered.stdout(), stderr: buffered.stderr(), judgement: null });
      continue;
    }
    const lines = new LineIndex(src.text);
    const loaded = loadScenario(src.file, src.text, {
      strategies: o.strategy,
      ...(o.cpus ? { cpus: o.cpus } : {}),
      ...(o.memoryModel ? { memoryModel: o.memoryModel } : {}),
    });
    if (!loaded.ok) {
      items.push(errorItem(loaded.errors.map((d) => renderDiagnostic(d, lines, err, io.stderrIsTTY) + '\n').join('')));
      tally.badFiles++;
      continue;
    }
    const cases = loaded.value.cases.filter((c) => o.variant.length === 0 || o.variant.includes(c.variant));
    const unknown = [...o.strategy, ...o.variant].filter((n) => !loaded.value.cases.some((c) => c.strategy === n || c.variant === n));
    if (unknown.length > 0 && cases.length === 0) {
      items.push(errorItem(`${src.file}: error: no strategy or variant named ${unknown.map((u) => `'${u}'`).join(', ')} (expected one of ${[...new Set(loaded.value.cases.flatMap((c) => [c.variant, c.strategy]))].join(', ')})\n`));
      tally.badFiles++;
      continue;
    }
    saySeed();
    if (!o.json && format !== 'svg') items.push(out.bold(`${src.file}: ${loaded.value.ast.name}`) + '\n');
    const vw = Math.max(...cases.map((c) => c.variant.length));
    const sw = Math.max(...cases.map((c) => c.strategy.length));
    for (const c of cases) {
      const job: CaseJob = { file: src.file, text: src.text, variant: c.variant, strategy: c.strategy, widths: [vw, sw] };
      items.push({ job, c, lines });
    }
  }
  const cases = items.filter((i) => typeof i !== 'string' && 'job' in i).length;
  const pool = poolFor(cases, o, io);
  const started = items.map((i) => (pool && typeof i !== 'string' && 'job' in i ? pool.run(i.job) : null));
  // Results come out in the order of a serial run, whatever order the workers finish in; without
  // workers each case runs when its turn comes, so output streams as it did.
  for (let k = 0; k < items.length; k++) {
    const item = items[k]!;
    if (typeof item === 'string') { io.stdout(item); continue; }
    const pending = started[k];
    const r: CaseResult = 'job' in item ? (pending ? await pending : checkCase(item.job, item.c, item.lines, o, io, out)) : item;
    io.stderr(r.stderr);
    io.stdout(r.stdout);
    if (r.judgement !== null) tally[r.judgement === 'met' ? 'met' : r.judgement === 'unmet' ? 'unmet' : 'inconclusive']++;
  }
  await pool?.close();
  if (!o.json && format !== 'svg' && o.format !== 'herd') {
    const total = tally.met + tally.unmet + tally.inconclusive;
    io.stdout(`\n${total} result${total === 1 ? '' : 's'}: ${out.green(`${tally.met} met`)}, ${tally.unmet ? out.red(`${tally.unmet} not met`) : '0 not met'}, ${tally.inconclusive ? out.yellow(`${tally.inconclusive} inconclusive`) : '0 inconclusive'}${tally.badFiles ? `, ${out.red(`${tally.badFiles} bad file${tally.badFiles === 1 ? '' : 's'}`)}` : ''}${tally.unsupported ? `, ${out.yellow(`${tally.unsupported} unsupported`)}` : ''}\n`);
  }
  return exitCodeOf(tally);
}

