// One (file, variant, strategy) of `raceway check`: explore it and render its verdict line and
// counterexamples as text. Returns the text instead of writing it, so a batch can run cases on
// worker threads and still print them in the order of a serial run.
import type { LineIndex } from '../../common/span.js';
import { exhaustiveExplorer } from '../../explore/exhaustive.js';
import type { Budget, Explorer, Outcome } from '../../explore/explorer.js';
import { judge, type Judgement } from '../../explore/judge.js';
import { randomThen } from '../../explore/random/both.js';
import { DEFAULT_RANDOM, randomExplorer } from '../../explore/random/random-explorer.js';
import { shortest } from '../../explore/shortest.js';
import { encodeToken } from '../../explore/token.js';
import { finalVerdictWord, renderFinals } from '../../report/finals.js';
import { resultJson } from '../../report/json.js';
import type { Paint } from '../../report/paint.js';
import { renderFinding, type Format } from '../../report/render-finding.js';
import type { Case } from '../../scenario/load.js';
import type { Io } from '../io.js';
import { progressSink } from '../progress.js';
import type { CheckOptions } from './check.js';

/** What a worker needs to find the case again: the scenario's text, not its lowered program. */
export interface CaseJob {
  readonly file: string;
  readonly text: string;
  readonly variant: string;
  readonly strategy: string;
  /** Column widths of the variant and strategy names in this file's verdict lines. */
  readonly widths: readonly [number, number];
}

/** `judgement` is null for output that carries no result of its own (a C litmus file's, tallied apart). */
export interface CaseResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly judgement: Judgement | null;
}

/** An Io whose stdout and stderr are kept, for text that must come out later and in order. */
export function bufferedIo(io: Io): { io: Io; stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { ...io, stdout: (s) => { out.push(s); }, stderr: (s) => { err.push(s); } },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

function verdictWord(o: Outcome): string {
  if (o.verdict === 'violation') return o.findings.map((f) => f.violation.kind).join(', ');
  if (o.verdict === 'inconclusive') return `inconclusive (${o.bound})`;
  return 'safe';
}

function mark(j: Judgement, paint: Paint): string {
  return j === 'met' ? paint.green('ok  ') : j === 'unmet' ? paint.red('FAIL') : paint.yellow('??  ');
}

export function formatOf(o: CheckOptions): Format {
  // 'herd' is herd7's layout for C litmus tests; YAML scenarios print tables then.
  return o.format === undefined || o.format === 'herd' ? 'table' : o.format;
}

/** Explore one case and render everything it prints. Progress still goes straight to `io`. */
export function checkCase(job: CaseJob, c: Case, lines: LineIndex, o: CheckOptions, io: Io, out: Paint): CaseResult {
  const b = bufferedIo(io);
  const outcome = explore(c, o, io, b.io);
  const j = judge(outcome, c.expected);
  const text: string[] = [];
  const say = (s: string): void => { text.push(s); };
  const format = formatOf(o);
  const mode = o.mode ?? 'both';
  if (format === 'svg') {
    for (const f of outcome.findings) say(renderFinding('svg', c.program, f, lines, out));
    return { stdout: text.join(''), stderr: b.stderr(), judgement: j };
  }
  const tokens = outcome.findings.map((f) => encodeToken(c.program, f.trace));
  if (o.json) {
    say(JSON.stringify({ ...resultJson({ file: job.file, program: c.program, outcome, expected: c.expected, judgement: j, lines, tokens }), ...(mode !== 'exhaustive' ? { seed: o.seed ?? 0 } : {}) }) + '\n');
    return { stdout: text.join(''), stderr: b.stderr(), judgement: j };
  }
  const [vw, sw] = job.widths;
  const expected = c.expected === null ? 'no expectation' : `expected ${c.expected.length ? c.expected.join(', ') : 'safe'}`;
  const word = c.program.final ? finalVerdictWord(outcome) : verdictWord(outcome);
  const coloured = outcome.verdict === 'safe' ? out.green(word) : outcome.verdict === 'violation' ? out.red(word) : out.yellow(word);
  const pad = ' '.repeat(Math.max(0, 16 - word.length));
  say(`  ${mark(j, out)} ${c.variant.padEnd(vw)}  ${c.strategy.padEnd(sw)}  ${coloured}${pad}  ${out.dim(`(${expected}; ${outcome.stats.mode === 'random' ? `${outcome.stats.runs} runs` : `${outcome.stats.states} states`}, ${Math.round(outcome.stats.ms)} ms)`)}\n`);
  if (!o.summary) {
    if (c.program.final) say(renderFinals(c.program, outcome, lines, out));
    outcome.findings.forEach((f, i) => {
      say('\n' + renderFinding(format, c.program, f, lines, out) + '\n');
      say(out.dim(`found by ${f.mode} search, ${f.trace.length} steps`) + '\n');
      say(`replay: ${replayCommand(job.file, c, o, tokens[i]!)}\n\n`);
    });
  }
  return { stdout: text.join(''), stderr: b.stderr(), judgement: j };
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

/** Progress lines go to the real stderr at once; the "interrupted" summary comes out with the case. */
function explore(c: Case, o: CheckOptions, io: Io, later: Io): Outcome {
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
    later.stderr(`raceway: interrupted: ${c.variant}/${c.strategy} covered ${outcome.stats.states} states, ${outcome.stats.transitions} transitions, depth ${outcome.stats.maxDepth}\n`);
  }
  return outcome;
}
