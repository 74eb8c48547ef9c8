// A counterexample as an SVG picture for a browser or a slide: a lane per CPU, time going down,
// each nested IRQ or NMI drawn as a box inside its lane, the violating step marked in red.
// Every shape is laid out inside the box it belongs to (lane, handler frame, row), and text is
// cut to the room left beside the labels, so nothing overlaps: src/testing/svg-geometry.ts
// checks it. Pure: returns the document text; self-contained (no scripts, no external fonts).
import type { LineIndex } from '../common/span.js';
import type { Finding } from '../explore/explorer.js';
import type { Program } from '../machine/program.js';
import type { FindingRenderer, FindingsRenderer } from './finding-formats.js';
import { findingTitle } from './finding-title.js';
import { sentence } from './sentence.js';
import { rowText, statementRows, stepLabel } from './statement-rows.js';
import { eventText, isHandlerEntry, traceRows, type Row } from './trace-rows.js';
import { wrap } from './wrap.js';

/** The colour of the scheduler's rows and labels (context switches, sleeps, wakeups). */
const SCHED = '#6a1b9a';

export interface SvgOptions {
  readonly title?: string;
  readonly mark?: string;
  readonly sentence?: string;
}

/** One counterexample of a document that shows several (svgDocument). */
export interface SvgFigure {
  readonly program: Program;
  readonly rows: readonly Row[];
  readonly options: SvgOptions;
}

// Advance of one character of 12px monospace: DejaVu Sans Mono's is 0.602 em, rounded up so
// that a cut text never runs past its room in the font the picture names first.
const CHAR = 7.25;
const TITLE_CHAR = CHAR * 15 / 12;
const LABEL_CHAR = CHAR * 10 / 12;
const NOTE_CHAR = CHAR * 11 / 12;
const LANE = 440;
const PAD = 16;
const ROW = 20;
const NOTE = 14;
const HEAD = 48; // title and lane headers above the first row
const NEST = 10; // how far each handler frame sits inside the box around it
const GAP = 8; // between a box's edge and the text in it, and between two texts on a line

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `s` cut to at most `px` wide at `char` pixels a character, ending in … when cut. */
function fit(s: string, px: number, char = CHAR): string {
  const n = Math.max(1, Math.floor(px / char));
  const chars = [...s];
  return chars.length <= n ? s : `${chars.slice(0, n - 1).join('')}…`;
}

interface Frame { cpu: number; depth: number; kind: 'irq' | 'nmi' | 'softirq'; from: number; to: number }

/**
 * Each handler's extent: from its entry row to the last row that ran inside it on that CPU,
 * deadlock rows included (a handler that waits forever is still inside its frame).
 */
function frames(rows: readonly Row[]): Frame[] {
  const out: Frame[] = [];
  rows.forEach((r, i) => {
    if (!isHandlerEntry(r)) return;
    const depth = r.depth + 1;
    let to = i;
    for (let j = i + 1; j < rows.length; j++) {
      const q = rows[j]!;
      if (q.cpu !== r.cpu) continue;
      if (q.depth < depth || (isHandlerEntry(q) && q.depth + 1 === depth)) break;
      to = j;
    }
    out.push({ cpu: r.cpu, depth, kind: r.kind, from: i, to });
  });
  return out;
}

/** The nesting depth a row is drawn at: a handler's entry row heads the handler's own frame. */
function drawDepth(r: Row): number {
  return isHandlerEntry(r) ? r.depth + 1 : r.depth;
}

export function renderSvg(p: Program, rows: readonly Row[], o: SvgOptions = {}): string {
  return svgDocument([{ program: p, rows, options: o }]);
}

/** Several counterexamples stacked in one document, each with its own title, lanes and sentence. */
export function svgDocument(figures: readonly SvgFigure[]): string {
  const drawn = figures.map((f) => figure(f.program, statementRows(f.program, f.rows), f.options));
  const width = Math.max(...drawn.map((d) => d.width));
  const out: string[] = [];
  let top = 0;
  for (const d of drawn) {
    out.push(`<g class="figure">`, ...d.body(top), '</g>');
    top += d.height;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top}" viewBox="0 0 ${width} ${top}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="12">`,
    `<rect x="0" y="0" width="${width}" height="${top}" fill="#ffffff"/>`,
    ...out,
    '</svg>',
  ].join('\n') + '\n';
}

interface Drawn {
  readonly width: number;
  readonly height: number;
  /** The figure's elements with its top edge at `top`. */
  readonly body: (top: number) => string[];
}

function figure(p: Program, rows: readonly Row[], o: SvgOptions): Drawn {
  const labels = rows.map((r) => stepLabel(r) ?? '–');
  const gutter = Math.ceil(Math.max(24, ...labels.map((l) => [...l].length * CHAR)) + 2 * GAP);
  const laneX = (cpu: number): number => PAD + gutter + cpu * LANE;
  const width = PAD * 2 + gutter + p.cpus * LANE;
  // The box a row of depth d is drawn in: the lane (d = 0) or its handler's frame, each inset.
  const left = (cpu: number, d: number): number => laneX(cpu) + 4 + d * NEST;
  const right = (cpu: number, d: number): number => laneX(cpu) + LANE - 4 - d * NEST;
  const heights = rows.map((r) => ROW + (r.note ? NOTE : 0));
  const tops: number[] = [];
  let y = HEAD + 8;
  for (const h of heights) { tops.push(y); y += h; }
  const bottom = y + 6;
  const sentence = o.sentence ? wrap(o.sentence, Math.floor((width - 2 * PAD) / CHAR)) : [];
  const height = bottom + (sentence.length > 0 ? 12 + sentence.length * 18 : 0) + PAD;
  const body = (at: number): string[] => {
    const out: string[] = [];
    if (o.title) out.push(`<text class="title" x="${PAD}" y="${at + 24}" font-size="15" font-weight="bold" fill="#222222">${xmlEscape(fit(o.title, width - 2 * PAD, TITLE_CHAR))}</text>`);
    for (let c = 0; c < p.cpus; c++) {
      out.push(`<g class="lane" data-cpu="${c}">`);
      out.push(`<rect x="${left(c, 0)}" y="${at + HEAD - 14}" width="${LANE - 8}" height="${bottom - HEAD + 14}" rx="6" fill="#f6f8fa" stroke="#c8ced6"/>`);
      out.push(`<text x="${laneX(c) + LANE / 2}" y="${at + HEAD + 2}" text-anchor="middle" font-weight="bold" fill="#222222">CPU ${c}</text>`);
      out.push('</g>');
    }
    for (const f of frames(rows)) {
      const x0 = left(f.cpu, f.depth);
      const x1 = right(f.cpu, f.depth);
      const y0 = at + tops[f.from]! - 2;
      const y1 = at + tops[f.to]! + heights[f.to]! - 2;
      const colour = f.kind === 'nmi' ? 'fill="#fde8e8" stroke="#d9534f"' : f.kind === 'softirq' ? 'fill="#e8f4fd" stroke="#3a87c8"' : 'fill="#fff4dc" stroke="#e0a030"';
      out.push(`<rect class="frame ${f.kind}" data-cpu="${f.cpu}" data-depth="${f.depth}" x="${x0}" y="${y0}" width="${x1 - x0}" height="${y1 - y0}" rx="4" ${colour}/>`);
    }
    rows.forEach((r, i) => {
      const top = at + tops[i]!;
      const d = drawDepth(r);
      const x0 = left(r.cpu, d);
      const x1 = right(r.cpu, d);
      out.push(`<g class="row" data-cpu="${r.cpu}" data-depth="${d}">`);
      if (r.violating) out.push(`<rect class="violating" x="${x0 + 2}" y="${top - 1}" width="${x1 - x0 - 4}" height="${heights[i]! - 2}" fill="#ffd6d6" stroke="#c62828"/>`);
      // Right-hand labels first: the statement gets the room they leave.
      let room = x1 - x0 - 2 * GAP;
      const handler = isHandlerEntry(r);
      // The scheduler's events (ops/sched.ts) are labelled as handler entries are, in their own colour.
      const sched = r.kind === 'switch' ? 'context switch' : r.event ? eventText(r.event) : '';
      const mark = r.violating && o.mark ? o.mark : '';
      const label = handler ? `${r.kind === 'nmi' ? 'NMI' : r.kind === 'softirq' ? 'softirq' : 'IRQ'} handler` : mark || sched;
      if (label) {
        const small = handler || !mark;
        const char = small ? LABEL_CHAR : CHAR;
        const shown = fit(label, room / 2, char);
        room -= [...shown].length * char + GAP;
        const style = handler ? 'font-size="10" fill="#8a5a00"' : small ? `font-size="10" fill="${SCHED}"` : 'font-weight="bold" fill="#b71c1c"';
        out.push(`<text class="${handler ? 'handler-label' : small ? 'sched-label' : 'mark'}" x="${x1 - GAP}" y="${top + 14}" text-anchor="end" ${style}>${xmlEscape(shown)}</text>`);
      }
      const style = handler ? ' font-weight="bold" fill="#8a5a00"' : r.violating ? ' font-weight="bold" fill="#b71c1c"' : r.kind === 'switch' ? ` font-weight="bold" fill="${SCHED}"` : ' fill="#222222"';
      out.push(`<text class="stmt" x="${x0 + GAP}" y="${top + 14}"${style}>${xmlEscape(fit(rowText(r), room))}</text>`);
      if (r.note) out.push(`<text class="note" x="${x0 + 2 * GAP}" y="${top + 14 + NOTE}" font-size="11" fill="#666666">${xmlEscape(fit(r.note, x1 - x0 - 3 * GAP, NOTE_CHAR))}</text>`);
      out.push('</g>');
      out.push(`<text class="step" x="${PAD + gutter - GAP}" y="${top + 14}" text-anchor="end" fill="#888888">${xmlEscape(labels[i]!)}</text>`);
    });
    sentence.forEach((l, k) => out.push(`<text class="sentence" x="${PAD}" y="${at + bottom + 24 + k * 18}" fill="#222222">${xmlEscape(l)}</text>`));
    return out;
  };
  return { width, height, body };
}

function svgFigure(p: Program, f: Finding, lines: LineIndex | undefined): SvgFigure {
  const { rows, steps } = traceRows(p, f, lines);
  return { program: p, rows, options: { title: findingTitle(p, f), mark: f.violation.kind, sentence: sentence(p, f.violation, steps, lines) } };
}

/**
 * Every counterexample of one result in one SVG document, a figure each (a cell can find a
 * double-free and a use-after-free): one document, so `--format svg` can draw any one result.
 */
export const svgFindings: FindingsRenderer = (p, findings, lines) => svgDocument(findings.map((f) => svgFigure(p, f, lines)));

export const svgFinding: FindingRenderer = (p, f, lines) => svgFindings(p, [f], lines);
