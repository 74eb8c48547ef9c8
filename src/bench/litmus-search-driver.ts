// Bench driver (previous-release.ts, runDriver): `node litmus-search-driver.js TREE DIR MODELS [EVERY]`
// loads every C litmus test under DIR (or every EVERY-th, in path order) with TREE's own modules
// and explores it in full, as `raceway check` does a .litmus file (no reduction: herd7 counts
// every final state), under each memory model of MODELS (e.g. sc,tso), in this one process.
// Prints one JSON line: the CPU milliseconds of loading and of searching, summed over the files, the
// slowest single search, and a digest of every result (states and final states), which must be
// the same in both trees. Uses only APIs the previous release has.
// Beside it, for issue 22 item 2's yardstick: the reduced search of the same tests (what `check`
// runs on a .litmus file now; its final states must be the full search's), and the independent
// brute-force enumerator of src/testing/brute-enumerator.ts (replays every schedule, no state
// stored, as a simple enumerator in Python would) on the tests it models within ENUM_RUNS schedules
// under every model, with raceway's two searches timed on those same tests.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Budget } from '../explore/explorer.js';
import type { exhaustiveExplorer as ExhaustiveExplorer } from '../explore/exhaustive.js';
import type { loadLitmus as LoadLitmus } from '../litmus/load.js';
import type { enumerate as Enumerate, NotModelled as NotModelledClass } from '../testing/brute-enumerator.js';
import type { CondLoc } from '../litmus/ast.js';
import type { parseLitmus as ParseLitmus } from '../litmus/parse.js';
import type { Program } from '../machine/program.js';
import { importFromTree } from './previous-release.js';

/**
 * The process's CPU milliseconds (every thread's: the collector's and compiler's too). Times are
 * CPU times: on a shared machine a small search's wall time is mostly waiting for a core.
 */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * Each search's budget: 2,000,000 stored states and a minute of the process's CPU time (a minute
 * of wall time on a loaded machine is a few seconds of search, and answers would become timeouts).
 */
const budget = (): Budget => ({ maxStates: 2_000_000, now: cpuMs, deadlineMs: cpuMs() + 60_000, seed: 0 });

/**
 * BENCH_LITMUS_FULL=0: only the reduced search, what `raceway check` runs on a .litmus file (its
 * time is then the search figure too): the full search of the collection's largest tests, 6 to 8
 * CPUs, passes 2,000,000 states.
 */
const FULL = process.env.BENCH_LITMUS_FULL !== '0';

/**
 * Schedules the enumerator tries per test and model before it gives up on the test
 * (BENCH_LITMUS_ENUM_RUNS; 0 leaves the enumerator out: giving up on a large test costs seconds).
 */
const ENUM_RUNS = Number(process.env.BENCH_LITMUS_ENUM_RUNS ?? 200_000);

/** The .litmus files under `d` in path order, not following symbolic links (a collection links folders into each other). */
export function litmusFilesUnder(d: string): string[] {
  return readdirSync(d).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).flatMap((n) => {
    const f = join(d, n);
    const st = lstatSync(f);
    return st.isDirectory() ? litmusFilesUnder(f) : st.isFile() && n.endsWith('.litmus') ? [f] : [];
  });
}

export interface LitmusSearchFigures {
  readonly files: number;
  /** Tests explored under every model (the others are unsupported or not C). */
  readonly searched: number;
  readonly loadMs: number;
  readonly searchMs: number;
  readonly slowestMs: number;
  readonly slowest: string;
  readonly digest: string;
  /** The reduced search of the same tests, summed; tests whose final states differ from the full search's (must be 0). */
  readonly reducedMs?: number;
  readonly reducedFinalsDiffer?: number;
  /** Tests the enumerator modelled under every model within ENUM_RUNS schedules, its time on them, and raceway's. */
  readonly enumFiles?: number;
  readonly enumMs?: number;
  readonly fullOnEnumMs?: number;
  readonly reducedOnEnumMs?: number;
}

type Enumerator = { enumerate: typeof Enumerate; NotModelled: typeof NotModelledClass; parseLitmus: typeof ParseLitmus };

/** The enumerator's locations of a program's observed names (as src/testing/enumerator-agreement.ts). */
function observed(file: string, p: Program): CondLoc[] {
  return p.final!.observe.map(({ name }) => {
    const m = /^(\d+):(.+)$/.exec(name);
    const span = { file, start: 0, end: 0 };
    return m ? { k: 'reg', cpu: Number(m[1]), name: m[2]!, span } : { k: 'global', name, span };
  });
}

/** The enumerator's milliseconds over every model, or null when it does not model the test within ENUM_RUNS. */
function enumerated(e: Enumerator, file: string, text: string, programs: readonly Program[], models: readonly ('sc' | 'tso')[]): number | null {
  const t0 = cpuMs();
  const ast = e.parseLitmus(file, text).ast;
  if (!ast) return null;
  try {
    models.forEach((m, i) => e.enumerate(ast, m, observed(file, programs[i]!), ENUM_RUNS));
  } catch (err) {
    if (err instanceof e.NotModelled || (err instanceof Error && /schedules/.test(err.message))) return null;
    throw err;
  }
  return cpuMs() - t0;
}

async function main(): Promise<void> {
  const [root, dir, models, every] = process.argv.slice(2);
  if (!root || !dir || !models) throw new Error('usage: litmus-search-driver.js TREE DIR MODELS [EVERY]');
  const { loadLitmus } = await importFromTree<{ loadLitmus: typeof LoadLitmus }>(root, 'src/litmus/load.js');
  const { exhaustiveExplorer } = await importFromTree<{ exhaustiveExplorer: typeof ExhaustiveExplorer }>(root, 'src/explore/exhaustive.js');
  const full = exhaustiveExplorer({ reduction: false });
  const reduced = exhaustiveExplorer({ reduction: true });
  // The enumerator is a test helper of this tree; a tree without it gives no yardstick.
  const enumerator = ENUM_RUNS === 0 ? null : await importFromTree<Enumerator>(root, 'src/testing/brute-enumerator.js')
    .then(async (m) => ({ ...m, parseLitmus: (await importFromTree<{ parseLitmus: typeof ParseLitmus }>(root, 'src/litmus/parse.js')).parseLitmus }))
    .catch(() => null);
  let reducedMs = 0, reducedFinalsDiffer = 0, enumFiles = 0, enumMs = 0, fullOnEnumMs = 0, reducedOnEnumMs = 0;
  const files = litmusFilesUnder(dir).filter((_, i) => i % Number(every ?? 1) === 0);
  let loadMs = 0, searchMs = 0, slowestMs = 0, slowest = '', searched = 0;
  let digest = 0;
  for (const file of files) {
    const name = relative(dir, file);
    const text = readFileSync(file, 'utf8');
    let all = true;
    let fileFullMs = 0, fileReducedMs = 0;
    const programs: Program[] = [];
    const modelList = models.split(',') as ('sc' | 'tso')[];
    for (const memoryModel of modelList) {
      const t0 = cpuMs();
      const l = loadLitmus(name, text, { memoryModel });
      const t1 = cpuMs();
      loadMs += t1 - t0;
      if (l.kind !== 'ok') { all = false; continue; }
      const o = (FULL ? full : reduced).explore(l.value.program, budget());
      const ms = cpuMs() - t1;
      searchMs += ms;
      fileFullMs += ms;
      programs.push(l.value.program);
      const t2 = cpuMs();
      const r = FULL ? reduced.explore(l.value.program, budget()) : o;
      const rms = FULL ? cpuMs() - t2 : ms;
      reducedMs += rms;
      fileReducedMs += rms;
      const finals = (x: typeof o): string => JSON.stringify((x.finals?.states ?? []).map((s) => s.values).sort());
      if (r.verdict !== o.verdict || finals(r) !== finals(o)) reducedFinalsDiffer++;
      if (ms > slowestMs) { slowestMs = ms; slowest = `${name} ${memoryModel}`; }
      // The same results in both trees: states and final states of every search, folded.
      for (const x of [o.stats.states, o.finals?.states.length ?? -1, o.findings.length, o.verdict.length]) digest = (Math.imul(digest, 31) + x) >>> 0;
    }
    if (all) searched++;
    // BENCH_LITMUS_PER_FILE=1: one line a file on stderr (full and reduced CPU ms, sc + tso), to find the slow ones.
    const em = all && enumerator !== null ? enumerated(enumerator, name, text, programs, modelList) : null;
    if (em !== null) {
      enumFiles++;
      enumMs += em;
      fullOnEnumMs += fileFullMs;
      reducedOnEnumMs += fileReducedMs;
    }
    // BENCH_LITMUS_PER_FILE=1: one line a file on stderr (CPU ms of the full search, the reduced one and the enumerator, sc + tso), to find the slow ones.
    if (process.env.BENCH_LITMUS_PER_FILE === '1') process.stderr.write(`${fileFullMs.toFixed(1)}\t${fileReducedMs.toFixed(1)}\t${em?.toFixed(1) ?? '-'}\t${all ? 'searched' : 'skipped'}\t${name}\n`);
  }
  const r: LitmusSearchFigures = {
    files: files.length, searched, loadMs, searchMs, slowestMs, slowest, digest: digest.toString(16),
    reducedMs, reducedFinalsDiffer, ...(enumerator !== null ? { enumFiles, enumMs, fullOnEnumMs, reducedOnEnumMs } : {}),
  };
  process.stdout.write(JSON.stringify(r) + '\n');
}

if (process.argv[1]?.endsWith('litmus-search-driver.js')) await main();
