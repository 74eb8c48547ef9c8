// SRCU in the Promela export (spin/srcu.ts), as ops/srcu.ts has it: a nesting counter per reader
// context, a grace period's start noting which of them are inside a section (and flipping the
// index), its wait blocking until every one it noted has left its outermost section, and the
// misuses checked in the machine's order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { programOf } from '../testing/inline.js';
import { bothEngines, noSpin } from '../testing/spin-agree.js';
import { exportPromela } from './promela.js';
import { srcuModel } from './srcu.js';

/** A reader on CPU 0 and in an IRQ handler on CPU 1, and an updater on CPU 1 (a task). */
const YAML = ['cpus: 2', 'state:', '  cells: { x: 0 }', '  srcu: { ss: srcu_struct, other: srcu_struct }', 'programs:',
  '  cpu 0:', '    - "i = srcu_read_lock(&ss)"', '    - "WRITE_ONCE(x, 1)"', '    - "srcu_read_unlock(&ss, i)"',
  '  cpu 1:', '    - "synchronize_srcu(&ss)"', '    - "r = READ_ONCE(x)"',
  'interrupts:', '  - kind: irq', '    name: h', '    cpus: [1]', '    max: 1', '    run:', '      - "j = srcu_read_lock(&ss)"', '      - "srcu_read_unlock(&ss, j)"'].join('\n') + '\n';

function model(yaml: string): string {
  const r = exportPromela(programOf(yaml));
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.text;
}

test('each srcu_struct has reader contexts (those that lock or unlock it) and waiter contexts (those that synchronize on it)', () => {
  const m = srcuModel(programOf(YAML));
  // Frames are cpu * 3 + level: CPU 0's task (0), CPU 1's IRQ level (4); CPU 1's task (3) waits.
  assert.deepEqual(m.domains.map((d) => [d.readers, d.waiters]), [[[0, 4], [3]], [[], []]]);
  assert.equal(m.nests, 2);
  assert.equal(m.bits, 2);
});

test('synchronize_srcu notes the readers inside a section and flips the index; its wait blocks on them', () => {
  const text = model(YAML);
  assert.match(text, /^bit sri\[2\];/m);
  assert.match(text, /srw\[0\] = \(srn\[0\] > 0\);\n\s*srw\[1\] = \(srn\[1\] > 0\);\n\s*sri\[0\] = 1 - sri\[0\];/);
  assert.match(text, /pc\[3\] == 1 && \(srw\[0\] == 0 && srw\[1\] == 0\) ->/);
  // srcu_read_lock counts the context in and returns the index.
  assert.match(text, /srn\[0\] = srn\[0\] \+ 1;\n\s*lc\[\d+\] = sri\[0\];/);
});

test('srcu_read_unlock checks the index, then the nesting, and on leaving the outermost section releases every waiter', () => {
  const text = model(YAML);
  const index = text.search(/\(\(\(lc\[\d+\]\) & ~1\) != 0\) -> viol = 4/);
  const nesting = text.indexOf('(srn[0] <= 0) -> viol = 4');
  assert.ok(index > 0 && nesting > index, text);
  assert.match(text, /srn\[0\] = srn\[0\] - 1;\n\s*if :: srn\[0\] == 0 -> srw\[0\] = 0 :: else -> skip fi;/);
});

test('synchronize_srcu inside a section of its own srcu_struct, or in atomic context, is a misuse', () => {
  const text = model(YAML.replace('  cpu 1:\n', '  cpu 1:\n    - "k = srcu_read_lock(&other)"\n'));
  // CPU 1's task now reads `other` too, which ss's grace period does not care about.
  assert.match(text, /\(irqoff\[1\] != 0 \|\| pre\[1\] != 0 \|\| rcu\[1\] != 0 \|\| irqh\[1\] != 0 \|\| nmih\[1\] != 0\)\) -> viol = 4/);
  const own = model(YAML.replace('    - "synchronize_srcu(&ss)"', '    - "k = srcu_read_lock(&ss)"\n    - "synchronize_srcu(&ss)"'));
  assert.match(own, /\(srn\[1\] > 0\) -> viol = 4/);
});

// Two pan searches: the deadlock, then nothing new.
test('Spin agrees: a grace period that waits for a reader blocked on the updater deadlocks', { skip: noSpin }, async () => {
  const y = ['cpus: 2', 'state:', '  cells: { done: 0 }', '  srcu: { ss: srcu_struct }', 'programs:',
    '  cpu 0:', '    - "i = srcu_read_lock(&ss)"', '    - "wait_until(READ_ONCE(done) == 1)"', '    - "srcu_read_unlock(&ss, i)"',
    '  cpu 1:', '    - "synchronize_srcu(&ss)"', '    - "WRITE_ONCE(done, 1)"'].join('\n') + '\n';
  const [r] = await bothEngines(y);
  assert.equal(r!.spin, 'violation deadlock');
  assert.equal(r!.raceway, r!.spin);
});
