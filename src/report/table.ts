// A counterexample as a terminal table: a column per CPU, a row per step, nested IRQ and NMI
// steps indented and tagged, the violating step highlighted. Pure: colour comes in as a Paint.
import Table from 'cli-table3';
import type { Program } from '../machine/program.js';
import type { FindingRenderer } from './finding-formats.js';
import type { Paint } from './paint.js';
import { rowText, statementRows, stepLabel } from './statement-rows.js';
import { sentence } from './sentence.js';
import { eventText, handlerTag, isHandlerEntry, traceRows, type Row } from './trace-rows.js';

function cellText(r: Row, paint: Paint): string {
  const indent = '  '.repeat(r.depth);
  const tag = (r.kind === 'step' || r.kind === 'blocked') && r.depth > 0 ? handlerTag(r) : '';
  let text = `${indent}${tag}${rowText(r)}`;
  if (isHandlerEntry(r) || r.kind === 'switch') text = paint.magenta(text);
  // A task that sleeps or is woken is marked as a context switch is (ops/sched.ts).
  if (r.event) text += `  ${paint.magenta(eventText(r.event))}`;
  if (r.kind === 'drain') text = paint.cyan(text);
  if (r.violating) text = paint.bold(paint.red(`${text}  <-- here`));
  const note = r.note ? `\n${indent}${tag ? ' '.repeat(tag.length) : ''}${paint.dim(r.note)}` : '';
  return text + note;
}

export function renderTable(p: Program, rows: readonly Row[], paint: Paint): string {
  const head = ['#', ...Array.from({ length: p.cpus }, (_, c) => `CPU ${c}`), 'line'];
    // No rule between rows: the step number starts each one, and the table stays half as tall.
  const table = new Table({
    head: head.map((h) => paint.bold(h)),
    style: { head: [], border: [], compact: false },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const r of statementRows(p, rows)) {
    const cells = Array.from({ length: p.cpus }, (_, c) => (c === r.cpu ? cellText(r, paint) : ''));
    table.push([stepLabel(r) ?? paint.red('--'), ...cells, r.line === null ? '' : paint.dim(String(r.line))]);
  }
  return table.toString();
}

/** A counterexample as `check` prints it: the table, then the sentence in bold. */
export const tableFinding: FindingRenderer = (p, f, lines, paint) => {
  const { rows, steps } = traceRows(p, f, lines);
  return `${renderTable(p, rows, paint)}\n${paint.bold(sentence(p, f.violation, steps, lines))}\n`;
};
