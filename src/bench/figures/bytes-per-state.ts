// Issue 22 item 4's memory side: bytes the state store takes per stored state, as the explorer
// counts them (stats.bytes), in the unreduced search of the seed race's largest 3-CPU cell (the
// most states: seed-cells-driver.ts), in each tree. The same in every run, so measured once.
// Issue 22 states no goal for it; for scale: about 360 before it, Spin's pan about 100.
import type { Figure } from '../previous-release.js';
import { show } from './shared/goal.js';
import { seedCellsReader } from './shared/seed-cells.js';

const read = seedCellsReader();
const cellOf = new Map<string, string>();

const bytesPerState: Figure = {
  name: 'bytes per stored state, unreduced, largest cell',
  unit: 'B',
  better: 'lower',
  runs: 1,
  measure: (t) => {
    const big = read(t).reduce<(ReturnType<typeof read>)[number] | undefined>((a, c) => (!a || c.off.states > a.off.states ? c : a), undefined);
    if (!big) return null;
    cellOf.set(t.label, `${big.case}, ${big.off.states} states`);
    return big.off.bytes / big.off.states;
  },
  goal: (m) => `bytes per stored state (${cellOf.get('this') ?? '-'}): previous ${show(m.previous)}, this ${show(m.current)}; no goal in issue 22 (Spin's pan about 100)`,
};

export const figures: readonly Figure[] = [bytesPerState];
