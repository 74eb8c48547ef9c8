// Compares an outcome with a declared expectation. Pure.
//
// An expectation is a set of words: violation kinds (the exact set expected; none means safe) and,
// for programs with a final-state condition, at most one observation word (`sometimes`: some
// final state satisfies it; `never`: none does; `always`: every one does, herd7's wording).
// A bounded search can confirm that something exists (a violation, a satisfying final state) or
// refute an expectation by finding what it excludes; it can never confirm absence: that is
// `inconclusive`.
import type { Outcome } from './explorer.js';

export type Judgement = 'met' | 'unmet' | 'inconclusive';
export type Observation = 'sometimes' | 'never' | 'always';
export const OBSERVATIONS: readonly Observation[] = ['sometimes', 'never', 'always'];

/** What the final states say of the condition, or null without one (or with no final state). */
export function observation(o: Outcome): Observation | null {
  if (!o.finals || o.finals.states.length === 0) return null;
  const holding = o.finals.states.filter((s) => s.holds).length;
  return holding === 0 ? 'never' : holding === o.finals.states.length ? 'always' : 'sometimes';
}

/**
 * Whether the search covered every run: no bound stopped it, and no run ran out of a pool's objects
 * (pool-exhausted says the scenario's bound was too small, not that the code is wrong: the runs
 * past it were not explored, as past any other bound).
 */
function complete(o: Outcome): boolean {
  return o.bound === undefined && !o.findings.some((f) => f.violation.kind === 'pool-exhausted');
}

function judgeKinds(o: Outcome, want: readonly string[]): Judgement {
  const found = [...new Set(o.findings.map((f) => f.violation.kind))].filter((k) => k !== 'pool-exhausted').sort();
  const same = want.length === found.length && want.every((k, i) => k === found[i]);
  if (complete(o)) return same ? 'met' : 'unmet';
  if (found.some((k) => !want.includes(k))) return 'unmet';
  return same && want.length > 0 ? 'met' : 'inconclusive';
}

function judgeObservation(o: Outcome, want: Observation): Judgement {
  const seen = observation(o);
  const whole = complete(o);
  const someHold = (o.finals?.states ?? []).some((s) => s.holds);
  const someFail = (o.finals?.states ?? []).some((s) => !s.holds);
  switch (want) {
    case 'sometimes': return someHold ? 'met' : whole ? 'unmet' : 'inconclusive';
    case 'never': return someHold ? 'unmet' : whole && seen !== null ? 'met' : whole ? 'unmet' : 'inconclusive';
    case 'always': return someFail ? 'unmet' : whole && seen !== null ? 'met' : whole ? 'unmet' : 'inconclusive';
  }
}

export function judge(o: Outcome, expected: readonly string[] | null): Judgement {
  const words = [...(expected ?? [])];
  const obs = words.filter((w): w is Observation => (OBSERVATIONS as readonly string[]).includes(w));
  const kinds = words.filter((w) => !(OBSERVATIONS as readonly string[]).includes(w)).sort();
  const parts: Judgement[] = [judgeKinds(o, kinds), ...obs.map((w) => judgeObservation(o, w))];
  if (parts.includes('unmet')) return 'unmet';
  if (parts.includes('inconclusive')) return 'inconclusive';
  return 'met';
}
