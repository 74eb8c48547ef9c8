// The scenario as one (variant, strategy) case sees it: the variant's programs, procedures, state
// and strategy changes merged over the scenario's, so a family of scenarios that differ in their
// programs (a third CPU, another list, a second writer) is one file with its strategies written
// once. Lowering sees only the merged view. Pure.
import type { Diagnostic } from '../common/diagnostic.js';
import { suggest } from '../common/suggest.js';
import type { Named, ProgramAst, ScenarioAst, StateAst, StrategyAst, VariantAst } from './ast.js';
import { calledNames } from './lower/called-names.js';
import { shown } from './shown.js';

/** What a variant that changes nothing beyond CPUs, interrupts and its final condition carries. */
export const NO_CHANGES: Pick<VariantAst, 'programs' | 'procedures' | 'state' | 'strategies'> = {
  programs: [], procedures: [], state: { cells: [], arrays: [], objects: [], locks: [] }, strategies: [],
};

/**
 * The case's scenario: its variant only, and its strategy (merged with the variant's changes to
 * it) only. Lowering looks both up by name, which over every case of a file with thousands of
 * strategies would be quadratic; nothing in lowering depends on the other variants and strategies
 * except the hook check, which gets the whole file's names from fileNames.
 */
export function caseView(ast: ScenarioAst, v: VariantAst, s: StrategyAst | undefined): ScenarioAst {
  const change = s ? v.strategies.find((x) => x.name === s.name) : undefined;
  const strategy = s && change ? mergeStrategy(s, change) : s;
  if (!overrides(v)) return { ...ast, variants: [v], strategies: strategy ? [strategy] : [] };
  return {
    ...ast,
    state: mergeState(ast.state, v.state),
    procedures: byName(ast.procedures, v.procedures),
    programs: mergePrograms(ast.programs, v.programs),
    variants: [v],
    strategies: strategy ? [strategy] : [],
  };
}

/** Whether a variant changes anything beyond CPUs, interrupts, memory model and final condition. */
export function overrides(v: VariantAst): boolean {
  const st = v.state;
  return v.programs.length + v.procedures.length + v.strategies.length + st.cells.length + st.arrays.length + st.objects.length + st.locks.length + (st.pools?.length ?? 0) > 0;
}

/**
 * The names a strategy's procedure may replace or be called by in some case of the file: a hook
 * that only one variant declares or calls is not misspelt because another variant lacks it.
 */
export interface FileNames {
  readonly declared: ReadonlySet<string>;
  readonly called: ReadonlySet<string>;
}

export function fileNames(ast: ScenarioAst): FileNames {
  const declared = new Set([...ast.procedures, ...ast.variants.flatMap((v) => v.procedures)].map((p) => p.name));
  const called = calledNames([
    ...ast.variants.flatMap((v) => [...v.procedures, ...v.programs, ...v.strategies.flatMap((s) => s.procedures)].map((p) => p.body)),
    ...ast.variants.flatMap((v) => (v.interrupts ?? []).map((i) => i.body)),
  ]);
  return { declared, called };
}

/**
 * Mistakes in what variants change: a strategy the scenario lacks (a variant cannot add one: the
 * file's strategies are the columns of its matrix), and a procedure whose parameters differ from
 * the one it replaces.
 */
export function checkVariants(ast: ScenarioAst): Diagnostic[] {
  const errors: Diagnostic[] = [];
  const strategies = ast.strategies.map((s) => s.name);
  const procedures = new Map(ast.procedures.map((p) => [p.name, p]));
  for (const v of ast.variants) {
    for (const s of v.strategies) {
      if (strategies.includes(s.name)) continue;
      const hint = suggest(s.name, strategies);
      errors.push({ span: s.span, message: `variant ${shown(v.name)} changes strategy ${shown(s.name)}, which the scenario does not define`, expected: strategies.length > 0 ? strategies.join(', ') : "a strategy under the scenario's 'strategies'", ...(hint ? { hint: `did you mean '${hint}'?` } : {}) });
    }
    for (const p of v.procedures) {
      const base = procedures.get(p.name);
      if (base && !base.broken && !p.broken && base.params.length !== p.params.length) {
        errors.push({ span: p.span, message: `variant ${shown(v.name)} gives '${p.name}' ${p.params.length} parameter${p.params.length === 1 ? '' : 's'}, the scenario ${base.params.length}`, expected: `${p.name}(${base.params.map((q) => q.name).join(', ')})` });
      }
    }
  }
  return errors;
}

function mergeStrategy(s: StrategyAst, change: StrategyAst): StrategyAst {
  return { ...s, description: change.description || s.description, state: mergeState(s.state, change.state), procedures: byName(s.procedures, change.procedures) };
}

/** The base's items, each replaced in place by the change of its name, then the new ones. */
function byName<T extends Named>(base: readonly T[], change: readonly T[]): T[] {
  const by = new Map(change.map((c) => [c.name, c]));
  const kept = base.map((b) => by.get(b.name) ?? b);
  const had = new Set(base.map((b) => b.name));
  return [...kept, ...change.filter((c) => !had.has(c.name))];
}

/**
 * A declaration in the change replaces the base's of the same name whatever their kinds (a cell
 * may become an object), so each name is declared once.
 */
function mergeState(base: StateAst, change: StateAst): StateAst {
  const names = new Set([...change.cells, ...change.arrays, ...change.objects, ...change.locks, ...(change.pools ?? [])].map((d) => d.name));
  if (names.size === 0) return base;
  const keep = <T extends Named>(ds: readonly T[]): T[] => ds.filter((d) => !names.has(d.name));
  return {
    cells: [...keep(base.cells), ...change.cells],
    arrays: [...keep(base.arrays), ...change.arrays],
    objects: [...keep(base.objects), ...change.objects],
    locks: [...keep(base.locks), ...change.locks],
    pools: [...keep(base.pools ?? []), ...(change.pools ?? [])],
  };
}

function mergePrograms(base: readonly ProgramAst[], change: readonly ProgramAst[]): ProgramAst[] {
  const named = new Set(change.map((p) => p.cpu));
  return [...base.filter((p) => !named.has(p.cpu)), ...change];
}
