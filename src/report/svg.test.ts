// The SVG's geometry, checked on the document itself (testing/svg-geometry.ts): every shape inside
// the picture, each row inside its lane and inside the handler frame it ran in, frames nested,
// and no text over another, for the layouts that broke it: a long statement beside the violation
// label, a handler that waits forever after a nested NMI came and went, wide step numbers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { svgLayoutFaults } from '../testing/svg-geometry.js';
import { rowOf as row, twoCpuProgram } from '../testing/trace-row.js';
import { checkXml } from '../testing/xml-check.js';
import { renderSvg, svgDocument } from './svg.js';

const p = twoCpuProgram();

const long = 'reader_enter: wait_until(atomic_inc_not_zero(&refcount_of_the_bucket_being_walked))';

test('a long violating statement is cut short of the violation label', () => {
  const rows = [row(0, 0, 'step', 'x = 1'), row(1, 0, 'step', long, { violating: true, note: `${long} again, as a note` })];
  assert.deepEqual(svgLayoutFaults(renderSvg(p, rows, { title: 't', mark: 'use-after-free' })), []);
});

test('a handler that waits forever stays inside its frame, at its own depth, after a nested NMI returned', () => {
  const rows = [
    row(0, 0, 'step', 'x = 1'),
    row(0, 0, 'irq', '<Interrupt> tick'),
    row(0, 1, 'step', long),
    row(0, 1, 'nmi', '<NMI> perf'),
    row(0, 2, 'step', long, { note: 'k=oldkey' }),
    row(0, 1, 'step', 'spin_lock(l)', { note: 'preemption off' }),
    row(1, 0, 'step', long),
    row(0, 1, 'blocked', `waits: ${long}`, { step: null, violating: true }),
    row(1, 0, 'blocked', `waits: ${long}`, { step: null, violating: true }),
  ];
  const svg = renderSvg(p, rows, { title: 't', mark: 'deadlock', sentence: 'Deadlock: both wait.' });
  assert.deepEqual(svgLayoutFaults(svg), []);
  const x = checkXml(svg);
  assert.ok(x.ok);
  // The IRQ frame runs to the waiting row; the NMI frame ends with the NMI.
  const frames = x.elements.filter((e) => (e.attrs.get('class') ?? '').startsWith('frame '));
  const [irq, nmi] = frames.map((f) => Number(f.attrs.get('y')) + Number(f.attrs.get('height')));
  assert.ok(irq! > nmi!, 'the IRQ frame goes on below the NMI frame');
});

test('a second IRQ on the same CPU gets a frame of its own', () => {
  const rows = [row(0, 0, 'irq', '<Interrupt> a'), row(0, 1, 'step', 'x = 1'), row(0, 0, 'irq', '<Interrupt> b'), row(0, 1, 'step', 'x = 2')];
  const svg = renderSvg(p, rows, {});
  assert.deepEqual(svgLayoutFaults(svg), []);
  const x = checkXml(svg);
  assert.ok(x.ok);
  assert.equal(x.elements.filter((e) => e.attrs.get('class') === 'frame irq').length, 2);
});

test('step numbers of merged rows fit the gutter, and a long title the width', () => {
  const rows = [row(0, 0, 'step', 'x = 1', { step: 1000, lastStep: 1002 }), row(1, 0, 'step', 'y = 1', { step: 1003 })];
  assert.deepEqual(svgLayoutFaults(renderSvg(p, rows, { title: `${long} · ${long} · ${long}` })), []);
});

test('two counterexamples of one cell stack in one document, each with its lanes', () => {
  const a = { program: p, rows: [row(0, 0, 'step', 'x = 1', { violating: true })], options: { title: 'a', mark: 'double-free' } };
  const b = { program: p, rows: [row(1, 0, 'step', long, { violating: true })], options: { title: 'b', mark: 'use-after-free', sentence: 'Use-after-free.' } };
  const svg = svgDocument([a, b]);
  assert.deepEqual(svgLayoutFaults(svg), []);
  const x = checkXml(svg);
  assert.ok(x.ok);
  assert.equal(x.elements.filter((e) => e.name === 'svg').length, 1);
  assert.equal(x.elements.filter((e) => e.attrs.get('class') === 'lane').length, 4);
});

test('the geometry check itself fails on text over text and a row outside its frame', () => {
  const over = '<svg width="100" height="100" font-size="12"><text x="0" y="20">abcdef</text><text x="10" y="20">x</text></svg>';
  assert.equal(svgLayoutFaults(over).length, 1);
  const out = [
    '<svg width="300" height="100" font-size="12">',
    '<g class="lane" data-cpu="0"><rect x="0" y="0" width="300" height="100"/></g>',
    '<rect class="frame irq" data-cpu="0" data-depth="1" x="10" y="10" width="200" height="30"/>',
    '<g class="row" data-cpu="0" data-depth="1"><text x="20" y="70">x</text></g>',
    '</svg>',
  ].join('');
  assert.deepEqual(svgLayoutFaults(out).map((f) => f.replace(/ \[[^\]]*\]/g, '')), ["<text> 'x' (depth 1) is not inside a handler frame"]);
});
