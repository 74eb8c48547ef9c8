// Issue 22 item 2, litmus tests in milliseconds: in each tree, the in-process search of a folder
// of C litmus tests under SC and TSO (litmus-search-driver.ts: per file, and the slowest single
// search, goal well under 100 ms), and `raceway check FOLDER --memory-model M --summary` end to end
// per file, summed over sc and tso. The folder is the kernel's litmus tests shipped under
// test/fixtures/linux-litmus, or BENCH_LITMUS_DIR (e.g. an extract of the paulmckrcu/litmus
// collection) with BENCH_LITMUS_EVERY (every N-th file, default 1). Both trees read the same files.
// The yardstick of the goal is the brute-force enumerator of src/testing (no state stored, every
// schedule replayed: a simple enumerator such as the Python one), timed on the tests it
// models within its schedule bound, beside raceway's full and reduced searches of the same tests.
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
/** Every driver run of the first figure per tree, in order: a later figure reads its n-th run at its n-th measure. */
const history = new Map<string, LitmusSearchFigures[]>();
const drive = (t: Tree): LitmusSearchFigures => {
  const r = runDriver<LitmusSearchFigures>(t, 'litmus-search-driver.js', [DIR, MODELS.join(','), EVERY]);
  last.set(t, r);
  history.set(t.label, [...(history.get(t.label) ?? []), r]);
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

/** A figure read off the first figure's driver runs, one a measure in the same order (no new run). */
const fromLast = (name: string, value: (r: LitmusSearchFigures) => number | null, goal?: Figure['goal']): Figure => {
  const taken = new Map<string, number>();
  return {
    name, unit: 'ms', better: 'lower', ...(goal ? { goal } : {}),
    measure: (t) => {
      const n = taken.get(t.label) ?? 0;
      taken.set(t.label, n + 1);
      const r = history.get(t.label)?.[n];
      return r === undefined ? null : value(r);
    },
  };
};
const per = (ms: number | undefined, n: number | undefined): number | null => (ms === undefined || !n ? null : ms / n);

const reducedPerFile = fromLast('litmus: reduced search per file, sc + tso, in process', (r) => per(r.reducedMs, r.searched),
  (m) => `litmus reduced search per file: previous ${m.previous?.toFixed(1) ?? '-'} ms, this ${m.current?.toFixed(1) ?? '-'} ms (the same final states as the full search: the driver counts tests where they differ)`);
const enumeratorPerFile = fromLast('litmus: brute-force enumerator per file it models, sc + tso', (r) => per(r.enumMs, r.enumFiles));
const fullOnEnumerated = fromLast('litmus: full search per file the enumerator models, sc + tso', (r) => per(r.fullOnEnumMs, r.enumFiles),
  (m, all) => `litmus: raceway's full search ${m.current?.toFixed(1) ?? '-'} ms a file against the brute-force enumerator's ${all.get(enumeratorPerFile.name)?.current?.toFixed(1) ?? '-'} ms on the same tests (goal: at most the enumerator's)`);

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

const inProcess = [searchPerFile, slowest, reducedPerFile, enumeratorPerFile, fullOnEnumerated];
export const figures: readonly Figure[] = EVERY === '1' || process.env.BENCH_LITMUS_DIR === undefined ? [...inProcess, cliPerFile] : inProcess;
