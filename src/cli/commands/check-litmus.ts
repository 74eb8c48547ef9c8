// `raceway check FILE.litmus`: one C litmus test, explored exhaustively and judged against its
// header's Result (one-way) or its (*raceway block's expect (exact). A thin shell over
// litmus/ (front end and judgement), explore/ and report/herd.ts.
import { LineIndex } from '../../common/span.js';
import { exhaustive } from '../../explore/exhaustive.js';
import type { Budget, Outcome } from '../../explore/explorer.js';
import { loadLitmus } from '../../litmus/load.js';
import { judgeLitmus } from '../../litmus/verdict.js';
import { renderDiagnostic } from '../../report/diagnostics.js';
import { litmusResultJson, renderHerd, renderLitmusStates, type LitmusResult } from '../../report/herd.js';
import type { Paint } from '../../report/paint.js';
import { sentence } from '../../report/sentence.js';
import { renderTable } from '../../report/table.js';
import { traceRows } from '../../report/trace-rows.js';
import type { Io } from '../io.js';
import type { CheckOptions, Tally } from './check.js';

export const LITMUS_EXTENSION = '.litmus';

export function checkLitmus(file: string, text: string, o: CheckOptions, io: Io, tally: Tally, out: Paint, err: Paint): void {
  const lines = new LineIndex(text);
  const loaded = loadLitmus(file, text, o.memoryModel ? { memoryModel: o.memoryModel } : {});
  if (loaded.kind === 'error') {
    for (const d of loaded.errors) io.stderr(renderDiagnostic(d, lines, err, io.stderrIsTTY) + '\n');
    tally.badFiles++;
    return;
  }
  if (loaded.kind === 'unsupported') {
    const lc = lines.lineCol(loaded.span.start);
    const at = `${file}:${lc.line}:${lc.col}`;
    tally.unsupported = (tally.unsupported ?? 0) + 1;
    if (o.json) io.stdout(JSON.stringify({ file, scenario: loaded.name, format: 'litmus', verdict: 'unsupported', unsupported: loaded.what, at, met: null, judgement: 'unsupported' }) + '\n');
    else if (o.format === 'herd') io.stderr(`unsupported: ${loaded.what} at ${at}\n`);
    else io.stdout(out.bold(`${file}: ${loaded.name}`) + `\n  ${out.yellow('skip')} unsupported: ${loaded.what} at ${at}\n`);
    return;
  }
  const c = loaded.value;
  const outcome = explore(c.program, o, io);
  const final = c.program.final!;
  const v = judgeLitmus(outcome, final.quantifier, c.filter, final.observe, c.expectation);
  tally[v.judgement === 'met' ? 'met' : v.judgement === 'unmet' ? 'unmet' : 'inconclusive']++;
  const r: LitmusResult = {
    file, name: c.name, program: c.program, outcome, kept: v.kept, positive: v.positive, negative: v.negative,
    validated: v.validated, observation: v.observation, expectedSource: c.expectation.source, expected: c.expectation.word,
    judgement: v.judgement, why: v.why,
  };
  if (o.json) { io.stdout(JSON.stringify(litmusResultJson(r)) + '\n'); return; }
  if (o.format === 'herd') { io.stdout(renderHerd(r)); return; }
  io.stdout(out.bold(`${file}: ${c.name}`) + '\n');
  const mark = v.judgement === 'met' ? out.green('ok  ') : v.judgement === 'unmet' ? out.red('FAIL') : out.yellow('??  ');
  const word = outcome.verdict === 'inconclusive' ? `inconclusive (${outcome.bound})` : v.observation ?? 'no final state';
  const from = c.expectation.source === 'kernel' ? `kernel model: ${c.expectation.word}` : c.expectation.source === 'raceway' ? `expected ${c.expectation.word}` : 'no Result line';
  const kinds = outcome.findings.length ? `; ${out.red(outcome.findings.map((f) => f.violation.kind).join(', '))}` : '';
  io.stdout(`  ${mark} ${c.program.memoryModel}  ${word.padEnd(9)}  ${out.dim(`(${from}: ${v.why}${kinds}; ${v.positive} of ${v.positive + v.negative} satisfy; ${outcome.stats.states} states, ${Math.round(outcome.stats.ms)} ms)`)}\n`);
  if (o.summary) return;
  io.stdout(renderLitmusStates(r, out) + '\n');
  for (const f of outcome.findings) {
    const { rows, steps } = traceRows(c.program, f, lines);
    io.stdout('\n' + renderTable(c.program, rows, out) + '\n');
    io.stdout(out.bold(sentence(c.program, f.violation, steps, lines)) + '\n\n');
  }
}

function explore(p: Parameters<typeof exhaustive.explore>[0], o: CheckOptions, io: Io): Outcome {
  const budget: Budget = {
    maxStates: o.maxStates, now: io.now, seed: 0, first: o.first, cancelled: io.interrupted,
    ...(o.timeout !== undefined ? { deadlineMs: io.now() + o.timeout * 1000 } : {}),
  };
  return exhaustive.explore(p, budget);
}
