// srcu_down_read()/srcu_up_read() by include/linux/srcu.h and kernel/rcu/srcutree.c: the up may
// run in another context than the down; synchronize_srcu() waits for every section that began
// before it started, whichever context ends it, and for none that began after its flip (the
// index tells which: a section on the new index began after it); its grace periods go one at a
// time; either call in an NMI, an index other than 0 or 1, and an up with no open section on its
// index are misuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, programOf } from '../../testing/inline.js';

const yamlOf = (lines: readonly string[]): string => lines.join('\n') + '\n';
const kinds = (yaml: string): string[] => [...new Set(explore(programOf(yaml)).findings.map((f) => f.violation.kind))].sort();
const reasons = (yaml: string): string[] => [...new Set(explore(programOf(yaml)).findings.map((f) => (f.violation.kind === 'misuse' ? f.violation.reason : f.violation.kind)))].sort();

/**
 * CPU 0 down_reads, loads gp and hands its index to CPU 1, which up_reads once `ender` lets it;
 * CPU 2 unpublishes, waits with `sync` and frees.
 */
function handOff(ender: string, sync: string, model = 'sc'): string {
  return yamlOf(['cpus: 3', `memory_model: ${model}`, 'state:', '  cells: { gp: o, idx: -1, done: 0 }', '  objects: { o: { v: 1 } }', '  srcu: { ss: srcu_struct, other: srcu_struct }',
    'programs:', '  cpu 0:', '    - "i = srcu_down_read(&ss)"', '    - "p = READ_ONCE(gp)"', '    - if p != NULL:', '      - "t = READ_ONCE(p->v)"', '    - "WRITE_ONCE(done, 1)"', '    - "smp_store_release(&idx, i)"',
    '  cpu 1:', '    - "wait_until(smp_load_acquire(&idx) != -1)"', ...(ender ? [`    - ${JSON.stringify(ender)}`] : []), '    - "srcu_up_read(&ss, READ_ONCE(idx))"',
    '  cpu 2:', '    - "WRITE_ONCE(gp, NULL)"', `    - ${JSON.stringify(sync)}`, '    - "kfree(o)"']);
}

test('synchronize_srcu waits for a section that another CPU ends with srcu_up_read', () => {
  for (const model of ['sc', 'tso']) {
    assert.deepEqual(kinds(handOff('', 'synchronize_srcu(&ss)', model)), [], model);
    assert.deepEqual(kinds(handOff('', 'synchronize_srcu_expedited(&ss)', model)), [], model);
  }
});

test("another srcu_struct's grace period, or RCU's, does not wait for it: use-after-free", () => {
  assert.deepEqual(kinds(handOff('', 'synchronize_srcu(&other)')), ['use-after-free']);
  assert.deepEqual(kinds(handOff('', 'synchronize_rcu()')), ['use-after-free']);
});

test('an up_read before the reader is done with the object ends the section too early: use-after-free', () => {
  const early = yamlOf(['cpus: 3', 'state:', '  cells: { gp: o, idx: -1, ready: 0 }', '  objects: { o: { v: 1 } }', '  srcu: { ss: srcu_struct }',
    'programs:', '  cpu 0:', '    - "i = srcu_down_read(&ss)"', '    - "smp_store_release(&idx, i)"', '    - "p = READ_ONCE(gp)"', '    - if p != NULL:', '      - "t = READ_ONCE(p->v)"',
    '  cpu 1:', '    - "wait_until(smp_load_acquire(&idx) != -1)"', '    - "srcu_up_read(&ss, READ_ONCE(idx))"',
    '  cpu 2:', '    - "WRITE_ONCE(gp, NULL)"', '    - "synchronize_srcu(&ss)"', '    - "kfree(o)"']);
  assert.deepEqual(kinds(early), ['use-after-free']);
});

test('an up_read in an IRQ handler of the same CPU is no misuse, and ends the section', () => {
  // The handler ends the section the task began, if it comes after the index is published; the
  // updater's grace period then ends, or waits for ever when the IRQ came too early (deadlock).
  const y = (sync: string[]): string => yamlOf(['cpus: 2', 'state:', '  cells: { idx: -1, z: 0 }', '  srcu: { ss: srcu_struct }',
    'programs:', '  cpu 0:', '    - "i = srcu_down_read(&ss)"', '    - "WRITE_ONCE(idx, i)"', '  cpu 1:', ...(sync.length > 0 ? sync.map((t) => `    - ${JSON.stringify(t)}`) : ['    - "WRITE_ONCE(z, 1)"']),
    'interrupts:', '  - kind: irq', '    name: ender', '    cpus: [0]', '    max: 1', '    run:', '      - if READ_ONCE(idx) != -1:', '        - "srcu_up_read(&ss, READ_ONCE(idx))"']);
  assert.deepEqual(kinds(y([])), []);
  // The assertion fails only in a run where the grace period has ended.
  assert.deepEqual(kinds(y(['synchronize_srcu(&ss)', 'assert(0 == 1)'])), ['assertion', 'deadlock']);
});

// The index says whether a section began before the grace period's flip (on the old index, 0
// here) or after it (on the new one, 1): one that began after must not be waited for, one that
// began before must. A reader that waits for the updater inside its section deadlocks only in the
// first case; a model that waited for every open section would deadlock in both, one that waited
// for none in neither.
function laterReader(waitsWhen: 0 | 1): string {
  return yamlOf(['cpus: 2', 'state:', '  cells: { done: 0 }', '  srcu: { ss: srcu_struct }', 'programs:',
    '  cpu 0:', '    - "synchronize_srcu(&ss)"', '    - "WRITE_ONCE(done, 1)"',
    '  cpu 1:', '    - "i = srcu_down_read(&ss)"', `    - if i == ${waitsWhen}:`, '      - "wait_until(READ_ONCE(done) == 1)"', '    - "srcu_up_read(&ss, i)"']);
}
test('a grace period waits for the sections that began before its flip, and not for later ones', () => {
  assert.deepEqual(kinds(laterReader(0)), ['deadlock']);
  assert.deepEqual(kinds(laterReader(1)), []);
});

test('grace periods of a down_read srcu_struct go one at a time, and each waits for its own readers', () => {
  // Two updaters: the second queues behind the first, then flips back and waits for index 1's
  // readers; the reader on index 1 leaves once the first updater is through, so both end.
  const y = yamlOf(['cpus: 3', 'state:', '  cells: { done: 0 }', '  srcu: { ss: srcu_struct }', 'programs:',
    '  cpu 0:', '    - "synchronize_srcu(&ss)"', '    - "WRITE_ONCE(done, 1)"', '  cpu 1:', '    - "synchronize_srcu(&ss)"',
    '  cpu 2:', '    - "i = srcu_down_read(&ss)"', '    - if i == 1:', '      - "wait_until(READ_ONCE(done) == 1)"', '    - "srcu_up_read(&ss, i)"']);
  // CPU 1 may start first; then CPU 0's grace period is the second, and a reader on index 1
  // began before it and waits for it: a deadlock the kernel has too (srcu.h: a reader may not wait
  // for a grace period of its own srcu_struct, even indirectly).
  assert.deepEqual(kinds(y), ['deadlock']);
  assert.deepEqual(kinds(y.replace('  cpu 1:\n    - "synchronize_srcu(&ss)"', '  cpu 1:\n    - "wait_until(READ_ONCE(done) == 1)"\n    - "synchronize_srcu(&ss)"')), []);
});

test('misuses: either call in an NMI, an index other than 0 or 1, an up_read with nothing open on its index', () => {
  const one = (stmts: string[]): string[] => reasons(yamlOf(['cpus: 1', 'state:', '  srcu: { ss: srcu_struct }', 'programs:', '  cpu 0:', ...stmts.map((s) => `    - ${JSON.stringify(s)}`)]));
  assert.deepEqual(one(['i = srcu_down_read(&ss)', 'srcu_up_read(&ss, 2)']), ['srcu_up_read() with index 2, which no srcu_down_read() returns']);
  assert.deepEqual(one(['srcu_up_read(&ss, 0)']), ['srcu_up_read() with index 0, on which no srcu_down_read() section of ss is open']);
  assert.deepEqual(one(['i = srcu_down_read(&ss)', 'srcu_up_read(&ss, i)', 'srcu_up_read(&ss, i)']), ['srcu_up_read() with index 0, on which no srcu_down_read() section of ss is open']);
  assert.deepEqual(one(['i = srcu_down_read(&ss)', 'srcu_up_read(&ss, i)']), []);
  const nmi = (run: string[], task: string[]): string[] => reasons(yamlOf(['cpus: 1', 'state:', '  cells: { idx: -1 }', '  srcu: { ss: srcu_struct }', 'programs:', '  cpu 0:', ...task.map((s) => `    - ${JSON.stringify(s)}`),
    'interrupts:', '  - kind: nmi', '    name: n', '    cpus: all', '    max: 1', '    run:', ...run.map((s) => `      - ${JSON.stringify(s)}`)]));
  assert.deepEqual(nmi(['i = srcu_down_read(&ss)'], ['WRITE_ONCE(idx, 0)']), ['srcu_down_read() in an NMI handler: srcu.h says neither srcu_down_read() nor srcu_up_read() may be invoked from one']);
  assert.ok(nmi(['srcu_up_read(&ss, 0)'], ['i = srcu_down_read(&ss)']).includes('srcu_up_read() in an NMI handler: srcu.h says neither srcu_down_read() nor srcu_up_read() may be invoked from one'));
});

test('a down_read srcu_struct still waits for its srcu_read_lock readers', () => {
  const y = yamlOf(['cpus: 2', 'state:', '  cells: { gp: o }', '  objects: { o: { v: 1 } }', '  srcu: { ss: srcu_struct }', 'programs:',
    '  cpu 0:', '    - "i = srcu_read_lock(&ss)"', '    - "p = READ_ONCE(gp)"', '    - if p != NULL:', '      - "t = READ_ONCE(p->v)"', '    - "srcu_read_unlock(&ss, i)"', '    - "j = srcu_down_read(&ss)"', '    - "srcu_up_read(&ss, j)"',
    '  cpu 1:', '    - "WRITE_ONCE(gp, NULL)"', '    - "synchronize_srcu(&ss)"', '    - "kfree(o)"']);
  assert.deepEqual(kinds(y), []);
});

test("a second updater's grace period neither ends the first one early nor is ended by it", () => {
  // Unserialised, the second start would flip the index back under the first grace period, which
  // then waits on the wrong index and frees under the reader.
  const y = yamlOf(['cpus: 3', 'state:', '  cells: { gp: o }', '  objects: { o: { v: 1 } }', '  srcu: { ss: srcu_struct }', 'programs:',
    '  cpu 0:', '    - "i = srcu_down_read(&ss)"', '    - "p = READ_ONCE(gp)"', '    - if p != NULL:', '      - "t = READ_ONCE(p->v)"', '    - "srcu_up_read(&ss, i)"',
    '  cpu 1:', '    - "WRITE_ONCE(gp, NULL)"', '    - "synchronize_srcu(&ss)"', '    - "kfree(o)"', '  cpu 2:', '    - "synchronize_srcu(&ss)"']);
  assert.deepEqual(kinds(y), []);
});

test('under lkmm, srcu_down_read in an NMI handler is refused with the misuse, not explored without it', () => {
  const y = yamlOf(['cpus: 1', 'memory_model: lkmm', 'state:', '  cells: { x: 0 }', '  srcu: { ss: srcu_struct }', 'programs:', '  cpu 0:', '    - "WRITE_ONCE(x, 1)"',
    'interrupts:', '  - kind: nmi', '    name: n', '    cpus: all', '    max: 1', '    run:', '      - "i = srcu_down_read(&ss)"', '      - "srcu_up_read(&ss, i)"']);
  const o = explore(programOf(y));
  assert.equal(o.bound, 'unsupported');
  assert.match(o.note ?? '', /srcu_down_read\(\) in an NMI handler/);
});
