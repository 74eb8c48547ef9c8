// Issue 22 item 6's figure: one exhaustive search on every core. `raceway check` of one cell of
// scenarios/scaled/key-race-scaled.yaml as a user runs it, --jobs 1 against --jobs 2 by turns (so
// both meet the same load), medians of wall and CPU time, and the load average before and after:
// on a shared machine the speed-up says as much about the other users as about the search. The
// parallel search takes --no-reduction searches only (cli/search/request.ts), so both sides run
// without the reduction. Not a test. Env: BENCH_PAR_RUNS (default 5), BENCH_PAR_CPUS (default 4;
// 5 is the cell over a million states), BENCH_PAR_STRATEGY (default rcu).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../testing/repo-root.js';
import { median } from './median.js';

const RUNS = Number(process.env.BENCH_PAR_RUNS ?? 5);
const CPUS = process.env.BENCH_PAR_CPUS ?? '4';
const STRATEGY = process.env.BENCH_PAR_STRATEGY ?? 'rcu';

interface Run { readonly ms: number; readonly cpuMs: number; readonly out: string }

function once(jobs: number): Run {
  const preload = pathToFileURL(join(repoRoot, 'dist', 'src', 'bench', 'cpu-time-preload.js')).href;
  const args = ['--import', preload, join(repoRoot, 'bin', 'raceway'), 'check', 'scenarios/scaled/key-race-scaled.yaml', '--cpus', CPUS, '-s', STRATEGY,
    '--mode', 'exhaustive', '--no-reduction', '--jobs', String(jobs), '--json'];
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - t;
  const j = JSON.parse(r.stdout) as { verdict: string; stats: { states: number } };
  return { ms, cpuMs: Number(/cpu-ms (\d+)\s*$/.exec(r.stderr)?.[1] ?? NaN), out: `${j.verdict} ${j.stats.states} states` };
}

const load0 = loadavg()[0]!;
const by: Record<1 | 2, Run[]> = { 1: [], 2: [] };
for (let k = 0; k < RUNS; k++) for (const jobs of [1, 2] as const) by[jobs].push(once(jobs));
const show = (jobs: 1 | 2): number => {
  const rs = by[jobs];
  const ms = median(rs.map((r) => r.ms));
  console.log(`--jobs ${jobs}: wall ${Math.round(ms)} ms (${rs.map((r) => Math.round(r.ms)).join(', ')}); CPU ${Math.round(median(rs.map((r) => r.cpuMs)))} ms; ${[...new Set(rs.map((r) => r.out))].join(' / ')}`);
  return ms;
};
console.log(`key-race-scaled.yaml --cpus ${CPUS} -s ${STRATEGY} --mode exhaustive --no-reduction, ${RUNS} runs each`);
const one = show(1);
const two = show(2);
console.log(`single-case speed-up with --jobs 2: ${(one / two).toFixed(2)}x (load average ${load0.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after, on ${process.env.BENCH_PAR_CORES ?? 'this machine\'s'} cores)`);
