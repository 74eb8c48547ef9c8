// `npm run bench`, the previous release side by side with this tree (issue 22's "Done when"):
// this file builds the previous release and gives figures what they measure with;
// previous-release-bench.ts measures and prints them. The tree of the last commit before issue 22 is extracted into a temporary folder and built there
// once (later bench runs reuse it), then every figure of src/bench/figures/ is measured in both
// trees by turns (previous, this, previous, this ...), so that both meet the same load on a shared
// machine, and printed as one row: the two medians and how many times better this tree is.
// A benchmark, not a test: nothing asserts.
//
// The old tree is `git archive COMMIT` of this repository (the tree a fresh clone checks out, with
// no clone's history to copy); its node_modules is a symbolic link to this tree's when the two
// package-lock.json files are the same (no `npm ci`: the same packages, already installed), else
// `npm ci` is run there. It is built with its own tsconfig and the tsc of its node_modules.
// Run alone: `npm run build && node dist/src/bench/previous-release-bench.js`.
// Env: BENCH_PREVIOUS=0 skips this part; BENCH_PREVIOUS_COMMIT (default 5788734);
// BENCH_PREVIOUS_DIR (where the old tree goes; default under the system's temporary folder);
// BENCH_RUNS (runs of each figure in each tree, default 5); BENCH_FIGURES (only the figures whose
// file name contains it).
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../testing/repo-root.js';

/** The last commit before issue 22. */
export const PREVIOUS_RELEASE = '5788734';

/** A built raceway tree: its root holds bin/raceway, dist/, scenarios/ and test/. */
export interface Tree {
  readonly label: 'previous' | 'this';
  readonly root: string;
  readonly bin: string;
}

export const thisTree: Tree = { label: 'this', root: repoRoot, bin: join(repoRoot, 'bin', 'raceway') };

/**
 * One figure of the side-by-side table. `measure` makes one measurement in `tree` and returns it,
 * or null when the tree cannot make it (a feature the previous release lacks); the harness takes
 * the median of the runs. The old tree has only the old code: measure through its bin/raceway, or
 * through a driver (runDriver) that imports the tree's own modules (importFromTree) and uses only
 * APIs both trees have.
 */
export interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly better: 'lower' | 'higher';
  /** Runs in each tree (default BENCH_RUNS). */
  readonly runs?: number;
  /** Made once in each tree before the timed runs (to warm a disk cache, a compile cache). */
  readonly warmUp?: (tree: Tree) => void;
  readonly measure: (tree: Tree) => number | null;
  /** A line printed under the table: the goal, read off both trees' medians. */
  readonly goal?: (medians: FigureMedians, all: ReadonlyMap<string, FigureMedians>) => string;
}

export interface FigureMedians { readonly previous: number | null; readonly current: number | null }

/** A figure's file exports `figures`: one module per measure, so helpers add theirs without touching the others. */
export interface FigureModule { readonly figures: readonly Figure[] }

function run(cmd: string, args: readonly string[], opts: SpawnSyncOptions): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}): ${String(r.stderr ?? r.error ?? '').trim().slice(-2000)}`);
}

function gitOut(args: readonly string[]): string {
  const r = spawnSync('git', ['-C', repoRoot, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return r.stdout;
}

/**
 * The previous release, built: extracted and compiled at the first bench run, reused after (a
 * marker file names the commit it was built from). Throws with the reason when it cannot be built.
 */
export function previousRelease(commitIn = process.env.BENCH_PREVIOUS_COMMIT ?? PREVIOUS_RELEASE): Tree {
  const commit = gitOut(['rev-parse', '--verify', `${commitIn}^{commit}`]).trim();
  const dir = process.env.BENCH_PREVIOUS_DIR ?? join(tmpdir(), `raceway-previous-${commit.slice(0, 12)}`);
  const marker = join(dir, '.raceway-bench-built');
  const tree: Tree = { label: 'previous', root: dir, bin: join(dir, 'bin', 'raceway') };
  if (existsSync(marker) && readFileSync(marker, 'utf8') === commit) return tree;
  const t = Date.now();
  process.stdout.write(`building the previous release ${commit.slice(0, 12)} in ${dir} ... `);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tar = join(dir, '.tree.tar');
  run('git', ['-C', repoRoot, 'archive', '--format=tar', '-o', tar, commit], {});
  run('tar', ['-xf', tar, '-C', dir], {});
  rmSync(tar);
  const sameLock = gitOut(['show', `${commit}:package-lock.json`]) === readFileSync(join(repoRoot, 'package-lock.json'), 'utf8');
  if (sameLock) symlinkSync(realpathSync(join(repoRoot, 'node_modules')), join(dir, 'node_modules'), 'dir');
  else run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir });
  run(process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir });
  writeFileSync(marker, commit);
  process.stdout.write(`${Math.round((Date.now() - t) / 1000)} s (node_modules ${sameLock ? 'linked to this tree\'s: same package-lock.json' : 'by npm ci'})\n`);
  return tree;
}

/**
 * Runs a driver (a script compiled in this tree, dist/src/bench/...) against `tree`: the driver
 * gets the tree's root as its first argument and prints one JSON value as its last stdout line.
 */
export function runDriver<T>(tree: Tree, driver: string, args: readonly string[] = [], nodeArgs: readonly string[] = []): T {
  const script = join(repoRoot, 'dist', 'src', 'bench', driver);
  const r = spawnSync(process.execPath, [...nodeArgs, script, tree.root, ...args], { encoding: 'utf8', maxBuffer: 64 << 20, cwd: tree.root });
  if (r.status !== 0) throw new Error(`${driver} in the ${tree.label} tree failed (${r.status ?? r.signal}): ${r.stderr.trim().slice(-2000)}`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}

/** For drivers: a module of the tree at `root`, by its path under dist/ (e.g. 'src/litmus/load.js'). */
export async function importFromTree<T>(root: string, path: string): Promise<T> {
  return (await import(pathToFileURL(join(root, 'dist', path)).href)) as T;
}

