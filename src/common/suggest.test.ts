import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editDistance, MAX_SUGGEST_LENGTH, suggest } from './suggest.js';

test('a transposition of two adjacent characters is one edit', () => {
  assert.equal(editDistance('haed', 'head'), 1);
  assert.equal(editDistance('inti', 'init'), 1);
  assert.equal(editDistance('fi', 'if'), 1);
  assert.equal(suggest('haed', ['head', 'tail']), 'head');
  assert.equal(suggest('inti', ['init', 'size']), 'init');
});

test('insertions, deletions and substitutions still count one each', () => {
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('smp_mb2', 'smp_mb'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('ca', 'abc'), 3); // optimal string alignment: no edit of a transposed pair
});

test('a far word gets no suggestion; ties go to the first in code-unit order', () => {
  assert.equal(suggest('zzzz', ['head', 'tail']), undefined);
  assert.equal(suggest('ab', ['ac', 'aa']), 'aa');
});

test('a word longer than the suggestion limit gets none, at once', () => {
  const long = 'a'.repeat(500_000);
  assert.equal(suggest(long, ['a'.repeat(499_999), 'smp_mb']), undefined);
  assert.equal(suggest('x'.repeat(MAX_SUGGEST_LENGTH + 1), ['x'.repeat(MAX_SUGGEST_LENGTH)]), undefined);
  assert.equal(suggest(`${'x'.repeat(MAX_SUGGEST_LENGTH - 1)}y`, ['x'.repeat(MAX_SUGGEST_LENGTH)]), 'x'.repeat(MAX_SUGGEST_LENGTH));
});
