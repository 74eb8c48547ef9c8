// `raceway check <paths...>`: explore every (variant, strategy) of every scenario and compare the
// verdicts with the declared expectations. A thin shell: the work is in scenario/, explore/, report/.
import { LineIndex } from '../../common/span.js';
import { exhaustiveExplorer } from '../../explore/exhaustive.js';
import type { Budget, Explorer, Outcome } from '../../explore/explorer.js';
import { randomThen } from '../../explore/random/both.js';
import { DEFAULT_RANDOM, randomExplorer } from '../../explore/random/random-explorer.js';
import type { SchedulerName } from '../../explore/random/scheduler.js';
import { shortest } from '../../explore/shortest.js';
import { encodeToken } from '../../explore/token.js';
import { judge, type Judgement } from '../../explore/judge.js';
import { renderDiagnostic } from '../../report/diagnostics.js';
import { finalVerdictWord, renderFinals } from '../../report/finals.js';
import { resultJson } from '../../report/json.js';
import type { Paint } from '../../report/paint.js';
import { renderFinding, type Format } from '../../report/render-finding.js';
import { loadScenario, type Case } from '../../scenario/load.js';
import { collectFiles, SCENARIO_EXTENSIONS } from '../files.js';
import { checkLitmus, LITMUS_EXTENSION } from './check-litmus.js';
import type { Io } from '../io.js';
import { paintFor } from '../paint-chalk.js';
import { OutputSink } from '../output-sink.js';
import { progressSink } from '../progress.js';
import { sourceOf } from '../source-of.js';

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
}

/** `unsupported`: litmus tests using a construct raceway cannot run yet (not a failure). */
export interface Tally { met: number; unmet: number; inconclusive: number; badFiles: number; unsupported?: number }

export function exitCodeOf(t: Tally): number {
  if (t.badFiles > 0) return 2;
  if (t.unmet > 0) return 1;
  if (t.inconclusive > 0) return 3;
  return 0;
}

function verdictWord(o: Outcome): string {
  if (o.verdict === 'violation') return o.findings.map((f) => f.violation.kind).join(', ');
  if (o.verdict === 'inconclusive') return `inconclusive (${o.bound})`;
  return 'safe';
}

function mark(j: Judgement, paint: Paint): string {
  return j === 'met' ? paint.green('ok  ') : j === 'unmet' ? paint.red('FAIL') : paint.yellow('??  ');
}

export async function runCheck(paths: readonly string[], opts: CheckOptions, ioIn: Io): Promise<number> {
  const sink = new OutputSink(ioIn, opts);
  const code = await runCheckTo(paths, { ...opts, json: opts.json || opts.format === 'json' }, sink.io);
  return sink.finish(code);
}

async function runCheckTo(paths: readonly string[], o: CheckOptions, io: Io): Promise<number> {
  // 'herd' is herd7's layout for C litmus tests; YAML scenarios print tables then.
  const format: Format = o.format === undefined || o.format === 'herd' ? 'table' : o.format;
  const out = paintFor(io.stdoutIsTTY, io.env);
  const err = paintFor(io.stderrIsTTY, io.env);
  const tally: Tally = { met: 0, unmet: 0, inconclusive: 0, badFiles: 0 };
  const files = collectFiles(paths, [...SCENARIO_EXTENSIONS, LITMUS_EXTENSION]);
  const mode = o.mode ?? 'both';
  const seed = o.seed ?? 0;
  // Said once, before the first scenario a random search explores (not for C litmus tests).
  let seedSaid = o.json || format !== 'table' && format !== 'lkml' && format !== 'markdown' || o.format === 'herd' || mode === 'exhaustive';
  const saySeed = (): void => {
    if (!seedSaid) io.stdout(`seed ${seed} (${mode} mode; reproduce with --seed ${seed})\n`);
    seedSaid = true;
  };
  for (const file of files) {
    const src = await sourceOf(file, io);
    if (!src.ok) { io.stderr(err.red(src.message) + '\n'); tally.badFiles++; continue; }
    if (src.file.endsWith(LITMUS_EXTENSION)) { checkLitmus(src.file, src.text, o, io, tally, out, err); continue; }
    const lines = new LineIndex(src.text);
    const loaded = loadScenario(src.file, src.text, {
      strategies: o.strategy,
      ...(o.cpus ? { cpus: o.cpus } : {}),
      ...(o.memoryModel ? { memoryModel: o.memoryModel } : {}),
    });
    if (!loaded.ok) {
      for (const d of loaded.errors) io.stderr(renderDiagnostic(d, lines, err, io.stderrIsTTY) + '\n');
      tally.badFiles++;
      continue;
    }
    const cases = loaded.value.cases.filter((c) => o.variant.length === 0 || o.variant.includes(c.variant));
    const unknown = [...o.strategy, ...o.variant].filter((n) => !loaded.value.cases.some((c) => c.strategy === n || c.variant === n));
    if (unknown.length > 0 && cases.length === 0) {
      io.stderr(`${src.file}: error: no strategy or variant named ${unknown.map((u) => `'${u}'`).join(', ')} (expected one of ${[...new Set(loaded.value.cases.flatMap((c) => [c.variant, c.strategy]))].join(', ')})\n`);
      tally.badFiles++;
      continue;
    }
    saySeed();
    if (!o.json && format !== 'svg') io.stdout(out.bold(`${src.file}: ${loaded.value.ast.name}`) + '\n');
    const vw = Math.max(...cases.map((c) => c.variant.length));
    const sw = Math.max(...cases.map((c) => c.strategy.length));
    for (const c of cases) {
      const outcome = explore(c, o, io);
      const j = judge(outcome, c.expected);
      tally[j === 'met' ? 'met' : j === 'unmet' ? 'unmet' : 'inconclusive']++;
      if (format === 'svg') {
        for (const f of outcome.findings) io.stdout(renderFinding('svg', c.program, f, lines, out));
        continue;
      }
      const tokens = outcome.findings.map((f) => encodeToken(c.program, f.trace));
      if (o.json) {
        io.stdout(JSON.stringify({ ...resultJson({ file: src.file, program: c.program, outcome, expected: c.expected, judgement: j, lines, tokens }), ...(mode !== 'exhaustive' ? { seed } : {}) }) + '\n');
        continue;
      }
      const expected = c.expected === null ? 'no expectation' : `expected ${c.expected.length ? c.expected.join(', ') : 'safe'}`;
      const word = c.program.final ? finalVerdictWord(outcome) : verdictWord(outcome);
      const coloured = outcome.verdict === 'safe' ? out.green(word) : outcome.verdict === 'violation' ? out.red(word) : out.yellow(word);
      const pad = ' '.repeat(Math.max(0, 16 - word.length));
      io.stdout(`  ${mark(j, out)} ${c.variant.padEnd(vw)}  ${c.strategy.padEnd(sw)}  ${coloured}${pad}  ${out.dim(`(${expected}; ${outcome.stats.mode === 'random' ? `${outcome.stats.runs} runs` : `${outcome.stats.states} states`}, ${Math.round(outcome.stats.ms)} ms)`)}\n`);
      if (o.summary) continue;
      if (c.program.final) io.stdout(renderFinals(c.program, outcome, lines, out));
      outcome.findings.forEach((f, i) => {
        io.stdout('\n' + renderFinding(format, c.program, f, lines, out) + '\n');
        io.stdout(out.dim(`found by ${f.mode} search, ${f.trace.length} steps`) + '\n');
        io.stdout(`replay: ${replayCommand(src.file, c, o, tokens[i]!)}\n\n`);
      });
    }
  }
  if (!o.json && format !== 'svg' && o.format !== 'herd') {
    const total = tally.met + tally.unmet + tally.inconclusive;
    io.stdout(`\n${total} result${total === 1 ? '' : 's'}: ${out.green(`${tally.met} met`)}, ${tally.unmet ? out.red(`${tally.unmet} not met`) : '0 not met'}, ${tally.inconclusive ? out.yellow(`${tally.inconclusive} inconclusive`) : '0 inconclusive'}${tally.badFiles ? `, ${out.red(`${tally.badFiles} bad file${tally.badFiles === 1 ? '' : 's'}`)}` : ''}${tally.unsupported ? `, ${out.yellow(`${tally.unsupported} unsupported`)}` : ''}\n`);
  }
  return exitCodeOf(tally);
}

/** The command line that replays a finding, ready to paste. */
function replayCommand(file: string, c: Case, o: CheckOptions, token: string): string {
  const extra = `${o.cpus ? ` --cpus ${o.cpus}` : ''}${o.memoryModel ? ` --memory-model ${o.memoryModel}` : ''}`;
  return `raceway replay ${file} --strategy ${c.strategy} --variant ${c.variant}${extra} --token ${token}`;
}

function explorerFor(o: CheckOptions): Explorer {
  const exact = o.shortest
    ? shortest
    : exhaustiveExplorer({ reduction: o.reduction !== false, ...(o.preemptionBound !== undefined ? { preemptionBound: o.preemptionBound } : {}) });
  const random = { scheduler: o.scheduler ?? DEFAULT_RANDOM.scheduler, runs: o.runs ?? DEFAULT_RANDOM.runs, depth: o.depth ?? DEFAULT_RANDOM.depth };
  const mode = o.mode ?? 'both';
  return mode === 'exhaustive' ? exact : mode === 'random' ? randomExplorer(random) : randomThen(random, exact);
}

function explore(c: Case, o: CheckOptions, io: Io): Outcome {
  const start = io.now();
  const sink = progressSink(c, o, io, start);
  const budget: Budget = {
    maxStates: o.maxStates,
    now: io.now,
    seed: o.seed ?? 0,
    first: o.first,
    cancelled: io.interrupted,
    ...(o.timeout !== undefined ? { deadlineMs: start + o.timeout * 1000 } : {}),
    ...(o.maxMemoryMb !== undefined ? { maxMemoryBytes: o.maxMemoryMb * 1024 * 1024 } : {}),
    ...sink.budget,
  };
  const outcome = explorerFor(o).explore(c.program, budget);
  sink.finish();
  if (outcome.bound === 'cancelled') {
    io.stderr(`raceway: interrupted: ${c.variant}/${c.strategy} covered ${outcome.stats.states} states, ${outcome.stats.transitions} transitions, depth ${outcome.stats.maxDepth}\n`);
  }
  return outcome;
}
