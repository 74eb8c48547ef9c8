// The runs of seed-cells-driver.js that several figures read (unreduced speed, reduced against
// unreduced time, bytes per stored state): the figure measured first drives a run of the driver
// at each of its measures, and the others read those runs in the same order, so one search of
// each cell in each turn gives every figure (as litmus.ts does for its figures). A figure
// measured alone (BENCH_FIGURES) drives its own runs. Per tree, kept in this module.
import { runDriver, type Tree } from '../../previous-release.js';
import type { SeedCell, SeedCellsRun } from '../drivers/seed-cells-driver.js';

const runs = new Map<string, SeedCellsRun[]>();

/** A reader of the runs in `tree`'s order: its n-th call gives the n-th run, driving it when no figure has yet. */
export function seedCellsReader(): (tree: Tree) => readonly SeedCell[] {
  const taken = new Map<string, number>();
  return (tree) => {
    const n = taken.get(tree.label) ?? 0;
    taken.set(tree.label, n + 1);
    const mine = runs.get(tree.label) ?? [];
    runs.set(tree.label, mine);
    while (mine.length <= n) mine.push(runDriver<SeedCellsRun>(tree, 'figures/drivers/seed-cells-driver.js'));
    return mine[n]!.cells;
  };
}

/** Every run of `tree` so far, per cell (by name): for goals read off per-cell medians. */
export function seedCellRuns(tree: 'previous' | 'this'): ReadonlyMap<string, readonly SeedCell[]> {
  const by = new Map<string, SeedCell[]>();
  for (const r of runs.get(tree) ?? []) for (const c of r.cells) by.set(c.case, [...(by.get(c.case) ?? []), c]);
  return by;
}
