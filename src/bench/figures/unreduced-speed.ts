// Issue 22 item 4, per-state speed: the unreduced search (--no-reduction) of the 3-CPU scaled
// cases of bench.ts (speed-driver.ts: every shipped scenario with interrupts grown to 3 CPUs, the
// cases of 10,000 states or more), in each tree, in states per second of CPU time (the machine
// is shared: wall time is mostly waiting for a core). The figure is all the cases' states over all
// their CPU time; the goal line gives the slowest and the median case too, and whether both trees
// stored the same number of states in every case (the unreduced search's counts must not change).
// Env: BENCH_SPEED_ONLY (only the cases whose name contains it), BENCH_SPEED_RUNS (default 3:
// each run searches every case, about a minute a tree).
import { median } from '../median.js';
import type { SpeedCell } from '../speed-driver.js';
import { runDriver, type Figure, type Tree } from '../previous-release.js';

const ONLY = process.env.BENCH_SPEED_ONLY;
const RUNS = Number(process.env.BENCH_SPEED_RUNS ?? (process.env.BENCH_QUICK === '1' ? 1 : 3));

/** Every driver run per tree, in order. */
const runs = new Map<string, SpeedCell[][]>();

const perSec = (c: SpeedCell): number => c.states / (Math.max(c.cpuMs, 0.001) / 1000);

const figure: Figure = {
  name: 'unreduced search, 3-CPU scaled cases, per CPU second',
  unit: 'states/s',
  better: 'higher',
  runs: RUNS,
  measure: (t: Tree) => {
    const cells = runDriver<SpeedCell[]>(t, 'speed-driver.js', ONLY === undefined ? [] : [ONLY]);
    runs.set(t.label, [...(runs.get(t.label) ?? []), cells]);
    const states = cells.reduce((a, c) => a + c.states, 0);
    const ms = cells.reduce((a, c) => a + c.cpuMs, 0);
    return cells.length === 0 ? null : states / (Math.max(ms, 0.001) / 1000);
  },
  goal: (m) => {
    const of = (label: string): string => {
      const rs = runs.get(label) ?? [];
      const names = rs[0]?.map((c) => c.case) ?? [];
      const med = names.map((n) => ({ n, v: median(rs.map((r) => perSec(r.find((c) => c.case === n)!))) }));
      if (med.length === 0) return `${label}: -`;
      const slow = med.reduce((a, b) => (b.v < a.v ? b : a));
      return `${label} ${Math.round(m[label === 'this' ? 'current' : 'previous'] ?? 0)} (slowest ${Math.round(slow.v)}, ${slow.n}; median case ${Math.round(median(med.map((x) => x.v)))})`;
    };
    const counts = (label: string): string => (runs.get(label)?.[0] ?? []).map((c) => `${c.case}=${c.states}`).join(',');
    const same = !runs.has('previous') || counts('previous') === counts('this');
    return `unreduced states per CPU second on ${runs.get('this')?.[0]?.length ?? 0} 3-CPU cases: ${of('previous')}; ${of('this')}; goal at least 1000000; states stored ${same ? 'the same in both trees in every case' : 'DIFFER between the trees'}`;
  },
};

export const figures: readonly Figure[] = [figure];
