// A scenario's `imports:`: files of shared procedures and strategies, each a path relative to the
// file that imports it, read through a reader the caller supplies (the CLI reads files; the core
// never touches the file system). Pure: the reader comes in.
import type { Diagnostic } from '../common/diagnostic.js';
import type { Span } from '../common/span.js';
import type { Named, ProcedureAst, ScenarioAst, StrategyAst } from './ast.js';
import { readImports, readProcedures, readStrategies } from './parse.js';
import { readYaml } from './yaml-document.js';
import { shown, YamlReader } from './yaml-reader.js';

/** The text of one imported file by its path (as importPath made it), or why it cannot be read. */
export type ImportReader = (file: string) => { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

/** The scenario with its imports' definitions, the text of every file read, and their mistakes. */
export interface Imported {
  readonly ast: ScenarioAst;
  /** Every file's text by its name, the scenario's own included. */
  readonly sources: ReadonlyMap<string, string>;
  readonly errors: readonly Diagnostic[];
  /** False when an imported file made its reader guess (as ReadScenario.lowerable). */
  readonly lowerable: boolean;
  readonly poisoned: readonly Span[];
}

/** What an imported file may hold: shared definitions, not a machine of its own. */
const LIBRARY_KEYS = ['description', 'imports', 'procedures', 'strategies'];
/** Files one scenario may import in all, directly or not: a bound on reads, not a style rule. */
export const MAX_IMPORTED_FILES = 64;

/** `rel` read from the folder of `from`, with `.` and `..` folded: POSIX paths, as the CLI gives. */
export function importPath(from: string, rel: string): string {
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
  const out: string[] = [];
  for (const part of [...(dir ? dir.split('/') : []), ...rel.split('/')]) {
    if (part === '.' || part === '') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return (from.startsWith('/') ? '/' : '') + out.join('/');
}

/**
 * The scenario's own procedures replace imported ones of the same name (as a strategy's replace
 * the scenario's); a name two imported files define, or a strategy defined both here and in an
 * import, is a mistake: which one counts would be a guess. A file imported twice (a diamond) is
 * read once; a cycle is one error at the import that closes it.
 */
export function resolveImports(ast: ScenarioAst, text: string, read: ImportReader | undefined): Imported {
  const sources = new Map<string, string>([[ast.file, text]]);
  if (ast.imports.length === 0) return { ast, sources, errors: [], lowerable: true, poisoned: [] };
  const errors: Diagnostic[] = [];
  const poisoned: Span[] = [];
  let lowerable = true;
  const procedures = new Map<string, ProcedureAst>();
  const strategies = new Map<string, StrategyAst>();
  const visit = (file: string, imports: readonly Named[], chain: readonly string[]): void => {
    for (const imp of imports) {
      const err = (message: string, expected: string): void => { errors.push({ span: imp.span, message, expected }); lowerable = false; };
      if (!/\.ya?ml$/.test(imp.name)) { err(`cannot import ${shown(imp.name)}: not a .yaml or .yml file`, 'a scenario file of shared procedures and strategies'); continue; }
      if (/^([A-Za-z]:)?[\\/]/.test(imp.name) || imp.name.includes('\\')) { err(`cannot import ${shown(imp.name)}: not a relative path`, 'a path relative to the importing file, with /'); continue; }
      const target = importPath(file, imp.name);
      if (chain.includes(target)) { err(`import cycle: ${[...chain, target].join(' -> ')}`, 'imports that do not lead back to the importing file'); continue; }
      if (sources.has(target)) continue;
      if (read === undefined) { err(`cannot import ${shown(imp.name)}: the scenario is not read from a file`, 'a scenario file given by its path'); continue; }
      if (sources.size > MAX_IMPORTED_FILES) { err(`more than ${MAX_IMPORTED_FILES} imported files`, `at most ${MAX_IMPORTED_FILES}`); return; }
      const got = read(target);
      if (!got.ok) { err(`cannot import ${shown(imp.name)}: ${got.message}`, 'a readable scenario file'); continue; }
      sources.set(target, got.text);
      const lib = readLibrary(target, got.text);
      errors.push(...lib.errors);
      poisoned.push(...lib.poisoned);
      if (!lib.lowerable) lowerable = false;
      visit(target, lib.imports, [...chain, target]);
      for (const p of lib.procedures) {
        const before = procedures.get(p.name);
        if (before) errors.push({ span: p.span, message: `procedure '${p.name}' is imported twice, also from ${before.span.file}`, expected: 'each shared procedure in one imported file' });
        else procedures.set(p.name, p);
      }
      for (const s of lib.strategies) {
        const before = strategies.get(s.name);
        if (before) errors.push({ span: s.span, message: `strategy ${shown(s.name)} is imported twice, also from ${before.span.file}`, expected: 'each shared strategy in one imported file' });
        else strategies.set(s.name, s);
      }
    }
  };
  visit(ast.file, ast.imports, [ast.file]);
  for (const s of ast.strategies) {
    const before = strategies.get(s.name);
    if (before) errors.push({ span: s.span, message: `strategy ${shown(s.name)} is also imported from ${before.span.file}`, expected: 'a strategy name of its own' });
  }
  const own = new Set(ast.procedures.map((p) => p.name));
  const merged: ScenarioAst = {
    ...ast,
    procedures: [...[...procedures.values()].filter((p) => !own.has(p.name)), ...ast.procedures],
    strategies: [...[...strategies.values()].filter((s) => !ast.strategies.some((x) => x.name === s.name)), ...ast.strategies],
  };
  return { ast: merged, sources, errors, lowerable, poisoned };
}

interface Library {
  readonly imports: readonly Named[];
  readonly procedures: readonly ProcedureAst[];
  readonly strategies: readonly StrategyAst[];
  readonly errors: readonly Diagnostic[];
  readonly lowerable: boolean;
  readonly poisoned: readonly Span[];
}

function readLibrary(file: string, text: string): Library {
  const none = (errors: readonly Diagnostic[]): Library => ({ imports: [], procedures: [], strategies: [], errors, lowerable: false, poisoned: [] });
  const doc = readYaml(file, text);
  if (!doc.ok) return none(doc.errors);
  const r = new YamlReader(file, text);
  r.errors.push(...doc.duplicates);
  const top = r.map(doc.root, 'a file of shared definitions', LIBRARY_KEYS);
  if (!top) return none(r.errors);
  const v = (k: string): unknown => top.get(k)?.value ?? undefined;
  if (v('description') !== undefined) r.string(v('description'), "'description'");
  return {
    imports: readImports(r, v('imports')),
    procedures: readProcedures(r, v('procedures')),
    strategies: readStrategies(r, v('strategies')),
    errors: r.errors,
    lowerable: !r.blocking && doc.duplicates.length === 0,
    poisoned: r.poisoned,
  };
}
