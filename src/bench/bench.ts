// `npm run bench`: explores every shipped scenario, and scaled versions of them (2, 3, 4 CPUs, an
// IRQ and an NMI declaration on every CPU), with and without partial-order reduction; prints
// medians as a table and as one JSON line. A benchmark, not a test: nothing here asserts a time.
// Env: BENCH_RUNS (default 5), BENCH_SCALED_RUNS (3), BENCH_CPUS (2,3,4), BENCH_STRATEGIES.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { collectFiles } from '../cli/files.js';
import { exhaustiveExplorer } from '../explore/exhaustive.js';
import type { Program } from '../machine/program.js';
import { loadScenario } from '../scenario/load.js';
import { scaleScenario } from './scale.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SCALED_RUNS = Number(process.env.BENCH_SCALED_RUNS ?? 3);
const CPUS = (process.env.BENCH_CPUS ?? '2,3,4').split(',').map(Number);
const SCALED_STRATEGIES = (process.env.BENCH_STRATEGIES ?? 'none,rcu,hazptr-head-slots,shazptr,rwlock-fair').split(',');
const MAX_STATES = 3_000_000;
const TIMEOUT_MS = 60_000;

interface Row {
  readonly case: string;
  readonly reduction: boolean;
  readonly verdict: string;
  readonly states: number;
  readonly transitions: number;
  readonly ms: number;
  readonly statesPerSec: number;
  readonly bytesPerState: number;
  readonly peakRssMb: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function measure(name: string, p: Program, reduction: boolean, runs: number): Row {
  const times: number[] = [];
  let last;
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = exhaustiveExplorer({ reduction }).explore(p, { maxStates: MAX_STATES, deadlineMs: t + TIMEOUT_MS, now: () => performance.now(), seed: 0 });
    times.push(last.stats.ms);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (last.bound) break; // a bounded run is reported once, not repeated
  }
  const o = last!;
  const ms = median(times);
  const verdict = o.verdict === 'violation' ? o.findings.map((f) => f.violation.kind).join('+') : o.verdict === 'inconclusive' ? `inconclusive (${o.bound})` : 'safe';
  return {
    case: name, reduction, verdict, states: o.stats.states, transitions: o.stats.transitions,
    ms: Math.round(ms * 10) / 10, statesPerSec: Math.round(o.stats.states / (Math.max(ms, 0.001) / 1000)),
    bytesPerState: Math.round((o.stats.bytes ?? 0) / Math.max(1, o.stats.states)), peakRssMb: Math.round(peak / 1048576),
  };
}

const rows: Row[] = [];
for (const file of collectFiles(['scenarios'])) {
  const text = readFileSync(file, 'utf8');
  const r = loadScenario(file, text);
  if (!r.ok) continue;
  for (const c of r.value.cases) {
    for (const red of [false, true]) rows.push(measure(`${c.variant}/${c.strategy}`, c.program, red, RUNS));
  }
  for (const cpus of CPUS) {
    const scaled = loadScenario(`${file}@${cpus}`, scaleScenario(text, cpus), { cpus, strategies: SCALED_STRATEGIES });
    if (!scaled.ok) { console.error(`cannot scale ${file} to ${cpus} CPUs: ${scaled.errors[0]?.message}`); continue; }
    for (const c of scaled.value.cases.filter((x) => x.variant !== r.value.cases[0]?.variant || cpus > 2)) {
      for (const red of cpus >= 4 ? [true] : [false, true]) rows.push(measure(`${cpus}cpu ${c.variant}/${c.strategy}`, c.program, red, SCALED_RUNS));
    }
  }
}
const cols: [keyof Row, string][] = [['case', 'case'], ['reduction', 'POR'], ['verdict', 'verdict'], ['states', 'states'], ['transitions', 'transitions'], ['ms', 'ms (median)'], ['statesPerSec', 'states/s'], ['bytesPerState', 'B/state'], ['peakRssMb', 'peak RSS MB']];
const cell = (r: Row, k: keyof Row): string => (k === 'reduction' ? (r.reduction ? 'on' : 'off') : String(r[k]));
const widths = cols.map(([k, h]) => Math.max(h.length, ...rows.map((r) => cell(r, k).length)));
const line = (xs: string[]): string => xs.map((x, i) => (i < 3 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ');
console.log(line(cols.map(([, h]) => h)));
for (const r of rows) console.log(line(cols.map(([k]) => cell(r, k))));
console.log(JSON.stringify({ runs: RUNS, scaledRuns: SCALED_RUNS, maxStates: MAX_STATES, rows }));

if (process.env.BENCH_RANDOM !== '0') (await import('./random.js')).benchRandom();
