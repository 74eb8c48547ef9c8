// Issue 22 item 2, litmus tests in milliseconds: in each tree, the in-process search of a folder
// of C litmus tests under SC and TSO (litmus-search-driver.ts: per file, and the slowest single
// search, goal well under 100 ms), and `raceway check FOLDER --memory-model M --summary` end to end
// per file, summed over sc and tso. The folder is the kernel's litmus tests shipped under
// test/fixtures/linux-litmus, or BENCH_LITMUS_DIR (e.g. an extract of the paulmckrcu/litmus
// collection) with BENCH_LITMUS_EVERY (every N-th file, default 1). Both trees read the same files.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../../testing/repo-root.js';
import type { LitmusSearchFigures } from '../litmus-search-driver.js';
import { runDriver, type Figure, type Tree } from '../previous-release.js';

const DIR = resolve(process.env.BENCH_LITMUS_DIR ?? resolve(repoRoot, 'test/fixtures/linux-litmus'));
const EVERY = process.env.BENCH_LITMUS_EVERY ?? '1';
const MODELS = ['sc', 'tso'] as const;

/** One driver run per tree and turn gives every in-process figure; the last is kept for the next figure's measure. */
const last = new Map<Tree, LitmusSearchFigures>();
const drive = (t: Tree): LitmusSearchFigures => {
  const r = runDriver<LitmusSearchFigures>(t, 'litmus-search-driver.js', [DIR, MODELS.join(','), EVERY]);
  last.set(t, r);
  return r;
};
const perFile = (r: LitmusSearchFigures): number => r.searchMs / Math.max(1, r.searched);

const digests = new Map<string, string>();
/** The slowest search of each driver run of the first figure, taken by the second in the same order. */
const slowestRuns = new Map<string, number[]>();
const searchPerFile: Figure = {
  name: 'litmus: search per file, sc + tso, in process',
  unit: 'ms',
  better: 'lower',
  measure: (t) => {
    const r = drive(t);
    digests.set(t.label, r.digest);
    slowestRuns.set(t.label, [...(slowestRuns.get(t.label) ?? []), r.slowestMs]);
    return perFile(r);
  },
  goal: (m) => {
    const same = digests.size < 2 || digests.get('previous') === digests.get('this');
    return `litmus search per file (sc + tso, ${DIR}): previous ${m.previous?.toFixed(1) ?? '-'} ms, this ${m.current?.toFixed(1) ?? '-'} ms; goal at most the Python enumerator's (issue 22: 26.5 s for 553 files, 48 ms a file); results ${same ? 'the same in both trees' : 'DIFFER between the trees'}`;
  },
};

const slowest: Figure = {
  name: 'litmus: slowest single search (sc or tso)',
  unit: 'ms',
  better: 'lower',
  measure: (t) => slowestRuns.get(t.label)?.shift() ?? drive(t).slowestMs,
  goal: (m) => `litmus: slowest single search ${m.current?.toFixed(1) ?? '-'} ms (previous ${m.previous?.toFixed(1) ?? '-'} ms); goal well under 100 ms`,
};

const cliPerFile: Figure = {
  name: 'litmus: raceway check FOLDER per file, sc + tso',
  unit: 'ms',
  better: 'lower',
  runs: Number(process.env.BENCH_LITMUS_CLI_RUNS ?? 3),
  measure: (t) => {
    let ms = 0;
    for (const m of MODELS) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [t.bin, 'check', DIR, '--memory-model', m, '--summary'], { cwd: t.root, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
      ms += performance.now() - t0;
      if (r.status === null) throw new Error(`raceway check ${DIR} --memory-model ${m} ended by ${r.signal}`);
    }
    return ms / Math.max(1, last.get(t)?.files ?? drive(t).files);
  },
};

export const figures: readonly Figure[] = EVERY === '1' || process.env.BENCH_LITMUS_DIR === undefined ? [searchPerFile, slowest, cliPerFile] : [searchPerFile, slowest];
