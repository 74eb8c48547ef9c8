// A diagnostic on a terminal: the line, then the source line with a caret under the column, which
// stays under its character when the source line has tabs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Paint } from './paint.js';
import { LineIndex, renderDiagnostic } from './diagnostics.js';

const id = (s: string): string => s;
const plain: Paint = { red: id, green: id, yellow: id, cyan: id, magenta: id, bold: id, dim: id };

test('the caret line copies the tabs before the column, so the caret sits under its character', () => {
  const text = 'a: 1\n\t\tbad @ here\n';
  const at = text.indexOf('@');
  const out = renderDiagnostic({ span: { file: 'f.yaml', start: at, end: at + 1 }, message: "unexpected character '@'" }, new LineIndex(text), plain, true).split('\n');
  assert.equal(out[0], "f.yaml:2:7: error: unexpected character '@'");
  assert.equal(out[2], '2 | \t\tbad @ here');
  assert.equal(out[3], '  | \t\t    ^');
});
