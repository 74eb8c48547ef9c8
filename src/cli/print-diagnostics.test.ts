import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plain } from '../report/paint.js';
import { diagnosticsText } from './print-diagnostics.js';

test('on a terminal the caret sits under the character, also after tabs in the line', () => {
  const text = 'cpus: 1\nprograms:\n  cpu 0: ["r =\t\t1 +\t)"]\n';
  const start = text.indexOf(')');
  const out = diagnosticsText([{ span: { file: 'f.yaml', start, end: start + 1 }, message: "unexpected ')'" }], text, plain, true);
  const [head, , source, caret] = out.trimEnd().split('\n');
  assert.equal(head, "f.yaml:3:21: error: unexpected ')'");
  assert.ok(!source!.includes('\t'), 'tabs are shown as spaces');
  assert.equal(source!.indexOf(')'), caret!.indexOf('^'));
});

test('without a terminal only the line is printed', () => {
  const out = diagnosticsText([{ span: { file: 'f.yaml', start: 0, end: 1 }, message: 'm', expected: 'e' }], 'x\n', plain, false);
  assert.equal(out, 'f.yaml:1:1: error: m (expected e)\n');
});
