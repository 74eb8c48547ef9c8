// The state store's figures for `npm run bench` (issue 22 items 4 and 5): the unreduced search's
// states per second and bytes per stored state on the 3-CPU scaled seed race, and the states the
// reduced search stores with and without symmetry of interchangeable CPUs (explore/symmetry.ts) on
// scenarios/scaled/key-race-scaled.yaml as it grows. The explorer comes in, so the same figures can
// be taken of another build (the previous release: previous-release*.ts). Medians of BENCH_RUNS.
// Env: BENCH_SYMMETRY_CPUS (default 3,4,5; 3,4 with BENCH_QUICK=1; past 4 CPUs only with symmetry,
// as without it a search takes about a minute).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { exhaustiveExplorer, type ExhaustiveOptions } from '../explore/exhaustive.js';
import type { Explorer, Outcome } from '../explore/explorer.js';
import type { Program } from '../machine/program.js';
import { loadScenario } from '../scenario/load.js';
import { median } from './median.js';

const QUICK = process.env.BENCH_QUICK === '1';
const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 1 : 5));
const CPUS = (process.env.BENCH_SYMMETRY_CPUS ?? (QUICK ? '3,4' : '3,4,5')).split(',').map(Number);
const FILE = 'scenarios/scaled/key-race-scaled.yaml';
const MAX_STATES = 3_000_000;

export interface StoreFigures {
  /** The unreduced search on the 3-CPU scaled seed race (rcu): median states per second, bytes per stored state. */
  readonly unreducedStatesPerSec: number;
  readonly bytesPerState: number;
  readonly symmetry: readonly { readonly strategy: string; readonly cpus: number; readonly states: number; readonly ms: number; readonly without?: number; readonly verdict: string }[];
}

function program(strategy: string, cpus: number): Program {
  const r = loadScenario(FILE, readFileSync(FILE, 'utf8'), { cpus });
  if (!r.ok) throw new Error(`${FILE} does not load`);
  return r.value.cases.find((c) => c.strategy === strategy)!.program;
}

function timed(e: Explorer, p: Program, runs: number): { o: Outcome; ms: number } {
  const times: number[] = [];
  let o!: Outcome;
  for (let i = 0; i < runs; i++) {
    o = e.explore(p, { maxStates: MAX_STATES, now: () => performance.now(), seed: 0 });
    times.push(o.stats.ms);
  }
  return { o, ms: median(times) };
}

export function benchStore(explorerOf: (o: ExhaustiveOptions) => Explorer = exhaustiveExplorer): StoreFigures {
  const full = timed(explorerOf({ reduction: false }), program('rcu', 3), RUNS);
  const unreducedStatesPerSec = Math.round(full.o.stats.states / (full.ms / 1000));
  const bytesPerState = Math.round((full.o.stats.bytes ?? 0) / full.o.stats.states);
  console.log(`\nstore: unreduced 3-CPU ${FILE} rcu: ${full.o.stats.states} states, ${unreducedStatesPerSec} states/s (median of ${RUNS}; goal 1000000), ${bytesPerState} bytes per stored state`);
  const symmetry: StoreFigures['symmetry'][number][] = [];
  for (const cpus of CPUS) {
    for (const strategy of ['none', 'rcu', 'hazptr-head']) {
      const p = program(strategy, cpus);
      const on = timed(explorerOf({ reduction: true, symmetry: true }), p, cpus >= 5 ? Math.min(RUNS, 3) : RUNS);
      const off = cpus <= 4 ? timed(explorerOf({ reduction: true }), p, 1).o.stats.states : undefined;
      const verdict = on.o.verdict === 'inconclusive' ? `inconclusive (${on.o.bound})` : on.o.verdict;
      symmetry.push({ strategy, cpus, states: on.o.stats.states, ms: Math.round(on.ms), ...(off !== undefined ? { without: off } : {}), verdict });
      console.log(`symmetry: ${cpus} CPUs ${strategy}: ${on.o.stats.states} stored states${off !== undefined ? ` (${off} without, ${(off / on.o.stats.states).toFixed(1)}x)` : ''}, ${Math.round(on.ms)} ms, ${verdict}`);
    }
  }
  return { unreducedStatesPerSec, bytesPerState, symmetry };
}
