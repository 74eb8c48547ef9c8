// `npm run bench`, end-to-end part: `raceway check scenarios/` as a user runs it (a new process,
// worker threads, printing included), in the default mode and in --mode exhaustive, medians of
// several runs of wall time and of CPU time (all threads: on a shared machine the wall time says
// more about the other users). Not a test. BENCH_CLI_RUNS (default 5) runs of each; BENCH_CLI_BIN
// times another build's bin/raceway instead (e.g. an older commit unpacked and built elsewhere,
// to compare against); BENCH_CLI=0 skips this part.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../testing/repo-root.js';
import { median } from './median.js';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 5);

/** Wall and CPU milliseconds of each run, and the exit codes seen (every run should give the same). */
function timeRuns(bin: string, args: readonly string[]): { ms: number[]; cpuMs: number[]; codes: Set<number> } {
  const ms: number[] = [];
  const cpuMs: number[] = [];
  const codes = new Set<number>();
  const preload = pathToFileURL(join(repoRoot, 'dist', 'src', 'bench', 'cpu-time-preload.js')).href;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['--import', preload, bin, ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    ms.push(performance.now() - t);
    cpuMs.push(Number(/cpu-ms (\d+)\s*$/.exec(r.stderr)?.[1] ?? NaN));
    codes.add(r.status ?? -1);
  }
  return { ms, cpuMs, codes };
}

export function benchCheckCli(): void {
  const bin = process.env.BENCH_CLI_BIN ?? join(repoRoot, 'bin', 'raceway');
  console.log(`\nraceway check scenarios/ end to end (${bin}): wall time, median of ${RUNS} runs, seed 1`);
  const rows = [['default mode', []], ['--mode exhaustive', ['--mode', 'exhaustive']]] as const;
  const medians: { ms: number; cpuMs: number }[] = [];
  for (const [name, extra] of rows) {
    const { ms, cpuMs, codes } = timeRuns(bin, ['check', 'scenarios/', '--seed', '1', ...extra]);
    const m = { ms: Math.round(median(ms)), cpuMs: Math.round(median(cpuMs)) };
    medians.push(m);
    const list = (xs: number[]): string => xs.map((x) => Math.round(x)).join(', ');
    console.log(`${name.padEnd(18)} wall ${String(m.ms).padStart(6)} ms (${list(ms)}); CPU ${String(m.cpuMs).padStart(6)} ms (${list(cpuMs)}); exit ${[...codes].join(', ')}`);
  }
  const [d, e] = medians as [typeof medians[0], typeof medians[0]];
  console.log(`default / exhaustive: wall ${(d.ms / Math.max(1, e.ms)).toFixed(2)}, CPU ${(d.cpuMs / Math.max(1, e.cpuMs)).toFixed(2)}`);
  console.log(JSON.stringify({ checkCli: { bin, runs: RUNS, default: d, exhaustive: e } }));
}
