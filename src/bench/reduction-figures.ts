// Part of `npm run bench` (issue 22 items 3 and 7): what the partial-order reduction saves in time,
// not only in states. For every cell of the seed race scaled to 3 CPUs with an IRQ or an NMI on
// every CPU, the reduced and the unreduced search are timed alternately in the same process
// (off, on, off, on, ...: the machine is shared and noisy, so a slow spell hits both), median of
// BENCH_RUNS, in CPU time of the process (process.cpuUsage: on a machine shared by more runnable
// processes than cores, wall time measures the others' load, not the search); then the goal of item 3 (where the reduction stores >= 3x fewer states, the reduced
// search takes <= 1/2 the unreduced time) and item 7 (bucket-refcount's reduction factor, goal
// >= 5x) are read off the cells. A benchmark, not a test: nothing asserts.
// Alone: node dist/src/bench/reduction-figures.js (BENCH_RUNS, BENCH_ONLY as in bench.ts).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { exhaustiveExplorer } from '../explore/exhaustive.js';
import type { Outcome } from '../explore/explorer.js';
import type { Program } from '../machine/program.js';
import { loadScenario } from '../scenario/load.js';
import { basename } from 'node:path';
import { collectFiles } from '../cli/files.js';
import { median } from './median.js';
import { scaleScenario } from './scale.js';
import { verdictLabel } from './verdict-label.js';

// The seed race, found by its file name among the shipped scenarios (src/ names no folder of it:
// test/architecture.test.ts); BENCH_REDUCTION_FILE measures another scenario with IRQ/NMI variants.
const FILE = process.env.BENCH_REDUCTION_FILE ?? collectFiles(['scenarios']).find((f) => basename(f) === 'key-race.yaml') ?? 'key-race.yaml';
const CPUS = 3;
const MAX_STATES = 3_000_000;
/** Untimed runs of each search first, so both are timed with their code optimised. */
const WARM_UP_RUNS = 2;

export interface ReductionCell {
  readonly case: string;
  readonly statesOff: number;
  readonly statesOn: number;
  readonly msOff: number;
  readonly msOn: number;
  readonly sameVerdict: boolean;
}

/**
 * What the figures need of a build of raceway: this one's by default; the side-by-side harness
 * (previous-release*.ts) may pass the previous release's modules, loaded from its own dist.
 */
export interface ReductionLib {
  readonly exhaustiveExplorer: typeof exhaustiveExplorer;
  readonly loadScenario: typeof loadScenario;
  readonly scaleScenario: typeof scaleScenario;
}
const THIS_BUILD: ReductionLib = { exhaustiveExplorer, loadScenario, scaleScenario };

function timeOnce(lib: ReductionLib, p: Program, reduction: boolean): { o: Outcome; ms: number } {
  const t = process.cpuUsage();
  const o = lib.exhaustiveExplorer({ reduction }).explore(p, { maxStates: MAX_STATES, now: () => performance.now(), seed: 0 });
  const d = process.cpuUsage(t);
  return { o, ms: (d.user + d.system) / 1000 };
}

/** One cell: the two searches alternately, `runs` times each, after WARM_UP_RUNS of each. */
export function measureCell(name: string, p: Program, runs: number, lib = THIS_BUILD): ReductionCell {
  for (let i = 0; i < WARM_UP_RUNS; i++) { timeOnce(lib, p, false); timeOnce(lib, p, true); }
  const off: number[] = [];
  const on: number[] = [];
  let last: { off: Outcome; on: Outcome } | undefined;
  for (let i = 0; i < runs; i++) {
    const a = timeOnce(lib, p, false);
    const b = timeOnce(lib, p, true);
    off.push(a.ms);
    on.push(b.ms);
    last = { off: a.o, on: b.o };
  }
  const r = (x: number): number => Math.round(x * 10) / 10;
  return {
    case: name, statesOff: last!.off.stats.states, statesOn: last!.on.stats.states, msOff: r(median(off)), msOn: r(median(on)),
    sameVerdict: verdictLabel(last!.off) === verdictLabel(last!.on),
  };
}

/** The cells: every variant of the seed race that has interrupts, scaled to 3 CPUs, every strategy. */
export function reductionCells(only?: string, lib = THIS_BUILD): { name: string; p: Program }[] {
  const text = readFileSync(FILE, 'utf8');
  const r = lib.loadScenario(`${FILE}@${CPUS}`, lib.scaleScenario(text, CPUS), { cpus: CPUS });
  if (!r.ok) throw new Error(`${FILE} does not scale to ${CPUS} CPUs: ${r.errors[0]?.message}`);
  return r.value.cases
    .filter((c) => c.program.handlers.length > 0)
    .map((c) => ({ name: `${CPUS} CPUs ${c.variant}/${c.strategy}`, p: c.program }))
    .filter((c) => only === undefined || c.name.includes(only));
}

export function benchReductionFigures(lib = THIS_BUILD): ReductionCell[] {
  const runs = Number(process.env.BENCH_RUNS ?? (process.env.BENCH_QUICK === '1' ? 1 : 5));
  const cells: ReductionCell[] = [];
  console.log('');
  console.log(`reduced against unreduced search time, ${FILE} at ${CPUS} CPUs: CPU ms, medians of ${runs} runs, the two searches alternating`);
  console.log(`${'case'.padEnd(44)}${'states off'.padStart(11)}${'on'.padStart(8)}${'fewer'.padStart(7)}${'cpu ms off'.padStart(11)}${'on'.padStart(9)}${'on/off'.padStart(8)}`);
  for (const { name, p } of reductionCells(process.env.BENCH_ONLY, lib)) {
    const c = measureCell(name, p, runs, lib);
    cells.push(c);
    console.log(`${c.case.padEnd(44)}${String(c.statesOff).padStart(11)}${String(c.statesOn).padStart(8)}${`${(c.statesOff / c.statesOn).toFixed(1)}x`.padStart(7)}` +
      `${c.msOff.toFixed(1).padStart(11)}${c.msOn.toFixed(1).padStart(9)}${(c.msOn / Math.max(c.msOff, 0.001)).toFixed(2).padStart(8)}${c.sameVerdict ? '' : '  VERDICTS DIFFER'}`);
  }
  const big = cells.filter((c) => c.statesOff >= 3 * c.statesOn);
  if (big.length > 0) {
    const ratios = big.map((c) => c.msOn / Math.max(c.msOff, 0.001));
    const worst = big[ratios.indexOf(Math.max(...ratios))]!;
    const met = ratios.filter((x) => x <= 0.5).length;
    console.log(`reduced/unreduced time where the reduction stores >= 3x fewer states: median ${median(ratios).toFixed(2)}, worst ${Math.max(...ratios).toFixed(2)} (${worst.case}); ${met} of ${big.length} cells at <= 0.5 (goal: all)`);
  }
  for (const c of cells.filter((x) => x.case.endsWith('/bucket-refcount'))) {
    console.log(`bucket-refcount's reduction, ${c.case}: ${c.statesOff} -> ${c.statesOn} stored states, ${(c.statesOff / c.statesOn).toFixed(1)}x fewer (goal at least 5x with NMIs)`);
  }
  return cells;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) benchReductionFigures();
