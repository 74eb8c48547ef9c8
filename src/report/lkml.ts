// A counterexample as plain text for an email: a column per CPU under `CPU 0` / `=====` headers,
// time going down, as the diagrams of LKML threads draw races; nested handlers as the kernel's
// lock validator marks them in its reports, an `<Interrupt>` or `<NMI>` line with the handler's
// steps indented under it (print_irq_lock_scenario in kernel/locking/). At most `width` columns
// where it fits. Pure.
import type { Program } from '../machine/program.js';
import type { FindingRenderer } from './finding-formats.js';
import { sentence } from './sentence.js';
import { statementRows } from './statement-rows.js';
import { eventText, isHandlerEntry, traceRows, type Row } from './trace-rows.js';
import { wrap } from './wrap.js';

export interface LkmlOptions {
  /** Total width; columns shrink to fit it, down to MIN_COLUMN characters each. */
  readonly width?: number;
  /** Written under the violating step, e.g. 'use-after-free'. */
  readonly mark?: string;
  /** The closing sentence, wrapped to the width. */
  readonly sentence?: string;
}

const GAP = 4;
const MIN_COLUMN = 24;

/** The CPUs that take a step in the rows, ascending: idle CPUs get no column. */
export function activeCpus(rows: readonly Row[]): number[] {
  return [...new Set(rows.map((r) => r.cpu))].sort((a, b) => a - b);
}

export function renderLkml(p: Program, steps: readonly Row[], o: LkmlOptions = {}): string {
  const rows = statementRows(p, steps);
  const width = o.width ?? 80;
  const cpus = activeCpus(rows);
  const n = Math.max(1, cpus.length);
  const col = Math.max(MIN_COLUMN, Math.floor((width - GAP * (n - 1)) / n));
  const out: { cpu: number; text: string }[] = [];
  const lastKey = new Map<number, string>();
  let lastCpu: number | null = null;
  const put = (cpu: number, indent: number, text: string): void => {
    // Continuation lines hang two columns deeper, as wrapped C arguments do.
    wrap(text, col - indent, col - indent - 2).forEach((line, i) => out.push({ cpu, text: ' '.repeat(indent + (i > 0 ? 2 : 0)) + line }));
  };
  for (const r of rows) {
    if (lastCpu !== null && r.cpu !== lastCpu) out.push({ cpu: -1, text: '' });
    lastCpu = r.cpu;
    const indent = 2 * r.depth;
    if (isHandlerEntry(r) || r.kind === 'switch') {
      put(r.cpu, indent, r.text);
      if (r.kind === 'switch' && r.note) put(r.cpu, indent, `// ${r.note}`);
      lastKey.set(r.cpu, r.kind === 'switch' ? 'switch' : `handler:${r.depth + 1}`);
    } else {
      const proc = r.proc ?? '';
      const key = `${r.depth}:${proc}`;
      let inner = indent;
      if (proc !== '') {
        if (lastKey.get(r.cpu) !== key) put(r.cpu, indent, `${proc}():`);
        inner = indent + 2;
      }
      lastKey.set(r.cpu, key);
      // The rest of a statement written above is a comment under it, as a thread would write
      // "// still spinning": the call again would read as a second, recursive, call.
      if (r.continues) put(r.cpu, inner, `// ${r.note || (r.kind === 'blocked' ? 'waits' : 'continues')}`);
      else put(r.cpu, inner, r.stmt ?? r.text);
      // A task that sleeps or is woken: a line of its own, as a context switch has.
      if (r.event && !r.continues) put(r.cpu, inner, eventText(r.event));
      if (r.note && !r.continues) put(r.cpu, inner, `// ${r.note}`);
      if (r.violating) put(r.cpu, inner, `^^^ ${o.mark ?? 'here'}`);
      continue;
    }
    if (r.violating) put(r.cpu, indent, `^^^ ${o.mark ?? 'here'}`);
  }
  const start = (cpu: number): number => cpus.indexOf(cpu) * (col + GAP);
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(col + GAP) : c)).join('').trimEnd();
  const text = [
    line(cpus.map((c) => `CPU ${c}`)),
    line(cpus.map((c) => '='.repeat(`CPU ${c}`.length))),
    ...out.map((l) => (l.cpu < 0 ? '' : (' '.repeat(start(l.cpu)) + l.text).trimEnd())),
  ];
  if (o.sentence) text.push('', ...wrap(o.sentence, width));
  return text.join('\n') + '\n';
}

/** A counterexample for an email, marked and closed with its sentence. */
export const lkmlFinding: FindingRenderer = (p, f, lines) => {
  const { rows, steps } = traceRows(p, f, lines);
  return renderLkml(p, rows, { mark: f.violation.kind, sentence: sentence(p, f.violation, steps, lines) });
};
