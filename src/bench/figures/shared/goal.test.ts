// The verdict beside a bench goal: a figure on the goal's side meets it, else it says by how many
// times it falls short, whichever way the goal points.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { metOrShort, show } from './goal.js';

test('a figure at or past its goal meets it, in either direction', () => {
  assert.equal(metOrShort(0.5, 0.5, 'lower'), 'met');
  assert.equal(metOrShort(1_200_000, 1_000_000, 'higher'), 'met');
});

test('a figure short of its goal says by how many times', () => {
  assert.equal(metOrShort(30, 20, 'lower'), 'short by 1.50x');
  assert.equal(metOrShort(400_000, 1_000_000, 'higher'), 'short by 2.50x');
});

test('a figure not measured says so, never met', () => {
  for (const v of [null, undefined, NaN]) assert.equal(metOrShort(v, 5, 'higher'), 'not measured');
  assert.equal(show(null), '-');
  assert.equal(show(1234.6), '1235');
  assert.equal(show(0.28412, 2), '0.28');
});
