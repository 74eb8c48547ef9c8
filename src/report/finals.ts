// Final-state conditions in reports: the observation word, the final states reached (the ones
// where the condition holds marked), and a witness trace in JSON; finals-run.ts draws the witness
// as a table (so a check that draws none loads no table). Pure.
import type { LineIndex } from '../common/span.js';
import type { Outcome } from '../explore/explorer.js';
import { observation } from '../explore/judge.js';
import type { Move } from '../machine/moves.js';
import type { FinalExpr, Program } from '../machine/program.js';
import { valueName } from './names.js';
import type { Paint } from './paint.js';
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

/** The final states, one line each, those where the condition holds marked; no run (finals-run.ts draws it). */
export function renderFinalStates(p: Program, o: Outcome, paint: Paint): string {
  const f = p.final;
  if (!f || !o.finals) return '';
  const states = stateLines(p, o);
  const out: string[] = [`    ${f.quantifier} (${f.text}): ${states.length} final state${states.length === 1 ? '' : 's'}`];
  for (const s of states) out.push(`      ${s.holds ? paint.bold(s.text) : s.text}${s.holds ? paint.dim('  <- condition holds') : ''}`);
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
