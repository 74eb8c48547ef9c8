// Softirq entry and RCU callback invocation in every trace format: entered in the CPU's column as
// an IRQ is (<Softirq> NAME, <RCU callback> fn(obj)), the handler's steps nested one level deeper
// and tagged [SOFTIRQ], an IRQ on top of a softirq nested once more; the SVG draws a frame of its
// own kind; JSON names the context.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, programOf } from '../testing/inline.js';
import { checkXml } from '../testing/xml-check.js';
import { findingJson } from './json.js';
import { renderLkml } from './lkml.js';
import { renderMarkdown } from './markdown.js';
import { plain } from './paint.js';
import { renderSvg } from './svg.js';
import { renderTable } from './table.js';
import { traceRows } from './trace-rows.js';

// CPU 0's softirq takes the lock its task holds; an IRQ interrupts the softirq first.
const yaml = `
cpus: 1
state: { cells: { x: 0 }, locks: { l: spinlock } }
programs:
  cpu 0: ["spin_lock(l)", "spin_unlock(l)"]
interrupts:
  - { kind: softirq, name: net_rx, cpus: [0], max: 1, run: ["WRITE_ONCE(x, 1)", {label: inside}, "spin_lock(l)"] }
  - { kind: irq, name: tick, cpus: [0], max: 1, at: [inside], run: ["WRITE_ONCE(x, 2)"] }
`;

test('a softirq in the table, lkml, markdown, SVG and JSON', () => {
  const p = programOf(yaml);
  const o = explore(p);
  const f = o.findings.find((x) => x.violation.kind === 'deadlock')!;
  assert.ok(f, 'the deadlock is found');
  const { rows } = traceRows(p, f, undefined);
  const entry = rows.find((r) => r.kind === 'softirq')!;
  assert.equal(entry.text, '<Softirq> net_rx');
  assert.ok(rows.some((r) => r.kind === 'step' && r.depth === 1 && r.context === "CPU 0 softirq 'net_rx'"));
  const table = renderTable(p, rows, plain);
  assert.match(table, /<Softirq> net_rx/);
  assert.match(table, /\[SOFTIRQ\] spin_lock\(l\)/);
  assert.match(renderLkml(p, rows), /\n<Softirq> net_rx\n {2}WRITE_ONCE\(x, 1\)/);
  assert.match(renderMarkdown(p, rows), /\*&lt;Softirq&gt; net\\_rx\*/);
  const svg = renderSvg(p, rows);
  checkXml(svg);
  assert.match(svg, /class="frame softirq"/);
  assert.match(svg, />softirq handler</);
  const json = JSON.stringify(findingJson(p, f, undefined));
  assert.match(json, /"context":"softirq","op":"<Softirq> net_rx"/);
  assert.match(json, /"context":"softirq","op":"WRITE_ONCE\(x, 1\)"/);
});

test('an IRQ on top of a softirq is nested one level deeper, in every format', () => {
  const p = programOf(`
cpus: 1
state: { cells: { x: 0 } }
programs:
  cpu 0: ["WRITE_ONCE(x, 0)"]
interrupts:
  - { kind: softirq, name: net_rx, cpus: [0], max: 1, run: ["WRITE_ONCE(x, 1)", {label: inside}, "WRITE_ONCE(x, 0)"] }
  - { kind: irq, name: tick, cpus: [0], max: 1, at: [inside], run: ["assert(READ_ONCE(x) == 0)"] }
`);
  const f = explore(p).findings.find((x) => x.violation.kind === 'assertion')!;
  const { rows } = traceRows(p, f, undefined);
  assert.deepEqual(rows.slice(-4).map((r) => [r.kind, r.depth, r.text]), [
    ['softirq', 0, '<Softirq> net_rx'],
    ['step', 1, 'WRITE_ONCE(x, 1)'],
    ['irq', 1, '<Interrupt> tick'],
    ['step', 2, 'assert(READ_ONCE(x) == 0)'],
  ]);
  assert.match(renderTable(p, rows, plain), / {4}\[IRQ\] assert/);
  assert.match(renderLkml(p, rows), /<Softirq> net_rx\n {2}WRITE_ONCE\(x, 1\)\n {2}<Interrupt> tick\n {4}assert/);
  const svg = renderSvg(p, rows);
  checkXml(svg);
  assert.match(svg, /class="frame softirq"[^>]*data-depth="1"/);
  assert.match(svg, /class="frame irq"[^>]*data-depth="2"/);
});

test('an RCU callback is entered as <RCU callback> fn(obj) in the column of the CPU that queued it', () => {
  const p = programOf(`
cpus: 2
state: { cells: { p: a }, objects: { a: { val: 1, rcu: 0 } } }
procedures:
  free_it(n):
    - kfree(n)
programs:
  cpu 0: ["rcu_read_lock()", "r = rcu_dereference(p)", "rcu_read_unlock()", "v = READ_ONCE(r->val)"]
  cpu 1: ["WRITE_ONCE(p, NULL)", "call_rcu(&a->rcu, free_it)"]
`);
  const f = explore(p).findings.find((x) => x.violation.kind === 'use-after-free')!;
  const { rows } = traceRows(p, f, undefined);
  const entry = rows.find((r) => r.kind === 'softirq')!;
  assert.equal(entry.text, '<RCU callback> free_it(a)');
  assert.equal(entry.cpu, 1);
  assert.match(renderTable(p, rows, plain), /\[SOFTIRQ\] free_it: kfree\(n\)/);
});
