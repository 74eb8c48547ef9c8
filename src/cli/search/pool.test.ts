// The search pool gives the outcome a search on the calling thread gives, wherever it runs: on the
// main thread within its try, or on a worker that gets the lowered program by structured clone
// (nothing is lowered again there). Outcomes are compared without their timings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Outcome } from '../../explore/explorer.js';
import { loadScenario } from '../../scenario/load.js';
import { repoRoot } from '../../testing/repo-root.js';
import { collectFiles } from '../files.js';
import type { Io } from '../io.js';
import { PROBE_MS, workerPool } from './pool.js';
import type { SearchRequest } from './request.js';
import { localRunner } from './runner.js';

const quietIo: Io = {
  stdout: () => {}, stderr: () => {}, stdoutIsTTY: false, stderrIsTTY: false, env: {},
  now: () => performance.now(), readStdin: () => Promise.resolve(new Uint8Array()),
  interrupted: () => false, trapInterrupts: () => () => {}, threads: true,
};

/** Every case of the shipped YAML scenarios, in the default mode (exact search first, then random). */
function requests(): SearchRequest[] {
  return collectFiles([join(repoRoot, 'scenarios')], ['.yaml']).flatMap((f) => {
    const l = loadScenario(f, readFileSync(f, 'utf8'), { strategies: [] });
    assert.ok(l.ok, f);
    return l.value.cases.map((c): SearchRequest => ({
      program: c.program, explorer: { mode: 'both', reduction: true }, budget: { maxStates: 2_000_000, seed: 7 },
    }));
  });
}

const untimed = (o: Outcome | null): unknown => (o === null ? null : { ...o, stats: { ...o.stats, ms: 0 } });

async function outcomes(runner: ReturnType<typeof localRunner>, rs: readonly SearchRequest[]): Promise<unknown[]> {
  try {
    return (await Promise.all(rs.map((r) => runner.run(r)))).map(untimed);
  } finally {
    await runner.close();
  }
}

test('the pool gives the outcomes of the calling thread: main-thread tries and workers alike', async () => {
  const rs = requests();
  assert.ok(rs.length > 20);
  const local = await outcomes(localRunner(quietIo), rs);
  // The usual pool: most searches end within the main thread's try, some run on the worker.
  assert.deepEqual(await outcomes(workerPool(2, quietIo), rs), local);
  // No try on the main thread: every search is handed to a worker, with the program cloned.
  assert.deepEqual(await outcomes(workerPool(2, quietIo, 0), rs), local);
});

test('searches too small to pay for a worker start none, even with a core to spare', async () => {
  const mp = loadScenario('MP.yaml', readFileSync(join(repoRoot, 'scenarios', 'litmus', 'MP.yaml'), 'utf8'), { strategies: [] });
  assert.ok(mp.ok);
  const rs = mp.value.cases.map((c): SearchRequest => ({ program: c.program, explorer: { mode: 'both', reduction: true }, budget: { maxStates: 2_000_000, seed: 7 } }));
  assert.ok(rs.length >= 2);
  const pool = workerPool(2, quietIo, PROBE_MS, true);
  const got = await outcomes(pool, rs);
  assert.equal(pool.workers(), 0);
  assert.deepEqual(got, await outcomes(localRunner(quietIo), rs));
});
