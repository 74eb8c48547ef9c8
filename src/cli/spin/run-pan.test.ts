// runPan compiles pan again with a bigger VECTORSZ when the model's state vector passes pan's
// default 1024 bytes (programs with tasks and softirq levels have many frames), instead of
// returning pan's "VECTORSZ too small" stop as an error of the search.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noSpin } from '../../testing/spin-agree.js';
import { runPan } from './run-pan.js';

test('a state vector above 1024 bytes is searched, not reported as an error', { skip: noSpin }, () => {
  const model = 'int big[400];\ninit { big[0] = 1; big[399] = big[0] + 1; assert(big[399] == 2) }\n';
  let t = 0;
  const r = runPan(model, { depth: 10 }, () => t++);
  assert.ok(r.ok, r.ok ? '' : r.message);
  assert.equal(r.result.errors, 0);
  assert.ok((r.result.stateVector ?? 0) > 1024, String(r.result.stateVector));
});
