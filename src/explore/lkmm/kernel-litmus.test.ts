// The kernel's own litmus tests (test/fixtures/linux-litmus) under the LKMM: each gives its
// header's Result exactly (herd7's answer under linux-kernel.cat), Never, Sometimes or Always,
// and RM-broken's DEADLOCK as no execution passing its filter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { litmusFiles, runLitmus } from '../../testing/litmus-corpus.js';

test('every kernel litmus test gives its Result line under --memory-model lkmm', () => {
  const rows = litmusFiles().map((f) => runLitmus(f, 'lkmm')).filter((r) => r.load.kind === 'ok');
  assert.equal(rows.length, litmusFiles().length, 'every test loads');
  assert.ok(rows.length >= 55, `${rows.length} tests ran`);
  const wrong: string[] = [];
  for (const r of rows) {
    if (r.load.kind !== 'ok') continue;
    const want = r.load.value.expectation.word;
    const got = r.outcome!.bound !== undefined ? `inconclusive (${r.outcome!.bound}: ${r.outcome!.note ?? ''})` : r.verdict!.observation ?? 'no state';
    const same = want === 'DEADLOCK' ? r.verdict!.positive + r.verdict!.negative === 0 : got === want;
    if (!same || r.verdict!.judgement !== 'met') wrong.push(`${r.file}: Result ${want}, lkmm ${got}`);
  }
  assert.deepEqual(wrong, []);
});
