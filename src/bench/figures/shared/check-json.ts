// One `raceway check ... --json` of a tree, as a user runs it (a new process, its bin/raceway, its
// root as the working folder), with the process's CPU time (every thread's, workers included:
// cpu-time-preload.ts) beside the wall time: on a shared machine the wall time of a search is
// largely the others' load. The results are the JSON lines: what any release prints, no private API.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../../testing/repo-root.js';
import type { Tree } from '../../previous-release.js';

const PRELOAD = pathToFileURL(join(repoRoot, 'dist', 'src', 'bench', 'cpu-time-preload.js')).href;

export interface CheckResult {
  readonly strategy: string;
  readonly verdict: string;
  /** Set when the search stopped at a bound (max-states, timeout, ...): the answer is not exact. */
  readonly bound?: string;
  readonly stats: { readonly states: number; readonly ms: number };
}

export interface CheckRun {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly results: readonly CheckResult[];
}

export function checkJson(tree: Tree, args: readonly string[]): CheckRun {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', PRELOAD, tree.bin, 'check', ...args, '--json'],
    { cwd: tree.root, encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, NO_COLOR: '1' } });
  const wallMs = performance.now() - t;
  // Exits 1 (an expectation not met) and 3 (inconclusive: a bound stopped a search) are still
  // measurements; 2 is bad input or usage.
  if (r.status === null || r.status === 2 || r.status > 3) throw new Error(`raceway check ${args.join(' ')} in the ${tree.label} tree: exit ${r.status ?? r.signal}: ${r.stderr.trim().split('\n')[0] ?? ''}`);
  const results = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as CheckResult);
  return { wallMs, cpuMs: Number(/cpu-ms (\d+)\s*$/.exec(r.stderr)?.[1] ?? NaN), results };
}

/** The stored states of every result, summed. */
export const statesOf = (r: CheckRun): number => r.results.reduce((n, x) => n + x.stats.states, 0);

/** The results a bound stopped (not exact), as "strategy (bound)". */
export const boundedOf = (r: CheckRun): string[] => r.results.filter((x) => x.bound !== undefined).map((x) => `${x.strategy} (${x.bound})`);

const helpOf = new Map<string, string>();
/** Whether `tree`'s `raceway check` has option `flag` (the previous release lacks some). */
export function hasOption(tree: Tree, flag: string): boolean {
  let h = helpOf.get(tree.root);
  if (h === undefined) {
    h = spawnSync(process.execPath, [tree.bin, 'check', '--help'], { cwd: tree.root, encoding: 'utf8' }).stdout;
    helpOf.set(tree.root, h);
  }
  return h.includes(flag);
}
