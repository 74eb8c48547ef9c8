// Issue 22 item 4, per-state speed: the unreduced search's stored states per second of CPU time on
// the seed race's 3-CPU cells (an IRQ or an NMI on every CPU, every strategy: seed-cells-driver.ts,
// run in each tree with its own explorer), the median over the cells of at least 10,000 states.
// Goal at least 1,000,000 a second (issue 22: about 415,000 before it, Spin's pan about 1,200,000).
import { median } from '../median.js';
import type { Figure } from '../previous-release.js';
import { metOrShort, show } from './shared/goal.js';
import { seedCellsReader } from './shared/seed-cells.js';

const GOAL = 1_000_000;
const MIN_STATES = 10_000;
const read = seedCellsReader();

const unreducedSpeed: Figure = {
  name: 'unreduced states/s, 3-CPU cells, median, CPU',
  unit: 'states/s',
  better: 'higher',
  measure: (t) => {
    const rates = read(t).filter((c) => c.off.states >= MIN_STATES).map((c) => c.off.states / (Math.max(c.off.cpuMs, 0.001) / 1000));
    return rates.length > 0 ? median(rates) : null;
  },
  goal: (m) => `unreduced states/s (3-CPU seed race, median of the cells of >= ${MIN_STATES} states, CPU time): previous ${show(m.previous)}, this ${show(m.current)}; goal at least ${GOAL}: ${metOrShort(m.current, GOAL, 'higher')}`,
};

export const figures: readonly Figure[] = [unreducedSpeed];
