import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateJson } from './json-schema.js';

test('the schema subset validator accepts and rejects what the keywords say', () => {
  const s = {
    type: 'object', required: ['n'], additionalProperties: false,
    properties: { n: { type: 'integer', minimum: 1, maximum: 3 }, k: { enum: ['a', 'b'] }, l: { $ref: '#/$defs/list' } },
    patternProperties: { '^x_': { type: 'string', pattern: '^[a-z]+$' } },
    $defs: { list: { type: ['array', 'null'], items: { anyOf: [{ type: 'string' }, { $ref: '#/$defs/list' }] } } },
  };
  assert.deepEqual(validateJson(s, { n: 2, k: 'a', x_y: 'abc', l: ['a', ['b', null]] }), []);
  assert.deepEqual(validateJson(s, { n: 0 }), ['$.n: 0 is below 1']);
  assert.deepEqual(validateJson(s, { n: 1.5 }), ['$.n: expected integer, found number']);
  assert.deepEqual(validateJson(s, {}), ["$: missing 'n'"]);
  assert.deepEqual(validateJson(s, { n: 1, z: 1 }), ['$.z: not allowed']);
  assert.deepEqual(validateJson(s, { n: 1, k: 'c' }), ['$.k: "c" is not one of ["a","b"]']);
  assert.deepEqual(validateJson(s, { n: 1, x_q: 'A' }), ['$.x_q: "A" does not match ^[a-z]+$']);
  assert.deepEqual(validateJson(s, { n: 1, l: [1] }), ['$.l[0]: matches 0 of the anyOf branches']);
  assert.throws(() => validateJson({ format: 'email' }, 'x'), /does not support 'format'/);
});
