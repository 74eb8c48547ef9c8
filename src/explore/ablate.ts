// "Verify the verification" (McKenney, perfbook, on validation): remove one synchronization
// operation at a time and re-check, to learn which of them the verdict rests on. Pure: the
// caller picks the explorer and budget; nothing here reads files or the clock.
import type { Span } from '../common/span.js';
import type { Code, Instr, InstrBody, Program } from '../machine/program.js';
import type { Budget, Explorer, Outcome } from './explorer.js';
import { judge, type Judgement } from './judge.js';

/** One source statement whose synchronization instructions can be removed together. */
export interface AblationSite {
  readonly span: Span;
  readonly text: string;
  /** The procedure the statement sits in, innermost last (empty: a program or handler body). */
  readonly via: readonly string[];
  /** What kind of synchronization it is, for the table. */
  readonly what: 'barrier' | 'wait' | 'irq' | 'preempt' | 'lock' | 'rcu';
  /** Every instruction lowered from it (a procedure inlined twice gives two), as [code, pc]. */
  readonly instrs: readonly (readonly [number, number])[];
}

function what(i: InstrBody): AblationSite['what'] | null {
  switch (i.op) {
    case 'fence': return 'barrier';
    case 'wait_until': case 'gp_start': case 'gp_wait': return 'wait';
    case 'irq': return 'irq';
    case 'preempt': return i.ofLock ? 'lock' : 'preempt';
    case 'lock': return 'lock';
    case 'rcu': return 'rcu';
    default: return null;
  }
}

/** The sites of a program in source order (by span), each listed once. */
export function ablationSites(p: Program): AblationSite[] {
  const byKey = new Map<string, { span: Span; text: string; texts: Set<string>; via: readonly string[]; what: AblationSite['what']; instrs: [number, number][] }>();
  p.codes.forEach((code, c) => code.instrs.forEach((ins, pc) => {
    const w = what(ins);
    if (w === null) return;
    const key = `${ins.span.file}\u0000${ins.span.start}\u0000${ins.span.end}`;
    const site = byKey.get(key);
    if (site) { site.instrs.push([c, pc]); site.texts.add(ins.text); }
    else byKey.set(key, { span: ins.span, text: ins.text, texts: new Set([ins.text]), via: ins.via, what: w, instrs: [[c, pc]] });
  }));
  // One statement unrolled by `for c in cpus` lowers to several texts (slot[0], slot[1]...):
  // removing the statement removes them all, and the row says so.
  return [...byKey.values()]
    .map(({ texts, ...site }) => ({ ...site, text: texts.size > 1 ? `${site.text} (and ${texts.size - 1} more unrolled)` : site.text }))
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/**
 * The program with the site's instructions replaced by `nop`s that keep their span, labels and
 * pcs, so every jump target stays valid. A removed half of a pair (irq save/restore, lock/unlock)
 * may make the other half a misuse: that is a finding, reported like any other.
 */
export function ablate(p: Program, site: AblationSite): Program {
  const hit = new Set(site.instrs.map(([c, pc]) => `${c}:${pc}`));
  const codes: Code[] = p.codes.map((code, c) => ({
    ...code,
    instrs: code.instrs.map((ins, pc): Instr => (hit.has(`${c}:${pc}`)
      ? { op: 'nop', span: ins.span, text: `(removed) ${ins.text}`, via: ins.via, labels: ins.labels }
      : ins)),
  }));
  return { ...p, codes, fingerprint: `${p.fingerprint}-a${site.span.start}` };
}

export interface AblationResult {
  readonly site: AblationSite;
  readonly program: Program;
  readonly outcome: Outcome;
  readonly judgement: Judgement;
  /** Removing the site changed the result: the expectation (or the original verdict) no longer holds. */
  readonly breaks: boolean;
}

/** What "unchanged" means without an expectation: the same violation kinds and observation. */
function sameResult(a: Outcome, b: Outcome): boolean {
  const kinds = (o: Outcome): string => [...new Set(o.findings.map((f) => f.violation.kind))].sort().join(',');
  const holds = (o: Outcome): string => (o.finals?.states ?? []).filter((s) => s.holds).length > 0 ? 'yes' : 'no';
  return kinds(a) === kinds(b) && holds(a) === holds(b) && a.verdict === b.verdict;
}

/** Judge an explored ablation against the expectation, or the original outcome when there is none. */
export function assessAblation(p: Program, site: AblationSite, expected: readonly string[] | null, original: Outcome, outcome: Outcome): AblationResult {
  const judgement = judge(outcome, expected);
  const breaks = expected !== null ? judgement === 'unmet' : !sameResult(original, outcome) && outcome.verdict !== 'inconclusive';
  return { site, program: ablate(p, site), outcome, judgement, breaks };
}

/** Explore and judge one ablation. */
export function checkAblation(p: Program, site: AblationSite, expected: readonly string[] | null, original: Outcome, explorer: Explorer, b: Budget): AblationResult {
  return assessAblation(p, site, expected, original, explorer.explore(ablate(p, site), b));
}
