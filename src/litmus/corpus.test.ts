// The kernel's own litmus tests (test/fixtures/linux-litmus, GPL-2.0 data) as a regression run:
// every file parses or is reported unsupported, at least 90% run, and no test the Linux kernel
// memory model forbids (Result: Never) is reached under SC or TSO, and every Result is met.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { litmusFiles, runLitmus } from '../testing/litmus-corpus.js';

const files = litmusFiles();

describe('the kernel litmus tests', () => {
  test('every file parses or reports unsupported: <construct>, and at least 90% run', () => {
    assert.equal(files.length, 55, 'the corpus is in test/fixtures/linux-litmus');
    const rows = files.map((f) => runLitmus(f, 'sc'));
    const errors = rows.filter((r) => r.load.kind === 'error').map((r) => r.file);
    assert.deepEqual(errors, []);
    const supported = rows.filter((r) => r.load.kind === 'ok').length;
    assert.ok(supported / rows.length >= 0.9, `${supported} of ${rows.length} supported`);
    for (const r of rows) if (r.load.kind === 'unsupported') assert.ok(r.load.what.length > 0 && r.load.span.start > 0);
  });

  for (const model of ['sc', 'tso'] as const) {
    test(`no kernel-model Never comes out Sometimes under ${model.toUpperCase()}, and every Result is met`, () => {
      const rows = files.map((f) => runLitmus(f, model)).filter((r) => r.load.kind === 'ok');
      const broken = rows.filter((r) => r.load.kind === 'ok' && r.load.value.expectation.word === 'Never' && r.verdict!.positive > 0).map((r) => r.file);
      assert.deepEqual(broken, []);
      const unmet = rows.filter((r) => r.verdict!.judgement !== 'met').map((r) => `${r.file}: ${r.verdict!.why}`);
      assert.deepEqual(unmet, []);
    });
  }
});
