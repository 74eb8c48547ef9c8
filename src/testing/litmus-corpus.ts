// Test and script support: the kernel's litmus tests (test/fixtures/linux-litmus, GPL-2.0 data,
// see its SOURCE.md and LICENSE.md), each loaded and explored under a memory model. Used by the corpus tests
// and `npm run litmus-table`; the core never imports it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { exhaustive } from '../explore/exhaustive.js';
import type { Outcome } from '../explore/explorer.js';
import { loadLitmus, type LitmusLoad } from '../litmus/load.js';
import { judgeLitmus, type LitmusVerdict } from '../litmus/verdict.js';
import type { MemoryModelName } from '../machine/program.js';
import { repoRoot } from './repo-root.js';

export const LITMUS_DIR = resolve(repoRoot, 'test/fixtures/linux-litmus');

export function litmusFiles(dir = LITMUS_DIR): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const f = join(d, n);
      if (statSync(f).isDirectory()) walk(f);
      else if (n.endsWith('.litmus')) out.push(f);
    }
  };
  try { walk(dir); } catch { return []; }
  return out;
}

export interface CorpusRow {
  readonly file: string; // relative to the corpus folder
  readonly load: LitmusLoad;
  readonly outcome: Outcome | null;
  readonly verdict: LitmusVerdict | null;
}

export function runLitmus(file: string, memoryModel: MemoryModelName, dir = LITMUS_DIR): CorpusRow {
  const load = loadLitmus(relative(dir, file), readFileSync(file, 'utf8'), { memoryModel });
  if (load.kind !== 'ok') return { file: relative(dir, file), load, outcome: null, verdict: null };
  let t = 0;
  const outcome = exhaustive.explore(load.value.program, { maxStates: 1_000_000, now: () => t++, seed: 0 });
  const f = load.value.program.final!;
  // Under the LKMM the kernel's Result is judged exactly: it is that model's answer.
  return { file: relative(dir, file), load, outcome, verdict: judgeLitmus(outcome, f.quantifier, load.value.filter, f.observe, load.value.expectation, memoryModel === 'lkmm') };
}
