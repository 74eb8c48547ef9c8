// `--mode both`: a random budget first (cheap, short counterexamples), then an exhaustive search
// for the verdict. Findings keep the mode that found them: random ones first, then the kinds only
// the exhaustive search found. The verdict, bound and final states are the exhaustive search's,
// so random search never decides `safe`. Pure.
import type { Budget, Explorer, Outcome } from '../explorer.js';
import { randomSearch, type RandomOptions } from './random-explorer.js';

export function randomThen(o: RandomOptions, exact: Explorer): Explorer {
  return {
    mode: 'exhaustive',
    explore(p, b: Budget): Outcome {
      const r = randomSearch(p, b, o).outcome;
      const e = exact.explore(p, b);
      const kinds = new Set(r.findings.map((f) => f.violation.kind));
      const findings = [...r.findings, ...e.findings.filter((f) => !kinds.has(f.violation.kind))];
      return {
        verdict: findings.length > 0 ? 'violation' : e.verdict,
        findings,
        ...(e.bound ? { bound: e.bound } : {}),
        ...(e.finals ? { finals: e.finals } : {}),
        stats: { ...e.stats, ms: r.stats.ms + e.stats.ms, runs: e.stats.runs },
      };
    },
  };
}
