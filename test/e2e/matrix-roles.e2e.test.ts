// End-to-end: `raceway matrix` costs the right CPUs and says whose they are, marks the costs of
// strategies that fail, and --plot draws one scenario or refuses with a reason (issue 16, item 13).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { raceway } from '../../src/testing/spawn-raceway.js';

// The writer is CPU 0 here, the reader CPU 1: the other way round from the old default.
const writerOnCpu0 = (workload: string) => `
cpus: 2
state:
  objects:
    head: { next: old }
    old: { next: NULL }
procedures:
  wait_readers(): [synchronize_rcu()]
programs:
  cpu 0:
    - WRITE_ONCE(head->next, NULL)
    - wait_readers()
    - free(old)
  cpu 1:
    - rcu_read_lock()
    - p = READ_ONCE(head->next)
    - if p != NULL:
        - v = READ_ONCE(p->next)
    - rcu_read_unlock()
strategies:
  rcu:
    description: waits for a grace period
  none:
    description: frees at once
    procedures:
      wait_readers(): []
expect:
  rcu: safe
  none: use-after-free
${workload}`;

const noWriter = `
cpus: 2
state: { cells: { x: 0, y: 0 } }
programs:
  cpu 0: ["WRITE_ONCE(x, 1)", "r = READ_ONCE(y)"]
  cpu 1: ["WRITE_ONCE(y, 1)", "r = READ_ONCE(x)"]
`;

function dirWith(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'raceway-matrix-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

interface Row { strategy: string; unsafe_in: string[]; cost: { reader_ns: number; writer_ns: number } | { error: string } }
interface Doc { matrices: { roles: { source: string; reader_cpu: number | null; writer_cpu: number | null }; strategies: Row[] }[] }

function matrixJson(file: string): Doc {
  const r = raceway(['matrix', file, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Doc;
}

describe('raceway matrix: roles, unsafe costs, plots', () => {
  test('without a workload the roles are inferred, CPU 0 as the writer here, and priced as if declared', () => {
    const d = dirWith({ 'inferred.yaml': writerOnCpu0(''), 'declared.yaml': writerOnCpu0('workload:\n  reader: 1\n  writer: 0\n') });
    const inferred = matrixJson(join(d, 'inferred.yaml')).matrices[0]!;
    const declared = matrixJson(join(d, 'declared.yaml')).matrices[0]!;
    assert.deepEqual(inferred.roles, { ...inferred.roles, source: 'inferred', reader_cpu: 1, writer_cpu: 0 });
    assert.equal(declared.roles.source, 'declared');
    assert.deepEqual(inferred.strategies.map((s) => s.cost), declared.strategies.map((s) => s.cost));
    const rcu = inferred.strategies.find((s) => s.strategy === 'rcu')!.cost;
    assert.ok('writer_ns' in rcu && rcu.writer_ns > 1_000_000, 'the writer waits for a grace period');
    const text = raceway(['matrix', join(d, 'inferred.yaml')]);
    assert.match(text.stdout, /^costs: reader CPU 1, writer CPU 0 \(inferred: /m);
  });

  test('a scenario whose writer cannot be told gets no costs, and says how to declare one', () => {
    const d = dirWith({ 'sb.yaml': noWriter });
    const m = matrixJson(join(d, 'sb.yaml')).matrices[0]!;
    assert.equal(m.roles.source, 'unknown');
    for (const s of m.strategies) assert.ok('error' in s.cost);
    const r = raceway(['matrix', join(d, 'sb.yaml')]);
    assert.match(r.stdout, /^costs: no reader and writer: .*declare them in a workload: block/m);
    const plot = join(d, 'sb.svg');
    const p = raceway(['matrix', join(d, 'sb.yaml'), '--plot', plot]);
    assert.equal(p.code, 2);
    assert.match(p.stderr, /^raceway: --plot .*nothing to plot: .*workload:/);
    assert.equal(p.stderr.trim().split('\n').length, 1);
    assert.ok(!existsSync(plot));
  });

  test('the costs of a strategy that fails are marked, in the table and in JSON', () => {
    const d = dirWith({ 'w.yaml': writerOnCpu0('') });
    const m = matrixJson(join(d, 'w.yaml')).matrices[0]!;
    assert.deepEqual(m.strategies.map((s) => [s.strategy, s.unsafe_in]), [['rcu', []], ['none', ['w']]]);
    const r = raceway(['matrix', join(d, 'w.yaml')]);
    assert.match(r.stdout, /│ none +│ use-after-free +│ +[\d.]+ [nµm]?s \* │/);
    assert.match(r.stdout, /│ rcu +│ safe +│ +[\d.]+ [nµm]?s │/);
    assert.match(r.stdout, /^\* not safe in every variant/m);
  });

  test('--plot over a folder of several scenarios refuses with one line and writes nothing', () => {
    const d = dirWith({ 'a.yaml': writerOnCpu0(''), 'b.yaml': writerOnCpu0('') });
    const plot = join(d, 'plot.svg');
    const r = raceway(['matrix', d, '--plot', plot]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^raceway: --plot .*: the plot draws one scenario, and 2 were given/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.ok(!existsSync(plot));
  });

  test('--plot of a scenario with inferred roles draws it', () => {
    const d = dirWith({ 'w.yaml': writerOnCpu0('') });
    const plot = join(d, 'w.svg');
    const r = raceway(['matrix', join(d, 'w.yaml'), '--plot', plot]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(plot));
  });
});
