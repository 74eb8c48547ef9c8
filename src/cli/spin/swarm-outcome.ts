// `--engine spin --swarm N` and `--swarm-from DIR`: raceway's Outcome from a swarm of Spin runs
// (swarm.ts). Every run reports every violation kind and stops at its first error; each trail is
// replayed through raceway's machine and the first of each kind, by run number, is its finding.
// The verdict is never `safe`: with no violation it is inconclusive (bitstate), and a final-state
// condition is not judged (a swarm searches for errors, not for final states).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LineIndex } from '../../common/span.js';
import { verdictOf, type Finding, type Outcome } from '../../explore/explorer.js';
import type { Program } from '../../machine/program.js';
import { exportPromela } from '../../spin/promela.js';
import { trailMoves } from '../../spin/trail.js';
import { panDepth, trailViolation, type SpinOutcome } from './engine.js';
import { makeScratchDir, removeScratchDir } from './scratch-dir.js';
import { collectSwarm, runSwarm, SWARM_MODEL, writeSwarmFolder } from './swarm.js';

export interface SwarmOptions {
  /** Run the swarm here: this many runs, `parallel` at a time. */
  readonly runs?: number;
  readonly parallel?: number;
  /** Read the runs of a swarm run elsewhere from this folder (its model.pml must be this case's). */
  readonly from?: string;
  readonly maxMemoryMb?: number;
  /** Asked before the swarm starts and after it ends: true once the user pressed Ctrl-C. */
  readonly cancelled?: () => boolean;
}

export async function swarmOutcome(p: Program, lines: LineIndex, o: SwarmOptions, now: () => number): Promise<SpinOutcome> {
  const start = now();
  const model = exportPromela(p, { lines, final: null });
  if (!model.ok) return { ok: false, message: `cannot export to Promela: ${model.reason}` };
  let dir = o.from;
  const scratch = dir === undefined ? makeScratchDir('raceway-swarm-') : null;
  try {
    if (scratch !== null) {
      dir = scratch;
      writeSwarmFolder(dir, model.text, panDepth(p), o.maxMemoryMb);
      await runSwarm(dir, o.runs ?? 10, o.parallel ?? 1, o.cancelled);
    } else {
      // A trail names the model's lines: it maps back only through the model that made it.
      let there: string;
      try { there = readFileSync(join(dir!, SWARM_MODEL), 'utf8'); } catch { return { ok: false, message: `${join(dir!, SWARM_MODEL)} cannot be read` }; }
      if (there !== model.text) return { ok: false, message: `${join(dir!, SWARM_MODEL)} is not the model of ${p.variant}/${p.strategy} (export it again with --swarm-script)` };
    }
    const runs = collectSwarm(dir!);
    if (typeof runs === 'string') return { ok: false, message: runs };
    const findings: Finding[] = [];
    const kinds = new Set<string>();
    for (const r of runs) {
      if (r.pan.errors === 0) continue;
      if (r.trail === null) return { ok: false, message: `swarm run ${r.index} found an error but left no trail` };
      const moves = trailMoves(r.trail, model.moves);
      const violation = trailViolation(p, moves, `swarm run ${r.index}'s trail`);
      if (typeof violation === 'string') return { ok: false, message: violation };
      if (kinds.has(violation.kind)) continue;
      kinds.add(violation.kind);
      findings.push({ violation, trace: moves, mode: 'exhaustive' });
    }
    const states = runs.reduce((n, r) => n + r.pan.states, 0);
    const outcome: Outcome = {
      verdict: verdictOf(findings, 'bitstate'),
      findings,
      bound: 'bitstate',
      stats: {
        mode: 'exhaustive', states, transitions: runs.reduce((n, r) => n + r.pan.transitions, 0), ms: now() - start,
        maxDepth: Math.max(0, ...runs.map((r) => r.pan.depth)), runs: runs.length,
      },
    };
    return { ok: true, outcome, spin: { states, stateVector: runs[0]?.pan.stateVector ?? null, hashFactor: null, searches: runs.length, swarmRuns: runs.length } };
  } finally {
    if (scratch !== null) removeScratchDir(scratch);
  }
}
