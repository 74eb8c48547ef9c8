// Bench driver (previous-release.ts, runDriver): `node seed-cells-driver.js TREE [ONLY]` searches the
// cells of reduction-figures.ts (the seed race scaled to 3 CPUs with an IRQ or an NMI on every CPU,
// every strategy; ONLY keeps the cells whose name contains it) with TREE's own explorer, once
// unreduced and once reduced each, in this one process, and prints one JSON line: per cell the
// stored states, the bytes the store took and the CPU milliseconds of each search. Several figures
// read one run (seed-cells.ts). Uses only APIs the previous release has too.
// A search whose first run takes under WARM_UP_BELOW_MS is warmed up as bench.ts warms its cases
// (untimed runs until WARM_UP_MS have gone into it, at most WARM_UP_RUNS), then timed TIMED_RUNS
// times, and the median is its time: the first runs of a program are slower until V8 has
// optimised for it, which is most of a small search, while a long search pays that once within
// its run. One warm-up run was not enough: key-race-nmi/none's reduced search (1,220 states) took
// 145, 86, 66, 22, 11, 27, 16, 13 ms in its first runs in a row and 9 to 20 ms after, so the
// ratio of two second runs compared V8's warm-up, not the searches. The bound is bench.ts's, a
// second: with 300 ms, key-race-irq/hazptr-key's reduced search (about 100 ms warm) was timed cold
// whenever its first run passed 300 ms on a loaded machine (320 to 360 ms), and warm otherwise, so
// the cell's ratio jumped between 0.19 and 0.67 from run to run.
import { performance } from 'node:perf_hooks';
import type { exhaustiveExplorer as ExhaustiveExplorer } from '../../../explore/exhaustive.js';
import type { Outcome } from '../../../explore/explorer.js';
import type { Program } from '../../../machine/program.js';
import type { loadScenario as LoadScenario } from '../../../scenario/load.js';
import { median } from '../../median.js';
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
const WARM_UP_BELOW_MS = 1_000;
const WARM_UP_MS = 300;
const WARM_UP_RUNS = 5;
const TIMED_RUNS = 3;
const PROCESS_WARM_UP_MS = 1_000;

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const figuresOf = (o: Outcome, ms: number): SearchFigures => ({ states: o.stats.states, bytes: o.stats.bytes ?? 0, cpuMs: ms, verdict: verdictLabel(o) });

/** One search of `p`, and the CPU milliseconds it took. */
function once(lib: ReductionLib, p: Program, reduction: boolean): { o: Outcome; ms: number } {
  const t = cpuMs();
  const o = lib.exhaustiveExplorer({ reduction }).explore(p, { maxStates: MAX_STATES, now: () => performance.now(), seed: 0 });
  return { o, ms: cpuMs() - t };
}

function search(lib: ReductionLib, p: Program, reduction: boolean): SearchFigures {
  let r = once(lib, p, reduction);
  if (r.ms >= WARM_UP_BELOW_MS) return figuresOf(r.o, r.ms);
  for (let spent = r.ms, n = 1; spent < WARM_UP_MS && n < WARM_UP_RUNS; n++) spent += once(lib, p, reduction).ms;
  const times: number[] = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    r = once(lib, p, reduction);
    times.push(r.ms);
  }
  return figuresOf(r.o, median(times));
}

async function main(): Promise<void> {
  const [root, only] = process.argv.slice(2);
  if (!root) throw new Error('usage: seed-cells-driver.js TREE [ONLY]');
  const lib: ReductionLib = {
    exhaustiveExplorer: (await importFromTree<{ exhaustiveExplorer: typeof ExhaustiveExplorer }>(root, 'src/explore/exhaustive.js')).exhaustiveExplorer,
    loadScenario: (await importFromTree<{ loadScenario: typeof LoadScenario }>(root, 'src/scenario/load.js')).loadScenario,
    scaleScenario: (await importFromTree<{ scaleScenario: typeof ScaleScenario }>(root, 'src/bench/scale.js')).scaleScenario,
  };
  const chosen = reductionCells(only || undefined, lib);
  // The explorer's own code is warmed before any cell is timed: untimed searches of the first cell,
  // both ways, until PROCESS_WARM_UP_MS have gone into each. Without it the first cell alone would
  // pay for V8 optimising the search (key-race-irq/none's reduced search, the first in the
  // process, took 19 to 21 ms after its own warm-up against 11 ms when later, which made its
  // ratio 1.6 instead of 0.9).
  if (chosen[0]) for (const reduction of [false, true]) for (let spent = 0; spent < PROCESS_WARM_UP_MS;) spent += once(lib, chosen[0].p, reduction).ms;
  const cells = chosen.map(({ name, p }) => ({ case: name, off: search(lib, p, false), on: search(lib, p, true) }));
  const r: SeedCellsRun = { cells };
  process.stdout.write(JSON.stringify(r) + '\n');
}

if (process.argv[1]?.endsWith('seed-cells-driver.js')) await main();
