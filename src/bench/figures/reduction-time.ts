// Issue 22 item 3, a reduction that pays for itself: the reduced search's CPU time over the
// unreduced search's on each of the seed race's 3-CPU cells where the reduction stores at least 3
// times fewer states (seed-cells-driver.ts, in each tree with its own explorer). Goal: at most 1/2
// on every such cell (issue 22: over the 216 race cells the reduction saved 5% of the time). The
// rows are the worst and the median cell of each run; the goal line takes each cell's median
// times over the runs and names the cells over 1/2.
import { median } from '../median.js';
import type { Figure, FigureMedians } from '../previous-release.js';
import type { SeedCell } from './drivers/seed-cells-driver.js';
import { metOrShort, show } from './shared/goal.js';
import { seedCellRuns, seedCellsReader } from './shared/seed-cells.js';

const GOAL = 0.5;
const FEWER = 3;

/** The on/off time ratio of each cell where the reduction stores FEWER times fewer states. */
const ratios = (cells: readonly SeedCell[]): number[] =>
  cells.filter((c) => c.off.states >= FEWER * c.on.states).map((c) => c.on.cpuMs / Math.max(c.off.cpuMs, 0.001));

const ratioFigure = (which: 'worst' | 'median', pick: (xs: number[]) => number): Figure => {
  const read = seedCellsReader();
  return {
    name: `reduced/unreduced time, ${which} cell, CPU`,
    unit: 'ratio',
    better: 'lower',
    measure: (t) => {
      const xs = ratios(read(t));
      return xs.length > 0 ? pick(xs) : null;
    },
  };
};

/** Per cell, the median times over a tree's runs: how many cells meet the goal, and the worst. */
function perCell(tree: 'previous' | 'this'): string {
  const cells = [...seedCellRuns(tree)].map(([name, runs]) => ({
    name, fewer: runs[0]!.off.states >= FEWER * runs[0]!.on.states,
    ratio: median(runs.map((r) => r.on.cpuMs)) / Math.max(median(runs.map((r) => r.off.cpuMs)), 0.001),
    sameVerdict: runs.every((r) => r.on.verdict === r.off.verdict),
  }));
  const big = cells.filter((c) => c.fewer);
  if (big.length === 0) return `${tree}: not measured`;
  const over = big.filter((c) => c.ratio > GOAL).sort((a, b) => b.ratio - a.ratio);
  const differ = cells.filter((c) => !c.sameVerdict).map((c) => c.name);
  const worst = over[0]?.ratio ?? Math.max(...big.map((c) => c.ratio));
  return `${tree}: ${big.length - over.length} of ${big.length} cells at <= ${GOAL}, worst ${show(worst, 2)}: ${metOrShort(worst, GOAL, 'lower')}` +
    `${over.length > 0 ? ` (over: ${over.map((c) => `${c.name.replace(/^3 CPUs /, '')} ${show(c.ratio, 2)}`).join(', ')})` : ''}` +
    `${differ.length > 0 ? `; VERDICTS DIFFER with and without the reduction: ${differ.join(', ')}` : ''}`;
}

const worst = { ...ratioFigure('worst', (xs) => Math.max(...xs)), goal: (_m: FigureMedians) => `reduced/unreduced search time per cell (3-CPU seed race, CPU, each cell's median; goal <= ${GOAL} where >= ${FEWER}x fewer states): ${perCell('previous')}; ${perCell('this')}` };

export const figures: readonly Figure[] = [worst, ratioFigure('median', median)];
