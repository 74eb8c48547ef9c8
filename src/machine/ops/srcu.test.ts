// SRCU by Documentation/RCU/whatisRCU.rst and include/linux/srcu.h: synchronize_srcu(&ss) waits
// for the read-side critical sections of ss in progress when it starts, even one that blocks,
// and for no section of another srcu_struct; srcu_read_lock returns an index of 0 or 1; calling
// synchronize_srcu() inside a section of the same srcu_struct, or unlocking a section never
// entered, is a misuse.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario } from '../../scenario/load.js';
import { explore, programOf } from '../../testing/inline.js';

/** A reader of `gp` that blocks inside its section until `ready`, and an updater that frees. */
function scenario(sync: string, model = 'sc'): string {
  return [`cpus: 2`, `memory_model: ${model}`, 'state:', '  cells: { gp: o, ready: 0 }', '  objects: { o: { v: 1 } }', '  srcu: { ss: srcu_struct, other: srcu_struct }',
    'programs:', '  cpu 0:', '    - "idx = srcu_read_lock(&ss)"', '    - "p = READ_ONCE(gp)"', '    - "wait_until(READ_ONCE(ready) == 1)"',
    '    - if p != NULL:', '      - "t = READ_ONCE(p->v)"', '    - "srcu_read_unlock(&ss, idx)"',
    '  cpu 1:', '    - "WRITE_ONCE(gp, NULL)"', '    - "WRITE_ONCE(ready, 1)"', `    - ${JSON.stringify(sync)}`, '    - "kfree(o)"'].join('\n') + '\n';
}
const kinds = (yaml: string): string[] => [...new Set(explore(programOf(yaml)).findings.map((f) => f.violation.kind))].sort();

test('synchronize_srcu waits for a reader of the same srcu_struct, even one blocked inside its section', () => {
  for (const model of ['sc', 'tso']) {
    assert.deepEqual(kinds(scenario('synchronize_srcu(&ss)', model)), [], model);
    assert.deepEqual(kinds(scenario('synchronize_srcu_expedited(&ss)', model)), [], model);
  }
});

test("another srcu_struct's grace period does not wait for the reader: use-after-free", () => {
  assert.deepEqual(kinds(scenario('synchronize_srcu(&other)')), ['use-after-free']);
  assert.deepEqual(kinds(scenario('synchronize_rcu()')), ['use-after-free']);
});

test('a reader that waits for the updater inside its section while the updater waits for it: deadlock', () => {
  const y = ['cpus: 2', 'state:', '  cells: { done: 0 }', '  srcu: { ss: srcu_struct }', 'programs:',
    '  cpu 0:', '    - "i = srcu_read_lock(&ss)"', '    - "wait_until(READ_ONCE(done) == 1)"', '    - "srcu_read_unlock(&ss, i)"',
    '  cpu 1:', '    - "synchronize_srcu(&ss)"', '    - "WRITE_ONCE(done, 1)"'].join('\n') + '\n';
  assert.deepEqual(kinds(y), ['deadlock']);
});

test('srcu_read_lock returns 0 or 1, flipped by each grace period that starts', () => {
  const y = ['cpus: 1', 'state:', '  srcu: { ss: srcu_struct }', 'programs:', '  cpu 0:', '    - "a = srcu_read_lock(&ss)"', '    - "srcu_read_unlock(&ss, a)"',
    '    - "synchronize_srcu(&ss)"', '    - "b = srcu_read_lock(&ss)"', '    - "c = srcu_read_lock(&ss)"', '    - "srcu_read_unlock(&ss, c)"', '    - "srcu_read_unlock(&ss, b)"',
    '    - "assert(a == 0 && b == 1 && c == 1)"'].join('\n') + '\n';
  assert.deepEqual(kinds(y), []);
  assert.deepEqual(kinds(y.replace('a == 0 && ', 'a == 1 && ')), ['assertion']);
});

test('misuses: synchronize_srcu inside its own section, in atomic context; an unlock never locked; a bad index', () => {
  const one = (stmts: string[]): string[] => explore(programOf(['cpus: 1', 'state:', '  srcu: { ss: srcu_struct, other: srcu_struct }', 'programs:', '  cpu 0:',
    ...stmts.map((s) => `    - ${JSON.stringify(s)}`)].join('\n') + '\n')).findings.map((f) => (f.violation.kind === 'misuse' ? f.violation.reason : f.violation.kind));
  assert.deepEqual(one(['i = srcu_read_lock(&ss)', 'synchronize_srcu(&ss)']), ['synchronize_srcu() inside a read-side critical section of the same srcu_struct: it would wait for itself']);
  // Inside a section of another srcu_struct it is legal.
  assert.deepEqual(one(['i = srcu_read_lock(&other)', 'synchronize_srcu(&ss)', 'srcu_read_unlock(&other, i)']), []);
  assert.deepEqual(one(['rcu_read_lock()', 'synchronize_srcu(&ss)']), ['synchronize_srcu() in atomic context (IRQs or preemption off, rcu_read_lock or a handler): it sleeps']);
  assert.deepEqual(one(['srcu_read_unlock(&ss, 0)']), ['srcu_read_unlock() without srcu_read_lock() on ss in this context']);
  assert.deepEqual(one(['i = srcu_read_lock(&ss)', 'srcu_read_unlock(&ss, 2)']), ['srcu_read_unlock() with index 2, which no srcu_read_lock() returns']);
});

test('an SRCU call on something that is not an srcu_struct is refused with its place', () => {
  const r = loadScenario('s.yaml', ['cpus: 1', 'state:', '  cells: { x: 0 }', '  srcu: { ss: srcu_struct }', 'programs:', '  cpu 0:', '    - "synchronize_srcu(&x)"'].join('\n') + '\n');
  assert.ok(!r.ok && r.errors.some((e) => e.message === 'synchronize_srcu() takes an srcu_struct'), JSON.stringify(!r.ok && r.errors));
  const k = loadScenario('s.yaml', ['cpus: 1', 'state:', '  srcu: { ss: srcu }', 'programs:', '  cpu 0: []'].join('\n') + '\n');
  assert.ok(!k.ok && k.errors.some((e) => e.message === "unknown SRCU kind 'srcu'"), JSON.stringify(!k.ok && k.errors));
});
