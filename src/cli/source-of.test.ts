import assert from 'node:assert/strict';
import { test } from 'node:test';
import { looksLikeLitmus } from './source-of.js';

test('a C litmus test is told by its first non-blank line, C and a name', () => {
  assert.equal(looksLikeLitmus('C MP+pooncerelease\n\n{\n}\n'), true);
  assert.equal(looksLikeLitmus('\n  \n\tC\tSB\n'.replace('\tC', 'C')), true);
  assert.equal(looksLikeLitmus('cpus: 1\nprograms: {}\n'), false);
  assert.equal(looksLikeLitmus('C: 1\n'), false);
  assert.equal(looksLikeLitmus('# C comment\nC x\n'), false);
  assert.equal(looksLikeLitmus(''), false);
});
