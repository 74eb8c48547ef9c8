// Softirq context in the Promela export (spin/softirq.ts, context-test.ts, promela.ts), as
// ops/softirq.ts has it: a softirq starts over the task only, with IRQs on and bottom halves
// enabled, and without a drain; it freezes the task; an IRQ may interrupt it; local_bh_enable()'s
// misuses come in the machine's order; the context tests read the handler and softirq words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bothEngines, noSpin } from '../testing/spin-agree.js';
import { modelText } from '../testing/spin-test-model.js';

const YAML = ['cpus: 2', 'state:', '  cells: { x: 0 }', 'programs:',
  '  cpu 0:', '    - "local_bh_disable()"', '    - "WRITE_ONCE(x, 1)"', '    - "local_bh_enable()"',
  '  cpu 1:', '    - "r = READ_ONCE(x)"',
  'interrupts:', '  - kind: softirq', '    name: rx', '    cpus: [0]', '    max: 1', '    run:', '      - "s = READ_ONCE(x)"', '      - "assert(in_softirq() && !in_task())"',
  '  - kind: irq', '    name: h', '    cpus: [0]', '    max: 1', '    run:', '      - "assert(!in_serving_softirq())"'].join('\n') + '\n';

const model = modelText;

test('a softirq fires over the task only, with IRQs on and bottom halves enabled, and counts its firings', () => {
  const text = model(YAML);
  assert.match(text, /^byte softh\[2\]; short bh\[2\];/m);
  assert.match(text, /fired\[0\] < 1 && nmih\[0\] == 0 && irqh\[0\] == 0 && irqoff\[0\] == 0 && softh\[0\] == 0 && bh\[0\] == 0 && !/);
  assert.match(text, /softh\[0\] = 1; fired\[0\] = fired\[0\] \+ 1;/);
  // The task is frozen while it runs; its own steps wait for no IRQ above it.
  assert.match(text, /viol == 0 && irqh\[0\] == 0 && nmih\[0\] == 0 && softh\[0\] == 0 && pc\[0\] == 0 ->/);
  assert.match(text, /viol == 0 && nmih\[0\] == 0 && irqh\[0\] == 0 && softh\[0\] == 1 && pc\[\d+\] == 0 ->/);
  // It returns by a function return: no IRET, no store-buffer condition.
  assert.match(text, /-> \/\* the softirq handler returns \*\/\n\s*softh\[0\] = 0;/);
});

test('local_bh_enable() is a misuse with IRQs off, then below zero, before it counts down; the context tests read the words', () => {
  const text = model(YAML);
  const off = text.indexOf('(irqoff[0] != 0) -> viol = 4');
  const under = text.indexOf('(bh[0] <= 0) -> viol = 4');
  assert.ok(off > 0 && under > off, text);
  assert.match(text, /bh\[0\] = bh\[0\] - 1;/);
  assert.match(text, /\(\(\(softh\[0\] != 0 \|\| bh\[0\] != 0\)\) -> 1 : 0\)/);
  assert.match(text, /\(\(!\(\(nmih\[0\] != 0 \|\| irqh\[0\] != 0\) \|\| softh\[0\] != 0\)\) -> 1 : 0\)/);
  // RCU sees a softirq and a bh-disabled region as readers.
  const rcu = model(YAML.replace('"r = READ_ONCE(x)"', '"synchronize_rcu()"'));
  assert.match(rcu, /nmih\[0\] != 0 \|\| softh\[0\] != 0 \|\| bh\[0\] != 0\) -> 1 : 0\)/);
});

test('a qrwlock reader with bottom halves off is in_interrupt(): it does not queue behind a waiting writer (read_lock_bh)', () => {
  // ops/locks.ts inInterrupt: level above the task, or in_interrupt(), which a bh-disabled task is.
  const text = model(['cpus: 2', 'state:', '  locks: { rwq: rwlock }', 'programs:', '  cpu 0:', '    - "write_lock(&rwq)"', '    - "write_unlock(&rwq)"',
    '  cpu 1:', '    - "read_lock_bh(&rwq)"', '    - "read_unlock_bh(&rwq)"'].join('\n') + '\n');
  assert.match(text, /pc\[3\] == \d+ && \(lk\[1\] == 0 && \(\(\(\(\(nmih\[1\] != 0 \|\| irqh\[1\] != 0\) \|\| \(softh\[1\] != 0 \|\| bh\[1\] != 0\)\)\) -> 1 : 0\) != 0 \|\| lk\[2\] == 0\)\) -> \/\* inline.yaml: read_lock_bh/);
});

// Two pan searches per case (an IRQ over the softirq fails in_serving_softirq's negation: the assertion).
test('Spin agrees: an IRQ that interrupts a softirq is in_serving_softirq(); a softirq never starts under local_bh_disable()', { skip: noSpin }, async () => {
  const [r] = await bothEngines(YAML);
  assert.equal(r!.spin, 'violation assertion');
  assert.equal(r!.raceway, r!.spin);
});
