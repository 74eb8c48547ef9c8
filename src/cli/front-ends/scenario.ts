// The YAML scenario front end (scenario/): a file's (variant, strategy) pairs, each judged against
// its `expect:` (or its final condition's claim); `check` explores each in the mode asked for.
import { LineIndex } from '../../common/span.js';
import type { Outcome } from '../../explore/explorer.js';
import { judge, observation } from '../../explore/judge.js';
import { finalVerdictWord } from '../../report/finals.js';
import { loadScenario, validateScenario, type Case, type ValidScenario } from '../../scenario/load.js';
import { strategyNames } from '../../scenario/lower/lower.js';
import { unknownNames, unmatchedNote } from '../case-selection.js';
import { caseRequest, formatOf, renderCase } from '../commands/check-case.js';
import type { CheckOptions } from '../commands/check-options.js';
import { readImport } from '../import-reader.js';
import { diagnosticsText } from '../print-diagnostics.js';
import type { Paint } from '../../report/paint.js';
import type { Read } from '../source-of.js';
import type { CaseOptions, CheckItem, CheckPlan, FileCase, FileCases, FrontEnd, MatrixSource, Painted, Validation } from './front-end.js';

const kinds = (o: Outcome): string => o.findings.map((f) => f.violation.kind).join(', ');

/** A YAML scenario's case, judged against its `expect:` (or its final condition's claim). */
export function scenarioCase(c: Case): FileCase {
  return {
    variant: c.variant, strategy: c.strategy, program: c.program,
    expected: c.expected === null ? 'no expectation' : `expected ${c.expected.length ? c.expected.join(', ') : 'safe'}`,
    judge: (out) => judge(out, c.expected),
    expectedWords: c.expected === null ? null : c.expected.length === 0 ? 'safe' : c.expected.join(','),
    observation: (out) => (c.program.final ? observation(out) : null),
    word: (out) => (c.program.final ? finalVerdictWord(out) : out.verdict === 'violation' ? kinds(out) : out.verdict),
    assess: async (site, original, outcome) => (await import('../../explore/ablate.js')).assessAblation(c.program, site, c.expected, original, outcome),
  };
}

function validate(src: Read, { out, err, stderrIsTTY }: Painted): Validation {
  const loaded = validateScenario(src.file, src.text, readImport);
  if (loaded.ok) return { ok: true, stdout: `${src.file}: ${out.green('ok')}\n`, stderr: '' };
  return { ok: false, stdout: '', stderr: diagnosticsText(loaded.errors, src.text, err, stderrIsTTY, src.file) };
}

/** The scenario loaded with the cases `o` selects, or the text that refuses it. */
function load({ file, text }: Read, o: CaseOptions, err: Paint, withSource: boolean): { ok: true; value: { readonly valid: ValidScenario; readonly cases: readonly Case[] } } | { ok: false; stderr: string } {
  const mm = o.memoryModel ? { memoryModel: o.memoryModel } : {};
  const l = loadScenario(file, text, { strategies: o.strategies, ...(o.cpus ? { cpus: o.cpus } : {}), ...mm, ...(o.variants ? { variants: o.variants } : {}), imports: readImport });
  if (!l.ok) return { ok: false, stderr: diagnosticsText(l.errors, text, err, withSource, file) };
  if (l.value.cases.length === 0) return { ok: false, stderr: unknownNames(file, l.value.ast, o.strategies, o.variants ?? []).map((u) => err.red(u) + '\n').join('') };
  return { ok: true, value: l.value };
}

function cases(src: Read, o: CaseOptions, err: Paint, withSource: boolean): FileCases {
  const l = load(src, o, err, withSource);
  return l.ok ? { ok: true, name: l.value.valid.ast.name, cases: l.value.cases.map(scenarioCase) } : l;
}

function matrix(src: Read, o: CaseOptions, err: Paint, withSource: boolean): MatrixSource | { readonly stderr: string } {
  const l = load(src, o, err, withSource);
  if (!l.ok) return l;
  const { valid, cases: all } = l.value;
  return { file: src.file, name: valid.ast.name, cases: all.map(scenarioCase), workload: { valid, text: src.text, cases: all } };
}

function check(src: Read, o: CheckOptions, { out, err, stderrIsTTY }: Painted): CheckPlan {
  const said = (item: CheckItem): CheckPlan => ({ items: [item], random: false });
  const mm = o.memoryModel;
  const lines = new LineIndex(src.text);
  const loaded = loadScenario(src.file, src.text, { strategies: o.strategy, variants: o.variant, ...(o.cpus ? { cpus: o.cpus } : {}), ...(mm ? { memoryModel: mm } : {}), imports: readImport });
  if (!loaded.ok) return said({ stdout: '', stderr: diagnosticsText(loaded.errors, src.text, err, stderrIsTTY, src.file), count: 'badFiles' });
  const all = loaded.value.cases;
  if (all.length === 0) {
    // Only when nothing is left: over a folder, --strategy may name one that only some files have.
    const ast = loaded.value.ast;
    const unmatched = unmatchedNote(src.file, o.strategy, strategyNames(ast), o.variant, ast.variants.map((v) => v.name));
    return said({ stdout: '', stderr: unknownNames(src.file, ast, o.strategy, o.variant).map((l) => err.red(l) + '\n').join(''), count: 'badFiles', unmatched });
  }
  const format = formatOf(o);
  const items: CheckItem[] = [];
  if (!o.json && format !== 'svg') items.push(out.bold(`${src.file}: ${loaded.value.ast.name}`) + '\n');
  const widths = [all.reduce((n, c) => Math.max(n, c.variant.length), 0), all.reduce((n, c) => Math.max(n, c.strategy.length), 0)] as const;
  for (const c of all) {
    items.push({
      file: src.file, request: caseRequest(c, o), program: c.program, label: `${c.variant}/${c.strategy}`, lines,
      render: (outcome) => renderCase(src.file, c, outcome, lines, o, out, widths),
    });
  }
  return { items, random: true };
}

export const scenarioFrontEnd: FrontEnd = { validate, cases, matrix, check };
