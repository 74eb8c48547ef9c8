// srcu_down_read()/srcu_up_read() in the Promela export (spin/srcu-down.ts), as
// machine/ops/srcu-down.ts has them: counts per index, one grace period at a time, and a wait on
// the index the grace period flipped away from; Spin and raceway agree on a section that began
// before the flip (waited for: the reader that waits for the updater deadlocks) and one that
// began after it (not waited for: safe).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { programOf } from '../testing/inline.js';
import { bothEngines, noSpin } from '../testing/spin-agree.js';
import { exportPromela } from './promela.js';

function laterReader(waitsWhen: 0 | 1): string {
  return ['cpus: 2', 'state:', '  cells: { done: 0 }', '  srcu: { ss: srcu_struct }', 'programs:',
    '  cpu 0:', '    - "synchronize_srcu(&ss)"', '    - "WRITE_ONCE(done, 1)"',
    '  cpu 1:', '    - "i = srcu_down_read(&ss)"', `    - if i == ${waitsWhen}:`, '      - "wait_until(READ_ONCE(done) == 1)"', '    - "srcu_up_read(&ss, i)"'].join('\n') + '\n';
}

test('the export counts sections per index, serialises grace periods and waits on the old index', () => {
  const r = exportPromela(programOf(laterReader(0)));
  assert.ok(r.ok, r.ok ? '' : r.reason);
  assert.match(r.text, /^int srd\[2\];/m);
  assert.match(r.text, /^byte srg\[1\];/m);
  assert.match(r.text, /srd\[0 \+ sri\[0\]\] = srd\[0 \+ sri\[0\]\] \+ 1;/);
  assert.match(r.text, /\(srg\[0\] == 0\) ->/);
  assert.match(r.text, /srg\[0\] = 1 \+ sri\[0\];\n\s*sri\[0\] = 1 - sri\[0\];/);
  assert.match(r.text, /\(srd\[0 \+ \(srg\[0\] - 1\)\] == 0\)/);
  // A program without srcu_down_read keeps the export it had.
  const plain = exportPromela(programOf(laterReader(0).replace('srcu_down_read(&ss)', 'srcu_read_lock(&ss)').replace('srcu_up_read', 'srcu_read_unlock')));
  assert.ok(plain.ok && !/srd|srg/.test(plain.text));
});

// Four pan searches.
test('Spin agrees: a section begun before the flip is waited for, one begun after is not', { skip: noSpin }, async () => {
  const [before] = await bothEngines(laterReader(0));
  assert.equal(before!.spin, 'violation deadlock');
  assert.equal(before!.raceway, before!.spin);
  const [after] = await bothEngines(laterReader(1));
  assert.equal(after!.spin, 'safe');
  assert.equal(after!.raceway, after!.spin);
});
