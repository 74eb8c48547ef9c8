// Geometry checks for the counterexample SVGs (report/svg.ts), for tests only: every shape lies
// inside the picture, each row inside its CPU's lane and inside the handler frame it ran in (and
// no other), frames nest, and no two texts overlap. Text extents are estimated from the
// monospace advance (DejaVu Sans Mono: 1233/2048 em, about 0.602 em), the font the SVG names first.
import { checkXml, type XmlElement } from './xml-check.js';

const ADVANCE_EM = 0.602;
const ASCENT_EM = 0.8;
const DESCENT_EM = 0.25;

export interface Box { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number }

interface Shape { readonly box: Box; readonly what: string; readonly index: number }

function num(e: XmlElement, a: string): number {
  return Number(e.attrs.get(a) ?? '0');
}

function inherited(els: readonly XmlElement[], i: number, attr: string): string | undefined {
  for (let j = i; j >= 0; j = els[j]!.parent) {
    const v = els[j]!.attrs.get(attr);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** The box a text or rect covers; texts by their character count at the inherited font size. */
export function boxOf(els: readonly XmlElement[], i: number): Box {
  const e = els[i]!;
  if (e.name === 'rect') return { x0: num(e, 'x'), y0: num(e, 'y'), x1: num(e, 'x') + num(e, 'width'), y1: num(e, 'y') + num(e, 'height') };
  const size = Number(inherited(els, i, 'font-size') ?? '16');
  const w = [...e.text].length * ADVANCE_EM * size;
  const anchor = e.attrs.get('text-anchor') ?? 'start';
  const x = num(e, 'x');
  const x0 = anchor === 'end' ? x - w : anchor === 'middle' ? x - w / 2 : x;
  return { x0, y0: num(e, 'y') - ASCENT_EM * size, x1: x0 + w, y1: num(e, 'y') + DESCENT_EM * size };
}

const inside = (a: Box, b: Box): boolean => a.x0 >= b.x0 && a.x1 <= b.x1 && a.y0 >= b.y0 && a.y1 <= b.y1;
const meets = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const show = (b: Box): string => `[${b.x0.toFixed(1)},${b.y0.toFixed(1)} .. ${b.x1.toFixed(1)},${b.y1.toFixed(1)}]`;

/** The faults of a counterexample SVG's layout; empty when it is sound. */
export function svgLayoutFaults(doc: string): string[] {
  const x = checkXml(doc);
  if (!x.ok) return [`not well-formed: ${x.error}`];
  const els = x.elements;
  const faults: string[] = [];
  const root = els[0]!;
  const page: Box = { x0: 0, y0: 0, x1: num(root, 'width'), y1: num(root, 'height') };
  const classOf = (i: number): string => els[i]!.attrs.get('class') ?? '';
  const groupOf = (i: number, cls: string): number => {
    for (let j = els[i]!.parent; j >= 0; j = els[j]!.parent) if (classOf(j).split(' ').includes(cls)) return j;
    return -1;
  };
  const shapes: Shape[] = [];
  els.forEach((e, i) => {
    if (e.name !== 'rect' && e.name !== 'text') return;
    const box = boxOf(els, i);
    const what = `<${e.name}${classOf(i) ? ` class="${classOf(i)}"` : ''}>${e.text ? ` '${e.text}'` : ''} ${show(box)}`;
    shapes.push({ box, what, index: i });
    if (!inside(box, page)) faults.push(`${what} lies outside the picture`);
  });
  // Lanes and frames belong to one figure each (a document may stack several).
  const figureOf = (i: number): number => groupOf(i, 'figure');
  const lanes = els.flatMap((e, i) => (e.name === 'rect' && groupOf(i, 'lane') >= 0 ? [{ i, cpu: els[groupOf(i, 'lane')]!.attrs.get('data-cpu'), fig: figureOf(i), box: boxOf(els, i) }] : []));
  const frames = els.flatMap((e, i) => (e.name === 'rect' && classOf(i).startsWith('frame') ? [{ i, cpu: e.attrs.get('data-cpu'), depth: Number(e.attrs.get('data-depth')), fig: figureOf(i), box: boxOf(els, i) }] : []));
  for (const f of frames) {
    const lane = lanes.find((l) => l.cpu === f.cpu && l.fig === f.fig);
    if (!lane || !inside(f.box, lane.box)) faults.push(`frame of CPU ${f.cpu} depth ${f.depth} ${show(f.box)} is not inside its lane`);
    if (f.depth > 1 && !frames.some((g) => g.cpu === f.cpu && g.fig === f.fig && g.depth === f.depth - 1 && inside(f.box, g.box))) faults.push(`frame of CPU ${f.cpu} depth ${f.depth} ${show(f.box)} is not inside a frame one level out`);
  }
  for (const s of shapes) {
    const row = groupOf(s.index, 'row');
    if (row < 0) continue;
    const cpu = els[row]!.attrs.get('data-cpu');
    const depth = Number(els[row]!.attrs.get('data-depth'));
    const fig = figureOf(s.index);
    const lane = lanes.find((l) => l.cpu === cpu && l.fig === fig);
    if (!lane || !inside(s.box, lane.box)) faults.push(`${s.what} of a CPU ${cpu} row is not inside its lane`);
    for (const f of frames.filter((g) => g.cpu === cpu && g.fig === fig)) {
      // A row may touch a frame only from inside: rows of a handler sit in its frame, others clear of it.
      if (f.depth <= depth && meets(s.box, f.box) && !inside(s.box, f.box)) faults.push(`${s.what} crosses the edge of a depth-${f.depth} frame ${show(f.box)}`);
      if (f.depth > depth && meets(s.box, f.box)) faults.push(`${s.what} (depth ${depth}) is drawn over a depth-${f.depth} frame ${show(f.box)}`);
    }
    if (depth > 0 && !frames.some((f) => f.cpu === cpu && f.fig === fig && f.depth === depth && inside(s.box, f.box))) faults.push(`${s.what} (depth ${depth}) is not inside a handler frame`);
  }
  const texts = shapes.filter((s) => els[s.index]!.name === 'text');
  for (let a = 0; a < texts.length; a++) {
    for (let b = a + 1; b < texts.length; b++) {
      if (meets(texts[a]!.box, texts[b]!.box)) faults.push(`${texts[a]!.what} overlaps ${texts[b]!.what}`);
    }
  }
  return faults;
}
