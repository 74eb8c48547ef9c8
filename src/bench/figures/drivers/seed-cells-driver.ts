// Bench driver (previous-release.ts, runDriver): `node seed-cells-driver.js TREE [ONLY]` searches the
// cells of reduction-figures.ts (the seed race scaled to 3 CPUs with an IRQ or an NMI on every CPU,
// every strategy; ONLY keeps the cells whose name contains it) with TREE's own explorer, once
// unreduced and once reduced each, in this one process, and prints one JSON line: per cell the
// stored states, the bytes the store took and the CPU milliseconds of each search. Several figures
// read one run (seed-cells.ts). Uses only APIs the previous release has too.
// A search whose first run takes under WARM_UP_BELOW_MS is run once more and the second run is
// timed: the first runs of a program are slower until V8 has optimised for it (bench.ts), which
// is most of a small search; a long search pays that once within its run.
import { performance } from 'node:perf_hooks';
import type { exhaustiveExplorer as ExhaustiveExplorer } from '../../../explore/exhaustive.js';
import type { Outcome } from '../../../explore/explorer.js';
import type { Program } from '../../../machine/program.js';
import type { loadScenario as LoadScenario } from '../../../scenario/load.js';
import { importFromTree } from '../../previous-release.js';
import { reductionCells, type ReductionLib } from '../../reduction-figures.js';
import type { scaleScenario as ScaleScenario } from '../../scale.js';
import { verdictLabel } from '../../verdict-label.js';

/** One search of one cell. */
export interface SearchFigures {
  readonly states: number;
  /** What the store took, as the explorer counts it (stats.bytes). */
  readonly bytes: number;
  /** CPU milliseconds of the process during the search (the collector's threads too). */
  readonly cpuMs: number;
  readonly verdict: string;
}

export interface SeedCell {
  readonly case: string;
  readonly off: SearchFigures;
  readonly on: SearchFigures;
}

export interface SeedCellsRun { readonly cells: readonly SeedCell[] }

const MAX_STATES = 3_000_000;
const WARM_UP_BELOW_MS = 300;

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function search(lib: ReductionLib, p: Program, reduction: boolean): SearchFigures {
  const once = (): { o: Outcome; ms: number } => {
    const t = cpuMs();
    const o = lib.exhaustiveExplorer({ reduction }).explore(p, { maxStates: MAX_STATES, now: () => performance.now(), seed: 0 });
    return { o, ms: cpuMs() - t };
  };
  let r = once();
  if (r.ms < WARM_UP_BELOW_MS) r = once();
  return { states: r.o.stats.states, bytes: r.o.stats.bytes ?? 0, cpuMs: r.ms, verdict: verdictLabel(r.o) };
}

async function main(): Promise<void> {
  const [root, only] = process.argv.slice(2);
  if (!root) throw new Error('usage: seed-cells-driver.js TREE [ONLY]');
  const lib: ReductionLib = {
    exhaustiveExplorer: (await importFromTree<{ exhaustiveExplorer: typeof ExhaustiveExplorer }>(root, 'src/explore/exhaustive.js')).exhaustiveExplorer,
    loadScenario: (await importFromTree<{ loadScenario: typeof LoadScenario }>(root, 'src/scenario/load.js')).loadScenario,
    scaleScenario: (await importFromTree<{ scaleScenario: typeof ScaleScenario }>(root, 'src/bench/scale.js')).scaleScenario,
  };
  const cells = reductionCells(only || undefined, lib).map(({ name, p }) => ({ case: name, off: search(lib, p, false), on: search(lib, p, true) }));
  const r: SeedCellsRun = { cells };
  process.stdout.write(JSON.stringify(r) + '\n');
}

if (process.argv[1]?.endsWith('seed-cells-driver.js')) await main();
