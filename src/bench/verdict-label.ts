// A benchmark row's verdict in one word: the violation kinds in a fixed order (so the reduced and
// the full search compare equal when they find the same kinds in a different order), or
// `inconclusive (bound)`, or `safe`.
import type { Outcome } from '../explore/explorer.js';

export function verdictLabel(o: Outcome): string {
  if (o.verdict === 'violation') return o.findings.map((f) => f.violation.kind).sort().join('+');
  return o.verdict === 'inconclusive' ? `inconclusive (${o.bound})` : o.verdict;
}
