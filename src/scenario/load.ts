// The front end's entry: text -> the (variant, strategy) Programs of a scenario, or diagnostics.
// A file is valid as a whole or not at all: every case is lowered before any is handed out.
// Pure: the caller reads the file.
import { fail, ok, type Diagnostic, type Result } from '../common/diagnostic.js';
import type { Span } from '../common/span.js';
import { quantifierClaim } from '../machine/final.js';
import type { MemoryModelName, Program } from '../machine/program.js';
import type { ScenarioAst, StrategyAst, VariantAst } from './ast.js';
import { lower, strategyNames } from './lower/lower.js';
import { suggest } from '../common/suggest.js';
import { finishDiagnostics } from './finish-diagnostics.js';
import { OBSERVATION_WORDS, readScenario } from './parse.js';
import { resolveImports, type ImportReader } from './imports.js';
import { caseView, checkVariants, fileNames, overrides } from './variant-view.js';
import { shown } from './yaml-reader.js';

export interface Case {
  readonly variant: string;
  readonly strategy: string;
  readonly program: Program;
  /**
   * The exact set of violation kinds expected (empty: safe), with at most one observation word,
   * sorted; null when none is declared and the final condition claims nothing. A `never` or
   * `forall` condition adds its claim (quantifierClaim) when the declared words name no observation.
   */
  readonly expected: readonly string[] | null;
}

export interface LoadOptions {
  /** Lower only these strategies (all when absent or empty); names the file lacks are skipped. */
  readonly strategies?: readonly string[];
  /** Lower only these variants (all when absent or empty); names the file lacks are skipped. */
  readonly variants?: readonly string[];
  readonly cpus?: number;
  readonly memoryModel?: MemoryModelName;
  /** Reads the files the scenario imports (imports.ts); without it, an import is an error. */
  readonly imports?: ImportReader;
}

/** A valid scenario, with the programs its validation lowered as written (by case key). */
export interface ValidScenario {
  readonly ast: ScenarioAst;
  readonly lowered: ReadonlyMap<string, Program>;
  /** The text of every file read, the scenario's and its imports', by file name. */
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * The whole file checked: read, then every (variant, strategy) lowered as written. Cases that
 * lower alike (strategies with no state and no procedures of their own, variants that override
 * nothing lowering sees) are lowered once: their mistakes are the same.
 */
export function validateScenario(file: string, text: string, imports?: ImportReader): Result<ValidScenario> {
  const read = readScenario(file, text);
  const errors: Diagnostic[] = [...read.errors];
  if (!read.ast) return fail(finishDiagnostics(errors));
  const imported = resolveImports(read.ast, text, imports);
  errors.push(...imported.errors);
  const { ast, sources } = imported;
  // Lower what parsed, so a mistake in one procedure does not hide one in another; but not a
  // tree in which the reader had to guess (a CPU count, a declaration), nor the rest of a body
  // after its first parse error, where every later name would look undefined.
  if (!read.lowerable || !imported.lowerable) return fail(finishDiagnostics(errors));
  const poisoned = poisonTest([...read.poisoned, ...imported.poisoned]);
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
  errors.push(...checkVariants(ast));
  // The workload's figures must name strategies that exist.
  for (const m of ast.workload?.measured ?? []) {
    if (!known.has(m.strategy.name)) errors.push({ span: m.strategy.span, message: `measured figure for unknown strategy ${shown(m.strategy.name)}`, expected: names.join(', ') });
  }
  const byName = new Map(ast.strategies.map((s) => [s.name, s]));
  const alike = lowersAlike(ast);
  const done = new Set<string>();
  const lowered = new Map<string, Program>();
  const wide = fileNames(ast);
  for (const v of ast.variants) {
    for (const strategy of names) {
      const shape = alike(v, byName.get(strategy));
      if (done.has(shape)) continue;
      done.add(shape);
      const r = lower(caseView(ast, v, byName.get(strategy)), text, { variant: v.name, strategy, fileNames: wide, sources });
      if (r.ok) lowered.set(caseKey(v.name, strategy), r.value);
      else errors.push(...r.errors.filter((d) => !poisoned(d.span)));
    }
  }
  if (errors.length > 0) return fail(finishDiagnostics(errors));
  return ok({ ast, lowered, sources });
}

/**
 * The file validated as a whole, then the cases asked for, with the command line's overrides.
 * `valid` lowers more cases later (lowerCases) without validating the file again.
 */
export function loadScenario(file: string, text: string, o: LoadOptions = {}): Result<{ ast: ScenarioAst; cases: Case[]; valid: ValidScenario }> {
  const valid = validateScenario(file, text, o.imports);
  if (!valid.ok) return valid;
  const cases = lowerCases(valid.value, text, o);
  return cases.ok ? ok({ ast: valid.value.ast, cases: cases.value, valid: valid.value }) : cases;
}

/**
 * The cases of a valid scenario asked for by `o`, in file order (variants, then strategies).
 * Lowering again with other CPUs or another memory model can still fail (a program for CPU 2 on
 * a machine of 2).
 */
export function lowerCases(valid: ValidScenario, text: string, o: LoadOptions = {}): Result<Case[]> {
  const { ast } = valid;
  const asked = new Set(o.strategies ?? []);
  const strategies = strategyNames(ast).filter((n) => asked.size === 0 || asked.has(n));
  const askedVariants = new Set(o.variants ?? []);
  const variants = ast.variants.filter((v) => askedVariants.size === 0 || askedVariants.has(v.name));
  const byName = new Map(ast.strategies.map((s) => [s.name, s]));
  const asWritten = o.cpus === undefined && o.memoryModel === undefined;
  const errors: Diagnostic[] = [];
  const cases: Case[] = [];
  const wide = fileNames(ast);
  for (const v of variants) {
    const expect = new Map(v.expect.map((e) => [e.strategy.name, e]));
    for (const strategy of strategies) {
      const known = asWritten ? valid.lowered.get(caseKey(v.name, strategy)) : undefined;
      const r = known ? ok(known) : lower(caseView(ast, v, byName.get(strategy)), text, { variant: v.name, strategy, fileNames: wide, sources: valid.sources, ...(o.cpus ? { cpus: o.cpus } : {}), ...(o.memoryModel ? { memoryModel: o.memoryModel } : {}) });
      if (!r.ok) { errors.push(...r.errors); continue; }
      const e = expect.get(strategy);
      cases.push({ variant: v.name, strategy, program: r.value, expected: expectationOf(e ? e.kinds.map((k) => k.name) : null, r.value) });
    }
  }
  return errors.length > 0 ? fail(finishDiagnostics(errors)) : ok(cases);
}

/** The declared words, with the final condition's claim when they name no observation. */
function expectationOf(declared: readonly string[] | null, p: Program): readonly string[] | null {
  const claim = p.final ? quantifierClaim(p.final.quantifier) : null;
  if (claim === null || declared?.some((w) => OBSERVATION_WORDS.includes(w))) return declared === null ? null : [...declared].sort();
  return [...(declared ?? []), claim].sort();
}

const caseKey = (variant: string, strategy: string): string => `${variant}\0${strategy}`;

/**
 * A key that two cases share when lowering sees the same thing in both: a variant's CPU count,
 * interrupts and final condition (its memory model changes no diagnostic), and a strategy's
 * state and procedures (a strategy with neither is the scenario as written). A variant that
 * changes programs, procedures, state or strategies is a case of its own with every strategy.
 */
function lowersAlike(ast: ScenarioAst): (v: VariantAst, s: StrategyAst | undefined) => string {
  const ids = new Map<object, number>();
  const id = (x: object | null): string => {
    if (x === null) return '-';
    if (!ids.has(x)) ids.set(x, ids.size);
    return String(ids.get(x));
  };
  return (v, s) => {
    const plain = !s || (s.procedures.length === 0 && Object.values(s.state).every((decls: readonly unknown[]) => decls.length === 0));
    if (overrides(v)) return `${id(v)} ${s ? id(s) : '-'}`;
    return `${v.cpus ?? ast.cpus} ${id(v.interrupts ?? ast.interrupts)} ${id(v.final ?? ast.final)} ${plain ? '' : id(s)}`;
  };
}

/** Whether a span starts in one of the ranges of its file. */
function poisonTest(ranges: readonly Span[]): (span: Span) => boolean {
  const files = new Map<string, Span[]>();
  for (const r of ranges) {
    const of = files.get(r.file);
    if (of) of.push(r);
    else files.set(r.file, [r]);
  }
  const tests = new Map([...files].map(([f, rs]) => [f, offsetTest(rs)]));
  return (span) => tests.get(span.file)?.(span.start) ?? false;
}

/** Whether an offset lies in one of the ranges: a binary search over their starts. */
function offsetTest(ranges: readonly Span[]): (offset: number) => boolean {
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
