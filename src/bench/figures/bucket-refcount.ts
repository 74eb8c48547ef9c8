// Issue 22 item 7, the counters that do not commute: bucket-refcount's stored states unreduced
// against reduced in the seed race at 3 CPUs with an NMI on every CPU (seed-cells-driver.ts), in
// each tree. Goal at least 5 times fewer (issue 22: 2.1 times before it). The same in every run,
// so measured once.
import type { Figure } from '../previous-release.js';
import { metOrShort, show } from './shared/goal.js';
import { seedCellsReader } from './shared/seed-cells.js';

const GOAL = 5;
const CELL = 'nmi/bucket-refcount';
const read = seedCellsReader();
const states = new Map<string, string>();

const bucketRefcount: Figure = {
  name: 'bucket-refcount: states off/on, 3 CPUs NMI',
  unit: 'x',
  better: 'higher',
  runs: 1,
  measure: (t) => {
    const c = read(t).find((x) => x.case.endsWith(CELL));
    if (!c) throw new Error(`no ${CELL} cell in the seed race of the ${t.label} tree`);
    states.set(t.label, `${c.off.states} -> ${c.on.states}`);
    return c.off.states / c.on.states;
  },
  goal: (m) => `bucket-refcount's reduction at 3 CPUs with NMIs: previous ${show(m.previous)}x (${states.get('previous') ?? '-'} states), this ${show(m.current)}x (${states.get('this') ?? '-'}); goal at least ${GOAL}x: ${metOrShort(m.current, GOAL, 'higher')}`,
};

export const figures: readonly Figure[] = [bucketRefcount];
