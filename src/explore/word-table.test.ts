// The word table behind the state store is exact across its arena's chunks: with chunks of 16
// vectors, 1,000 vectors span many chunks and each keeps its number.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FULL, WordTable } from './word-table.js';

test('vectors stay found across the arena chunks, and a limit refuses a new one', () => {
  const t = new WordTable(4, 2, 6);
  const v = (k: number): Int32Array => Int32Array.from([k, -k, k * 7919, 0]);
  for (let k = 0; k < 1000; k++) assert.equal(t.add(v(k), 0, k & 3), k);
  for (let k = 0; k < 1000; k++) assert.equal(t.add(v(k), 0, k & 3), -(k + 1));
  assert.equal(t.find(v(1000), 0, 0), -1);
  assert.equal(t.add(v(1000), 0, 0, 1000), FULL);
  assert.equal(t.size, 1000);
});
