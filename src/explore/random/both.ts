// `--mode both`, the default: the exact search first, within a small state budget, since most
// cells are settled by it in milliseconds; only where that budget runs out, a random budget (cheap,
// short counterexamples in a space too big to settle quickly), then the exhaustive search with the
// user's whole budget for the verdict. The quick budget counts states, not time, so which path a
// cell takes is the same on every machine and the output stays deterministic.
// Findings keep the mode that found them: random ones first, then the kinds only the exhaustive
// search found. Exhaustive findings are shrunk as random ones are (minimize.ts), because depth-first
// search reaches a violation by whatever path it tried first. The verdict, bound and final states
// are always the exhaustive search's, so random search never decides `safe`. Pure.
import { verdictOf, type Budget, type Explorer, type Finding, type Outcome } from '../explorer.js';
import { minimizeTrace } from './minimize.js';
import { randomSearch, type RandomOptions } from './random-explorer.js';

/** Distinct states the exact search may store before `both` turns to random search first. */
export const QUICK_STATES = 20_000;

export interface BothOptions {
  readonly random: RandomOptions;
  readonly exact: Explorer;
  /** Shrink exhaustive findings (off under --shortest: breadth-first traces are already shortest). */
  readonly shrink: boolean;
  /** The quick budget (default QUICK_STATES); tests make it small. */
  readonly quickStates?: number;
}

export function exactFirst(o: BothOptions): Explorer {
  const shrunk = (f: Finding, p: Parameters<Explorer['explore']>[0]): Finding => {
    if (!o.shrink) return f;
    const m = minimizeTrace(p, f.trace, f.violation.kind);
    return m ? { ...f, trace: m.trace, violation: m.violation } : f;
  };
  return {
    mode: 'exhaustive',
    explore(p, b: Budget): Outcome {
      const quick = Math.min(b.maxStates, o.quickStates ?? QUICK_STATES);
      const first = o.exact.explore(p, { ...b, maxStates: quick });
      // Settled, or stopped by the user or the clock: nothing more to do. Every other bound
      // (states, memory, preemptions, store buffers) leaves runs unexplored, which random search
      // may still reach. A program the exact search refuses ('unsupported': a construct the LKMM
      // does not define) is refused whole: random runs of the machine are no runs of that model.
      if (first.bound === undefined || first.bound === 'cancelled' || first.bound === 'deadline' || first.bound === 'unsupported' || (b.first && first.findings.length > 0)) {
        return { ...first, findings: first.findings.map((f) => shrunk(f, p)) };
      }
      const r = randomSearch(p, b, o.random).outcome;
      const stopped = r.bound === 'cancelled' || r.bound === 'deadline' ? r.bound : undefined;
      // The quick budget ran out before the user's: search again with the whole budget (unless
      // the user stopped the run, or asked for the first violation and random search found one).
      const again = first.bound === 'max-states' && quick < b.maxStates && stopped === undefined && !(b.first && r.findings.length > 0);
      const e = again ? o.exact.explore(p, b) : first;
      const bound = again ? e.bound : stopped ?? first.bound;
      const kinds = new Set(r.findings.map((f) => f.violation.kind));
      const findings = [...r.findings, ...e.findings.filter((f) => !kinds.has(f.violation.kind)).map((f) => shrunk(f, p))];
      return {
        verdict: verdictOf(findings, bound),
        findings,
        ...(bound ? { bound } : {}),
        ...(e.finals ? { finals: e.finals } : {}),
        stats: { ...e.stats, ms: (again ? first.stats.ms : 0) + r.stats.ms + e.stats.ms, randomRuns: r.stats.runs, ...(again ? { quickStates: quick } : {}) },
      };
    },
  };
}
