// `npm run bench`: the exhaustive explorer on every shipped scenario, and on those that nest
// interrupts scaled to 2, 3 and 4 CPUs with an IRQ or an NMI declared on every CPU, with and
// without partial-order reduction; then the random explorer (random.ts) and the whole CLI
// (check-cli.ts). Each row prints as soon as it is measured; then the goals of the exhaustive-search issue (README, "Exhaustive search at
// scale") are read off the rows, and the rows go out once more as one JSON line, so runs can be
// compared over time. A benchmark, not a test: nothing asserts.
// Env: BENCH_RUNS (median of, default 5), BENCH_SCALED_RUNS (5; at most 3 for the 4-CPU cases,
// which take up to a minute each), BENCH_CPUS (2,3,4), BENCH_STRATEGIES (scaled cases),
// BENCH_ONLY (only the cases whose name contains it), BENCH_RANDOM=0 to skip the random part,
// BENCH_QUICK=1 for one run each and no 4-CPU cases; the LKMM search on the kernel's litmus
// tests (lkmm-litmus.ts; BENCH_LKMM=0 skips it); then `raceway check scenarios/` end to end
// in the default mode and in --mode exhaustive (check-cli.ts; BENCH_CLI=0 skips it); the store's
// figures and symmetry on the scaled seed race (store.ts; BENCH_STORE=0 skips it); last, the
// figures of src/bench/figures/ in this tree and in the previous release side by side
// (previous-release-bench.ts; BENCH_PREVIOUS=0 skips it).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { collectFiles } from '../cli/files.js';
import { exhaustiveExplorer } from '../explore/exhaustive.js';
import type { Outcome } from '../explore/explorer.js';
import type { Program } from '../machine/program.js';
import { loadScenario, type Case } from '../scenario/load.js';
import { scaleScenario } from './scale.js';
import { median } from './median.js';
import { verdictLabel } from './verdict-label.js';

const QUICK = process.env.BENCH_QUICK === '1';
const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 1 : 5));
const SCALED_RUNS = Number(process.env.BENCH_SCALED_RUNS ?? (QUICK ? 1 : 5));
// A median of 5 rides out a slow run or two on a shared host; the 4-CPU cases get 3.
const scaledRunsAt = (cpus: number): number => (cpus >= 4 ? Math.min(3, SCALED_RUNS) : SCALED_RUNS);
const CPUS = (process.env.BENCH_CPUS ?? (QUICK ? '2,3' : '2,3,4')).split(',').map(Number);
const SCALED_STRATEGIES = (process.env.BENCH_STRATEGIES ?? 'none,rcu,hazptr-head-slots,shazptr,rwlock-fair').split(',');
const MAX_STATES = 3_000_000;
const TIMEOUT_MS = 60_000;
const WARM_UP_BELOW_MS = 1_000;
const WARM_UP_MS = 300;
const WARM_UP_RUNS = 5;

interface Row {
  readonly group: 'shipped' | 'scaled';
  readonly case: string;
  readonly cpus: number;
  readonly reduction: boolean;
  readonly verdict: string;
  readonly states: number;
  readonly transitions: number;
  /** Median over the runs (after untimed warm-up runs when the first took under a second). */
  readonly ms: number;
  /** The first run's time: a cold start, as a one-off command line run would see it. */
  readonly coldMs: number;
  readonly statesPerSec: number;
  readonly bytesPerState: number;
  /** Resident memory of the process after the case: a high-water mark, not the case's own. */
  readonly rssMb: number;
}

function measure(group: Row['group'], name: string, p: Program, reduction: boolean, runs: number): Row {
  const times: number[] = [];
  const once = (): Outcome => {
    const t = performance.now();
    return exhaustiveExplorer({ reduction }).explore(p, { maxStates: MAX_STATES, deadlineMs: t + TIMEOUT_MS, now: () => performance.now(), seed: 0 });
  };
  // A short case is run untimed first, until WARM_UP_MS have gone into it (at most WARM_UP_RUNS
  // runs). The first runs of a program in a process are slower than the next ones even after
  // other cases have warmed the explorer's code (V8 re-optimising for this program, and collecting the previous case's
  // store): the 10,800-state key-race-irq/none case at 3 CPUs took 83, 43, 26, 20 and 20 ms in
  // five runs in a row. In a case of 50 ms that is most of it, while a long case pays it once
  // within its run. So the rows are steady-state figures; `coldMs` keeps the first run's time,
  // which is what one command-line run of a small case sees.
  let last = once();
  const cold = last.stats.ms;
  const warmed = !last.bound && cold < WARM_UP_BELOW_MS;
  if (!warmed) times.push(cold);
  for (let spent = cold, n = 1; warmed && spent < WARM_UP_MS && n < WARM_UP_RUNS; n++) {
    last = once();
    spent += last.stats.ms;
  }
  for (let i = times.length; i < runs && !last.bound; i++) { // a bounded run is reported once, not repeated
    last = once();
    times.push(last.stats.ms);
  }
  const o = last;
  const ms = median(times);
  return {
    group, case: name, cpus: p.cpus, reduction, verdict: verdictLabel(o), states: o.stats.states, transitions: o.stats.transitions,
    ms: Math.round(ms * 10) / 10, coldMs: Math.round(cold * 10) / 10, statesPerSec: Math.round(o.stats.states / (Math.max(ms, 0.001) / 1000)),
    bytesPerState: Math.round((o.stats.bytes ?? 0) / Math.max(1, o.stats.states)), rssMb: Math.round(process.memoryUsage().rss / 1048576),
  };
}

const COLS: [keyof Row, string][] = [
  ['case', 'case'], ['reduction', 'POR'], ['verdict', 'verdict'], ['states', 'states'], ['transitions', 'transitions'],
  ['ms', 'ms (median)'], ['coldMs', 'cold ms'], ['statesPerSec', 'states/s'], ['bytesPerState', 'B/state'], ['rssMb', 'RSS MB'],
];
const WIDTHS = [62, 3, 24, 9, 11, 11, 8, 9, 7, 6];
const cell = (r: Row, k: keyof Row): string => (k === 'reduction' ? (r.reduction ? 'on' : 'off') : String(r[k]));
const line = (xs: string[]): string => xs.map((x, i) => (i < 3 ? x.padEnd(WIDTHS[i]!) : x.padStart(WIDTHS[i]!))).join('  ').trimEnd();

const rows: Row[] = [];
/** BENCH_ONLY=text measures only the cases whose name contains it (to re-measure one case alone). */
const ONLY = process.env.BENCH_ONLY;
const measureIf = (...args: Parameters<typeof measure>): void => {
  if (ONLY !== undefined && !args[1].includes(ONLY)) return;
  const r = measure(...args);
  rows.push(r);
  console.log(line(COLS.map(([k]) => cell(r, k))));
};

console.log(`exhaustive search: median of ${RUNS} runs (scaled cases: ${SCALED_RUNS}, at 4 CPUs ${scaledRunsAt(4)}), after untimed runs of a case under ${WARM_UP_BELOW_MS / 1000} s until ${WARM_UP_MS} ms or ${WARM_UP_RUNS} runs have gone into it; a case stops at ${MAX_STATES} states or ${TIMEOUT_MS / 1000} s`);
console.log(line(COLS.map(([, h]) => h)));
for (const file of collectFiles(['scenarios'])) {
  const r = loadScenario(file, readFileSync(file, 'utf8'));
  if (!r.ok) continue;
  const at = relative('scenarios', file);
  for (const c of r.value.cases) {
    for (const red of [false, true]) measureIf('shipped', `${at} ${c.variant}/${c.strategy}`, c.program, red, RUNS);
  }
}
// Scaled cases. A scenario whose variants nest interrupts grows to N CPUs: every CPU but the
// writer runs CPU 0's program, and each variant's interrupt is declared once per CPU (an IRQ on
// every CPU, or an NMI on every CPU, each firing at most once). A scenario written for any CPU
// count (a `cpu *` program) runs as it is at each N past its own. Only the reduced search ends
// past 3 CPUs.
const scaledRuns = (label: string, cases: readonly Case[], cpus: number): void => {
  const some = cases.filter((c) => SCALED_STRATEGIES.includes(c.strategy));
  for (const c of some.length > 0 ? some : cases) {
    for (const red of cpus >= 4 ? [true] : [false, true]) measureIf('scaled', `${cpus} CPUs ${label} ${c.variant}/${c.strategy}`, c.program, red, scaledRunsAt(cpus));
  }
};
for (const file of collectFiles(['scenarios'], ['.yaml'])) {
  const text = readFileSync(file, 'utf8');
  const base = loadScenario(file, text);
  if (!base.ok) continue;
  const label = relative('scenarios', file);
  const own = base.value.cases[0]?.program.cpus ?? 0;
  if (/^\s*cpu \*:/m.test(text)) {
    for (const cpus of CPUS.filter((n) => n > own)) {
      const r = loadScenario(file, text, { cpus });
      if (r.ok) scaledRuns(label, r.value.cases, cpus);
    }
  } else if (base.value.cases.some((c) => c.program.handlers.length > 0)) {
    for (const cpus of CPUS) {
      const r = loadScenario(`${file}@${cpus}`, scaleScenario(text, cpus), { cpus });
      if (!r.ok) { console.error(`cannot scale ${file} to ${cpus} CPUs: ${r.errors[0]?.message}`); continue; }
      // At its own CPU count a variant with no interrupts is a shipped case already.
      scaledRuns(label, r.value.cases.filter((c) => cpus !== own || c.program.handlers.length > 0), cpus);
    }
  }
}

// The goals of the exhaustive-search issue, read off the rows above (those measured: BENCH_ONLY
// may have left some out).
const slowestOf = (rs: readonly Row[]): Row | undefined => rs.reduce<Row | undefined>((a, b) => (!a || b.ms > a.ms ? b : a), undefined);
const slowest = slowestOf(rows.filter((r) => r.group === 'shipped'));
const three = rows.filter((r) => r.group === 'scaled' && r.cpus === 3);
const slowest3 = slowestOf(three.filter((r) => r.reduction));
console.log('');
if (slowest) console.log(`every shipped case: slowest ${slowest.ms} ms (${slowest.case}, POR ${slowest.reduction ? 'on' : 'off'}); goal under 1000 ms`);
if (slowest3) console.log(`3-CPU scaled cases, reduced: slowest ${slowest3.ms} ms (${slowest3.case}); goal under 10000 ms`);
for (const on of three.filter((r) => r.reduction)) {
  const off = three.find((r) => !r.reduction && r.case === on.case);
  if (!off || !on.case.includes('nmi')) continue;
  console.log(`reduction, ${on.case}: ${off.states} -> ${on.states} stored states, ${(off.states / on.states).toFixed(1)}x fewer; verdict ${off.verdict === on.verdict ? 'the same' : `${off.verdict} vs ${on.verdict}`}`);
}
const unreduced = rows.filter((r) => r.group === 'scaled' && !r.reduction && r.states >= 10_000);
if (unreduced.length > 0) {
  const rates = unreduced.map((r) => r.statesPerSec);
  console.log(`states/s without reduction on the scaled cases of 10,000 states or more: min ${Math.min(...rates)}, median ${median(rates)}, max ${Math.max(...rates)} (${unreduced.length} cases); goal at least 300000`);
  const coldRates = unreduced.map((r) => Math.round(r.states / (Math.max(r.coldMs, 0.001) / 1000)));
  console.log(`  the same cases, first (cold) runs only: min ${Math.min(...coldRates)}, median ${median(coldRates)}, max ${Math.max(...coldRates)}`);
}
console.log(JSON.stringify({ runs: RUNS, scaledRuns: SCALED_RUNS, maxStates: MAX_STATES, rows }));
if (process.env.BENCH_REDUCTION !== '0') await (await import('./reduction-figures.js')).benchReductionFigures(); // issue 22 items 3 and 7; BENCH_REDUCTION=0 skips it
if (process.env.BENCH_LKMM !== '0') (await import('./lkmm-litmus.js')).benchLkmmLitmus();
if (process.env.BENCH_RANDOM !== '0') (await import('./random.js')).benchRandom();
if (process.env.BENCH_CLI !== '0') (await import('./check-cli.js')).benchCheckCli();
if (process.env.BENCH_STORE !== '0') (await import('./store.js')).benchStore();
if (process.env.BENCH_PREVIOUS !== '0') await (await import('./previous-release-bench.js')).benchPreviousRelease();
