// Bench driver (previous-release.ts, runDriver): `node litmus-search-driver.js TREE DIR MODELS [EVERY]`
// loads every C litmus test under DIR (or every EVERY-th, in path order) with TREE's own modules
// and explores it in full, as `raceway check` does a .litmus file (no reduction: herd7 counts
// every final state), under each memory model of MODELS (e.g. sc,tso), in this one process.
// Prints one JSON line: the milliseconds of loading and of searching, summed over the files, the
// slowest single search, and a digest of every result (states and final states), which must be
// the same in both trees. Uses only APIs the previous release has.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { exhaustiveExplorer as ExhaustiveExplorer } from '../explore/exhaustive.js';
import type { loadLitmus as LoadLitmus } from '../litmus/load.js';
import { importFromTree } from './previous-release.js';

/** The .litmus files under `d` in path order, not following symbolic links (a collection links folders into each other). */
export function litmusFilesUnder(d: string): string[] {
  return readdirSync(d).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).flatMap((n) => {
    const f = join(d, n);
    const st = lstatSync(f);
    return st.isDirectory() ? litmusFilesUnder(f) : st.isFile() && n.endsWith('.litmus') ? [f] : [];
  });
}

export interface LitmusSearchFigures {
  readonly files: number;
  /** Tests explored under every model (the others are unsupported or not C). */
  readonly searched: number;
  readonly loadMs: number;
  readonly searchMs: number;
  readonly slowestMs: number;
  readonly slowest: string;
  readonly digest: string;
}

async function main(): Promise<void> {
  const [root, dir, models, every] = process.argv.slice(2);
  if (!root || !dir || !models) throw new Error('usage: litmus-search-driver.js TREE DIR MODELS [EVERY]');
  const { loadLitmus } = await importFromTree<{ loadLitmus: typeof LoadLitmus }>(root, 'src/litmus/load.js');
  const { exhaustiveExplorer } = await importFromTree<{ exhaustiveExplorer: typeof ExhaustiveExplorer }>(root, 'src/explore/exhaustive.js');
  const full = exhaustiveExplorer({ reduction: false });
  const files = litmusFilesUnder(dir).filter((_, i) => i % Number(every ?? 1) === 0);
  let loadMs = 0, searchMs = 0, slowestMs = 0, slowest = '', searched = 0;
  let digest = 0;
  for (const file of files) {
    const name = relative(dir, file);
    const text = readFileSync(file, 'utf8');
    let all = true;
    for (const memoryModel of models.split(',') as ('sc' | 'tso')[]) {
      const t0 = performance.now();
      const l = loadLitmus(name, text, { memoryModel });
      const t1 = performance.now();
      loadMs += t1 - t0;
      if (l.kind !== 'ok') { all = false; continue; }
      const o = full.explore(l.value.program, { maxStates: 2_000_000, now: () => performance.now(), deadlineMs: t1 + 60_000, seed: 0 });
      const ms = performance.now() - t1;
      searchMs += ms;
      if (ms > slowestMs) { slowestMs = ms; slowest = `${name} ${memoryModel}`; }
      // The same results in both trees: states and final states of every search, folded.
      for (const x of [o.stats.states, o.finals?.states.length ?? -1, o.findings.length, o.verdict.length]) digest = (Math.imul(digest, 31) + x) >>> 0;
    }
    if (all) searched++;
  }
  const r: LitmusSearchFigures = { files: files.length, searched, loadMs, searchMs, slowestMs, slowest, digest: digest.toString(16) };
  process.stdout.write(JSON.stringify(r) + '\n');
}

if (process.argv[1]?.endsWith('litmus-search-driver.js')) await main();
