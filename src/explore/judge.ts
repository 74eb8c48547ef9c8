// Compares an outcome with a declared expectation. Pure.
// An expectation is the exact set of violation kinds (empty: safe). A bounded search can confirm
// that expected violations exist, or refute an expectation by finding an unexpected kind; it can
// never confirm `safe`, nor that nothing else exists: that is `inconclusive`.
import type { Outcome } from './explorer.js';

export type Judgement = 'met' | 'unmet' | 'inconclusive';

export function judge(o: Outcome, expected: readonly string[] | null): Judgement {
  const want = [...(expected ?? [])].sort();
  const found = [...new Set(o.findings.map((f) => f.violation.kind))].sort();
  const same = want.length === found.length && want.every((k, i) => k === found[i]);
  if (o.bound === undefined) return same ? 'met' : 'unmet';
  if (found.some((k) => !want.includes(k))) return 'unmet';
  return same && want.length > 0 ? 'met' : 'inconclusive';
}
