// Runs Spin on one exported model in a temporary folder that is always removed (scratch-dir.ts,
// at exit too): `spin -a` writes
// the verifier's C source, gcc compiles it, pan searches, and on an error `spin -t -p` prints the
// trail. Children run in raceway's process group, so a terminal's Ctrl-C stops them too; they run
// asynchronously, so raceway's own SIGINT handler (io.ts trapInterrupts) runs while they do, and
// `cancelled` is asked before each child starts, while it runs (a Ctrl-C that reached raceway alone
// is passed on to it) and after it ends: a Ctrl-C that lands between two children (or that a child
// ignores) stops the check before the next one starts. With a
// deadline (check --timeout) each child gets the time left and is killed when it passes it, so a
// pan that would run for ever ends the case as `inconclusive (deadline)` instead of hanging.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPanOutput, type PanResult } from '../../spin/pan-output.js';
import { makeScratchDir, removeScratchDir } from './scratch-dir.js';
import { UserError } from '../io.js';

export interface PanOptions {
  /** Bitstate hashing (-DBITSTATE): a few bits per state; the result is never `safe`. */
  readonly bitstate?: boolean;
  /** pan's worker processes (-DNCORE), 1 for the ordinary search. */
  readonly cores?: number;
  /** pan's memory limit in MB (-DMEMLIM); its hash table (-w) is sized to fit within it. */
  readonly maxMemoryMb?: number;
  /** pan's depth bound (-m): at least the longest run the model can make. */
  readonly depth: number;
  /** Absolute deadline on runPan's `now` clock: a child still running then is killed. */
  readonly deadlineMs?: number;
  /** Asked before each child starts, while it runs and after it ends: true once the user pressed Ctrl-C. */
  readonly cancelled?: () => boolean;
  /** For tests: told as each child starts and as it ends (RunOptions.observe). */
  readonly observe?: RunOptions['observe'];
}

export type PanRun =
  | { readonly ok: true; readonly result: PanResult; readonly trail: string | null; readonly ms: number }
  /** `deadline`: the search was stopped at PanOptions.deadlineMs (not an error: a bound). */
  | { readonly ok: false; readonly message: string; readonly deadline?: true };

export const INTERRUPTED = 'interrupted: the Spin search did not finish';

export const SPIN_MISSING = 'spin is not installed (it is optional: apt-get install spin, which needs gcc too)';

export interface Ran {
  readonly out: string;
  readonly ok: boolean;
  /** Why it failed, in one line. */
  readonly why: string;
  /** Killed at its deadline. */
  readonly timedOut?: true;
  /** Killed by a signal that was not the deadline's, nor Ctrl-C's (e.g. the out-of-memory killer's). */
  readonly signal?: string;
  readonly stderr: string;
}

/** What a child may print before it is stopped, as spawnSync's maxBuffer (pan's output is a few KB; a trail a few MB). */
const MAX_OUTPUT = 256 * 1024 * 1024;

export interface RunOptions {
  /** Killed (SIGKILL: pan ignores nothing else reliably) once this many ms have passed. */
  readonly timeoutMs?: number;
  /**
   * Asked before the child starts and after it ends (true throws `interrupted`, exit 3), and every
   * POLL_MS while it runs: a Ctrl-C or SIGTERM that reached raceway alone (`kill PID`, timeout(1),
   * or a Ctrl-C that landed as the child started) is passed on to it as SIGINT one or two ticks
   * later, then SIGKILL if it is still there KILL_AFTER_MS after that.
   */
  readonly cancelled?: () => boolean;
  /** For tests: told as the child starts (after `cancelled` was asked) and as it ends (before). */
  readonly observe?: (cmd: string, event: 'start' | 'end') => void;
}

const POLL_MS = 100;
const KILL_AFTER_MS = 2000;

/**
 * Runs cmd to its end in cwd, or until timeoutMs. Asynchronous, so that this thread stays free
 * for the SIGINT handler while the child runs: a Ctrl-C the child ignores (spin -a runs its
 * preprocessor through system(), which ignores SIGINT) is still seen when it ends. The handler
 * runs before the child's end is read: the signal reaches this process before the child exits
 * (libuv reads both from one signal pipe, in order).
 */
export async function run(cmd: string, args: readonly string[], cwd: string, o: RunOptions = {}): Promise<Ran> {
  if (o.cancelled?.()) throw new UserError(INTERRUPTED, 3);
  if (o.timeoutMs !== undefined && o.timeoutMs < 1) return { out: '', ok: false, why: `${cmd} was not started: the deadline had passed`, timedOut: true, stderr: '' };
  const r = await new Promise<{ stdout: string; stderr: string; status: number | null; signal: NodeJS.Signals | null; error?: NodeJS.ErrnoException; timedOut: boolean; overflow: boolean }>((resolve) => {
    o.observe?.(cmd, 'start');
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    let overflow = false;
    let error: NodeJS.ErrnoException | undefined;
    const timer = o.timeoutMs === undefined ? null : setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, Math.ceil(o.timeoutMs));
    // SIGINT, as a terminal's Ctrl-C: pan prints `Interrupted` and exits, gcc removes its temporary
    // files. Only at the second tick that sees the interruption: a terminal's Ctrl-C has reached the
    // child too, which has then nearly always ended by itself (pan while printing its statistics
    // is better not signalled twice; what it prints is not read then anyway: see below).
    let seen = false;
    let kill: NodeJS.Timeout | null = null;
    const poll = o.cancelled === undefined ? null : setInterval(() => {
      if (kill !== null || !o.cancelled!()) return;
      if (!seen) { seen = true; return; }
      child.kill('SIGINT');
      kill = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    }, POLL_MS);
    const stop = (): void => {
      for (const t of [timer, kill]) if (t !== null) clearTimeout(t);
      if (poll !== null) clearInterval(poll);
    };
    const keep = (into: Buffer[]) => (d: Buffer): void => {
      size += d.length;
      if (size > MAX_OUTPUT) {
        if (!overflow) { overflow = true; child.kill('SIGKILL'); }
        return;
      }
      into.push(d);
    };
    child.stdout.on('data', keep(out));
    child.stderr.on('data', keep(err));
    // 'error' without 'close' when the command cannot be started (ENOENT); 'close' follows otherwise.
    child.on('error', (e: NodeJS.ErrnoException) => {
      error = e;
      if (child.pid === undefined) {
        stop();
        resolve({ stdout: '', stderr: '', status: null, signal: null, error: e, timedOut, overflow });
      }
    });
    child.on('close', (status, signal) => {
      stop();
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), status, signal, ...(error ? { error } : {}), timedOut, overflow });
    });
  });
  o.observe?.(cmd, 'end');
  const { stdout, stderr } = r;
  if (r.error?.code === 'ENOENT') throw new UserError(cmd === 'gcc' ? 'gcc is not installed (Spin needs it: apt-get install gcc)' : SPIN_MISSING);
  // A Ctrl-C while the child ran (it died of it, ignored it, or it landed as the child ended):
  // the check stops here, whatever the child made of it.
  if (o.cancelled?.()) throw new UserError(INTERRUPTED, 3);
  if (r.timedOut) return { out: stdout, ok: false, why: `${cmd} was stopped at the deadline`, timedOut: true, stderr };
  if (r.overflow) return { out: stdout, ok: false, why: `${cmd} printed more than ${MAX_OUTPUT / (1024 * 1024)} MB and was stopped`, stderr };
  if (r.error) return { out: stdout, ok: false, why: `${cmd}: ${r.error.message}`, stderr };
  // Ctrl-C reaches the child too (same process group): stop the whole check, as raceway's own
  // search does, with exit 3 (the temporary folder is removed on the way out). SIGTERM sent to
  // the group likewise (io.ts takes both as an interruption).
  if (r.signal === 'SIGINT' || r.signal === 'SIGTERM') throw new UserError(INTERRUPTED, 3);
  if (r.signal) return { out: stdout, ok: false, why: `${cmd} was killed by ${r.signal}`, signal: r.signal, stderr };
  return { out: `${stdout}${stderr}`, ok: r.status === 0, why: `${cmd} exited with ${r.status}: ${firstLine(stderr || stdout)}`, stderr };
}

/** The first line that says what went wrong (gcc's first `error:` line), else the first line. */
export function firstLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.find((l) => /\berror\b/i.test(l)) ?? lines[0] ?? '(no output)';
}

/**
 * pan's hash table size (-w): its default 2^22 slots (32 MB of pointers), or 2^30 bits (128 MB)
 * for a bitstate search, but at most a quarter of --max-memory, so the table alone never meets
 * -DMEMLIM (pan would stop before storing a state) and the rest is left for states and stack.
 */
export function hashBits(bitstate: boolean, maxMemoryMb?: number): number {
  const fallback = bitstate ? 30 : 22;
  if (maxMemoryMb === undefined) return fallback;
  const bytes = (maxMemoryMb * 1024 * 1024) / 4;
  // A bitstate table holds 8 slots a byte, a full one 1 slot (a pointer, 8 bytes) per 8 bytes.
  const w = Math.floor(Math.log2(bitstate ? bytes * 8 : bytes / 8));
  return Math.max(10, Math.min(fallback, w));
}

/** Where gcc's whole output is kept when it fails: a folder of its own under the system's tmpdir. */
function keepGccLog(model: string, log: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'raceway-gcc-'));
  writeFileSync(join(dir, 'model.pml'), model);
  writeFileSync(join(dir, 'gcc.log'), log);
  return join(dir, 'gcc.log');
}

export async function runPan(model: string, o: PanOptions, now: () => number): Promise<PanRun> {
  const dir = makeScratchDir('raceway-spin-');
  const start = now();
  // Each child's bounds: the time left to the deadline, and the user's Ctrl-C.
  const bounds = (): RunOptions => ({
    ...(o.deadlineMs === undefined ? {} : { timeoutMs: o.deadlineMs - now() }),
    ...(o.cancelled ? { cancelled: o.cancelled } : {}),
    ...(o.observe ? { observe: o.observe } : {}),
  });
  const stopped = (r: Ran): PanRun => ({ ok: false, deadline: true, message: `${r.why} (--timeout)` });
  try {
    writeFileSync(join(dir, 'model.pml'), model);
    const a = await run('spin', ['-a', 'model.pml'], dir, bounds());
    if (a.timedOut) return stopped(a);
    if (!a.ok) return { ok: false, message: `spin -a failed on the exported model: ${a.why}` };
    // -DSAFETY: only safety is checked (assertions and invalid end states: raceway's livelocks are
    // loop bounds, so no cycle detection is needed). -fwrapv: int arithmetic wraps as raceway's.
    const defs = ['-DSAFETY'];
    if (o.bitstate) defs.push('-DBITSTATE');
    if ((o.cores ?? 1) > 1) defs.push(`-DNCORE=${o.cores}`);
    if (o.maxMemoryMb !== undefined) defs.push(`-DMEMLIM=${o.maxMemoryMb}`);
    const opt = o.bitstate || (o.cores ?? 1) > 1 ? '-O2' : '-O0'; // -O0 compiles pan.c three times as fast; the big searches get -O2
    const search = async (): Promise<PanRun | { ok: 'ran'; out: string }> => {
      const cc = await run('gcc', [opt, '-fwrapv', ...defs, '-o', 'pan', 'pan.c'], dir, bounds());
      if (cc.timedOut) return stopped(cc);
      // One line: gcc's first error, and where its whole output is (pan.c is Spin's, not the user's).
      if (!cc.ok) return { ok: false, message: `gcc failed on pan.c: ${cc.signal ? cc.why : firstLine(cc.stderr || cc.out)} (whole output: ${keepGccLog(model, cc.stderr || cc.out)})` };
      const r = await run('./pan', [`-m${o.depth}`, `-w${hashBits(o.bitstate ?? false, o.maxMemoryMb)}`], dir, bounds());
      if (r.timedOut) return stopped(r);
      if (r.signal) {
        const memory = r.signal === 'SIGKILL' ? ' (the system\'s out-of-memory killer? --max-memory caps pan\'s memory; --bitstate needs far less)' : '';
        return { ok: false, message: `pan was killed by ${r.signal} before its search ended${memory}` };
      }
      // pan catches SIGINT, prints `Interrupted` and the statistics so far, and exits 0: read as a
      // finished search, that would be a `safe` from a search that was cut short.
      if (/^Interrupted$/m.test(r.out)) throw new UserError(INTERRUPTED, 3);
      return { ok: 'ran', out: r.out };
    };
    let pan = await search();
    // A state vector above pan's default 1024 bytes (many frames: tasks, softirq levels) stops pan
    // at once, with the size it needs: compile again with room for it.
    const need = pan.ok === 'ran' ? /VECTORSZ too small, recompile pan\.c with -DVECTORSZ=N with N>(\d+)/.exec(pan.out) : null;
    if (need) {
      for (const f of readdirSync(dir)) if (f.endsWith('.trail')) rmSync(join(dir, f));
      defs.push(`-DVECTORSZ=${2 * Number(need[1])}`);
      pan = await search();
    }
    if (pan.ok !== 'ran') return pan;
    const result = readPanOutput(pan.out);
    if (!result) return { ok: false, message: `pan's output was not understood: ${firstLine(pan.out)}` };
    let trail: string | null = null;
    const trails = readdirSync(dir).filter((f) => f.endsWith('.trail')).sort();
    if (result.errors > 0 && trails.length > 0) {
      const n = /^model\.pml(\d*)\.trail$/.exec(trails[0]!)?.[1] ?? '';
      const t = await run('spin', [`-t${n}`, '-p', 'model.pml'], dir, bounds());
      if (t.timedOut) return stopped(t);
      trail = t.out;
    }
    return { ok: true, result, trail, ms: now() - start };
  } finally {
    removeScratchDir(dir);
  }
}
