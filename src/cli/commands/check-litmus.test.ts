// An unmet C litmus test's refuting run is an ordinary search request (plain data, so it runs on a
// worker where Ctrl-C reaches it), not a search on the main thread inside the rendering.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { join } from 'node:path';
import { plain } from '../../report/paint.js';
import { repoRoot } from '../../testing/repo-root.js';
import type { Io } from '../io.js';
import { workerPool } from '../search/pool.js';
import { localRunner } from '../search/runner.js';
import { litmusItem } from './check-litmus.js';
import type { CheckOptions } from './check-options.js';

const io: Io = {
  stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {},
  now: () => performance.now(), readStdin: () => Promise.resolve(new Uint8Array()),
  interrupted: () => false, trapInterrupts: () => () => {}, threads: true,
};
const opts: CheckOptions = { strategy: [], variant: [], json: false, maxStates: 100_000, first: false, summary: false };

test('the refuting run of an unmet litmus test is a second request, run on a worker like the first', async () => {
  const file = 'test/fixtures/litmus/always-refuted.litmus';
  // A refuting run is a schedule of the SC (or TSO) machine.
  const item = litmusItem(file, readFileSync(join(repoRoot, file), 'utf8'), { ...opts, memoryModel: 'sc' }, plain, plain, false);
  assert.ok('request' in item);
  // Every search on a worker: the main thread tries none (probe of 0 ms).
  const pool = workerPool(1, io, 0);
  try {
    const first = await pool.run(item.request);
    assert.ok(first !== null);
    const next = item.followUp(first);
    assert.ok(next !== null, 'an unmet test asks for its refuting run');
    assert.deepEqual(structuredClone(next), next, 'plain data');
    const followed = await pool.run(next);
    assert.match((await item.render(first, followed)).stdout, /A run that ends in a state where the condition does not hold \(2 steps\)\./);
    // Without it (Ctrl-C kept it from running) the result prints, without the run.
    const without = await item.render(first, null);
    assert.match(without.stdout, /FAIL/);
    assert.doesNotMatch(without.stdout, /A run that ends in a state/);
  } finally {
    await pool.close();
  }
  // Under the LKMM, a .litmus file's default, an unmet test asks for no run: an execution is no schedule.
  const lkmm = litmusItem(file, readFileSync(join(repoRoot, file), 'utf8'), opts, plain, plain, false);
  assert.ok('request' in lkmm);
  assert.equal(lkmm.program.memoryModel, 'lkmm');
  const judged = await localRunner(io).run(lkmm.request);
  assert.match((await lkmm.render(judged!)).stdout, /FAIL lkmm/);
  assert.equal(lkmm.followUp(judged!), null);
  // A met test asks for nothing more.
  const met = litmusItem('scenarios/litmus-irq/irq-lost-update.litmus', readFileSync(join(repoRoot, 'scenarios/litmus-irq/irq-lost-update.litmus'), 'utf8'), opts, plain, plain, false);
  assert.ok('request' in met);
  const outcome = await localRunner(io).run(met.request);
  assert.equal(met.followUp(outcome!), null);
});

test('under sc and tso a C litmus test is searched with the reduction, and gives the full search\'s final states', async () => {
  const file = 'test/fixtures/linux-litmus/tools/memory-model/litmus-tests/IRIW+fencembonceonces+OnceOnce.litmus';
  const text = readFileSync(join(repoRoot, file), 'utf8');
  for (const memoryModel of ['sc', 'tso'] as const) {
    const reduced = litmusItem(file, text, { ...opts, memoryModel }, plain, plain, false);
    const full = litmusItem(file, text, { ...opts, memoryModel, reduction: false }, plain, plain, false);
    assert.ok('request' in reduced && 'request' in full);
    assert.equal(reduced.request.explorer.reduction, true);
    assert.equal(full.request.explorer.reduction, false, '--no-reduction searches in full');
    const [r, f] = [await localRunner(io).run(reduced.request), await localRunner(io).run(full.request)];
    assert.ok(r !== null && f !== null && r.verdict === f.verdict);
    const finals = (o: typeof r): string[] => (o.finals?.states ?? []).map((s) => JSON.stringify(s.values)).sort();
    assert.deepEqual(finals(r), finals(f), memoryModel);
    assert.ok(r.stats.states * 2 < f.stats.states, `${memoryModel}: ${r.stats.states} states reduced, ${f.stats.states} full`);
  }
});
