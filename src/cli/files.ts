// Turns the paths on the command line into a sorted list of scenario files. Folders are searched
// recursively; order is by code unit (not locale), so batch output is the same on every machine.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from './io.js';

export const SCENARIO_EXTENSIONS = ['.yaml', '.yml'];

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function collectFiles(paths: readonly string[], extensions: readonly string[] = SCENARIO_EXTENSIONS): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 32) return;
    let names: string[];
    try {
      names = readdirSync(dir).sort(byCodeUnit);
    } catch (e) {
      throw new UserError(`${dir}: cannot read folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    for (const n of names) {
      if (n.startsWith('.') || n === 'node_modules') continue;
      const full = join(dir, n);
      let st;
      try { st = statSync(full); } catch { continue; }
      if (st.isDirectory()) walk(full, depth + 1);
      else if (extensions.some((x) => n.endsWith(x))) out.push(full);
    }
  };
  for (const p of paths) {
    if (p === '-') { out.push('-'); continue; }
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      throw new UserError(`${p}: no such file or folder${(e as NodeJS.ErrnoException).code === 'EACCES' ? ' (permission denied)' : ''}`);
    }
    if (st.isDirectory()) {
      const before = out.length;
      walk(p, 0);
      if (out.length === before) throw new UserError(`${p}: no scenario files (${extensions.join(', ')}) in this folder`);
    } else out.push(p);
  }
  return out;
}
