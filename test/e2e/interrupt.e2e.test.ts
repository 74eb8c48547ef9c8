// End-to-end: Ctrl-C (SIGINT) or SIGTERM during a long search stops it, says what it covered, and
// exits 3. The signal is sent once the search reports progress, so the test waits for an event,
// not a time. Before any search starts, either ends the process at once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { repoRoot } from '../../src/testing/repo-root.js';
import { racewayCli } from '../../src/testing/spawn-raceway.js';

interface Run { code: number | null; stdout: string; stderr: string }

/** A guard, not a measurement: a run that ignores the signal would otherwise hang the suite. */
const GIVE_UP_MS = 30_000;

/** Runs raceway and sends `signal` at the first progress line on stderr. */
function interruptAtProgress(args: readonly string[], signal: NodeJS.Signals = 'SIGINT'): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [racewayCli, ...args], {
      cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!sent && / states, \d+\/s/.test(stderr)) {
        sent = true;
        child.kill(signal);
        setTimeout(() => { if (child.exitCode === null) { child.kill('SIGKILL'); reject(new Error(`raceway ignored ${signal}`)); } }, GIVE_UP_MS).unref();
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// Five CPUs: far more states than any machine explores before its first progress line (1 s),
// without the symmetry of the readers (explore/symmetry.ts), which takes none and rcu to seconds.
const LONG = ['check', 'scenarios/scaled/key-race-scaled.yaml', '--cpus', '5', '--mode', 'exhaustive', '--progress', '--summary', '--no-symmetry'];

test('Ctrl-C stops a running search: inconclusive (cancelled), what it covered, exit 3', async () => {
  const r = await interruptAtProgress([...LONG, '--strategy', 'rcu']);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stdout, /scaled {2}rcu {2}inconclusive \(cancelled\)/);
  assert.match(r.stdout, /^1 result: 0 met, 0 not met, 1 inconclusive$/m);
  assert.match(r.stderr, /raceway: interrupted: scaled\/rcu covered \d+ states, \d+ transitions, depth \d+/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('Ctrl-C in a batch stops the searches under way and starts no more (--jobs 1)', async () => {
  const r = await interruptAtProgress([...LONG, '--jobs', '1']);
  assert.equal(r.code, 3, r.stderr);
  // One worker: the first search stops (its verdict is whatever it had found) and the other two
  // never start.
  assert.match(r.stdout, /^ {2}\S+ +scaled {2}none /m);
  assert.doesNotMatch(r.stdout, /scaled {2}(rcu|hazptr-head) /);
  assert.match(r.stdout, /^1 result: .*, 2 not run \(interrupted\)$/m);
  assert.match(r.stderr, /raceway: interrupted: 2 searches not run/);
});

test('SIGTERM stops a running search as Ctrl-C does: inconclusive (cancelled), what it covered, exit 3', async () => {
  const r = await interruptAtProgress([...LONG, '--strategy', 'rcu'], 'SIGTERM');
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stdout, /scaled {2}rcu {2}inconclusive \(cancelled\)/);
  assert.match(r.stderr, /raceway: interrupted: scaled\/rcu covered \d+ states, \d+ transitions, depth \d+/);
});

/**
 * Runs `raceway validate GOOD -`: it prints GOOD's line, then waits for standard input, loading
 * still; `signal` goes at that line, so the test waits for an event, not a time.
 */
function signalWhileLoading(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [racewayCli, 'validate', 'scenarios/litmus/SB.yaml', '-'], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (/SB\.yaml: ok\n/.test(stdout)) child.kill(signal);
    });
    const guard = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`raceway ignored ${signal} while loading`)); }, GIVE_UP_MS);
    child.on('error', reject);
    child.on('close', (code, sig) => { clearTimeout(guard); resolve({ code, signal: sig }); });
  });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} while loading ends the process at once: there is no search to stop`, async () => {
    const r = await signalWhileLoading(signal);
    assert.deepEqual(r, { code: null, signal });
  });
}
