// One (file, variant, strategy) of `raceway check`: the search it asks for, and the text its
// Outcome prints (verdict line, counterexamples, replay commands). Rendering returns text instead
// of writing it, so a batch can explore cases on worker threads and print them in serial order.
import type { LineIndex } from '../../common/span.js';
import type { Finding, Outcome } from '../../explore/explorer.js';
import { judge, type Judgement } from '../../explore/judge.js';
import { DEFAULT_RANDOM } from '../../explore/random/random-options.js';
import { encodeToken } from '../../explore/token.js';
import { coverageText } from '../../report/coverage.js';
import { finalVerdictWord, renderFinalStates } from '../../report/finals.js';
import type { Paint } from '../../report/paint.js';
import type { Format } from '../../report/formats.js';
import { findingRenderer, svgFindingsRenderer } from '../finding-format.js';
import type { Program } from '../../machine/program.js';
import type { Case } from '../../scenario/load.js';
import type { BudgetConfig, ExplorerConfig, SearchRequest } from '../search/request.js';
import type { CheckOptions, Tally } from './check-options.js';

/** Rendered output of one item of a check, and which count of the tally it adds to. */
export interface CaseResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly count: keyof Tally | null;
  /** Counterexamples or witness runs were folded to one line (met, without --full). */
  readonly folded?: boolean;
  /**
   * A source with no case --strategy/--variant selects (its stderr says which names it has). Over
   * a folder the names may be ones only some files have: when another source's case runs, this
   * note is printed instead and the source is counted as skipped; when none runs, the error stands.
   */
  readonly unmatched?: string;
}

export function countOf(j: Judgement): keyof Tally {
  return j === 'met' ? 'met' : j === 'unmet' ? 'unmet' : 'inconclusive';
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

export function explorerConfigOf(o: CheckOptions): ExplorerConfig {
  return {
    mode: o.mode ?? 'both',
    reduction: o.reduction !== false,
    ...(o.symmetry !== false ? { symmetry: true } : {}),
    ...(o.shortest ? { shortest: true } : {}),
    ...(o.preemptionBound !== undefined ? { preemptionBound: o.preemptionBound } : {}),
    random: { scheduler: o.scheduler ?? DEFAULT_RANDOM.scheduler, runs: o.runs ?? DEFAULT_RANDOM.runs, depth: o.depth ?? DEFAULT_RANDOM.depth },
  };
}

export function budgetConfigOf(o: CheckOptions): BudgetConfig {
  return {
    maxStates: o.maxStates,
    seed: o.seed ?? 0,
    ...(o.first ? { first: true } : {}),
    ...(o.timeout !== undefined ? { timeoutMs: o.timeout * 1000 } : {}),
    ...(o.maxMemoryMb !== undefined ? { maxMemoryBytes: o.maxMemoryMb * 1024 * 1024 } : {}),
  };
}

export function caseRequest(c: Case, o: CheckOptions): SearchRequest {
  return { program: c.program, explorer: explorerConfigOf(o), budget: budgetConfigOf(o) };
}

/** What a search stopped by Ctrl-C covered, for stderr. */
export function interruptedLine(name: string, o: Outcome): string {
  return `raceway: interrupted: ${name} covered ${o.stats.states} states, ${o.stats.transitions} transitions, depth ${o.stats.maxDepth}\n`;
}

/**
 * Everything one case prints. `widths`: of the variant and strategy columns of its file. Async
 * only to load what it draws with when it draws (finding-format.ts): the text is the same.
 */
export async function renderCase(file: string, c: Case, outcome: Outcome, lines: LineIndex, o: CheckOptions, out: Paint, widths: readonly [number, number]): Promise<CaseResult> {
  const j = judge(outcome, c.expected);
  const stderr = outcome.bound === 'cancelled' ? interruptedLine(`${c.variant}/${c.strategy}`, outcome) : '';
  const text: string[] = [];
  const say = (s: string): void => { text.push(s); };
  const done = (): CaseResult => ({ stdout: text.join(''), stderr, count: countOf(j) });
  const format = formatOf(o);
  const mode = o.mode ?? 'both';
  if (format === 'svg') {
    if (outcome.findings.length > 0) say((await svgFindingsRenderer())(c.program, outcome.findings, lines));
    return done();
  }
  const tokens = outcome.findings.map((f) => encodeToken(c.program, f.trace, f.violation.kind));
  if (o.json) {
    const { resultJson } = await import('../../report/json.js');
    say(JSON.stringify({ ...resultJson({ file, program: c.program, outcome, expected: c.expected, judgement: j, lines, tokens }), ...(mode !== 'exhaustive' ? { seed: o.seed ?? 0 } : {}) }) + '\n');
    return done();
  }
  const [vw, sw] = widths;
  const expected = c.expected === null ? 'no expectation' : `expected ${c.expected.length ? c.expected.join(', ') : 'safe'}`;
  // A search cut at its first violation proves only what it found (explorer.ts, Bound 'first').
  const stopped = outcome.bound === 'first' ? '; stopped at the first violation (--first)' : '';
  const word = c.program.final ? finalVerdictWord(outcome) : verdictWord(outcome);
  const coloured = outcome.verdict === 'safe' ? out.green(word) : outcome.verdict === 'violation' ? out.red(word) : out.yellow(word);
  const pad = ' '.repeat(Math.max(0, 16 - word.length));
  say(`  ${mark(j, out)} ${c.variant.padEnd(vw)}  ${c.strategy.padEnd(sw)}  ${coloured}${pad}  ${out.dim(`(${expected}${stopped}; ${coverageText(outcome.stats)}, ${Math.round(outcome.stats.ms)} ms)`)}\n`);
  // What the model does not define, and where the scenario uses it (explore/lkmm/unsupported.ts).
  if (outcome.bound === 'unsupported' && outcome.note) {
    const at = outcome.noteAt ? lines.lineCol(outcome.noteAt.start) : null;
    say(`       ${out.yellow('unsupported')}: ${outcome.note}${at ? ` (${outcome.noteAt!.file}:${at.line}:${at.col})` : ''}\n`);
  }
  if (o.summary) return done();
  // A regression run needs what did not meet its expectation first: what did is folded to one
  // line per counterexample (its token replays it in full), unless --full asks for every one.
  const folded = j === 'met' && !o.full && format === 'table';
  if (c.program.final) say(folded ? foldedFinals(c.program, outcome, out) : (await import('../../report/finals-run.js')).renderFinals(c.program, outcome, lines, out, c.expected));
  const renderFinding = folded || outcome.findings.length === 0 ? null : await findingRenderer(format);
  outcome.findings.forEach((f, i) => {
    if (renderFinding === null) {
      say(`       ${f.violation.kind}, ${lengthOf(f)} (${f.mode} search): --token ${tokens[i]!}\n`);
      return;
    }
    say('\n' + renderFinding(c.program, f, lines, out) + '\n');
    say(out.dim(`found by ${f.mode} search, ${lengthOf(f)}`) + '\n');
    say(`replay: ${replayCommand(file, c, o, tokens[i]!)}\n\n`);
  });
  return { ...done(), folded: folded && (outcome.findings.length > 0 || (outcome.finals?.witness ?? null) !== null) };
}

/** The final states without the witness runs' tables: one line says how long the run is. */
function foldedFinals(p: Program, outcome: Outcome, out: Paint): string {
  const witness = outcome.finals?.witness ?? null;
  const states = renderFinalStates(p, outcome, out);
  return witness === null ? states : `${states}      a run of ${witness.length} steps reaches a state where it holds (--full prints it)\n`;
}

/** The command line that replays a finding, ready to paste. */
function replayCommand(file: string, c: Case, o: CheckOptions, token: string): string {
  const extra = `${o.cpus ? ` --cpus ${o.cpus}` : ''}${o.memoryModel ? ` --memory-model ${o.memoryModel}` : ''}`;
  return `raceway replay ${file} --strategy ${c.strategy} --variant ${c.variant}${extra} --token ${token}`;
}

/** A trace's length in steps; an LKMM execution's (no steps: explore/lkmm/graph.ts) in events. */
function lengthOf(f: Finding): string {
  return f.graph ? `an LKMM execution of ${f.graph.events.length} events` : `${f.trace.length} steps`;
}
