// Final-state conditions in reports: the observation word, the final states reached (the ones
// where the condition holds marked), and a witness trace, for text and JSON. Pure.
import type { LineIndex } from '../common/span.js';
import type { Outcome } from '../explore/explorer.js';
import { observation } from '../explore/judge.js';
import type { Move } from '../machine/moves.js';
import type { FinalExpr, Program } from '../machine/program.js';
import { valueName } from './names.js';
import type { Paint } from './paint.js';
import { renderTable } from './table.js';
import { witnessRows } from './trace-rows.js';

/** The verdict word of a program with a final condition: violation kinds, then the observation. */
export function finalVerdictWord(o: Outcome): string {
  const kinds = o.findings.map((f) => f.violation.kind);
  if (o.verdict === 'inconclusive') return `inconclusive (${o.bound})`;
  return [...kinds, observation(o) ?? 'no final state'].join(', ');
}

function shown(p: Program, e: FinalExpr, v: number): string {
  return valueName(p, v, e.kind === 'mem' ? e.loc : undefined);
}

/** One line per final state, as herd7 lists them: `0:r0=0; 1:r1=0;`. */
function stateLines(p: Program, o: Outcome): { text: string; holds: boolean }[] {
  const obs = p.final?.observe ?? [];
  return (o.finals?.states ?? []).map((s) => ({
    text: obs.map((x, i) => `${x.name}=${shown(p, x.expr, s.values[i] ?? 0)};`).join(' '),
    holds: s.holds,
  }));
}

/**
 * The final states, then one run as a table: to a state where the condition fails when the
 * expectation is `always` (the counterexample to it, or to a `forall` claim), else to one where
 * it holds (the counterexample to `never`, the witness of `sometimes`).
 */
export function renderFinals(p: Program, o: Outcome, lines: LineIndex | undefined, paint: Paint, expected: readonly string[] | null = null): string {
  const f = p.final;
  if (!f || !o.finals) return '';
  const states = stateLines(p, o);
  const out: string[] = [`    ${f.quantifier} (${f.text}): ${states.length} final state${states.length === 1 ? '' : 's'}`];
  for (const s of states) out.push(`      ${s.holds ? paint.bold(s.text) : s.text}${s.holds ? paint.dim('  <- condition holds') : ''}`);
  const failing = expected?.includes('always') ? o.finals.failing : null;
  const w = failing ?? o.finals.witness;
  if (w !== null) {
    const { rows } = witnessRows(p, w, lines);
    out.push('', renderTable(p, rows, paint), paint.bold(`A run that ends in a state where ${f.text} ${failing ? 'does not hold' : 'holds'} (${w.length} steps).`));
  }
  return out.join('\n') + '\n';
}

function runJson(p: Program, run: readonly Move[] | null, lines: LineIndex | undefined): unknown {
  return run === null ? null : witnessRows(p, run, lines).rows.map((r) => ({ step: r.step, cpu: r.cpu, op: r.text, ...(r.note ? { note: r.note } : {}), line: r.line }));
}

/** The additive JSON fields of a result with a final condition. */
export function finalsJson(p: Program, o: Outcome, lines: LineIndex | undefined): Record<string, unknown> {
  const f = p.final;
  if (!f) return {};
  const obs = f.observe;
  return {
    observation: observation(o),
    finals: {
      quantifier: f.quantifier,
      condition: f.text,
      states: (o.finals?.states ?? []).map((s) => ({
        values: Object.fromEntries(obs.map((x, i) => [x.name, shown(p, x.expr, s.values[i] ?? 0)])),
        holds: s.holds,
      })),
      witness: runJson(p, o.finals?.witness ?? null, lines),
      failing: runJson(p, o.finals?.failing ?? null, lines),
    },
  };
}
