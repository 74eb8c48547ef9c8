// The C litmus front end (litmus/): one case (variant: the test's name, strategy `default`),
// explored in full as herd7 does and judged against its header's Result (one way) or its
// (*raceway block's expect (exact); check-litmus.ts prints it.
import { LineIndex } from '../../common/span.js';
import type { Outcome } from '../../explore/explorer.js';
import type { Observation } from '../../explore/judge.js';
import { loadLitmus } from '../../litmus/load.js';
import { expectationText, judgeLitmus } from '../../litmus/verdict.js';
import { renderDiagnostic } from '../../report/diagnostics.js';
import type { Paint } from '../../report/paint.js';
import { litmusItem } from '../commands/check-litmus.js';
import type { CheckOptions } from '../commands/check-options.js';
import { diagnosticsText } from '../print-diagnostics.js';
import type { Read } from '../source-of.js';
import type { CaseOptions, CheckPlan, FileCase, FileCases, FrontEnd, MatrixSource, Painted, Validation } from './front-end.js';

const kinds = (o: Outcome): string => o.findings.map((f) => f.violation.kind).join(', ');

function validate(src: Read, { out, err, stderrIsTTY }: Painted): Validation {
  // A C litmus test that uses a construct raceway cannot run yet is valid, and says so.
  const lit = loadLitmus(src.file, src.text);
  if (lit.kind === 'ok') return { ok: true, stdout: `${src.file}: ${out.green('ok')}\n`, stderr: '' };
  if (lit.kind === 'unsupported') {
    const lc = new LineIndex(src.text).lineCol(lit.span.start);
    return { ok: true, stdout: `${src.file}: ${out.yellow('ok')} (unsupported: ${lit.what} at ${src.file}:${lc.line}:${lc.col})\n`, stderr: '' };
  }
  return { ok: false, stdout: '', stderr: diagnosticsText(lit.errors, src.text, err, stderrIsTTY) };
}

function cases({ file, text }: Read, o: CaseOptions, err: Paint, withSource: boolean, doing: string): FileCases {
  const lines = new LineIndex(text);
  const l = loadLitmus(file, text, o.memoryModel ? { memoryModel: o.memoryModel } : {});
  if (l.kind === 'error') return { ok: false, stderr: l.errors.map((d) => renderDiagnostic(d, lines, err, withSource) + '\n').join('') };
  if (l.kind === 'unsupported') {
    const lc = lines.lineCol(l.span.start);
    return { ok: false, stderr: `${file}: error: unsupported: ${l.what} at ${file}:${lc.line}:${lc.col}, so there is nothing to ${doing}\n` };
  }
  const c = l.value;
  const f = c.program.final!;
  const e = c.expectation;
  const verdict = (out: Outcome) => judgeLitmus(out, f.quantifier, c.filter, f.observe, e);
  const word = (out: Outcome): string => kinds(out) || (out.verdict === 'inconclusive' ? `inconclusive (${out.bound})` : verdict(out).observation ?? 'no final state');
  const one: FileCase = {
    variant: c.program.variant, strategy: c.program.strategy, program: c.program,
    expected: expectationText(e),
    judge: (out) => verdict(out).judgement,
    word,
    expectedWords: e.word === null ? null : e.word.toLowerCase(),
    observation: (out) => (verdict(out).observation?.toLowerCase() as Observation | undefined) ?? null,
    // A kernel Result holds one way (litmus/verdict.ts): removing a barrier from a kernel
    // Sometimes test can never break it; from a kernel Never test it can.
    assess: async (site, original, outcome) => {
      const judgement = verdict(outcome).judgement;
      const breaks = e.source !== 'none' ? judgement === 'unmet' : outcome.verdict !== 'inconclusive' && word(outcome) !== word(original);
      const { ablate } = await import('../../explore/ablate.js');
      return { site, program: ablate(c.program, site), outcome, judgement, breaks };
    },
  };
  const other = o.strategies.find((n) => n !== one.strategy);
  if (other !== undefined) return { ok: false, stderr: `${file}: error: no strategy named '${other}' (expected ${one.strategy}: a C litmus test has one)\n` };
  return { ok: true, name: c.name, cases: [one] };
}

function matrix(src: Read, o: CaseOptions, err: Paint, withSource: boolean): MatrixSource | { readonly stderr: string } {
  const l = cases(src, o, err, withSource, 'put in a matrix');
  if (!l.ok) return l;
  return { file: src.file, name: l.name, cases: l.cases, workload: { none: 'a C litmus test declares no workload (reader: and writer:)', plot: 'a C litmus test declares no writer' } };
}

function check(src: Read, o: CheckOptions, { out, err, stderrIsTTY }: Painted): CheckPlan {
  // The litmus search is exhaustive: no seed to say.
  const l = litmusItem(src.file, src.text, o, out, err, stderrIsTTY);
  return { items: ['request' in l ? { ...l, file: src.file, label: src.file, lines: new LineIndex(src.text) } : l], random: false };
}

export const litmusFrontEnd: FrontEnd = { validate, cases, matrix, check };
