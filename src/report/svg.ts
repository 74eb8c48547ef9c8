// A counterexample as an SVG picture for a browser or a slide: a lane per CPU, time going down,
// each nested IRQ or NMI drawn as a box inside its lane, the violating step marked in red.
// Pure: returns the document text; self-contained (no scripts, no external fonts).
import type { Program } from '../machine/program.js';
import type { Row } from './trace-rows.js';
import { wrap } from './wrap.js';

export interface SvgOptions {
  readonly title?: string;
  readonly mark?: string;
  readonly sentence?: string;
}

const CHAR = 7.2; // width of one character of 12px monospace, near enough for layout
const GUTTER = 40;
const LANE = 440;
const PAD = 16;
const ROW = 20;
const NOTE = 14;
const TOP = 64;

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fit(s: string, px: number): string {
  const n = Math.max(4, Math.floor(px / CHAR));
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

interface Frame { cpu: number; depth: number; kind: 'irq' | 'nmi'; from: number; to: number }

/** Each handler's extent: from its entry row to the last row it ran on that CPU. */
function frames(rows: readonly Row[]): Frame[] {
  const out: Frame[] = [];
  rows.forEach((r, i) => {
    if (r.kind !== 'irq' && r.kind !== 'nmi') return;
    const depth = r.depth + 1;
    let to = i;
    for (let j = i + 1; j < rows.length; j++) {
      const q = rows[j]!;
      if (q.cpu !== r.cpu) continue;
      if (q.depth < depth) break;
      to = j;
    }
    out.push({ cpu: r.cpu, depth, kind: r.kind, from: i, to });
  });
  return out;
}

export function renderSvg(p: Program, rows: readonly Row[], o: SvgOptions = {}): string {
  const lanes = p.cpus;
  const laneX = (cpu: number): number => PAD + GUTTER + cpu * LANE;
  const ys: number[] = [];
  let y = TOP + 10;
  for (const r of rows) { ys.push(y); y += ROW + (r.note ? NOTE : 0); }
  const bottom = y + 6;
  const width = PAD * 2 + GUTTER + lanes * LANE;
  const sentence = o.sentence ? wrap(o.sentence, Math.floor((width - 2 * PAD) / CHAR)) : [];
  const height = bottom + 20 + sentence.length * 18 + PAD;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="12">`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  if (o.title) out.push(`<text x="${PAD}" y="24" font-size="15" font-weight="bold" fill="#222222">${xmlEscape(o.title)}</text>`);
  for (let c = 0; c < lanes; c++) {
    const x = laneX(c);
    out.push(`<g class="lane" data-cpu="${c}">`);
    out.push(`<rect x="${x + 4}" y="${TOP - 22}" width="${LANE - 8}" height="${bottom - TOP + 22}" rx="6" fill="#f6f8fa" stroke="#c8ced6"/>`);
    out.push(`<text x="${x + LANE / 2}" y="${TOP - 6}" text-anchor="middle" font-weight="bold" fill="#222222">CPU ${c}</text>`);
    out.push('</g>');
  }
  for (const f of frames(rows)) {
    const x = laneX(f.cpu) + 8 + (f.depth - 1) * 12;
    const y0 = ys[f.from]! - 2;
    const y1 = ys[f.to]! + ROW + (rows[f.to]!.note ? NOTE : 0) - 2;
    const colour = f.kind === 'nmi' ? 'fill="#fde8e8" stroke="#d9534f"' : 'fill="#fff4dc" stroke="#e0a030"';
    out.push(`<rect class="frame ${f.kind}" x="${x}" y="${y0}" width="${LANE - 16 - (f.depth - 1) * 24}" height="${y1 - y0}" rx="4" ${colour}/>`);
    out.push(`<text x="${x + LANE - 24 - (f.depth - 1) * 24}" y="${y0 + 14}" text-anchor="end" font-size="10" fill="#8a5a00">${f.kind === 'nmi' ? 'NMI' : 'IRQ'} handler</text>`);
  }
  rows.forEach((r, i) => {
    const top = ys[i]!;
    const indent = 14 + r.depth * 12;
    const x = laneX(r.cpu) + indent;
    const room = LANE - indent - 16;
    if (r.violating) out.push(`<rect class="violating" x="${laneX(r.cpu) + 6}" y="${top - 2}" width="${LANE - 12}" height="${ROW + (r.note ? NOTE : 0)}" fill="#ffd6d6" stroke="#c62828"/>`);
    out.push(`<text x="${PAD + GUTTER - 8}" y="${top + 14}" text-anchor="end" fill="#888888">${r.step ?? '–'}</text>`);
    const style = r.kind === 'irq' || r.kind === 'nmi' ? ' font-weight="bold" fill="#8a5a00"' : r.violating ? ' font-weight="bold" fill="#b71c1c"' : ' fill="#222222"';
    out.push(`<text x="${x}" y="${top + 14}"${style}>${xmlEscape(fit(r.text, room))}</text>`);
    if (r.note) out.push(`<text x="${x + 8}" y="${top + 14 + NOTE}" font-size="11" fill="#666666">${xmlEscape(fit(r.note, room - 8))}</text>`);
    if (r.violating && o.mark) out.push(`<text x="${laneX(r.cpu) + LANE - 12}" y="${top + 14}" text-anchor="end" font-weight="bold" fill="#b71c1c">${xmlEscape(o.mark)}</text>`);
  });
  sentence.forEach((l, i) => out.push(`<text x="${PAD}" y="${bottom + 24 + i * 18}" fill="#222222">${xmlEscape(l)}</text>`));
  out.push('</svg>');
  return out.join('\n') + '\n';
}
