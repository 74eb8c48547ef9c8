// The optional `workload:` key: read when well-formed, one diagnostic per mistake otherwise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../common/span.js';
import { loadScenario } from './load.js';

const base = `cpus: 2
programs:
  cpu 0: ["x = 1"]
  cpu 1: ["y = 1"]
`;

test('a workload is read with its measured figures', () => {
  const r = loadScenario('w.yaml', `${base}workload:\n  reader: 1\n  writer: 0\n  writer_calls: 7\n  measured:\n    - { strategy: default, cpus: 4, writer_ns: 1.5, label: x }\n`);
  assert.ok(r.ok);
  const w = r.value.ast.workload!;
  assert.deepEqual([w.readerCpu, w.writerCpu, w.writerCalls, w.readerCallsPerSecond], [1, 0, 7, null]);
  assert.deepEqual(w.measured.map((m) => [m.strategy.name, m.cpus, m.writerNs, m.label]), [['default', 4, 1.5, 'x']]);
});

test('a scenario without a workload has none', () => {
  const r = loadScenario('w.yaml', base);
  assert.ok(r.ok);
  assert.equal(r.value.ast.workload, null);
});

test('mistakes in a workload are diagnostics with their place', () => {
  const text = `${base}workload:\n  reader: 0\n  writers: 1\n  measured:\n    - { strategy: nosuch, writer_ns: 1, label: x }\n`;
  const r = loadScenario('w.yaml', text);
  assert.equal(r.ok, false);
  const lines = new LineIndex(text);
  const got = !r.ok ? r.errors.map((e) => `${lines.lineCol(e.span.start).line}: ${e.message}`) : [];
  assert.ok(got.some((m) => /^7: unknown key 'writers' in 'workload'/.test(m)), got.join('; '));
  // The typo's "did you mean 'writer'?" already says 'writer' is missing: not reported twice.
  assert.ok(r.ok === false && r.errors.some((e) => e.hint === "did you mean 'writer'?"), got.join('; '));
  assert.ok(!got.some((m) => /'workload' has no 'writer'/.test(m)), got.join('; '));
});

test('a measured figure must name a strategy of the scenario', () => {
  const r = loadScenario('w.yaml', `${base}workload:\n  reader: 0\n  writer: 1\n  measured:\n    - { strategy: nosuch, writer_ns: 1, label: x }\n`);
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.errors[0]!.message : '', /measured figure for unknown strategy 'nosuch'/);
});
