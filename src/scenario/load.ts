// The front end's entry: text -> every (variant, strategy) Program of a scenario, or diagnostics.
// Pure: the caller reads the file.
import { fail, ok, type Diagnostic, type Result } from '../common/diagnostic.js';
import type { Program } from '../machine/program.js';
import type { ScenarioAst } from './ast.js';
import { lower, strategyNames } from './lower/lower.js';
import { suggest } from '../common/suggest.js';
import { finishDiagnostics } from './finish-diagnostics.js';
import { readScenario } from './parse.js';

export interface Case {
  readonly variant: string;
  readonly strategy: string;
  readonly program: Program;
  /** The exact set of violation kinds expected (empty: safe), or null when none is declared. */
  readonly expected: readonly string[] | null;
}

export interface LoadOptions {
  readonly strategies?: readonly string[];
  readonly cpus?: number;
  readonly memoryModel?: 'sc' | 'tso';
}

export function loadScenario(file: string, text: string, o: LoadOptions = {}): Result<{ ast: ScenarioAst; cases: Case[] }> {
  const read = readScenario(file, text);
  const errors: Diagnostic[] = [...read.errors];
  const ast = read.ast;
  // Lower what parsed, so a mistake in one procedure does not hide one in another; but not a
  // tree in which the reader had to guess (a CPU count, a declaration), nor the rest of a body
  // after its first parse error, where every later name would look undefined.
  if (!ast || !read.lowerable) return fail(finishDiagnostics(errors));
  const poisoned = (d: Diagnostic): boolean => read.poisoned.some((p) => d.span.start >= p.start && d.span.start <= p.end);
  const names = strategyNames(ast);
  // Expectations must name strategies that exist.
  for (const v of ast.variants) {
    for (const e of v.expect) {
      if (!names.includes(e.strategy.name)) {
        const s = suggest(e.strategy.name, names);
        errors.push({ span: e.strategy.span, message: `expectation for unknown strategy '${e.strategy.name}'`, expected: names.join(', '), ...(s ? { hint: `did you mean '${s}'?` } : {}) });
      }
    }
  }
  // The workload's figures must name strategies that exist.
  for (const m of ast.workload?.measured ?? []) {
    if (!names.includes(m.strategy.name)) errors.push({ span: m.strategy.span, message: `measured figure for unknown strategy '${m.strategy.name}'`, expected: names.join(', ') });
  }
  const wanted = o.strategies && o.strategies.length > 0 ? names.filter((n) => o.strategies!.includes(n)) : names;
  const cases: Case[] = [];
  for (const v of ast.variants) {
    for (const strategy of wanted) {
      const r = lower(ast, text, { variant: v.name, strategy, ...(o.cpus ? { cpus: o.cpus } : {}), ...(o.memoryModel ? { memoryModel: o.memoryModel } : {}) });
      if (!r.ok) {
        errors.push(...r.errors.filter((d) => !poisoned(d)));
        continue;
      }
      const e = v.expect.find((x) => x.strategy.name === strategy);
      cases.push({ variant: v.name, strategy, program: r.value, expected: e ? e.kinds.map((k) => k.name).sort() : null });
    }
  }
  if (errors.length > 0) return fail(finishDiagnostics(errors));
  return ok({ ast, cases });
}
