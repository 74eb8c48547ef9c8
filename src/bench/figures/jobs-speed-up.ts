// Issue 22 item 6, one search on every core: `raceway check` of one large case as a user runs it,
// --jobs 1 against --jobs 2 by turns (one of each per measure, so both meet the same load), the
// speed-up being the ratio of their wall times. The case: scenarios/scaled/key-race-scaled.yaml
// at BENCH_JOBS_CPUS CPUs (default 7), strategy rcu, without the reduction (the parallel search
// takes --no-reduction searches: cli/search/request.ts), symmetry on as by default: 1,035,174
// stored states at 7 CPUs, the smallest over a million that the goal names (5 CPUs: 223,686; at 5
// CPUs without symmetry it passes the 2,000,000-state bound). Goal: at least 1.7x on
// 2 cores, with the same verdict and states. The previous release runs one case on one thread
// whatever --jobs says (it spreads cases over workers), so it is not measured. On a shared machine
// the speed-up says as much about the other users as about the search: the goal line gives the
// load average.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { median } from '../median.js';
import type { Figure, FigureMedians, Tree } from '../previous-release.js';
import { checkJson, statesOf, type CheckRun } from './shared/check-json.js';
import { metOrShort, show } from './shared/goal.js';

const GOAL = 1.7;
const CPUS = process.env.BENCH_JOBS_CPUS ?? '7';
const ARGS = ['scenarios/scaled/key-race-scaled.yaml', '--cpus', CPUS, '-s', 'rcu', '--mode', 'exhaustive', '--no-reduction'];

const runs = new Map<1 | 2, CheckRun[]>([[1, []], [2, []]]);
const loads: number[] = [];

const speedUp: Figure = {
  name: '--jobs 2 speed-up of one case, wall',
  unit: 'x',
  better: 'higher',
  measure: (t: Tree) => {
    // The parallel search lives in explore/parallel/ (issue 22 item 6); a release without it splits no case.
    if (!existsSync(join(t.root, 'dist', 'src', 'explore', 'parallel'))) throw new Error('it runs one case on one thread whatever --jobs says (no parallel search)');
    loads.push(loadavg()[0]!);
    const one = checkJson(t, [...ARGS, '--jobs', '1']);
    const two = checkJson(t, [...ARGS, '--jobs', '2']);
    runs.get(1)!.push(one);
    runs.get(2)!.push(two);
    return one.wallMs / two.wallMs;
  },
  goal: (m: FigureMedians) => {
    const of = (jobs: 1 | 2, f: (r: CheckRun) => number): string => show(runs.get(jobs)!.length > 0 ? median(runs.get(jobs)!.map(f)) : null);
    const answers = new Set([...runs.get(1)!, ...runs.get(2)!].map((r) => `${r.results.map((x) => x.verdict).join('+')} ${statesOf(r)} states`));
    return `single-case speed-up with --jobs 2 (key-race-scaled ${CPUS} CPUs rcu --no-reduction): this ${show(m.current)}x; ` +
      `--jobs 1 ${of(1, (r) => r.wallMs / 1000)} s wall ${of(1, (r) => r.cpuMs / 1000)} s CPU, --jobs 2 ${of(2, (r) => r.wallMs / 1000)} s wall ${of(2, (r) => r.cpuMs / 1000)} s CPU; ` +
      `${answers.size <= 1 ? `the same answer in every run (${[...answers][0] ?? '-'})` : `ANSWERS DIFFER: ${[...answers].join(' / ')}`}; ` +
      `load average ${loads.map((x) => x.toFixed(1)).join(', ') || '-'} on 2 cores; goal at least ${GOAL}x: ${metOrShort(m.current, GOAL, 'higher')}`;
  },
};

export const figures: readonly Figure[] = [speedUp];
