// The front end's entry: text -> every (variant, strategy) Program of a scenario, or diagnostics.
// Pure: the caller reads the file.
import { fail, ok, type Diagnostic, type Result } from '../common/diagnostic.js';
import type { Program } from '../machine/program.js';
import type { ScenarioAst } from './ast.js';
import { lower, strategyNames } from './lower/lower.js';
import { parseScenario } from './parse.js';

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
  const parsed = parseScenario(file, text);
  if (!parsed.ok) return parsed;
  const ast = parsed.value;
  const errors: Diagnostic[] = [];
  const names = strategyNames(ast);
  // Expectations must name strategies that exist.
  for (const v of ast.variants) {
    for (const e of v.expect) {
      if (!names.includes(e.strategy.name)) {
        errors.push({ span: e.strategy.span, message: `expectation for unknown strategy '${e.strategy.name}'`, expected: names.join(', ') });
      }
    }
  }
  // The workload's figures must name strategies that exist.
  for (const m of ast.workload?.measured ?? []) {
    if (!names.includes(m.strategy.name)) errors.push({ span: m.strategy.span, message: `measured figure for unknown strategy '${m.strategy.name}'`, expected: names.join(', ') });
  }
  const wanted = o.strategies && o.strategies.length > 0 ? names.filter((n) => o.strategies!.includes(n)) : names;
  const cases: Case[] = [];
  const seen = new Set<string>();
  for (const v of ast.variants) {
    for (const strategy of wanted) {
      const r = lower(ast, text, { variant: v.name, strategy, ...(o.cpus ? { cpus: o.cpus } : {}), ...(o.memoryModel ? { memoryModel: o.memoryModel } : {}) });
      if (!r.ok) {
        // The same mistake shows up once per strategy: report it once.
        for (const d of r.errors) {
          const key = `${d.span.start}:${d.span.end}:${d.message}`;
          if (!seen.has(key)) { seen.add(key); errors.push(d); }
        }
        continue;
      }
      const e = v.expect.find((x) => x.strategy.name === strategy);
      cases.push({ variant: v.name, strategy, program: r.value, expected: e ? e.kinds.map((k) => k.name).sort() : null });
    }
  }
  if (errors.length > 0) return fail(errors);
  return ok({ ast, cases });
}
