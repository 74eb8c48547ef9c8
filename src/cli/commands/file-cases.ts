// The cases of one source for `raceway ablate`, `replay` and `export`, from either front end (the
// one source-of.ts chose): a YAML scenario's (variant, strategy) pairs, or a C litmus test's single
// case (variant: the test's name, strategy `default`), each with how its outcome is judged and how
// its expectation is said. Both lower to the same Program.
import { LineIndex } from '../../common/span.js';
import type { Outcome } from '../../explore/explorer.js';
import { ablate, assessAblation, type AblationResult, type AblationSite } from '../../explore/ablate.js';
import { judge, observation, type Judgement, type Observation } from '../../explore/judge.js';
import { loadLitmus } from '../../litmus/load.js';
import { expectationText, judgeLitmus } from '../../litmus/verdict.js';
import type { MemoryModelName, Program } from '../../machine/program.js';
import { renderDiagnostic } from '../../report/diagnostics.js';
import { finalVerdictWord } from '../../report/finals.js';
import type { Paint } from '../../report/paint.js';
import { loadScenario, type Case } from '../../scenario/load.js';
import { readImport } from '../import-reader.js';
import { unknownNames } from '../case-selection.js';
import { diagnosticsText } from '../print-diagnostics.js';
import { assertNever } from '../../common/assert-never.js';
import type { Read } from '../source-of.js';

export interface FileCase {
  readonly variant: string;
  readonly strategy: string;
  readonly program: Program;
  /** What the outcome is compared with, as the verdict line says it ("expected safe", "kernel model: Never"). */
  readonly expected: string;
  /** The outcome against the expectation (a YAML case with none: met when safe). */
  readonly judge: (o: Outcome) => Judgement;
  /** The result in one word or list: violation kinds, the observation, `safe`. */
  readonly word: (o: Outcome) => string;
  /** The expectation's words as matrix shows them (`safe`, kinds, `never` ...), null without one. */
  readonly expectedWords: string | null;
  /** With a final condition, what the final states say of it (a litmus test: those its filter keeps). */
  readonly observation: (o: Outcome) => Observation | null;
  /** An ablation's outcome judged: against the expectation, or with none against the original's. */
  readonly assess: (site: AblationSite, original: Outcome, outcome: Outcome) => AblationResult;
}

export type FileCases =
  | { readonly ok: true; readonly name: string; readonly cases: readonly FileCase[] }
  | { readonly ok: false; readonly stderr: string };

export interface CaseOptions {
  /** Only these strategies (a C litmus test has one, `default`, and refuses any other); empty: all. */
  readonly strategies: readonly string[];
  /** Only these variants (a YAML scenario's); empty or absent: all. */
  readonly variants?: readonly string[];
  readonly cpus?: number;
  readonly memoryModel?: MemoryModelName;
}

const kinds = (o: Outcome): string => o.findings.map((f) => f.violation.kind).join(', ');

export function fileCases(src: Read, o: CaseOptions, err: Paint, withSource: boolean, doing: string): FileCases {
  switch (src.frontEnd) {
    case 'litmus': return litmusCases(src, o, err, withSource, doing);
    case 'scenario': return scenarioCases(src, o, err, withSource);
    default: return assertNever(src.frontEnd);
  }
}

function litmusCases({ file, text }: Read, o: CaseOptions, err: Paint, withSource: boolean, doing: string): FileCases {
  const lines = new LineIndex(text);
  const mm = o.memoryModel ? { memoryModel: o.memoryModel } : {};
  {
    const l = loadLitmus(file, text, mm);
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
      assess: (site, original, outcome) => {
        const judgement = verdict(outcome).judgement;
        const breaks = e.source !== 'none' ? judgement === 'unmet' : outcome.verdict !== 'inconclusive' && word(outcome) !== word(original);
        return { site, program: ablate(c.program, site), outcome, judgement, breaks };
      },
    };
    const other = o.strategies.find((n) => n !== one.strategy);
    if (other !== undefined) return { ok: false, stderr: `${file}: error: no strategy named '${other}' (expected ${one.strategy}: a C litmus test has one)\n` };
    return { ok: true, name: c.name, cases: [one] };
  }
}

function scenarioCases({ file, text }: Read, o: CaseOptions, err: Paint, withSource: boolean): FileCases {
  const mm = o.memoryModel ? { memoryModel: o.memoryModel } : {};
  const l = loadScenario(file, text, { strategies: o.strategies, ...(o.cpus ? { cpus: o.cpus } : {}), ...mm, ...(o.variants ? { variants: o.variants } : {}), imports: readImport });
  if (!l.ok) return { ok: false, stderr: diagnosticsText(l.errors, text, err, withSource, file) };
  const unknown = unknownNames(file, l.value.ast, o.strategies, o.variants ?? []);
  if (l.value.cases.length === 0) return { ok: false, stderr: unknown.map((u) => err.red(u) + '\n').join('') };
  return { ok: true, name: l.value.ast.name, cases: l.value.cases.map(scenarioCase) };
}

/** A YAML scenario's case, judged against its `expect:` (or its final condition's claim). */
export function scenarioCase(c: Case): FileCase {
  return {
    variant: c.variant, strategy: c.strategy, program: c.program,
    expected: c.expected === null ? 'no expectation' : `expected ${c.expected.length ? c.expected.join(', ') : 'safe'}`,
    judge: (out) => judge(out, c.expected),
    expectedWords: c.expected === null ? null : c.expected.length === 0 ? 'safe' : c.expected.join(','),
    observation: (out) => (c.program.final ? observation(out) : null),
    word: (out) => (c.program.final ? finalVerdictWord(out) : out.verdict === 'violation' ? kinds(out) : out.verdict),
    assess: (site, original, outcome) => assessAblation(c.program, site, c.expected, original, outcome),
  };
}
