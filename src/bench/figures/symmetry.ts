// Issue 22 item 5, symmetry: `raceway check scenarios/scaled/key-race-scaled.yaml --cpus N --mode
// exhaustive` (the reduced search, as a user runs it; symmetry is on by default where the tree has
// it) at 4, 5 and 6 CPUs, read off its --json lines. Goal: the file at 5 CPUs exact (no result
// stopped by a bound) in under 20 s, and at 6 CPUs exact (issue 22: 66 s at 5 CPUs before it, where
// hazptr-head reaches the 2,000,000-state bound). The previous release has no symmetry: at 4 CPUs
// it gives the states stored without it; at 5 CPUs it is measured once (about a minute a run);
// at 6 CPUs not at all. Wall time is what the goal names; the CPU time (every thread's) is beside
// it, as a shared machine's load inflates the wall time.
import type { Figure, FigureMedians, Tree } from '../previous-release.js';
import { boundedOf, checkJson, hasOption, statesOf, type CheckRun } from './shared/check-json.js';
import { metOrShort, show } from './shared/goal.js';

const FILE = 'scenarios/scaled/key-race-scaled.yaml';
const GOAL_S = 20;
const SYMMETRY = '--no-symmetry';

const check = (t: Tree, cpus: number, extra: readonly string[] = []): CheckRun => checkJson(t, [FILE, '--cpus', String(cpus), '--mode', 'exhaustive', ...extra]);
const exact = (r: CheckRun | undefined): string => (r === undefined ? '-' : boundedOf(r).length === 0 ? 'exact' : `NOT exact: ${boundedOf(r).join(', ')}`);

/** The stored states of one run of the file at `cpus` (the same in every run: measured once). */
const statesAt = (cpus: number, run: (t: Tree) => CheckRun): Figure => ({
  name: `symmetry: stored states at ${cpus} CPUs`,
  unit: 'states',
  better: 'lower',
  runs: 1,
  measure: (t) => statesOf(run(t)),
});

const symmetryIn = new Map<string, boolean>();
const hasSymmetryNote = (label: string): string => (symmetryIn.get(label) === false ? 'no symmetry' : 'symmetry');

// At 4 CPUs: one run in each tree (the counts are the same in every run), and in this tree one
// more with --no-symmetry, so symmetry's own saving is read apart from the reduction's changes.
const at4 = new Map<string, CheckRun>();
let withoutAt4: CheckRun | undefined;
const states4: Figure = {
  ...statesAt(4, (t) => {
    symmetryIn.set(t.label, hasOption(t, SYMMETRY));
    const r = check(t, 4);
    at4.set(t.label, r);
    if (t.label === 'this' && hasOption(t, SYMMETRY)) withoutAt4 = check(t, 4, [SYMMETRY]);
    return r;
  }),
  goal: (m) => `symmetry at 4 CPUs: previous (${hasSymmetryNote('previous')}) ${show(m.previous)} states, this ${show(m.current)}` +
    `${withoutAt4 ? `, this with ${SYMMETRY} ${statesOf(withoutAt4)} (${(statesOf(withoutAt4) / Math.max(1, m.current ?? 0)).toFixed(1)}x fewer with symmetry)` : ''}; ${exact(at4.get('this'))}`,
};

// At 5 CPUs: BENCH_RUNS runs in this tree, one in the previous release; the wall-time figure
// runs the file, the CPU-time and states figures read the same runs in order.
const runs5 = new Map<string, CheckRun[]>();
const wall5: Figure = {
  name: 'symmetry: the file at 5 CPUs, wall',
  unit: 's',
  better: 'lower',
  measure: (t) => {
    symmetryIn.set(t.label, hasOption(t, SYMMETRY));
    const mine = runs5.get(t.label) ?? [];
    if (!symmetryIn.get(t.label) && mine.length > 0) return null; // the previous release: once
    const r = check(t, 5);
    runs5.set(t.label, [...mine, r]);
    return r.wallMs / 1000;
  },
  goal: (m, all) => fiveCpuGoal(m, all),
};

/** A figure read off the 5-CPU runs in order, one a measure. */
const from5 = (name: string, unit: string, value: (r: CheckRun) => number): Figure => {
  const taken = new Map<string, number>();
  return {
    name, unit, better: 'lower',
    measure: (t) => {
      const n = taken.get(t.label) ?? 0;
      taken.set(t.label, n + 1);
      const r = runs5.get(t.label)?.[n];
      return r === undefined ? null : value(r);
    },
  };
};
const cpu5 = from5('symmetry: the file at 5 CPUs, CPU', 's', (r) => r.cpuMs / 1000);
const states5 = from5('symmetry: stored states at 5 CPUs', 'states', statesOf);

function fiveCpuGoal(m: FigureMedians, all: ReadonlyMap<string, FigureMedians>): string {
  const last = (label: string): CheckRun | undefined => runs5.get(label)?.at(-1);
  const cpu = all.get(cpu5.name);
  const isExact = last('this') !== undefined && boundedOf(last('this')!).length === 0;
  return `symmetry, the file at 5 CPUs: previous (${hasSymmetryNote('previous')}, ${runs5.get('previous')?.length ?? 0} run) ${show(m.previous)} s wall, ${show(cpu?.previous)} s CPU, ${exact(last('previous'))}; ` +
    `this ${show(m.current)} s wall, ${show(cpu?.current)} s CPU, ${exact(last('this'))}; goal exact in under ${GOAL_S} s: ` +
    `${isExact ? metOrShort(m.current, GOAL_S, 'lower') : 'short: not exact'} (wall; by CPU time ${isExact ? metOrShort(cpu?.current, GOAL_S, 'lower') : 'not exact'})`;
}

// At 6 CPUs: one run, this tree only.
const at6 = new Map<string, CheckRun>();
const states6: Figure = {
  ...statesAt(6, (t) => {
    if (!hasOption(t, SYMMETRY)) throw new Error('it has no symmetry, and at 5 CPUs it already stops at the 2,000,000-state bound (not run)');
    const r = check(t, 6);
    at6.set(t.label, r);
    return r;
  }),
  goal: (m) => {
    const r = at6.get('this');
    return `symmetry, the file at 6 CPUs: this ${show(m.current)} states, ${r ? `${show(r.wallMs / 1000)} s wall, ${show(r.cpuMs / 1000)} s CPU` : '-'}; goal exact: ${r === undefined ? 'not measured' : boundedOf(r).length === 0 ? 'met' : `short: ${exact(r)}`}`;
  },
};

export const figures: readonly Figure[] = [states4, wall5, cpu5, states5, states6];
