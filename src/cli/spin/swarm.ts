// Swarm verification (Holzmann, Joshi and Groce, "Swarm verification techniques", IEEE TSE 37(6),
// 2011; Spin's `-search -swarm`): instead of one search too big for one machine's memory, many
// small bitstate searches of the same model, each diversified (pan compiled with -DT_RAND
// -DP_RAND and run with -RSn -hash: another hash polynomial and another random order of the
// transitions and processes; -w and -k: another table size and bits per state). Not -DPERMUTED
// with -rhash, which Spin's own -swarm uses: in Spin 6.5.2 it reports invalid end states that
// are not (a two-CPU SB model whose next step is enabled, at depth 6). Each run finds errors on its own and their union covers more than any one in the same
// memory. The runs are a shell script that raceway runs here over the cores, and that a user
// copies with the model to other machines, one range of run numbers each; the results are read
// back from the folder. A swarm never proves `safe`: every run is a bitstate search.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPanOutput, type PanResult } from '../../spin/pan-output.js';
import { MAX_SPIN_CPUS } from '../../spin/refuse.js';
import { UserError } from '../io.js';
import { INTERRUPTED, run } from './run-pan.js';

export const SWARM_MODEL = 'model.pml';
export const SWARM_SCRIPT = 'swarm.sh';

/**
 * The depth of the probe run that finds whether pan needs a larger VECTORSZ: the exported init
 * (promela.ts) sets the globals in one d_step and then starts each CPU (refuse.ts: at most
 * MAX_SPIN_CPUS) and the preemption monitor, one step each, so every process is added by then.
 */
const PROBE_DEPTH = MAX_SPIN_CPUS + 10;

/** The script of a swarm over `model.pml` beside it; `depth` is pan's -m (engine.ts panDepth). */
export function swarmScript(depth: number, maxMemoryMb?: number): string {
  const memlim = maxMemoryMb !== undefined ? ` -DMEMLIM=${maxMemoryMb}` : '';
  return `#!/bin/sh
# A swarm of diversified bitstate searches of model.pml with Spin, written by raceway
# (docs/spin.md, "Swarm"). Needs spin and gcc.
#
#   sh swarm.sh FIRST LAST [PARALLEL]
#
# runs the searches numbered FIRST to LAST, PARALLEL at a time (default: this machine's cores).
# Run N hashes with seed N (pan -RS, -hash: its own hash polynomial, transition and process order), a table
# of 2^(24 + N mod 6) bits (-w) and 3 + N mod 3 bits per state (-k). To spread a swarm over
# machines, copy this folder to each, give each its own range (0 49 on one, 50 99 on another),
# copy every runs/N folder back into one copy of this folder, and read them all with
#   raceway check --engine spin --swarm-from THIS_FOLDER SCENARIO [--variant V] [--strategy S]
# which replays every trail found through raceway's machine and prints it as a counterexample.
set -eu
cd "$(dirname "$0")"
if [ "\${1:-}" = --one ]; then
  n=$2
  mkdir -p "runs/$n"
  cd "runs/$n"
  cp ../../model.pml model.pml
  ../../pan -m${depth} -RS$((7919 * n + 1)) -hash -w$((24 + n % 6)) -k$((3 + n % 3)) > pan.out 2>&1 || true
  if [ -f model.pml.trail ]; then spin -t -p model.pml > trail.txt 2>&1 || true; fi
  exit 0
fi
first=\${1:?usage: sh swarm.sh FIRST LAST [PARALLEL]}
last=\${2:?usage: sh swarm.sh FIRST LAST [PARALLEL]}
par=\${3:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
build() { gcc -O2 -fwrapv -DSAFETY -DBITSTATE -DT_RAND -DP_RAND${memlim} "$@" -o pan pan.c; }
if [ ! -x pan ]; then
  spin -a model.pml > /dev/null
  build
  # A state vector above pan's default VECTORSZ stops pan as init starts the CPUs' processes
  # (within its first ${PROBE_DEPTH} steps), saying the size it needs: compile again with twice that.
  need=$(./pan -m${PROBE_DEPTH} -w10 2>&1 | sed -n 's/.*VECTORSZ too small, recompile pan\\.c with -DVECTORSZ=N with N>\\([0-9]*\\).*/\\1/p')
  rm -f model.pml.trail
  if [ -n "$need" ]; then build -DVECTORSZ=$((2 * need)); fi
fi
seq "$first" "$last" | xargs -P "$par" -I{} sh ./swarm.sh --one {}
`;
}

/** Writes the model and its swarm script into `dir` (which exists). */
export function writeSwarmFolder(dir: string, model: string, depth: number, maxMemoryMb?: number): void {
  writeFileSync(join(dir, SWARM_MODEL), model);
  writeFileSync(join(dir, SWARM_SCRIPT), swarmScript(depth, maxMemoryMb), { mode: 0o755 });
}

/**
 * Runs searches 0 to runs - 1 of the swarm in `dir`, `parallel` at a time; a terminal's Ctrl-C
 * stops them all (they run in raceway's process group), and `cancelled` is asked before the swarm
 * starts and after it ends. Not while it runs: a signal passed on to the script would end the
 * shell and leave xargs and its pans running (they are not in a process group of their own).
 */
export async function runSwarm(dir: string, runs: number, parallel: number, cancelled?: () => boolean): Promise<void> {
  if (cancelled?.()) throw new UserError(INTERRUPTED, 3);
  const r = await run('sh', [SWARM_SCRIPT, '0', String(runs - 1), String(parallel)], dir);
  if (cancelled?.()) throw new UserError(INTERRUPTED, 3);
  if (!r.ok) throw new UserError(`the swarm did not run: ${r.why}`);
}

export interface SwarmRun {
  readonly index: number;
  readonly pan: PanResult;
  /** `spin -t -p`'s printout of the run's error trail, or null when it found none. */
  readonly trail: string | null;
}

/** The results of every run in `dir`/runs, by run number; an error line when there are none. */
export function collectSwarm(dir: string): SwarmRun[] | string {
  const runsDir = join(dir, 'runs');
  if (!existsSync(runsDir)) return `${dir} holds no swarm runs (expected ${join(runsDir, 'N', 'pan.out')}: run sh ${join(dir, SWARM_SCRIPT)} FIRST LAST first)`;
  const out: SwarmRun[] = [];
  const numbers = readdirSync(runsDir).filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
  for (const index of numbers) {
    const at = join(runsDir, String(index));
    if (!existsSync(join(at, 'pan.out'))) continue;
    const pan = readPanOutput(readFileSync(join(at, 'pan.out'), 'utf8'));
    if (!pan) return `${join(at, 'pan.out')}: pan's output was not understood (the run did not finish?)`;
    const trail = existsSync(join(at, 'trail.txt')) ? readFileSync(join(at, 'trail.txt'), 'utf8') : null;
    out.push({ index, pan, trail });
  }
  if (out.length === 0) return `${dir} holds no finished swarm runs (expected ${join(runsDir, 'N', 'pan.out')})`;
  return out;
}
