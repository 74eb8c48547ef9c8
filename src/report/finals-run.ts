// A final condition's states, then one run as a table: to a state where the condition fails when
// the expectation is `always` (the counterexample to it, or to a `forall` claim), else to one where
// it holds (the counterexample to `never`, the witness of `sometimes`). Pure.
import type { LineIndex } from '../common/span.js';
import type { Outcome } from '../explore/explorer.js';
import type { Program } from '../machine/program.js';
import { renderFinalStates } from './finals.js';
import type { Paint } from './paint.js';
import { renderTable } from './table.js';
import { witnessRows } from './trace-rows.js';

export function renderFinals(p: Program, o: Outcome, lines: LineIndex | undefined, paint: Paint, expected: readonly string[] | null = null): string {
  const f = p.final;
  const states = renderFinalStates(p, o, paint);
  if (!f || !o.finals) return states;
  const failing = expected?.includes('always') ? o.finals.failing : null;
  const w = failing ?? o.finals.witness;
  if (w === null) return states;
  const { rows } = witnessRows(p, w, lines);
  return `${states}\n${renderTable(p, rows, paint)}\n${paint.bold(`A run that ends in a state where ${f.text} ${failing ? 'does not hold' : 'holds'} (${w.length} steps).`)}\n`;
}
