// Issue 22 item 4's second goal: the reduced search's time at most pan's on every cell of at least
// 10,000 states. Per cell of the seed race at 3 CPUs (seed-cells-driver.ts, the unreduced search's
// states deciding the size, as in unreduced-speed.ts), the reduced search's CPU time in each tree
// over pan's CPU time on the same cell (shared/pan-cells.ts: this tree's Promela export, gcc -O2,
// pan going on past errors). pan is measured once per bench run, for both trees: its time does
// not depend on which raceway exported the model. The rows are the worst cell of each run; the goal
// line takes each cell's median over the runs. Without spin and gcc, not measured.
import { median } from '../median.js';
import type { Figure, FigureMedians, Tree } from '../previous-release.js';
import { metOrShort, show } from './shared/goal.js';
import { panCells, type PanCell } from './shared/pan-cells.js';
import { seedCellRuns, seedCellsReader } from './shared/seed-cells.js';
import type { SeedCell } from './drivers/seed-cells-driver.js';

const GOAL = 1;
const MIN_STATES = 10_000;
const read = seedCellsReader();

/** pan's cells, made at the first measure: the cells of at least MIN_STATES states (unreduced) there. */
let pan: ReadonlyMap<string, PanCell> | null | undefined;
const panOf = (cells: readonly SeedCell[]): ReadonlyMap<string, PanCell> | null => {
  if (pan === undefined) {
    const big = new Set(cells.filter((c) => c.off.states >= MIN_STATES).map((c) => c.case));
    pan = panCells((name) => big.has(name));
  }
  return pan;
};

const panTime: Figure = {
  name: 'reduced search / pan, worst cell >= 10k states, CPU',
  unit: 'ratio',
  better: 'lower',
  measure: (t: Tree) => {
    const cells = read(t);
    const p = panOf(cells);
    if (p === null) throw new Error('spin or gcc is not installed');
    const ratios = cells.filter((c) => c.off.states >= MIN_STATES && p.has(c.case)).map((c) => c.on.cpuMs / p.get(c.case)!.ms);
    return ratios.length > 0 ? Math.max(...ratios) : null;
  },
  goal: (_m: FigureMedians) => `reduced search against pan (3-CPU seed race, cells of >= ${MIN_STATES} states, CPU, each cell's median; goal at most ${GOAL}x pan's time): ${perCell('previous')}; ${perCell('this')}`,
};

/** Per cell, the median reduced time over a tree's runs against pan's: how many meet the goal, and the worst. */
function perCell(tree: 'previous' | 'this'): string {
  if (pan === undefined) return `${tree}: not measured`;
  const p = pan;
  if (p === null) return `${tree}: not measured (spin or gcc is not installed)`;
  const big = [...seedCellRuns(tree)].filter(([, runs]) => runs[0]!.off.states >= MIN_STATES);
  // A cell pan could not run (no export, a failed compile or run) is named, never dropped quietly.
  const missing = big.filter(([name]) => !p.has(name)).map(([name]) => name.replace(/^3 CPUs /, ''));
  const cells = big.filter(([name]) => p.has(name)).map(([name, runs]) => ({
    name: name.replace(/^3 CPUs /, ''),
    ratio: median(runs.map((r) => r.on.cpuMs)) / p.get(name)!.ms,
  }));
  if (cells.length === 0) return `${tree}: not measured`;
  const over = cells.filter((c) => c.ratio > GOAL).sort((a, b) => b.ratio - a.ratio);
  const worst = cells.reduce((a, c) => (c.ratio > a.ratio ? c : a));
  return `${tree}: ${cells.length - over.length} of ${cells.length} cells at <= ${GOAL}x, median ${show(median(cells.map((c) => c.ratio)), 2)}x, worst ${show(worst.ratio, 2)}x (${worst.name}): ${metOrShort(worst.ratio, GOAL, 'lower')}` +
    `${over.length > 0 ? ` (over: ${over.map((c) => `${c.name} ${show(c.ratio, 2)}x`).join(', ')})` : ''}` +
    `${missing.length > 0 ? `; NOT MEASURED by pan: ${missing.join(', ')}` : ''}`;
}

export const figures: readonly Figure[] = [panTime];
