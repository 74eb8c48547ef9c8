// `raceway check <paths...>`: explore every (variant, strategy) of every scenario and compare the
// verdicts with the declared expectations. A thin shell: the work is in scenario/, explore/, report/.
import { LineIndex } from '../../common/span.js';
import { exhaustive } from '../../explore/exhaustive.js';
import type { Budget, Explorer, Outcome } from '../../explore/explorer.js';
import { randomThen } from '../../explore/random/both.js';
import { DEFAULT_RANDOM, randomExplorer } from '../../explore/random/random-explorer.js';
import type { SchedulerName } from '../../explore/random/scheduler.js';
import { shortest } from '../../explore/shortest.js';
import { encodeToken } from '../../explore/token.js';
import { judge, type Judgement } from '../../explore/judge.js';
import { renderDiagnostic } from '../../report/diagnostics.js';
import { resultJson } from '../../report/json.js';
import type { Paint } from '../../report/paint.js';
import { sentence } from '../../report/sentence.js';
import { renderTable } from '../../report/table.js';
import { traceRows } from '../../report/trace-rows.js';
import { loadScenario, type Case } from '../../scenario/load.js';
import { collectFiles } from '../files.js';
import type { Io } from '../io.js';
import { paintFor } from '../paint-chalk.js';
import { decodeSource, readSource, type Source } from '../read-source.js';

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
  /** Random mode (issue 4): 'both' runs a random budget, then the exhaustive search. */
  readonly mode?: 'random' | 'exhaustive' | 'both';
  readonly runs?: number;
  readonly seed?: number;
  readonly depth?: number;
  readonly scheduler?: SchedulerName;
  /** Breadth-first exhaustive search: shortest counterexamples. */
  readonly shortest?: boolean;
}

export interface Tally { met: number; unmet: number; inconclusive: number; badFiles: number }

export function exitCodeOf(t: Tally): number {
  if (t.badFiles > 0) return 2;
  if (t.unmet > 0) return 1;
  if (t.inconclusive > 0) return 3;
  return 0;
}

async function sourceOf(file: string, io: Io): Promise<Source> {
  if (file !== '-') return readSource(file);
  return decodeSource('<stdin>', new TextEncoder().encode(await io.readStdin()));
}

function verdictWord(o: Outcome): string {
  if (o.verdict === 'violation') return o.findings.map((f) => f.violation.kind).join(', ');
  if (o.verdict === 'inconclusive') return `inconclusive (${o.bound})`;
  return 'safe';
}

function mark(j: Judgement, paint: Paint): string {
  return j === 'met' ? paint.green('ok  ') : j === 'unmet' ? paint.red('FAIL') : paint.yellow('??  ');
}

export async function runCheck(paths: readonly string[], o: CheckOptions, io: Io): Promise<number> {
  const out = paintFor(io.stdoutIsTTY, io.env);
  const err = paintFor(io.stderrIsTTY, io.env);
  const tally: Tally = { met: 0, unmet: 0, inconclusive: 0, badFiles: 0 };
  const files = collectFiles(paths);
  const mode = o.mode ?? 'both';
  const seed = o.seed ?? 0;
  if (!o.json && mode !== 'exhaustive') io.stdout(`seed ${seed} (${mode} mode; reproduce with --seed ${seed})\n`);
  for (const file of files) {
    const src = await sourceOf(file, io);
    if (!src.ok) { io.stderr(err.red(src.message) + '\n'); tally.badFiles++; continue; }
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
    if (!o.json) io.stdout(out.bold(`${src.file}: ${loaded.value.ast.name}`) + '\n');
    const vw = Math.max(...cases.map((c) => c.variant.length));
    const sw = Math.max(...cases.map((c) => c.strategy.length));
    for (const c of cases) {
      const outcome = explore(c, o, io);
      const j = judge(outcome, c.expected);
      tally[j === 'met' ? 'met' : j === 'unmet' ? 'unmet' : 'inconclusive']++;
      const tokens = outcome.findings.map((f) => encodeToken(c.program, f.trace));
      if (o.json) {
        io.stdout(JSON.stringify({ ...resultJson({ file: src.file, program: c.program, outcome, expected: c.expected, judgement: j, lines, tokens }), ...(mode !== 'exhaustive' ? { seed } : {}) }) + '\n');
        continue;
      }
      const expected = c.expected === null ? 'no expectation' : `expected ${c.expected.length ? c.expected.join(', ') : 'safe'}`;
      const word = verdictWord(outcome);
      const coloured = outcome.verdict === 'safe' ? out.green(word) : outcome.verdict === 'violation' ? out.red(word) : out.yellow(word);
      const pad = ' '.repeat(Math.max(0, 16 - word.length));
      io.stdout(`  ${mark(j, out)} ${c.variant.padEnd(vw)}  ${c.strategy.padEnd(sw)}  ${coloured}${pad}  ${out.dim(`(${expected}; ${outcome.stats.mode === 'random' ? `${outcome.stats.runs} runs` : `${outcome.stats.states} states`}, ${Math.round(outcome.stats.ms)} ms)`)}\n`);
      if (o.summary) continue;
      outcome.findings.forEach((f, i) => {
        const { rows, steps } = traceRows(c.program, f, lines);
        io.stdout('\n' + renderTable(c.program, rows, out) + '\n');
        io.stdout(out.bold(sentence(c.program, f.violation, steps, lines)) + '\n');
        io.stdout(out.dim(`found by ${f.mode} search, ${f.trace.length} steps`) + '\n');
        io.stdout(`replay: ${replayCommand(src.file, c, o, tokens[i]!)}\n\n`);
      });
    }
  }
  if (!o.json) {
    const total = tally.met + tally.unmet + tally.inconclusive;
    io.stdout(`\n${total} result${total === 1 ? '' : 's'}: ${out.green(`${tally.met} met`)}, ${tally.unmet ? out.red(`${tally.unmet} not met`) : '0 not met'}, ${tally.inconclusive ? out.yellow(`${tally.inconclusive} inconclusive`) : '0 inconclusive'}${tally.badFiles ? `, ${out.red(`${tally.badFiles} bad file${tally.badFiles === 1 ? '' : 's'}`)}` : ''}\n`);
  }
  return exitCodeOf(tally);
}

/** The command line that replays a finding, ready to paste. */
function replayCommand(file: string, c: Case, o: CheckOptions, token: string): string {
  const extra = `${o.cpus ? ` --cpus ${o.cpus}` : ''}${o.memoryModel ? ` --memory-model ${o.memoryModel}` : ''}`;
  return `raceway replay ${file} --strategy ${c.strategy} --variant ${c.variant}${extra} --token ${token}`;
}

function explorerFor(o: CheckOptions): Explorer {
  const exact = o.shortest ? shortest : exhaustive;
  const random = { scheduler: o.scheduler ?? DEFAULT_RANDOM.scheduler, runs: o.runs ?? DEFAULT_RANDOM.runs, depth: o.depth ?? DEFAULT_RANDOM.depth };
  const mode = o.mode ?? 'both';
  return mode === 'exhaustive' ? exact : mode === 'random' ? randomExplorer(random) : randomThen(random, exact);
}

function explore(c: Case, o: CheckOptions, io: Io): Outcome {
  const start = io.now();
  const budget: Budget = {
    maxStates: o.maxStates,
    now: io.now,
    seed: o.seed ?? 0,
    first: o.first,
    cancelled: io.interrupted,
    ...(o.timeout !== undefined ? { deadlineMs: start + o.timeout * 1000 } : {}),
  };
  return explorerFor(o).explore(c.program, budget);
}
