// Turns the paths on the command line into a sorted list of scenario files. Folders are searched
// recursively; order is by code unit (not locale), so batch output is the same on every machine.
// A path that cannot be used is one error line in its place, and the others are still listed.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from './io.js';

export const SCENARIO_EXTENSIONS = ['.yaml', '.yml'];

/** Deeper than any real tree of scenarios; past it a folder is reported, not searched. */
export const MAX_FOLDER_DEPTH = 32;

/** A file to read, or a path that cannot be used, as its `path: error: ...` line. */
export type PathEntry = { readonly file: string } | { readonly error: string };

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const codeOf = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? 'error';

function missing(path: string, e: unknown): string {
  const code = codeOf(e);
  return code === 'ENOENT' || code === 'ENOTDIR' ? `${path}: error: no such file or folder` : `${path}: error: cannot read (${code})`;
}

/**
 * Every file and every unusable path, in the order given, folders expanded. A folder is searched
 * once per path argument, by its real path: a symbolic link back to a folder already searched
 * (`ln -s . loop`) is skipped, so a loop neither hangs nor lists a file twice.
 */
export function collectPaths(paths: readonly string[], extensions: readonly string[] = SCENARIO_EXTENSIONS): PathEntry[] {
  // Standard input can be read once: a second '-' would be checked as an empty file.
  if (paths.filter((p) => p === '-').length > 1) throw new UserError("'-' is given twice, and standard input can be read only once (expected '-' at most once)");
  const out: PathEntry[] = [];
  const walk = (dir: string, depth: number, searched: Set<string>): void => {
    if (depth > MAX_FOLDER_DEPTH) {
      out.push({ error: `${dir}: error: folders nested more than ${MAX_FOLDER_DEPTH} deep (expected a shallower tree)` });
      return;
    }
    let names: string[];
    try {
      const real = realpathSync(dir);
      if (searched.has(real)) return;
      searched.add(real);
      names = readdirSync(dir).sort(byCodeUnit);
    } catch (e) {
      out.push({ error: `${dir}: error: cannot read folder (${codeOf(e)})` });
      return;
    }
    for (const n of names) {
      if (n.startsWith('.') || n === 'node_modules') continue;
      const full = join(dir, n);
      const wanted = extensions.some((x) => n.endsWith(x));
      let st;
      try {
        st = statSync(full);
      } catch (e) {
        // A dangling link named like a scenario is worth a line; any other is not ours.
        if (wanted) out.push({ error: missing(full, e) });
        continue;
      }
      if (st.isDirectory()) walk(full, depth + 1, searched);
      else if (wanted) out.push({ file: full });
    }
  };
  for (const p of paths) {
    if (p === '-') { out.push({ file: '-' }); continue; }
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      out.push({ error: missing(p, e) });
      continue;
    }
    if (!st.isDirectory()) { out.push({ file: p }); continue; }
    const before = out.length;
    walk(p, 0, new Set());
    if (out.length === before) out.push({ error: `${p}: error: no scenario files (${extensions.join(', ')}) in this folder` });
  }
  return out;
}

/** The files only, for callers with no batch to carry on with (bench): the first bad path throws. */
export function collectFiles(paths: readonly string[], extensions: readonly string[] = SCENARIO_EXTENSIONS): string[] {
  return collectPaths(paths, extensions).map((e) => {
    if ('error' in e) throw new UserError(e.error);
    return e.file;
  });
}
