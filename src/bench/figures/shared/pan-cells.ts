// Spin's pan on the seed race's 3-CPU cells (reduction-figures.ts), for the figure that compares
// raceway's reduced search with it (pan-time.ts): each cell exported by this tree's Promela
// exporter (src/spin/promela.ts, as `check --engine spin` exports it), compiled once with gcc -O2
// (pan's fastest; the engine itself compiles small searches with -O0), and run RUNS times; a
// cell's time is the median CPU time (user + system) of the pan process, read by bash's `time`,
// so that both sides are CPU time. pan runs as the engine runs it (-DSAFETY, -m its depth bound)
// but with -c0, which goes on past an error as raceway's exhaustive search goes on past a
// violation (the engine's -c1 stops at the first: a search of a different size) and -n (no
// unreached-code report). Its hash table is sized to the cell, at least twice its states (an
// untimed first run counts them): the default 2^24 slots alone took 80 ms of system time to
// clear, more than the whole search of a cell of 10,000 states. Made once per bench run, in a
// scratch folder under tmpdir; null when spin or gcc is not installed. Bench-only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { panDepth } from '../../../cli/spin/engine.js';
import { exportPromela } from '../../../spin/promela.js';
import { readPanOutput } from '../../../spin/pan-output.js';
import { median } from '../../median.js';
import { reductionCells } from '../../reduction-figures.js';

export interface PanCell {
  /** Median CPU milliseconds of the pan process. */
  readonly ms: number;
  /** States pan stored. */
  readonly states: number;
}

const RUNS = 3;

let made: ReadonlyMap<string, PanCell> | null | undefined;

const installed = (cmd: string, arg: string): boolean => spawnSync(cmd, [arg], { stdio: 'ignore' }).error === undefined;

/**
 * pan's time on every cell whose name passes `want` (by cell name, as reductionCells names them),
 * or null without spin and gcc. A cell that does not export, compile or run is left out.
 */
export function panCells(want: (name: string) => boolean): ReadonlyMap<string, PanCell> | null {
  if (made !== undefined) return made;
  if (!installed('spin', '-V') || !installed('gcc', '--version')) return (made = null);
  const out = new Map<string, PanCell>();
  const dir = mkdtempSync(join(tmpdir(), 'raceway-bench-pan-'));
  try {
    for (const { name, p } of reductionCells()) {
      if (!want(name)) continue;
      const model = exportPromela(p, { final: null });
      if (!model.ok) continue;
      writeFileSync(join(dir, 'model.pml'), model.text);
      if (spawnSync('spin', ['-a', 'model.pml'], { cwd: dir, stdio: 'ignore' }).status !== 0) continue;
      if (spawnSync('gcc', ['-O2', '-fwrapv', '-DSAFETY', '-o', 'pan', 'pan.c'], { cwd: dir, stdio: 'ignore' }).status !== 0) continue;
      const first = runPan(dir, panDepth(p), 22);
      if (first === null) continue;
      const bits = Math.max(10, Math.ceil(Math.log2(first.states)) + 1);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = runPan(dir, panDepth(p), bits);
        if (r === null) break;
        times.push(r.ms);
      }
      if (times.length === RUNS) out.set(name, { ms: median(times), states: first.states });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return (made = out);
}

/** One run of the compiled pan in `dir`: its CPU milliseconds and the states it stored, or null when it failed. */
function runPan(dir: string, depth: number, bits: number): { ms: number; states: number } | null {
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='%3U %3S'; time ./pan -m${depth} -w${bits} -c0 -n > pan.out`], { cwd: dir, encoding: 'utf8' });
  const [user, sys] = r.stderr.trim().split(/\s+/).map(Number);
  const result = readPanOutput(readFileSync(join(dir, 'pan.out'), 'utf8'));
  if (r.status !== 0 || result === null || user === undefined || sys === undefined || !Number.isFinite(user + sys)) return null;
  return { ms: (user + sys) * 1000, states: result.states };
}
