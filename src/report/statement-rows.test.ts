// A lock call is written once, with what it did, in every text format: the machine's several
// steps for spin_lock_irqsave() (IRQs off, preemption off, the acquisition) must not read as
// recursive locking, and the step that turns IRQs back on says so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Move } from '../machine/moves.js';
import { explore, programOf } from '../testing/inline.js';
import { renderLkml } from './lkml.js';
import { plain } from './paint.js';
import { renderFinding } from './render-finding.js';
import { renderTable } from './table.js';
import { witnessRows } from './trace-rows.js';

const p = programOf(`
cpus: 2
state:
  cells: { x: 0 }
  locks: { l: spinlock }
programs:
  cpu 0: ["spin_lock_irqsave(l, f)", "x = 1", "local_irq_restore(f)", "spin_unlock(l)"]
  cpu 1: ["spin_lock_irq(l)", "spin_unlock_irq(l)"]
interrupts:
  - { kind: irq, name: tick, cpus: [0], max: 1, run: ["spin_lock(l)", "spin_unlock(l)"] }
`);

test("lkml writes each lock call once, with its IRQ and lock notes, as the kernel lock validator's reports do", () => {
  const f = explore(p).findings[0]!;
  assert.equal(f.violation.kind, 'deadlock');
  assert.equal(renderFinding('lkml', p, f, undefined, plain), [
    'CPU 0                                     CPU 1',
    '=====                                     =====',
    'spin_lock_irqsave(l, f)',
    '// IRQs off, l taken',
    'x = 1',
    'local_irq_restore(f)',
    '// IRQs on',
    '<Interrupt> tick',
    '  spin_lock(l)',
    '  // preemption off',
    '',
    '                                          spin_lock_irq(l)',
    '                                          // IRQs off, preemption off',
    '',
    '  // waits',
    '  ^^^ deadlock',
    '',
    '                                          // waits',
    '                                          ^^^ deadlock',
    '',
    "Deadlock: CPU 0 IRQ 'tick' waits (spin_lock(l)) for spinlock l, held by CPU 0",
    'task, which this handler interrupted; CPU 1 task waits (spin_lock_irq(l)) for',
    'spinlock l, held by CPU 0 task.',
    '',
  ].join('\n'));
});

test('the table gives a statement of several steps one row, numbered with its first and last step', () => {
  const f = explore(p).findings[0]!;
  const table = renderFinding('table', p, f, undefined, plain);
  assert.equal(table.split('\n').filter((l) => l.includes('spin_lock_irqsave(l, f)')).length, 1);
  assert.match(table, /│ 1-3 +│ spin_lock_irqsave\(l, f\) /);
  assert.match(table, /│ 5 +│ local_irq_restore\(f\) +│[^\n]*\n│ +│ IRQs on /);
});

/** The rows of a run in which the CPUs listed take one step each, in that order. */
const rowsOf = (cpus: readonly number[]) => witnessRows(p, cpus.map((cpu): Move => ({ kind: 'run', cpu })), undefined).rows;

test('spin_unlock_irq() says that it turns IRQs back on', () => {
  assert.equal(renderLkml(p, rowsOf([1, 1, 1, 1, 1])), [
    'CPU 1',
    '=====',
    'spin_lock_irq(l)',
    '// IRQs off, l taken',
    'spin_unlock_irq(l)',
    '// IRQs on',
    '',
  ].join('\n'));
});

test('the rest of a statement after another CPU\'s steps is a comment under it, not a second call', () => {
  // CPU 0 turns IRQs off; CPU 1 takes l and drops it; CPU 0 then disables preemption and takes l.
  const rows = rowsOf([0, 1, 1, 1, 1, 1, 0, 0]);
  assert.equal(renderLkml(p, rows), [
    'CPU 0                                     CPU 1',
    '=====                                     =====',
    'spin_lock_irqsave(l, f)',
    '// IRQs off',
    '',
    '                                          spin_lock_irq(l)',
    '                                          // IRQs off, l taken',
    '                                          spin_unlock_irq(l)',
    '                                          // IRQs on',
    '',
    '// l taken',
    '',
  ].join('\n'));
  const table = renderTable(p, rows, plain);
  assert.match(table, /│ 7-8 +│ … spin_lock_irqsave\(l, f\) /);
});
