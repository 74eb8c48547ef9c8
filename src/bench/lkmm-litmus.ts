// Part of `npm run bench`: the LKMM search (src/explore/lkmm/) on every kernel litmus test
// (test/fixtures/linux-litmus), all of them in one pass, the pass timed BENCH_RUNS times (median);
// issue 20's goal is the whole set under 2 s. Also the slowest test of the median pass. A
// benchmark, not a test: nothing asserts (kernel-litmus.test.ts pins the results). Each pass's CPU
// time too (the process's, collector's included): on a shared machine wall time is mostly waiting.
import { performance } from 'node:perf_hooks';
import { litmusFiles, runLitmus } from '../testing/litmus-corpus.js';
import { median } from './median.js';

export function benchLkmmLitmus(): void {
  const files = litmusFiles();
  const runs = Number(process.env.BENCH_RUNS ?? (process.env.BENCH_QUICK === '1' ? 1 : 5));
  const passes: { total: number; cpu: number; slowest: number; file: string; met: number }[] = [];
  for (let i = 0; i < runs; i++) {
    let total = 0, slowest = 0, file = '', met = 0;
    const cpu0 = process.cpuUsage();
    for (const f of files) {
      const t = performance.now();
      const row = runLitmus(f, 'lkmm');
      const ms = performance.now() - t;
      total += ms;
      if (row.verdict?.judgement === 'met') met++;
      if (ms > slowest) { slowest = ms; file = row.file; }
    }
    const cpu = process.cpuUsage(cpu0);
    passes.push({ total, cpu: (cpu.user + cpu.system) / 1000, slowest, file, met });
  }
  const m = median(passes.map((p) => p.total));
  const at = passes.find((p) => p.total === m) ?? passes[0]!;
  console.log('');
  console.log(`LKMM search on the kernel's ${files.length} litmus tests: ${Math.round(m)} ms in all (median of ${runs} passes; each pass ${passes.map((p) => Math.round(p.total)).join(', ')} ms; CPU ${Math.round(median(passes.map((p) => p.cpu)))} ms, median), slowest ${Math.round(at.slowest)} ms (${at.file}), ${at.met} of ${files.length} give their Result line; goal all under 2000 ms`);
}
