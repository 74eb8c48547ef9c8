// runPan compiles pan again with a bigger VECTORSZ when the model's state vector passes pan's
// default 1024 bytes (programs with tasks and softirq levels have many frames), instead of
// returning pan's "VECTORSZ too small" stop as an error of the search.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { noSpin } from '../../testing/spin-agree.js';
import { UserError } from '../io.js';
import { hashBits, run, runPan } from './run-pan.js';

test('a state vector above 1024 bytes is searched, not reported as an error', { skip: noSpin }, async () => {
  const model = 'int big[400];\ninit { big[0] = 1; big[399] = big[0] + 1; assert(big[399] == 2) }\n';
  let t = 0;
  const r = await runPan(model, { depth: 10 }, () => t++);
  assert.ok(r.ok, r.ok ? '' : r.message);
  assert.equal(r.result.errors, 0);
  assert.ok((r.result.stateVector ?? 0) > 1024, String(r.result.stateVector));
});

// pan never runs unbounded: a deadline kills whichever child is running (spin, gcc or pan) and
// says so as a bound, not an error; a pan killed by a signal is one error line; --max-memory
// sizes pan's hash table to fit. The model below has 900 million states: without a bound it
// would run for hours.
const ENDLESS = 'int x; int y;\nactive proctype A() { do :: x < 30000 -> x++ :: y < 30000 -> y++ od }\n';

test('a child still running at the deadline is killed, and the run says it stopped there', async () => {
  const t0 = Date.now();
  const r = await run('sleep', ['30'], tmpdir(), { timeoutMs: 200 });
  assert.equal(r.timedOut, true);
  assert.ok(Date.now() - t0 < 10_000, `${Date.now() - t0} ms`);
  assert.equal((await run('sleep', ['30'], tmpdir(), { timeoutMs: 0 })).timedOut, true, 'past the deadline nothing starts');
});

test('a pan that would run for hours stops at the deadline as a bound, not an error', { skip: noSpin }, async () => {
  const t0 = Date.now();
  const r = await runPan(ENDLESS, { depth: 100_000, deadlineMs: Date.now() + 2000 }, Date.now);
  assert.ok(!r.ok && r.deadline === true, JSON.stringify(r));
  assert.match(r.message, /stopped at the deadline \(--timeout\)$/);
  assert.ok(Date.now() - t0 < 20_000, `${Date.now() - t0} ms`);
});

test('a pan killed by a signal is one error line that names it, not a crash', { skip: noSpin }, async () => {
  const r = await runPan('init { c_code { raise(SIGKILL); } }\n', { depth: 10 }, Date.now);
  assert.ok(!r.ok && r.deadline === undefined, JSON.stringify(r));
  assert.match(r.message, /^pan was killed by SIGKILL before its search ended \(the system's out-of-memory killer\?/);
  assert.doesNotMatch(r.message, /\n/);
});

test('--max-memory sizes the hash table within it, so pan stores states until the limit', { skip: noSpin }, async () => {
  const r = await runPan(ENDLESS, { depth: 100_000, maxMemoryMb: 16 }, Date.now);
  assert.ok(r.ok, r.ok ? '' : r.message);
  assert.equal(r.result.truncated, 'max-memory');
  // With pan's default -w22 the table alone (32 MB) passes 16 MB and pan stores nothing.
  assert.ok(r.result.states > 10_000, String(r.result.states));
});

test('the hash table is a quarter of --max-memory at most, and pan\'s own size without it', () => {
  assert.equal(hashBits(false), 22);
  assert.equal(hashBits(true), 30);
  assert.equal(hashBits(false, 16), 19); // 2^19 pointers: 4 MB
  assert.equal(hashBits(true, 16), 25); // 2^25 bits: 4 MB
  assert.equal(hashBits(true, 100_000), 30);
  assert.equal(hashBits(false, 1), 15);
});

test('gcc failing is one line: its first error, and where its whole output was kept (not the cwd)', { skip: noSpin }, async () => {
  const r = await runPan('c_code { this is not C at all; }\ninit { skip }\n', { depth: 10 }, Date.now);
  assert.ok(!r.ok, 'gcc cannot compile it');
  assert.doesNotMatch(r.message, /\n/);
  const m = /^gcc failed on pan\.c: (.*error.*) \(whole output: (.+)\)$/.exec(r.message);
  assert.ok(m, r.message);
  assert.ok(m[2]!.startsWith(tmpdir()), m[2]);
  const log = readFileSync(m[2]!, 'utf8');
  assert.ok(log.includes(m[1]!.trim()) && log.split('\n').length > 2, log);
  rmSync(dirname(m[2]!), { recursive: true, force: true });
});

test('a pan stopped by SIGINT (it prints Interrupted and exits 0) is an interruption, never a finished search', { skip: noSpin }, async () => {
  await assert.rejects(runPan('int x;\ninit { x = 1; c_code { raise(SIGINT); }; x = 2 }\n', { depth: 10 }, Date.now), (e: unknown) => e instanceof UserError && e.exitCode === 3);
});

// Ctrl-C in every phase (docs/spin.md, "Time, memory, Ctrl-C and failures"): `cancelled` stands
// for io.interrupted, set by raceway's SIGINT handler. A Ctrl-C that lands between two children,
// or reaches raceway alone, must stop the check before the next child starts, or stop the one
// that runs; pan on ENDLESS would otherwise run to the guard deadline (and then resolve, not reject).
const GUARD_MS = 30_000;
const interrupted = (e: unknown): boolean => e instanceof UserError && e.exitCode === 3;

/**
 * runPan on ENDLESS with the Ctrl-C flag set when `cmd` reaches `event`: it must reject as
 * interrupted, well before the guard deadline; the children's starts and ends, in order.
 */
async function interruptAt(cmd: string, event: string): Promise<string[]> {
  const events: string[] = [];
  let flag = false;
  const t0 = Date.now();
  await assert.rejects(runPan(ENDLESS, {
    depth: 100_000, deadlineMs: Date.now() + GUARD_MS, cancelled: () => flag,
    observe: (c, e) => { events.push(`${e} ${c}`); if (c === cmd && e === event) flag = true; },
  }, Date.now), interrupted);
  assert.ok(Date.now() - t0 < GUARD_MS / 2, `${Date.now() - t0} ms`);
  return events;
}

test('a Ctrl-C that lands between two children stops runPan before the next one starts', { skip: noSpin }, async () => {
  // The Ctrl-C arrives as spin -a has just exited, before gcc starts.
  assert.deepEqual(await interruptAt('spin', 'end'), ['start spin', 'end spin'], 'neither gcc nor pan started');
});

test('a Ctrl-C that reached raceway alone while a child runs is passed on to it, and nothing more starts', { skip: noSpin }, async () => {
  // The Ctrl-C arrives just after gcc was started (after the check before it): gcc did not get it.
  assert.deepEqual(await interruptAt('gcc', 'start'), ['start spin', 'end spin', 'start gcc', 'end gcc'], 'pan never started');
});

test('a Ctrl-C that a child ignores (spin -a runs its preprocessor through system()) still stops the check', async () => {
  // The child ignores SIGINT, sends one to this process (as a terminal sends it to the whole
  // group), then fails as spin -a does when its preprocessor was interrupted. The handler stands
  // for io.ts trapInterrupts; it must have run by the time the child's end is read.
  let flag = false;
  const onSigint = (): void => { flag = true; };
  process.on('SIGINT', onSigint);
  try {
    await assert.rejects(run('sh', ['-c', 'trap "" INT; kill -INT $PPID; sleep 0.2; exit 1'], tmpdir(), { cancelled: () => flag }), interrupted);
    assert.equal(flag, true);
  } finally {
    process.off('SIGINT', onSigint);
  }
});

test('a command that is not installed is the one-line message that says how to install it', async () => {
  await assert.rejects(run('gcc-not-installed-here', [], tmpdir()), (e: unknown) => e instanceof UserError && e.exitCode === 2 && /is not installed/.test(e.message));
});
