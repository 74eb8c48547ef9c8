import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from 'commander';
import { INT_RANGES, intOption, rangedOption } from './int-option.js';

test('a whole number in range is read, leading zeros and all', () => {
  const p = intOption('--n', 1, 100);
  assert.equal(p('1'), 1);
  assert.equal(p('100'), 100);
  assert.equal(p('007'), 7);
});

test('anything else is a usage error naming the range', () => {
  const p = intOption('--n', 1, 100);
  for (const v of ['0', '101', '-1', '1.5', '1e2', '', ' 5', '0x10', '99999999999999999999', '9007199254740993', '0000000000000000000000001000']) {
    assert.throws(() => p(v), (e: unknown) => e instanceof InvalidArgumentError && e.message === '--n must be a whole number from 1 to 100', v);
  }
});

test('every ranged option stays below 2^53, so what is accepted is exact', () => {
  for (const [name, [min, max]] of Object.entries(INT_RANGES)) {
    assert.ok(Number.isSafeInteger(max) && min <= max, name);
    assert.equal(rangedOption(name as keyof typeof INT_RANGES)(String(max)), max);
  }
});
