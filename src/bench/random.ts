// `npm run bench`, random part: for each violating seed cell and the scaled family, the median
// schedules and milliseconds to the first counterexample over 50 seeds, uniform walk against PCT,
// beside PCT's per-run bound 1/(n*k^(d-1)) (Burckhardt et al., ASPLOS 2010). Not a test.
import { readFileSync } from 'node:fs';
import { basename, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { collectFiles } from '../cli/files.js';
import { entityCount } from '../explore/random/entities.js';
import { pctBound } from '../explore/random/pct.js';
import { DEFAULT_RANDOM, randomSearch } from '../explore/random/random-explorer.js';
import { firstMove, runOnce } from '../explore/random/run-once.js';
import type { SchedulerName } from '../explore/random/scheduler.js';
import type { Program } from '../machine/program.js';
import { VIOLATION_KINDS } from '../machine/violation.js';
import { loadScenario } from '../scenario/load.js';
import { median } from './median.js';

const SEEDS = Number(process.env.BENCH_SEEDS ?? 50);
const BUDGET = 20_000;

function measure(p: Program, scheduler: SchedulerName): { schedules: string; ms: string } {
  const counts: number[] = [];
  const times: number[] = [];
  let missed = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const t0 = performance.now();
    const r = randomSearch(p, { maxStates: 1, now: () => performance.now(), seed, first: true }, { ...DEFAULT_RANDOM, scheduler, runs: BUDGET });
    times.push(performance.now() - t0);
    if (r.firstHit) counts.push(r.firstHit.schedules); else { missed++; counts.push(Infinity); }
  }
  const m = median(counts);
  return { schedules: m === Infinity ? `>${BUDGET}` : `${m}${missed ? ` (${missed} missed)` : ''}`, ms: median(times).toFixed(1) };
}

function cases(file: string, cpus?: number) {
  const r = loadScenario(file, readFileSync(file, 'utf8'), cpus ? { cpus } : {});
  if (!r.ok) return [];
  // Cases that expect a violation; final-state words (never, sometimes, always) are about final
  // states, which random search does not judge.
  return r.value.cases.filter((c) => c.expected !== null && c.expected.some((k) => (VIOLATION_KINDS as readonly string[]).includes(k))).map((c) => ({ name: `${basename(file)} ${c.variant}/${c.strategy}${cpus ? ` cpus=${cpus}` : ''}`, p: c.program }));
}

export function benchRandom(): void {
  // Every violating cell of the shipped scenarios at their own CPU count, then the scaled family
  // at 2, 4, 6 and 8 CPUs.
  const files = collectFiles(['scenarios']);
  const scaled = files.filter((f) => f.includes(`${sep}scaled${sep}`));
  const all = [
    ...files.filter((f) => !scaled.includes(f)).flatMap((f) => cases(f)),
    ...scaled.flatMap((f) => [2, 4, 6, 8].flatMap((n) => cases(f, n))),
  ];
  const head = ['case', 'uniform schedules', 'uniform ms', 'PCT schedules', 'PCT ms', 'PCT bound/run', 'PCT params'];
  const w = [54, 20, 10, 14, 8, 14, 16];
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  console.log(`\nrandom search: median over seeds 1..${SEEDS} to the first counterexample (budget ${BUDGET} schedules)`);
  console.log(line(head));
  // Each row prints as soon as it is measured: the uniform walk on 8 CPUs takes minutes.
  for (const { name, p } of all) {
    const k = runOnce(p, firstMove).trace.length;
    const n = entityCount(p);
    const u = measure(p, 'uniform');
    const q = measure(p, 'pct');
    console.log(line([name, u.schedules, u.ms, q.schedules, q.ms, `1/${Math.round(1 / pctBound(n, k, DEFAULT_RANDOM.depth))}`, `n=${n} k=${k} d=${DEFAULT_RANDOM.depth}`]));
  }
}
