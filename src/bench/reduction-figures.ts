// Part of `npm run bench` (issue 22 items 3 and 7): what the partial-order reduction saves in time,
// not only in states. For every cell of the seed race scaled to 3 CPUs with an IRQ or an NMI on
// every CPU, the reduced and the unreduced search are timed alternately in the same process
// (off, on, off, on, ...: the machine is shared and noisy, so a slow spell hits both), median of
// BENCH_RUNS, in CPU time of the process (process.cpuUsage: on a machine shared by more runnable
// processes than cores, wall time measures the others' load, not the search); then the goal of item 3 (where the reduction stores >= 3x fewer states, the reduced
// search takes <= 1/2 the unreduced time) and item 7 (bucket-refcount's reduction factor, goal
// >= 5x) are read off the cells. A benchmark, not a test: nothing asserts.
// Alone: node dist/src/bench/reduction-figures.js (BENCH_RUNS, BENCH_ONLY as in bench.ts).
// BENCH_REDUCTION_AGAINST=DIR also times another built tree (DIR holds its dist/, e.g. a copy of
// this one before a change) in the same run, its four searches alternating with these, so a
// change to the reduction is measured before and after under the same load.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { exhaustiveExplorer } from '../explore/exhaustive.js';
import type { Outcome } from '../explore/explorer.js';
import type { Program } from '../machine/program.js';
import { loadScenario } from '../scenario/load.js';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectFiles } from '../cli/files.js';
import { median } from './median.js';
import { scaleScenario } from './scale.js';
import { verdictLabel } from './verdict-label.js';

// The seed race, found by its file name among the shipped scenarios (src/ names no folder of it:
// test/architecture.test.ts); BENCH_REDUCTION_FILE measures another scenario with IRQ/NMI variants.
const FILE = process.env.BENCH_REDUCTION_FILE ?? collectFiles(['scenarios']).find((f) => basename(f) === 'key-race.yaml') ?? 'key-race.yaml';
const CPUS = 3;
const MAX_STATES = 3_000_000;
/**
 * Untimed runs of each search first, so both are timed with their code optimised: at least this
 * many, and at least WARM_UP_MS of CPU time. Two runs of a 10 ms search left the reduced search's
 * code (more of it than the plain search's) half optimised, so the small cells measured warm-up.
 */
const WARM_UP_RUNS = 2;
const WARM_UP_MS = 300;
/** A timed sample repeats a search until it has taken this much CPU time, and reports the mean. */
const SAMPLE_MS = 40;

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

/** One search, warmed up (WARM_UP_*): `time()` repeats it for a sample of SAMPLE_MS or more. */
interface Timed { readonly time: () => number; last: Outcome | undefined }

function warmed(lib: ReductionLib, p: Program, reduction: boolean): Timed {
  let spent = 0;
  let runs = 0;
  let one = Infinity;
  while (runs < WARM_UP_RUNS || spent < WARM_UP_MS) {
    const { ms } = timeOnce(lib, p, reduction);
    spent += ms; runs++; one = Math.min(one, ms);
  }
  const reps = Math.max(1, Math.ceil(SAMPLE_MS / Math.max(one, 0.01)));
  const timed: Timed = {
    last: undefined,
    time: () => {
      let ms = 0;
      for (let i = 0; i < reps; i++) { const r = timeOnce(lib, p, reduction); ms += r.ms; timed.last = r.o; }
      return ms / reps;
    },
  };
  return timed;
}

const r1 = (x: number): number => Math.round(x * 10) / 10;

function cellOf(name: string, off: Timed, on: Timed, offMs: number[], onMs: number[]): ReductionCell {
  return {
    case: name, statesOff: off.last!.stats.states, statesOn: on.last!.stats.states, msOff: r1(median(offMs)), msOn: r1(median(onMs)),
    sameVerdict: verdictLabel(off.last!) === verdictLabel(on.last!),
  };
}

/** One cell: the two searches alternately, `runs` samples each, after warming both up. */
export function measureCell(name: string, p: Program, runs: number, lib = THIS_BUILD): ReductionCell {
  const off = warmed(lib, p, false);
  const on = warmed(lib, p, true);
  const offMs: number[] = [];
  const onMs: number[] = [];
  for (let i = 0; i < runs; i++) { offMs.push(off.time()); onMs.push(on.time()); }
  return cellOf(name, off, on, offMs, onMs);
}

/** One cell in this build and in `other` (the same scenario loaded by each), all four searches in turn. */
function measureAgainst(name: string, p: Program, q: Program, runs: number, other: ReductionLib): [ReductionCell, ReductionCell] {
  const s = [warmed(THIS_BUILD, p, false), warmed(THIS_BUILD, p, true), warmed(other, q, false), warmed(other, q, true)];
  const ms: number[][] = [[], [], [], []];
  for (let i = 0; i < runs; i++) for (let k = 0; k < 4; k++) ms[k]!.push(s[k]!.time());
  return [cellOf(name, s[0]!, s[1]!, ms[0]!, ms[1]!), cellOf(name, s[2]!, s[3]!, ms[2]!, ms[3]!)];
}

/** The build in DIR/dist, for BENCH_REDUCTION_AGAINST. */
async function libAt(dir: string): Promise<ReductionLib> {
  const at = (m: string): string => pathToFileURL(resolve(dir, 'dist/src', m)).href;
  const [e, l, sc] = await Promise.all([import(at('explore/exhaustive.js')), import(at('scenario/load.js')), import(at('bench/scale.js'))]);
  return { exhaustiveExplorer: e.exhaustiveExplorer, loadScenario: l.loadScenario, scaleScenario: sc.scaleScenario };
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

const rowOf = (c: ReductionCell): string =>
  `${c.case.padEnd(44)}${String(c.statesOff).padStart(11)}${String(c.statesOn).padStart(8)}${`${(c.statesOff / c.statesOn).toFixed(1)}x`.padStart(7)}` +
  `${c.msOff.toFixed(1).padStart(11)}${c.msOn.toFixed(1).padStart(9)}${(c.msOn / Math.max(c.msOff, 0.001)).toFixed(2).padStart(8)}${c.sameVerdict ? '' : '  VERDICTS DIFFER'}`;

/** The goal line of item 3 over `cells`. */
function goalLine(cells: readonly ReductionCell[], label = ''): void {
  const big = cells.filter((c) => c.statesOff >= 3 * c.statesOn);
  if (big.length === 0) return;
  const ratios = big.map((c) => c.msOn / Math.max(c.msOff, 0.001));
  const worst = big[ratios.indexOf(Math.max(...ratios))]!;
  const met = ratios.filter((x) => x <= 0.5).length;
  console.log(`${label}reduced/unreduced time where the reduction stores >= 3x fewer states: median ${median(ratios).toFixed(2)}, worst ${Math.max(...ratios).toFixed(2)} (${worst.case}); ${met} of ${big.length} cells at <= 0.5 (goal: all)`);
}

export async function benchReductionFigures(lib = THIS_BUILD): Promise<ReductionCell[]> {
  const runs = Number(process.env.BENCH_RUNS ?? (process.env.BENCH_QUICK === '1' ? 1 : 5));
  const againstDir = process.env.BENCH_REDUCTION_AGAINST;
  const other = againstDir ? await libAt(againstDir) : null;
  const otherCells = other ? new Map(reductionCells(process.env.BENCH_ONLY, other).map((c) => [c.name, c.p])) : null;
  const cells: ReductionCell[] = [];
  const before: ReductionCell[] = [];
  console.log('');
  console.log(`reduced against unreduced search time, ${FILE} at ${CPUS} CPUs: CPU ms, medians of ${runs} samples (each >= ${SAMPLE_MS} ms of repeated searches), the searches alternating` +
    (other ? `; each cell's second row is the tree in ${againstDir}, timed in turn with this one` : ''));
  console.log(`${'case'.padEnd(44)}${'states off'.padStart(11)}${'on'.padStart(8)}${'fewer'.padStart(7)}${'cpu ms off'.padStart(11)}${'on'.padStart(9)}${'on/off'.padStart(8)}`);
  for (const { name, p } of reductionCells(process.env.BENCH_ONLY, lib)) {
    const q = otherCells?.get(name);
    if (other && q) {
      const [c, b] = measureAgainst(name, p, q, runs, other);
      cells.push(c); before.push(b);
      console.log(rowOf(c));
      console.log(rowOf({ ...b, case: '  (against)' }));
      continue;
    }
    const c = measureCell(name, p, runs, lib);
    cells.push(c);
    console.log(rowOf(c));
  }
  goalLine(cells);
  if (before.length > 0) goalLine(before, `against ${againstDir}: `);
  for (const c of cells.filter((x) => x.case.endsWith('/bucket-refcount'))) {
    console.log(`bucket-refcount's reduction, ${c.case}: ${c.statesOff} -> ${c.statesOn} stored states, ${(c.statesOff / c.statesOn).toFixed(1)}x fewer (goal at least 5x with NMIs)`);
  }
  return cells;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchReductionFigures();
