// The table of `raceway ablate`: one row per synchronization operation or pair, whether the scenario's
// expectation survives its removal, and the counterexample when it does not. Pure.
import Table from 'cli-table3';
import { assertNever } from '../common/assert-never.js';
import type { LineIndex } from '../common/span.js';
import type { AblationResult } from '../explore/ablate.js';
import { observation } from '../explore/judge.js';
import type { Paint } from './paint.js';

/** `file:line` of a site, as a grep would print it; a pair's lines joined by commas. */
export function siteWhere(r: AblationResult, lines: LineIndex | undefined): string {
  const st = r.site.statements;
  return `${st[0]!.span.file}:${st.map((s) => (lines ? lines.lineCol(s.span.start).line : '?')).join(',')}`;
}

/** The statements removed, each with its procedure: one per line in the table, joined by ' + ' in JSON. */
export function siteText(r: AblationResult, sep = ' + '): string {
  return r.site.statements.map((s) => (s.via.length > 0 ? `${s.via[s.via.length - 1]}: ` : '') + s.text).join(sep);
}

/** The kind column: what the site is, and whether it is a pair or half of one removed alone. */
function kindText(r: AblationResult): string {
  const p = r.site.pairing;
  switch (p) {
    case 'single': return r.site.what;
    case 'pair': return r.site.what === 'procedures' ? 'procedure pair' : `${r.site.what} pair`;
    case 'unpaired': return `${r.site.what}, unpaired`;
    default: return assertNever(p);
  }
}

/** "use-after-free, 19 steps", or what changed when no violation explains the break. */
export function counterexampleText(r: AblationResult): string {
  const f = r.outcome.findings[0];
  if (f) return `${f.violation.kind}, ${f.trace.length} steps`;
  if (r.outcome.verdict === 'inconclusive') return `inconclusive (${r.outcome.bound})`;
  const obs = observation(r.outcome);
  const w = r.outcome.finals?.witness;
  if (obs !== null) return `final condition ${obs}${w ? `, ${w.length} steps` : ''}`;
  return 'safe';
}

export function renderAblations(results: readonly AblationResult[], lines: LineIndex | undefined, paint: Paint): string {
  const table = new Table({
    head: ['#', 'operation', 'kind', 'without it', 'counterexample'].map((h) => paint.bold(h)),
    style: { head: [], border: [], compact: false },
  });
  results.forEach((r, i) => {
    const verdict = r.breaks ? paint.red('breaks') : r.judgement === 'inconclusive' ? paint.yellow('inconclusive') : paint.green('still holds');
    table.push([String(i + 1), `${paint.dim(siteWhere(r, lines))}\n${siteText(r, '\n')}`, kindText(r), verdict, r.breaks ? counterexampleText(r) : '']);
  });
  return table.toString();
}

/** One NDJSON object per ablation. */
export function ablationJson(r: AblationResult, lines: LineIndex | undefined): Record<string, unknown> {
  return {
    where: siteWhere(r, lines),
    operation: siteText(r),
    kind: r.site.what,
    pairing: r.site.pairing,
    breaks: r.breaks,
    judgement: r.judgement,
    verdict: r.outcome.verdict,
    kinds: r.outcome.findings.map((f) => f.violation.kind),
    counterexample: r.breaks ? counterexampleText(r) : null,
    states: r.outcome.stats.states,
  };
}
