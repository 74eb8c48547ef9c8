// A counterexample as a Markdown table for a review or a document: a column per CPU, a row per
// step, nested handler steps marked and indented, the violating step in bold. Pure.
import type { Program } from '../machine/program.js';
import type { FindingRenderer } from './finding-formats.js';
import { findingTitle } from './finding-title.js';
import { activeCpus } from './lkml.js';
import { statementRows, stepLabel } from './statement-rows.js';
import { sentence } from './sentence.js';
import { eventText, handlerTag, isHandlerEntry, traceRows, type Row } from './trace-rows.js';

/** Escape what Markdown tables and inline HTML would swallow. */
export function mdEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\*/g, '\\*').replace(/_/g, '\\_');
}

function cell(r: Row): string {
  const indent = '&nbsp;&nbsp;'.repeat(r.depth);
  const tag = (r.kind === 'step' || r.kind === 'blocked') && r.depth > 0 ? handlerTag(r) : '';
  const body = isHandlerEntry(r) || r.kind === 'switch' ? `*${mdEscape(r.text)}*` : `${mdEscape(tag)}${r.continues ? '… ' : ''}\`${r.text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
  const mark = r.event ? ` *${mdEscape(eventText(r.event))}*` : '';
  const note = r.note ? `<br>${indent}${tag ? '&nbsp;'.repeat(tag.length) : ''}${mdEscape(r.note)}` : '';
  const text = `${indent}${body}${mark}${note}`;
  return r.violating ? `**${text}** ⟵` : text;
}

export function renderMarkdown(p: Program, steps: readonly Row[], sentence?: string): string {
  const rows = statementRows(p, steps);
  const cpus = activeCpus(rows);
  const head = `| # | ${cpus.map((c) => `CPU ${c}`).join(' | ')} | line |`;
  const rule = `|---:|${cpus.map(() => '---').join('|')}|---:|`;
  const body = rows.map((r) => `| ${stepLabel(r, '–') ?? '–'} | ${cpus.map((c) => (c === r.cpu ? cell(r) : '')).join(' | ')} | ${r.line ?? ''} |`);
  return [head, rule, ...body, ...(sentence ? ['', mdEscape(sentence)] : [])].join('\n') + '\n';
}

/** A counterexample under its title in bold, closed with its sentence. */
export const markdownFinding: FindingRenderer = (p, f, lines) => {
  const { rows, steps } = traceRows(p, f, lines);
  return `**${findingTitle(p, f)}**\n\n${renderMarkdown(p, rows, sentence(p, f.violation, steps, lines))}`;
};
