// The front end's entry: text -> every (variant, strategy) Program of a scenario, or diagnostics.
// Pure: the caller reads the file.
import { fail, ok, type Diagnostic, type Result } from '../common/diagnostic.js';
import type { Span } from '../common/span.js';
import type { Program } from '../machine/program.js';
import type { ScenarioAst, StrategyAst, VariantAst } from './ast.js';
import { lower, strategyNames } from './lower/lower.js';
import { suggest } from '../common/suggest.js';
import { finishDiagnostics } from './finish-diagnostics.js';
import { readScenario } from './parse.js';
import { shown } from './yaml-reader.js';

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
  const poisoned = poisonTest(read.poisoned);
  const names = strategyNames(ast);
  const known = new Set(names);
  // Expectations must name strategies that exist.
  for (const v of ast.variants) {
    for (const e of v.expect) {
      if (!known.has(e.strategy.name)) {
        const s = suggest(e.strategy.name, names);
        errors.push({ span: e.strategy.span, message: `expectation for unknown strategy ${shown(e.strategy.name)}`, expected: names.join(', '), ...(s ? { hint: `did you mean '${s}'?` } : {}) });
      }
    }
  }
  // The workload's figures must name strategies that exist.
  for (const m of ast.workload?.measured ?? []) {
    if (!known.has(m.strategy.name)) errors.push({ span: m.strategy.span, message: `measured figure for unknown strategy ${shown(m.strategy.name)}`, expected: names.join(', ') });
  }
  const asked = new Set(o.strategies ?? []);
  const wanted = asked.size > 0 ? names.filter((n) => asked.has(n)) : names;
  const byName = new Map(ast.strategies.map((s) => [s.name, s]));
  const cases: Case[] = [];
  for (const v of ast.variants) {
    const expect = new Map(v.expect.map((e) => [e.strategy.name, e]));
    for (const strategy of wanted) {
      const r = lower(caseView(ast, v, byName.get(strategy)), text, { variant: v.name, strategy, ...(o.cpus ? { cpus: o.cpus } : {}), ...(o.memoryModel ? { memoryModel: o.memoryModel } : {}) });
      if (!r.ok) {
        errors.push(...r.errors.filter((d) => !poisoned(d.span.start)));
        continue;
      }
      const e = expect.get(strategy);
      cases.push({ variant: v.name, strategy, program: r.value, expected: e ? e.kinds.map((k) => k.name).sort() : null });
    }
  }
  if (errors.length > 0) return fail(finishDiagnostics(errors));
  return ok({ ast, cases });
}

/**
 * The scenario as one case sees it: its variant and its strategy only. Lowering looks both up by
 * name, which over every case of a file with thousands of strategies is quadratic; nothing else
 * in lowering depends on the other variants and strategies.
 */
function caseView(ast: ScenarioAst, v: VariantAst, s: StrategyAst | undefined): ScenarioAst {
  return { ...ast, variants: [v], strategies: s ? [s] : [] };
}

/** Whether an offset lies in one of the ranges: a binary search over their starts. */
function poisonTest(ranges: readonly Span[]): (offset: number) => boolean {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  // reach[i]: the furthest end among the first i + 1 ranges, so overlaps cannot hide one.
  const reach: number[] = [];
  for (const r of sorted) reach.push(Math.max(r.end, reach[reach.length - 1] ?? -Infinity));
  return (offset) => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.start <= offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && reach[hi]! >= offset;
  };
}
