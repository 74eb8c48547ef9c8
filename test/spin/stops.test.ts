// `check --engine spin` never hangs: --timeout ends a Spin search that would run for minutes as
// `inconclusive (deadline)`, and Ctrl-C (SIGINT to the foreground process group, as a terminal
// sends it, or to raceway alone) stops raceway with exit 3 and leaves no spin, gcc or pan running. The model is the
// 6-CPU rcu cell of the scaled seed race: Spin stores millions of states there (docs/spin.md).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { noSpin } from '../../src/testing/spin-agree.js';
import { raceway, racewayCli } from '../../src/testing/spawn-raceway.js';
import { repoRoot } from '../../src/testing/repo-root.js';

const BIG = ['scenarios/scaled/key-race-scaled.yaml', '--cpus', '6', '-s', 'rcu', '--engine', 'spin', '--summary'];

test('--timeout stops a long Spin search: inconclusive (deadline), never safe, in about the time given', { skip: noSpin }, () => {
  const t0 = Date.now();
  const r = raceway(['check', ...BIG, '--timeout', '2']);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stdout, /rcu {2}inconclusive \(deadline\)/);
  assert.equal(r.stderr, '');
  assert.ok(Date.now() - t0 < 30_000, `${Date.now() - t0} ms`);
});

/** The commands still running in process group `pgid`. */
function groupAlive(pgid: number): string[] {
  const ps = spawnSync('ps', ['-o', 'pgid=,comm=', '-e'], { encoding: 'utf8' }).stdout;
  return ps.split('\n').map((l) => l.trim().split(/\s+/)).filter(([g]) => Number(g) === pgid).map(([, c]) => c!);
}

/** bin/raceway on BIG in a process group of its own, so that a signal to the group reaches raceway and its children as a terminal's Ctrl-C would. */
function startCheck(): { pgid: number; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [racewayCli, 'check', ...BIG], { cwd: repoRoot, detached: true, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += String(d); });
  child.stderr.on('data', (d: Buffer) => { stderr += String(d); });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { pgid: child.pid!, exited, output: () => `${stdout}\n${stderr}` };
}

/**
 * Waits until gcc compiles pan.c (its cc1 pass: the longest phase before pan, seconds or more), not
 * spin -a's preprocessor (a cc1 -E on model.pml).
 */
async function untilCompiling(pgid: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ps = spawnSync('ps', ['-o', 'pgid=,args=', '-e'], { encoding: 'utf8' }).stdout;
    if (ps.split('\n').some((l) => Number(l.trim().split(/\s+/)[0]) === pgid && /\bcc1\b.*\bpan\.c\b/.test(l))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail('gcc started compiling pan.c');
}

/** The check's exit code, or null when it was still running `ms` after the signal (then it is killed: the suite never hangs). */
async function exitWithin(c: { pgid: number; exited: Promise<number | null> }, ms: number): Promise<number | null> {
  let guard: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((done) => { guard = setTimeout(() => done('late'), ms); });
  const code = await Promise.race([c.exited, late]);
  clearTimeout(guard);
  if (code !== 'late') return code;
  try { process.kill(-c.pgid, 'SIGKILL'); } catch { /* gone */ }
  await c.exited;
  return null;
}

/** Waits until nothing of the check runs in its group (a compiler pass gcc had started may finish its file first). */
async function settled(pgid: number, ms: number): Promise<string[]> {
  const until = Date.now() + ms;
  while (groupAlive(pgid).length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  return groupAlive(pgid);
}

test('Ctrl-C during a Spin search stops raceway (exit 3, one line) and every child it started', { skip: noSpin }, async () => {
  const c = startCheck();
  await untilCompiling(c.pgid);
  process.kill(-c.pgid, 'SIGINT');
  const code = await exitWithin(c, 60_000);
  assert.equal(code, 3, c.output());
  assert.match(c.output(), /interrupted/);
  assert.doesNotMatch(c.output(), /\n {4}at /, 'no stack trace');
  assert.deepEqual(groupAlive(c.pgid).filter((n) => /^(node|spin|gcc|pan)$/.test(n)), [], 'raceway, spin, gcc and pan are gone');
  assert.deepEqual(await settled(c.pgid, 20_000), [], 'nothing of the check is left running');
});

// A Ctrl-C that raceway sees and its children do not: as one that lands between two children (one
// has exited, the next not yet started), or a SIGINT sent to raceway's process alone. Before
// children ran asynchronously, raceway saw it only once gcc had ended and went on to start pan,
// which runs here for many minutes (the guard then kills it and the test fails); now the running
// child is passed the signal and no child starts after it, whichever phase it lands in.
test('a Ctrl-C that reaches raceway alone stops the check too, and pan never runs on', { skip: noSpin }, async () => {
  const c = startCheck();
  await untilCompiling(c.pgid);
  process.kill(c.pgid, 'SIGINT');
  const code = await exitWithin(c, 60_000);
  assert.equal(code, 3, `still running a minute after the signal (null) or another exit: ${code}\n${c.output()}`);
  assert.match(c.output(), /interrupted: the Spin search did not finish/);
  assert.doesNotMatch(c.output(), /\n {4}at /, 'no stack trace');
  assert.deepEqual(groupAlive(c.pgid).filter((n) => /^(node|spin|gcc|pan)$/.test(n)), [], 'raceway, spin, gcc and pan are gone');
  // gcc's compiler pass (cc1) did not get the signal: it finishes its file, and nothing runs after it.
  assert.deepEqual(await settled(c.pgid, 120_000), [], 'nothing of the check is left running');
});
