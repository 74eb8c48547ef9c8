// Wrapping and durations as the plain-text reports print them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNs, sig3 } from './duration.js';
import { wrap } from './wrap.js';

test('wrap breaks at a space or after a comma, and continuation lines get their own width', () => {
  assert.deepEqual(wrap('smp_store_release(slot[this_cpu], NULL)', 34, 30), ['smp_store_release(slot[this_cpu],', 'NULL)']);
  assert.deepEqual(wrap('short', 34), ['short']);
  for (const l of wrap('a'.repeat(50), 20)) assert.ok(l.length <= 20);
});

test('durations print with three significant figures and a unit', () => {
  assert.deepEqual([0, 0.4, 28, 136, 8030, 15_656_028, 3_914_007_000].map(formatNs), ['0', '0.4 ns', '28 ns', '136 ns', '8.03 µs', '15.7 ms', '3.91 s']);
  assert.equal(sig3(250), '250');
  assert.equal(sig3(0.0123), '0.0123');
});
