// `npm run bench`, end-to-end part: `raceway check scenarios/` as a user runs it (a new process,
// worker threads, printing included), in the default mode and in --mode exhaustive, medians of
// several runs of wall time and of CPU time (all threads: on a shared machine the wall time says
// more about the other users). Not a test. BENCH_CLI_RUNS (default 5) runs of each; BENCH_CLI_BIN
// times another build's bin/raceway instead; BENCH_CLI_BASE=path/to/bin/raceway times a previous
// build as well, by turns with this one (base, this, base, this ...) so that both meet the same
// load, and prints how many times faster this one is (issue 16's start-up goal: at least 3 times
// b5f0a9f, built with `git worktree add /tmp/base b5f0a9f` and tsc); BENCH_CLI=0 skips this part.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../testing/repo-root.js';
import { median } from './median.js';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 5);

interface Runs { readonly ms: number[]; readonly cpuMs: number[]; readonly codes: Set<number> }

const runs = (): Runs => ({ ms: [], cpuMs: [], codes: new Set() });

/** One run of `bin args`: its wall and CPU milliseconds and exit code, added to `into`. */
function timeRun(bin: string, args: readonly string[], into: Runs): void {
  const preload = pathToFileURL(join(repoRoot, 'dist', 'src', 'bench', 'cpu-time-preload.js')).href;
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', preload, bin, ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  into.ms.push(performance.now() - t);
  into.cpuMs.push(Number(/cpu-ms (\d+)\s*$/.exec(r.stderr)?.[1] ?? NaN));
  into.codes.add(r.status ?? -1);
}

interface Medians { readonly ms: number; readonly cpuMs: number }

function report(name: string, r: Runs): Medians {
  const m = { ms: Math.round(median(r.ms)), cpuMs: Math.round(median(r.cpuMs)) };
  const list = (xs: number[]): string => xs.map((x) => Math.round(x)).join(', ');
  console.log(`${name.padEnd(24)} wall ${String(m.ms).padStart(6)} ms (${list(r.ms)}); CPU ${String(m.cpuMs).padStart(6)} ms (${list(r.cpuMs)}); exit ${[...r.codes].join(', ')}`);
  return m;
}

export function benchCheckCli(): void {
  const bin = process.env.BENCH_CLI_BIN ?? join(repoRoot, 'bin', 'raceway');
  const base = process.env.BENCH_CLI_BASE;
  console.log(`\nraceway check scenarios/ end to end (${bin}${base ? `, and by turns ${base}` : ''}): wall time, median of ${RUNS} runs, seed 1`);
  const modes = [['default mode', []], ['--mode exhaustive', ['--mode', 'exhaustive']]] as const;
  const medians: { name: string; ours: Medians; base: Medians | null }[] = [];
  for (const [name, extra] of modes) {
    const args = ['check', 'scenarios/', '--seed', '1', ...extra];
    const ours = runs();
    const theirs = runs();
    for (let i = 0; i < RUNS; i++) {
      if (base) timeRun(base, args, theirs);
      timeRun(bin, args, ours);
    }
    medians.push({ name, base: base ? report(`${name}, base`, theirs) : null, ours: report(name, ours) });
  }
  const [d, e] = medians as [typeof medians[0], typeof medians[0]];
  console.log(`default / exhaustive: wall ${(d.ours.ms / Math.max(1, e.ours.ms)).toFixed(2)}, CPU ${(d.ours.cpuMs / Math.max(1, e.ours.cpuMs)).toFixed(2)}`);
  for (const m of medians) {
    if (m.base) console.log(`${m.name}: ${(m.base.ms / Math.max(1, m.ours.ms)).toFixed(2)} times faster than the base in wall time, ${(m.base.cpuMs / Math.max(1, m.ours.cpuMs)).toFixed(2)} in CPU time`);
  }
  console.log(JSON.stringify({ checkCli: { bin, ...(base ? { base } : {}), runs: RUNS, default: d.ours, exhaustive: e.ours, ...(base ? { baseDefault: d.base, baseExhaustive: e.base } : {}) } }));
}
