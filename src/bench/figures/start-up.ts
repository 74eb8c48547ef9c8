// Issue 22 item 1, start-up: the wall time of a one-file `raceway check` of a small scenario
// (scenarios/litmus/MP.yaml, two 12- and 18-state searches) in each tree, beside `node -e 0`
// measured in the same turns; the goal is within 2 times `node -e 0`. Each run is a new process
// with output to /dev/null, as a user's run in a terminal minus the terminal.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Figure, Tree } from '../previous-release.js';

const SCENARIO = join('scenarios', 'litmus', 'MP.yaml');

function wallMs(args: readonly string[], cwd: string): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status ?? r.signal}`);
  return ms;
}

const check = (t: Tree): number => wallMs([t.bin, 'check', SCENARIO, '--seed', '1'], t.root);

const nodeAlone: Figure = {
  name: 'node -e 0, for scale',
  unit: 'ms',
  better: 'lower',
  measure: (t) => wallMs(['-e', '0'], t.root),
};

const oneFile: Figure = {
  name: `start-up: raceway check ${SCENARIO}`,
  unit: 'ms',
  better: 'lower',
  // The first run of a tree fills the disk cache (and Node's compile cache where there is one).
  warmUp: check,
  measure: check,
  goal: (m, all) => {
    const base = all.get(nodeAlone.name);
    const ratio = (x: number | null, b: number | null | undefined): string => (x === null || !b ? '-' : `${(x / b).toFixed(2)}x`);
    return `start-up, one-file check against node -e 0: previous ${ratio(m.previous, base?.previous)}, this ${ratio(m.current, base?.current)}; goal at most 2x`;
  },
};

export const figures: readonly Figure[] = [nodeAlone, oneFile];
