// An NMI nested on an IRQ handler, drawn as the kernel's lock validator draws nesting: each
// handler under its `<Interrupt>` or `<NMI>` line, one level deeper; the SVG boxes nest likewise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { svgLayoutFaults } from '../testing/svg-geometry.js';
import { rowOf as row, twoCpuProgram } from '../testing/trace-row.js';
import { checkXml } from '../testing/xml-check.js';
import { renderLkml } from './lkml.js';
import { renderSvg } from './svg.js';
import type { Row } from './trace-rows.js';

const p = twoCpuProgram();

const rows: Row[] = [
  row(0, 0, 'step', 'walk: k = READ_ONCE(head)', { proc: 'walk', stmt: 'k = READ_ONCE(head)', note: 'head=a' }),
  row(0, 0, 'irq', '<Interrupt> tick'),
  row(0, 1, 'step', 'walk: k = READ_ONCE(head)', { proc: 'walk', stmt: 'k = READ_ONCE(head)' }),
  row(0, 1, 'nmi', '<NMI> perf'),
  row(0, 2, 'step', 'z = 1', { proc: '', stmt: 'z = 1' }),
  row(0, 1, 'step', 'walk: k = READ_ONCE(k->next)', { proc: 'walk', stmt: 'k = READ_ONCE(k->next)' }),
  row(1, 0, 'step', 'free(a)', { proc: '', stmt: 'free(a)' }),
  row(0, 0, 'step', 'walk: k = READ_ONCE(k->next)', { proc: 'walk', stmt: 'k = READ_ONCE(k->next)', violating: true }),
];

test('lkml marks each handler with its <Interrupt> or <NMI> line and indents its steps under it', () => {
  assert.equal(renderLkml(p, rows, { mark: 'use-after-free' }), [
    'CPU 0                                     CPU 1',
    '=====                                     =====',
    'walk():',
    '  k = READ_ONCE(head)',
    '  // head=a',
    '<Interrupt> tick',
    '  walk():',
    '    k = READ_ONCE(head)',
    '  <NMI> perf',
    '    z = 1',
    '  walk():',
    '    k = READ_ONCE(k->next)',
    '',
    '                                          free(a)',
    '',
    'walk():',
    '  k = READ_ONCE(k->next)',
    '  ^^^ use-after-free',
    '',
  ].join('\n'));
});

test('the SVG draws the NMI box inside the IRQ box, in CPU 0\'s lane', () => {
  const x = checkXml(renderSvg(p, rows, { title: 't', mark: 'use-after-free' }));
  assert.ok(x.ok, x.ok ? '' : x.error);
  const frames = x.elements.filter((e) => (e.attrs.get('class') ?? '').startsWith('frame'));
  assert.deepEqual(frames.map((f) => f.attrs.get('class')), ['frame irq', 'frame nmi']);
  const [irq, nmi] = frames.map((f) => ({ x: Number(f.attrs.get('x')), y: Number(f.attrs.get('y')), w: Number(f.attrs.get('width')), h: Number(f.attrs.get('height')) }));
  assert.ok(nmi!.x > irq!.x && nmi!.x + nmi!.w < irq!.x + irq!.w, 'NMI box inside the IRQ box horizontally');
  assert.ok(nmi!.y > irq!.y && nmi!.y + nmi!.h <= irq!.y + irq!.h, 'and vertically');
  assert.equal(x.elements.filter((e) => e.attrs.get('class') === 'lane').length, 2);
  assert.deepEqual(svgLayoutFaults(renderSvg(p, rows, { title: 't', mark: 'use-after-free' })), []);
});
