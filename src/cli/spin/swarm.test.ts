// The swarm script's diversification and the reading of a folder of runs, without Spin: a run
// with pan's summary and no trail, a run that found an error with its trail printout. With Spin:
// the script compiles pan again for a state vector above pan's default VECTORSZ, as run-pan.ts does.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { noSpin } from '../../testing/spin-agree.js';
import { collectSwarm, runSwarm, swarmScript, writeSwarmFolder } from './swarm.js';

const PAN = (errors: number, states: number): string =>
  `(Spin Version 6.5.2 -- 6 December 2019)\nBit statespace search for:\nState-vector 76 byte, depth reached 13, errors: ${errors}\n       ${states} states, stored\n        0 states, matched\n       ${states} transitions (= stored+matched)\nhash factor: 508400 (best if > 100.)\n`;

test('each run of the script hashes, orders and sizes its search by its number, at the depth given', () => {
  const s = swarmScript(77, 512);
  assert.match(s, /\.\.\/\.\.\/pan -m77 -RS\$\(\(7919 \* n \+ 1\)\) -hash -w\$\(\(24 \+ n % 6\)\) -k\$\(\(3 \+ n % 3\)\)/);
  assert.match(s, /gcc -O2 -fwrapv -DSAFETY -DBITSTATE -DT_RAND -DP_RAND -DMEMLIM=512 "\$@" -o pan pan\.c/);
  assert.doesNotMatch(swarmScript(77), /MEMLIM/);
});

test('a folder of runs reads back in run order, with the trail of the run that found an error', () => {
  const d = mkdtempSync(join(tmpdir(), 'raceway-swarm-'));
  try {
    assert.match(collectSwarm(d) as string, /holds no swarm runs/);
    for (const [n, pan, trail] of [['10', PAN(0, 33), null], ['2', PAN(1, 16), 'trail text'], ['x', 'not a run', null]] as const) {
      mkdirSync(join(d, 'runs', n), { recursive: true });
      writeFileSync(join(d, 'runs', n, 'pan.out'), pan);
      if (trail) writeFileSync(join(d, 'runs', n, 'trail.txt'), trail);
    }
    const runs = collectSwarm(d);
    assert.ok(Array.isArray(runs));
    assert.deepEqual(runs.map((r) => [r.index, r.pan.errors, r.pan.states, r.trail]), [[2, 1, 16, 'trail text'], [10, 0, 33, null]]);
    writeFileSync(join(d, 'runs', '10', 'pan.out'), 'pan: killed');
    assert.match(collectSwarm(d) as string, /runs\/10\/pan\.out: pan's output was not understood/);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('the script compiles pan again when the state vector passes pan\'s default 1024 bytes', { skip: noSpin }, async () => {
  const d = mkdtempSync(join(tmpdir(), 'raceway-swarm-'));
  try {
    writeSwarmFolder(d, 'int big[400];\ninit { big[0] = 1; big[399] = big[0] + 1; assert(big[399] == 2) }\n', 10);
    await runSwarm(d, 2, 1);
    const runs = collectSwarm(d);
    assert.ok(Array.isArray(runs), String(runs));
    assert.deepEqual(runs.map((r) => [r.index, r.pan.errors, r.trail]), [[0, 0, null], [1, 0, null]]);
    for (const r of runs) assert.ok((r.pan.stateVector ?? 0) > 1024, String(r.pan.stateVector));
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
