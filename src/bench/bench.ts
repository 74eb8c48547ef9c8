// `npm run bench`: explores every shipped scenario several times and prints medians.
// A benchmark, not a test: nothing here asserts a time.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { collectFiles } from '../cli/files.js';
import { exhaustive } from '../explore/exhaustive.js';
import { loadScenario } from '../scenario/load.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

const rows: { case: string; states: number; transitions: number; ms: number; statesPerSec: number }[] = [];
for (const file of collectFiles(['scenarios'])) {
  const r = loadScenario(file, readFileSync(file, 'utf8'));
  if (!r.ok) continue;
  for (const c of r.value.cases) {
    const times: number[] = [];
    let states = 0;
    let transitions = 0;
    for (let i = 0; i < RUNS; i++) {
      const o = exhaustive.explore(c.program, { maxStates: 5_000_000, now: () => performance.now(), seed: 0 });
      times.push(o.stats.ms);
      states = o.stats.states;
      transitions = o.stats.transitions;
    }
    const ms = median(times);
    rows.push({ case: `${file} ${c.variant}/${c.strategy}`, states, transitions, ms: Math.round(ms * 10) / 10, statesPerSec: Math.round(states / (ms / 1000)) });
  }
}
const w = Math.max(...rows.map((r) => r.case.length));
console.log(`${'case'.padEnd(w)}  ${'states'.padStart(8)}  ${'transitions'.padStart(11)}  ${'ms (median)'.padStart(11)}  ${'states/s'.padStart(10)}`);
for (const r of rows) console.log(`${r.case.padEnd(w)}  ${String(r.states).padStart(8)}  ${String(r.transitions).padStart(11)}  ${String(r.ms).padStart(11)}  ${String(r.statesPerSec).padStart(10)}`);
console.log(JSON.stringify({ runs: RUNS, rows }));

if (process.env.BENCH_RANDOM !== '0') (await import('./random.js')).benchRandom();
