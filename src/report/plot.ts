// Writer latency against CPU count, log scales, a line per strategy and the figures measured on
// real hardware marked beside it, as an SVG document. Pure: returns the text.
import { formatNs } from './duration.js';
import { xmlEscape } from './svg.js';

export interface PlotSeries {
  readonly name: string;
  /** Ascending by cpus. */
  readonly points: readonly { readonly cpus: number; readonly ns: number }[];
}

export interface PlotMark {
  readonly series: string;
  /** null: the source does not say; drawn in a column beside the plot. */
  readonly cpus: number | null;
  readonly ns: number;
  readonly label: string;
}

export interface PlotInput {
  readonly title: string;
  readonly series: readonly PlotSeries[];
  readonly marks: readonly PlotMark[];
  readonly maxCpus: number;
  /** A line under the plot, e.g. what the marks measure. */
  readonly note?: string;
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22', '#393b79'];
const W = 1020;
const H = 520;
const L = 80; // plot area
const T = 50;
const PW = 520;
const PH = 400;
const LEG = L + PW + 250; // the legend, right of the column of marks without a CPU count

export function renderPlot(input: PlotInput): string {
  const values = [...input.series.flatMap((s) => s.points.map((p) => p.ns)), ...input.marks.map((m) => m.ns)].filter((v) => v > 0);
  const lo = Math.floor(Math.log10(values.length > 0 ? Math.min(...values) : 1));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(values.length > 0 ? Math.max(...values) : 10)));
  const xMax = Math.log2(input.maxCpus);
  const px = (cpus: number): number => L + (Math.log2(cpus) / xMax) * PW;
  const py = (ns: number): number => T + PH - ((Math.log10(ns) - lo) / (hi - lo)) * PH;
  const colour = (name: string): string => COLOURS[Math.max(0, input.series.findIndex((s) => s.name === name)) % COLOURS.length]!;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">`);
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${L}" y="28" font-size="15" font-weight="bold" fill="#222222">${xmlEscape(input.title)}</text>`);
  out.push(`<rect x="${L}" y="${T}" width="${PW}" height="${PH}" fill="none" stroke="#888888"/>`);
  for (let e = lo; e <= hi; e++) {
    const y = py(10 ** e);
    out.push(`<line x1="${L}" y1="${y.toFixed(1)}" x2="${L + PW}" y2="${y.toFixed(1)}" stroke="#e4e4e4"/>`);
    out.push(`<text x="${L - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end" fill="#444444">${xmlEscape(formatNs(10 ** e))}</text>`);
  }
  for (let c = 1; c <= input.maxCpus; c *= 2) {
    const x = px(c);
    out.push(`<line x1="${x.toFixed(1)}" y1="${T}" x2="${x.toFixed(1)}" y2="${T + PH}" stroke="#eeeeee"/>`);
    out.push(`<text x="${x.toFixed(1)}" y="${T + PH + 16}" text-anchor="middle" fill="#444444">${c}</text>`);
  }
  out.push(`<text x="${L + PW / 2}" y="${T + PH + 36}" text-anchor="middle" fill="#222222">CPUs (log scale)</text>`);
  out.push(`<text x="20" y="${T + PH / 2}" text-anchor="middle" fill="#222222" transform="rotate(-90 20 ${T + PH / 2})">writer latency per call (log scale)</text>`);
  input.series.forEach((s, i) => {
    const pts = s.points.filter((p) => p.ns > 0).map((p) => `${px(p.cpus).toFixed(1)},${py(p.ns).toFixed(1)}`);
    if (pts.length > 0) out.push(`<polyline class="series" fill="none" stroke="${colour(s.name)}" stroke-width="2" points="${pts.join(' ')}"/>`);
    for (const pt of pts) { const [x, y] = pt.split(','); out.push(`<circle cx="${x}" cy="${y}" r="2.5" fill="${colour(s.name)}"/>`); }
    const ly = T + 10 + i * 18;
    out.push(`<line x1="${LEG}" y1="${ly}" x2="${LEG + 22}" y2="${ly}" stroke="${colour(s.name)}" stroke-width="2"/>`);
    out.push(`<text x="${LEG + 28}" y="${ly + 4}" fill="#222222">${xmlEscape(s.name)}</text>`);
  });
  const diamond = (x: number, y: number, c: string): string => `<path class="measured" d="M${x.toFixed(1)} ${(y - 6).toFixed(1)} l6 6 l-6 6 l-6 -6 z" fill="#ffffff" stroke="${c}" stroke-width="2"/>`;
  const side = L + PW + 24;
  out.push(`<text x="${side - 8}" y="${T - 8}" fill="#444444">measured, CPUs not given</text>`);
  // Labels in the side column move down so that none overlaps the one above it.
  let lastLabel = -Infinity;
  const side_marks = input.marks.filter((m) => m.cpus === null || m.cpus > input.maxCpus).map((m) => py(m.ns)).sort((a, b) => a - b);
  const labelY = new Map<number, number>();
  for (const y of side_marks) { const at = Math.max(y, lastLabel + 13); labelY.set(y, at); lastLabel = at; }
  input.marks.forEach((m) => {
    const c = colour(m.series);
    const y = py(m.ns);
    if (m.cpus !== null && m.cpus <= input.maxCpus) {
      const x = px(m.cpus);
      out.push(diamond(x, y, c));
      out.push(`<text x="${(x - 9).toFixed(1)}" y="${(y + 4).toFixed(1)}" text-anchor="end" font-size="10" fill="${c}">${xmlEscape(m.label)}</text>`);
    } else {
      out.push(diamond(side, y, c));
      const ly = labelY.get(y) ?? y;
      labelY.set(y, ly + 13); // a second mark at the same height takes the next line
      out.push(`<text x="${side + 10}" y="${(ly + 4).toFixed(1)}" font-size="10" fill="${c}">${xmlEscape(m.label)}</text>`);
    }
  });
  const ly = T + 10 + input.series.length * 18 + 10;
  out.push(diamond(LEG + 11, ly, '#444444'));
  out.push(`<text x="${LEG + 28}" y="${ly + 4}" fill="#222222">measured (per call)</text>`);
  if (input.note) out.push(`<text x="${L}" y="${H - 12}" font-size="11" fill="#555555">${xmlEscape(input.note)}</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
