// Runs Spin on one exported model in a temporary folder that is always removed: `spin -a` writes
// the verifier's C source, gcc compiles it, pan searches, and on an error `spin -t -p` prints the
// trail. Children run synchronously in raceway's process group, so Ctrl-C stops them too.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPanOutput, type PanResult } from '../../spin/pan-output.js';
import { UserError } from '../io.js';

export interface PanOptions {
  /** Bitstate hashing (-DBITSTATE): a few bits per state; the result is never `safe`. */
  readonly bitstate?: boolean;
  /** pan's worker processes (-DNCORE), 1 for the ordinary search. */
  readonly cores?: number;
  /** pan's memory limit in MB (-DMEMLIM). */
  readonly maxMemoryMb?: number;
  /** pan's depth bound (-m): at least the longest run the model can make. */
  readonly depth: number;
}

export type PanRun =
  | { readonly ok: true; readonly result: PanResult; readonly trail: string | null; readonly ms: number }
  | { readonly ok: false; readonly message: string };

export const SPIN_MISSING = 'spin is not installed (it is optional: apt-get install spin, which needs gcc too)';

export function run(cmd: string, args: readonly string[], cwd: string): { out: string; ok: boolean; why: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(cmd === 'gcc' ? 'gcc is not installed (Spin needs it: apt-get install gcc)' : SPIN_MISSING);
    return { out: '', ok: false, why: r.error.message };
  }
  // Ctrl-C reaches the child too (same process group): stop the whole check, as raceway's own
  // search does, with exit 3 (the temporary folder is removed on the way out).
  if (r.signal === 'SIGINT') throw new UserError('interrupted: the Spin search did not finish', 3);
  if (r.signal) return { out: r.stdout, ok: false, why: `${cmd} stopped by ${r.signal}` };
  return { out: `${r.stdout}${r.stderr}`, ok: r.status === 0, why: `${cmd} exited with ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}` };
}

export function runPan(model: string, o: PanOptions, now: () => number): PanRun {
  const dir = mkdtempSync(join(tmpdir(), 'raceway-spin-'));
  const start = now();
  try {
    writeFileSync(join(dir, 'model.pml'), model);
    const a = run('spin', ['-a', 'model.pml'], dir);
    if (!a.ok) return { ok: false, message: `spin -a failed on the exported model: ${a.why}` };
    // -DSAFETY: only safety is checked (assertions and invalid end states: raceway's livelocks are
    // loop bounds, so no cycle detection is needed). -fwrapv: int arithmetic wraps as raceway's.
    const defs = ['-DSAFETY'];
    if (o.bitstate) defs.push('-DBITSTATE');
    if ((o.cores ?? 1) > 1) defs.push(`-DNCORE=${o.cores}`);
    if (o.maxMemoryMb !== undefined) defs.push(`-DMEMLIM=${o.maxMemoryMb}`);
    const opt = o.bitstate || (o.cores ?? 1) > 1 ? '-O2' : '-O0'; // -O0 compiles pan.c three times as fast; the big searches get -O2
    const search = (): { ok: false; message: string } | { ok: true; out: string; why: string } => {
      const cc = run('gcc', [opt, '-fwrapv', ...defs, '-o', 'pan', 'pan.c'], dir);
      if (!cc.ok) return { ok: false, message: `gcc failed on pan.c: ${cc.why}` };
      const r = run('./pan', [`-m${o.depth}`, o.bitstate ? '-w30' : '-w22'], dir);
      return { ok: true, out: r.out, why: r.why };
    };
    let pan = search();
    // A state vector above pan's default 1024 bytes (many frames: tasks, softirq levels) stops pan
    // at once, with the size it needs: compile again with room for it.
    const need = pan.ok ? /VECTORSZ too small, recompile pan\.c with -DVECTORSZ=N with N>(\d+)/.exec(pan.out) : null;
    if (need) {
      for (const f of readdirSync(dir)) if (f.endsWith('.trail')) rmSync(join(dir, f));
      defs.push(`-DVECTORSZ=${2 * Number(need[1])}`);
      pan = search();
    }
    if (!pan.ok) return pan;
    const result = readPanOutput(pan.out);
    if (!result) return { ok: false, message: `pan's output was not understood: ${pan.why}` };
    let trail: string | null = null;
    const trails = readdirSync(dir).filter((f) => f.endsWith('.trail')).sort();
    if (result.errors > 0 && trails.length > 0) {
      const n = /^model\.pml(\d*)\.trail$/.exec(trails[0]!)?.[1] ?? '';
      const t = run('spin', [`-t${n}`, '-p', 'model.pml'], dir);
      trail = t.out;
    }
    return { ok: true, result, trail, ms: now() - start };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
