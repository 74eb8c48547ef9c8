// `raceway check FILE.litmus`: one C litmus test, explored exhaustively and judged against its
// header's Result (one-way) or its (*raceway block's expect (exact). A thin shell over
// litmus/ (front end and judgement), explore/ and report/herd.ts.
import { LineIndex } from '../../common/span.js';
import type { Outcome } from '../../explore/explorer.js';
import { encodeToken } from '../../explore/token.js';
import { loadLitmus, type LitmusCase } from '../../litmus/load.js';
import { expectationText, judgeLitmus, refutingCondition } from '../../litmus/verdict.js';
import type { Program } from '../../machine/program.js';
import { renderDiagnostic } from '../../report/diagnostics.js';
import { litmusResultJson, renderHerd, renderLitmusStates, type LitmusResult } from '../../report/herd.js';
import type { Paint } from '../../report/paint.js';
import type { renderTable as RenderTable } from '../../report/table.js';
import { sentence } from '../../report/sentence.js';
import { lkmmRefusal } from '../../explore/lkmm/unsupported.js';
import { witnessRows } from '../../report/trace-rows.js';
import { lackingNames, unmatchedNote } from '../case-selection.js';
import type { SearchRequest } from '../search/request.js';
import { budgetConfigOf, countOf, interruptedLine, type CaseResult } from './check-case.js';
import type { CheckOptions } from './check-options.js';

/**
 * A litmus test to explore, and how to print what the search found. An unmet test asks for a
 * second search (`followUp`), for a run that shows how it fails; its outcome comes to `render`
 * (null when it was not run: Ctrl-C).
 */
export interface LitmusSearch {
  readonly program: Program;
  readonly request: SearchRequest;
  readonly followUp: (outcome: Outcome) => SearchRequest | null;
  readonly render: (outcome: Outcome, followed?: Outcome | null) => Promise<CaseResult>;
}

/** Output at once for a test that cannot run (a mistake, an unsupported construct), else a search. */
export function litmusItem(file: string, text: string, o: CheckOptions, out: Paint, err: Paint, stderrIsTTY: boolean): CaseResult | LitmusSearch {
  const lines = new LineIndex(text);
  // A .litmus file's Result line speaks of the LKMM, so that is the model a test is checked under
  // unless --memory-model asks for another (litmus/load.ts, litmusModel).
  const loaded = loadLitmus(file, text, { ...(o.memoryModel ? { memoryModel: o.memoryModel } : {}), modelByDefault: true });
  if (loaded.kind === 'error') {
    return { stdout: '', stderr: loaded.errors.map((d) => renderDiagnostic(d, lines, err, stderrIsTTY) + '\n').join(''), count: 'badFiles' };
  }
  if (loaded.kind === 'unsupported') {
    const lc = lines.lineCol(loaded.span.start);
    const at = `${file}:${lc.line}:${lc.col}`;
    if (o.json) return { stdout: JSON.stringify({ file, scenario: loaded.name, format: 'litmus', verdict: 'unsupported', unsupported: loaded.what, at, met: null, judgement: 'unsupported' }) + '\n', stderr: '', count: 'unsupported' };
    if (o.format === 'herd') return { stdout: '', stderr: `unsupported: ${loaded.what} at ${at}\n`, count: 'unsupported' };
    return { stdout: out.bold(`${file}: ${loaded.name}`) + `\n  ${out.yellow('skip')} unsupported: ${loaded.what} at ${at}\n`, stderr: '', count: 'unsupported' };
  }
  const c = loaded.value;
  // --strategy and --variant select cases as for a YAML scenario: a C litmus test has one, strategy
  // `default`, its variant the test's name.
  const { strategy, variant } = c.program;
  if ((o.strategy.length > 0 && !o.strategy.includes(strategy)) || (o.variant.length > 0 && !o.variant.includes(variant))) {
    const lacking = lackingNames(o.strategy, [strategy], o.variant, [variant]);
    const error = `${file}: error: ${lacking} (expected strategy ${strategy}, variant ${variant}: a C litmus test has one case)`;
    return { stdout: '', stderr: err.red(error) + '\n', count: 'badFiles', unmatched: unmatchedNote(file, o.strategy, [strategy], o.variant, [variant]) };
  }
  const lkmm = c.program.memoryModel === 'lkmm';
  const beyond = lkmm ? lkmmRefusal(c.program)?.reason ?? null : null;
  if (beyond !== null) {
    // Said like a construct the front end cannot run: the test is skipped, not failed.
    if (o.json) return { stdout: JSON.stringify({ file, scenario: c.name, format: 'litmus', verdict: 'unsupported', unsupported: beyond, at: file, met: null, judgement: 'unsupported' }) + '\n', stderr: '', count: 'unsupported' };
    if (o.format === 'herd') return { stdout: '', stderr: `unsupported: ${beyond} at ${file}\n`, count: 'unsupported' };
    return { stdout: out.bold(`${file}: ${c.name}`) + `\n  ${out.yellow('skip')} unsupported: ${beyond}\n`, stderr: '', count: 'unsupported' };
  }
  // herd7's States lines count every final state: the reduced search reaches every one the full
  // search does (a persistent set keeps every terminal state, Godefroid 1996, thesis ch. 4; the
  // soundness property compares the final states of the two searches: testing/full-and-reduced.ts),
  // in far fewer stored states (issue 22 item 2: 8x on the collection's 6-CPU RCU tests).
  // --no-reduction searches in full. No symmetry: it keeps one final state per orbit.
  const request: SearchRequest = {
    program: c.program, explorer: { mode: 'exhaustive', reduction: o.reduction !== false }, budget: budgetConfigOf({ ...o, maxMemoryMb: undefined }),
  };
  const final = c.program.final!;
  const judged = (outcome: Outcome) => judgeLitmus(outcome, final.quantifier, c.filter, final.observe, c.expectation, lkmm);
  // Only the text output shows the refuting run, after the final states.
  const shows = !o.json && o.format !== 'herd' && !o.summary;
  const followUp = (outcome: Outcome): SearchRequest | null => {
    const v = judged(outcome);
    // A refuting run is a schedule of the SC or TSO machine; an LKMM execution is no run of moves.
    return shows && !lkmm && v.judgement === 'unmet' && v.refutedBy !== null ? refutingRequest(c, v.refutedBy, request) : null;
  };
  const render = async (outcome: Outcome, followed?: Outcome | null): Promise<CaseResult> => {
    const text: string[] = [];
    const say = (s: string): void => { text.push(s); };
    const v = judged(outcome);
    const done = (): CaseResult => ({ stdout: text.join(''), stderr: outcome.bound === 'cancelled' ? interruptedLine(c.name, outcome) : '', count: countOf(v.judgement) });
    const r: LitmusResult = {
      file, name: c.name, program: c.program, outcome, kept: v.kept, positive: v.positive, negative: v.negative,
      validated: v.validated, observation: v.observation, expectedSource: c.expectation.source, expected: c.expectation.word,
      judgement: v.judgement, why: v.why, herdCondition: c.herdCondition, displayed: c.displayed,
    };
    if (o.json) { say(JSON.stringify(litmusResultJson(r)) + '\n'); return done(); }
    if (o.format === 'herd') { say(renderHerd(r)); return done(); }
    say(out.bold(`${file}: ${c.name}`) + '\n');
    const mark = v.judgement === 'met' ? out.green('ok  ') : v.judgement === 'unmet' ? out.red('FAIL') : out.yellow('??  ');
    const word = outcome.verdict === 'inconclusive' ? `inconclusive (${outcome.bound}${outcome.note ? `: ${outcome.note}` : ''})` : v.observation ?? 'no final state';
    const from = expectationText(c.expectation);
    const kinds = outcome.findings.length ? `; ${out.red(outcome.findings.map((f) => f.violation.kind).join(', '))}` : '';
    say(`  ${mark} ${c.program.memoryModel}  ${word.padEnd(9)}  ${out.dim(`(${from}: ${v.why}${kinds}; ${v.positive} of ${v.positive + v.negative} satisfy; ${outcome.stats.states} states, ${Math.round(outcome.stats.ms)} ms)`)}\n`);
    if (o.summary) return done();
    say(renderLitmusStates(r, out) + '\n');
    // The table's module (and cli-table3) loads only when a run is drawn (issue 22, start-up).
    const drawn = (!lkmm && outcome.findings.length > 0) || (v.judgement === 'unmet' && v.refutedBy !== null && (followed?.finals?.witness ?? null) !== null);
    const table = drawn ? await import('../../report/table.js') : null;
    if (v.judgement === 'unmet' && v.refutedBy !== null && followed && table) say(refutingRun(c, v.refutedBy, followed, lines, out, table.renderTable));
    if (v.judgement === 'unmet' && lkmm) say(out.dim('  (the states above are LKMM executions, not schedules: --memory-model sc or tso shows a run that replays, where that model reaches the state)') + '\n');
    // The litmus search is exhaustive, so the trace replays as `raceway replay` re-lowers it.
    const mm = o.memoryModel ? ` --memory-model ${o.memoryModel}` : '';
    for (const f of outcome.findings) {
      // An LKMM finding is an execution, not a run of moves: its sentence names both accesses.
      if (lkmm) { say('\n' + out.red(sentence(c.program, f.violation, [], lines)) + '\n'); continue; }
      say('\n' + table!.tableFinding(c.program, f, lines, out));
      say(out.dim(`found by ${f.mode} search, ${f.trace.length} steps`) + '\n');
      say(`replay: raceway replay ${file} --strategy ${c.program.strategy}${mm} --token ${encodeToken(c.program, f.trace)}\n\n`);
    }
    return done();
  };
  return { program: c.program, request, followUp, render };
}

type RefutedBy = 'satisfying' | 'failing' | 'kept';

/**
 * The search for how the expectation fails: the shortest run ending in a final state that refutes
 * it. The search that judged the test keeps only a run to *some* satisfying state, maybe one the
 * filter drops, and none to a failing one, so this is a second, breadth-first search for a state
 * of the kind wanted; only for unmet tests, which are rare and whose search has just completed
 * within the same budget. An ordinary request: it runs where the first one did, and Ctrl-C stops it.
 */
function refutingRequest(c: LitmusCase, by: RefutedBy, request: SearchRequest): SearchRequest {
  const final = c.program.final!;
  const wanted: Program = { ...c.program, final: { ...final, cond: refutingCondition(final.cond, c.filter, by) } };
  return { program: wanted, explorer: { mode: 'exhaustive', reduction: false, shortest: true }, budget: request.budget };
}

/** The refuting run as a table, the way check shows a YAML scenario's witness. */
function refutingRun(c: LitmusCase, by: RefutedBy, searched: Outcome, lines: LineIndex, out: Paint, renderTable: typeof RenderTable): string {
  const found = searched.finals?.witness ?? null;
  if (found === null) return '';
  const what = by === 'satisfying' ? 'where the condition holds' : by === 'failing' ? 'where the condition does not hold' : 'that the filter keeps';
  const { rows } = witnessRows(c.program, found, lines);
  return `\n${renderTable(c.program, rows, out)}\n${out.bold(`A run that ends in a state ${what} (${found.length} steps).`)}\n`;
}
