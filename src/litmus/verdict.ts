// The litmus-specific judgement. herd7's `Result:` under the Linux kernel memory model holds one
// way only here: LKMM is weaker than x86-TSO, which is weaker than SC (Alglave et al., "Frightening
// small children and disconcerting grown-ups", ASPLOS 2018; Sewell et al., "x86-TSO", CACM 2010):
// every SC or TSO execution is an LKMM execution. So what LKMM forbids (Never) must be Never under
// SC and TSO, and what holds in every LKMM execution (Always) holds in every SC and TSO one, while
// what LKMM merely allows (Sometimes) may come out either way. An expectation from the `(*raceway`
// block is exact. Pure.
import { assertNever } from '../common/assert-never.js';
import type { FinalExpr } from '../machine/program.js';
import { evalOnValues } from './values.js';

export type ResultWord = 'Never' | 'Sometimes' | 'Always' | 'DEADLOCK';

export interface LitmusExpectation {
  /**
   * 'kernel': the header's Result (one-way); 'raceway': the extension's expect (exact); 'final':
   * neither is given, and the quantifier claims Never (`~exists`) or Always (`forall`), exact.
   */
  readonly source: 'kernel' | 'raceway' | 'final' | 'none';
  readonly word: ResultWord | null;
  /**
   * The Result line says DATARACE: the LKMM flags a data race in the test, and the kernel's
   * judgelitmus.sh fails the test when herd7 does not ("Predicted data race not modeled"), and
   * also when it flags one the line does not predict.
   */
  readonly dataRace?: boolean;
}

/** The expectation as a verdict line says it: `kernel model: Never`, `expected Sometimes`. */
export function expectationText(e: LitmusExpectation): string {
  switch (e.source) {
    case 'kernel': return `kernel model: ${e.word}`;
    case 'raceway': return `expected ${e.word}`;
    case 'final': return `expected ${e.word}, as the quantifier claims`;
    case 'none': return 'no Result line';
    default: return assertNever(e.source);
  }
}

/** The parts of an exploration outcome this judgement reads (explore's Outcome has them). */
export interface LitmusRun {
  readonly bound?: string;
  readonly findings: readonly { readonly violation: { readonly kind: string } }[];
  readonly finals?: { readonly states: readonly { readonly values: readonly number[]; readonly holds: boolean; readonly count?: number }[] };
}

export type Observation = 'Never' | 'Sometimes' | 'Always';

export interface LitmusVerdict {
  readonly judgement: 'met' | 'unmet' | 'inconclusive';
  /** herd7's word for the condition over the final states kept by the filter; null: none kept. */
  readonly observation: Observation | null;
  /** Final states (distinct machine states, see FinalState.count) kept by the filter where the condition holds, and where not. */
  readonly positive: number;
  readonly negative: number;
  /** herd7's Ok/No: the quantified condition is validated. */
  readonly validated: boolean;
  /** Index into finals.states -> kept by the filter. */
  readonly kept: readonly boolean[];
  /** One line saying why, for the report. */
  readonly why: string;
  /**
   * For an unmet judgement: the kind of kept final state that refutes the expectation, whose run
   * the report shows ('satisfying' the condition, 'failing' it, or any 'kept' by the filter);
   * null when no final state does (a violation, or a condition never reached).
   */
  readonly refutedBy: 'satisfying' | 'failing' | 'kept' | null;
}

/** The final-state condition a run to a refuting state ends in: the filter's, then the kind's. */
export function refutingCondition(cond: FinalExpr, filter: FinalExpr | null, by: 'satisfying' | 'failing' | 'kept'): FinalExpr {
  const own: FinalExpr | null = by === 'satisfying' ? cond : by === 'failing' ? { kind: 'un', op: '!', a: cond } : null;
  if (filter === null) return own ?? { kind: 'const', v: 1 };
  return own === null ? filter : { kind: 'bin', op: '&&', a: filter, b: own };
}

/**
 * `exact`: the run explored the model the kernel's Result speaks of (the LKMM), so a kernel
 * Result is judged exactly, as a `(*raceway` expect is, not one way.
 */
export function judgeLitmus(run: LitmusRun, quantifier: 'exists' | 'never' | 'forall', filter: FinalExpr | null, observe: readonly { expr: FinalExpr }[], expectation: LitmusExpectation, exact = false): LitmusVerdict {
  const e: LitmusExpectation = exact && expectation.source === 'kernel' && expectation.word !== 'DEADLOCK' ? { source: 'raceway', word: expectation.word } : expectation;
  const states = run.finals?.states ?? [];
  const kept = states.map((s) => filter === null || evalOnValues(filter, observe, s.values) !== 0);
  let positive = 0;
  let negative = 0;
  states.forEach((s, i) => {
    if (!kept[i]) return;
    if (s.holds) positive += s.count ?? 1;
    else negative += s.count ?? 1;
  });
  const observation: Observation | null = positive + negative === 0 ? null : positive === 0 ? 'Never' : negative === 0 ? 'Always' : 'Sometimes';
  const validated = quantifier === 'exists' ? positive > 0 : quantifier === 'never' ? positive === 0 : negative === 0;
  const complete = run.bound === undefined;
  const raced = run.findings.some((f) => f.violation.kind === 'data-race');
  // A predicted data race is the test's expectation, not a violation (judgelitmus.sh).
  const kinds = [...new Set(run.findings.map((f) => f.violation.kind))].filter((k) => !(k === 'data-race' && expectation.dataRace === true));
  const base = { observation, positive, negative, validated, kept, refutedBy: null };
  const refuted = (by: 'satisfying' | 'failing' | 'kept', why: string): LitmusVerdict => ({ ...base, judgement: 'unmet', why, refutedBy: by });
  const seen = observation ?? 'no final state';
  if (e.word === 'DEADLOCK') {
    // herd7 says DEADLOCK when the only executions it finds for the filter need a lock
    // acquisition that never completes. Here locks exclude each other, so either a run
    // deadlocks, or no complete run passes the filter: both say the outcome needs a deadlock.
    if (kinds.includes('deadlock')) return { ...base, judgement: 'met', why: 'a run deadlocks, as herd7 reports' };
    if (!complete) return { ...base, judgement: 'inconclusive', why: `search stopped (${run.bound})` };
    if (kinds.length > 0) return { ...base, judgement: 'unmet', why: `unexpected ${kinds.join(', ')}` };
    return positive + negative === 0
      ? { ...base, judgement: 'met', why: 'no complete run passes the filter: the outcome needs a lock acquisition that never completes' }
      : refuted('kept', `complete runs pass the filter (${seen}); herd7 reports DEADLOCK`);
  }
  if (kinds.length > 0) return { ...base, judgement: 'unmet', why: `a run ends in ${kinds.join(', ')}, which ${kinds.includes('data-race') ? 'the Result line does not predict (no DATARACE)' : 'a litmus test does not expect'}` };
  // Only the LKMM run (exact) looks for data races the way herd7 does.
  if (exact && expectation.dataRace === true && !raced && complete) return { ...base, judgement: 'unmet', why: 'the Result line predicts a data race (DATARACE), and the LKMM finds none' };
  if (e.word === null) return { ...base, judgement: complete ? 'met' : 'inconclusive', why: complete ? 'no Result line to compare with' : `search stopped (${run.bound})` };
  const someHold = positive > 0;
  const someFail = negative > 0;
  if (e.source === 'kernel') {
    if (e.word === 'Never') {
      if (someHold) return refuted('satisfying', 'the kernel model forbids this outcome, and it was reached');
      return complete ? { ...base, judgement: 'met', why: 'forbidden by the kernel model, and unreachable here' } : { ...base, judgement: 'inconclusive', why: `search stopped (${run.bound})` };
    }
    if (e.word === 'Always') {
      // Fewer executions than LKMM's, each of them an LKMM execution: all must still satisfy it.
      if (someFail) return refuted('failing', 'the kernel model says every execution satisfies the condition; a final state here does not');
      if (!complete) return { ...base, judgement: 'inconclusive', why: `search stopped (${run.bound})` };
      return someHold ? { ...base, judgement: 'met', why: 'every execution satisfies it under the kernel model, and every final state does here' } : { ...base, judgement: 'unmet', why: 'no final state' };
    }
    // Sometimes under LKMM: this stronger machine may or may not reach it.
    if (someHold || complete) return { ...base, judgement: 'met', why: `allowed by the kernel model; ${someHold ? 'reached here' : 'not reached under this stronger model'}` };
    return { ...base, judgement: 'inconclusive', why: `search stopped (${run.bound})` };
  }
  switch (e.word) {
    case 'Never': return someHold ? refuted('satisfying', 'the condition was reached') : complete ? { ...base, judgement: 'met', why: 'the condition is unreachable' } : { ...base, judgement: 'inconclusive', why: `search stopped (${run.bound})` };
    case 'Sometimes': return someHold ? { ...base, judgement: 'met', why: 'the condition was reached' } : complete ? { ...base, judgement: 'unmet', why: 'the condition is unreachable' } : { ...base, judgement: 'inconclusive', why: `search stopped (${run.bound})` };
    case 'Always': return someFail ? refuted('failing', 'a final state fails the condition') : complete && someHold ? { ...base, judgement: 'met', why: 'every final state satisfies the condition' } : complete ? { ...base, judgement: 'unmet', why: 'no final state' } : { ...base, judgement: 'inconclusive', why: `search stopped (${run.bound})` };
  }
}
