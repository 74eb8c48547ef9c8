// Issue 22 item 1, start-up: the wall time of a one-file `raceway check` of a small scenario
// (scenarios/litmus/MP.yaml, two 12- and 18-state searches) in each tree, beside `node -e 0`
// measured in the same turns; the goal is within 2 times `node -e 0`. Each run is a new process
// with output to /dev/null, as a user's run in a terminal minus the terminal. The same runs give
// the CPU time too (every thread's, cpu-time-preload.ts), which a loaded shared machine inflates
// far less than the wall time.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../../testing/repo-root.js';
import type { Figure, FigureMedians, Tree } from '../previous-release.js';

const SCENARIO = join('scenarios', 'litmus', 'MP.yaml');

const PRELOAD = pathToFileURL(join(repoRoot, 'dist', 'src', 'bench', 'cpu-time-preload.js')).href;

/** The CPU milliseconds of the run before the last, by the command (a figure measures wall and CPU in one run). */
const lastCpu = new Map<string, number[]>();

function wallMs(args: readonly string[], cwd: string, key: string): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', PRELOAD, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status ?? r.signal}`);
  lastCpu.set(key, [...(lastCpu.get(key) ?? []), Number(/cpu-ms (\d+)\s*$/.exec(r.stderr)?.[1] ?? NaN)]);
  return ms;
}

const check = (t: Tree): number => wallMs([t.bin, 'check', SCENARIO, '--seed', '1'], t.root, `check ${t.label}`);
const ratio = (x: number | null, b: number | null | undefined): string => (x === null || !b ? '-' : `${(x / b).toFixed(2)}x`);
const against = (what: string, m: FigureMedians, base: FigureMedians | undefined): string =>
  `start-up, one-file check against node -e 0 (${what}): previous ${ratio(m.previous, base?.previous)}, this ${ratio(m.current, base?.current)}; goal at most 2x`;

const nodeAlone: Figure = {
  name: 'node -e 0, for scale',
  unit: 'ms',
  better: 'lower',
  measure: (t) => wallMs(['-e', '0'], t.root, `node ${t.label}`),
};

const oneFile: Figure = {
  name: `start-up: raceway check ${SCENARIO}`,
  unit: 'ms',
  better: 'lower',
  // The first run of a tree fills the disk cache (and Node's compile cache where there is one).
  warmUp: (t) => { check(t); lastCpu.delete(`check ${t.label}`); },
  measure: check,
  goal: (m, all) => against('wall', m, all.get(nodeAlone.name)),
};

/** The CPU times of the runs above, taken in the same order (no new runs). */
const cpuOf = (name: string, key: (t: Tree) => string): Figure => ({
  name: `${name}, CPU`,
  unit: 'ms',
  better: 'lower',
  measure: (t) => lastCpu.get(key(t))?.shift() ?? null,
});
const nodeCpu = cpuOf(nodeAlone.name, (t) => `node ${t.label}`);
const oneFileCpu = { ...cpuOf(oneFile.name, (t) => `check ${t.label}`), goal: (m: FigureMedians, all: ReadonlyMap<string, FigureMedians>) => against('CPU', m, all.get(nodeCpu.name)) };

export const figures: readonly Figure[] = [nodeAlone, oneFile, nodeCpu, oneFileCpu];
