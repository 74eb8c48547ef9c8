// `--mode both`, the default: the exact search first, within a small state budget, since most
// cells are settled by it in milliseconds; only where that budget runs out, a random budget (cheap,
// short counterexamples in a space too big to settle quickly), then the exhaustive search with the
// user's whole budget for the verdict. The quick budget counts states, not time, so which path a
// cell takes is the same on every machine and the output stays deterministic.
// Findings keep the mode that found them: random ones first, then the kinds only the exhaustive
// search found. Exhaustive findings are shrunk as random ones are (minimize.ts), because depth-first
// search reaches a violation by whatever path it tried first. The verdict, bound and final states
// are always the exhaustive search's, so random search never decides `safe`. Pure.
import type { Program } from '../../machine/program.js';
import { verdictOf, type Budget, type Explorer, type Finding, type Outcome } from '../explorer.js';
import { minimizeTrace } from './minimize.js';
import type { RandomOptions } from './random-explorer.js';

/** Distinct states the exact search may store before `both` turns to random search first. */
export const QUICK_STATES = 20_000;

/** random-explorer.ts's randomSearch, passed in: it loads fast-check, which most cells never need. */
export type RandomSearch = (p: Program, b: Budget, o: RandomOptions) => { readonly outcome: Outcome };

export interface BothOptions {
  readonly random: RandomOptions;
  readonly exact: Explorer;
  /** Shrink exhaustive findings (off under --shortest: breadth-first traces are already shortest). */
  readonly shrink: boolean;
  /** The quick budget (default QUICK_STATES); tests make it small. */
  readonly quickStates?: number;
}

/**
 * The quick exact search: its outcome when it settles the cell, or the rest of the run, which
 * needs random search (cli/search/request.ts loads it only then: issue 22, start-up).
 */
export type QuickStart = { readonly settled: Outcome } | { readonly rest: (randomSearch: RandomSearch) => Outcome };

export function exactFirstStart(o: BothOptions, p: Program, b: Budget): QuickStart {
  const shrunk = (f: Finding): Finding => {
    if (!o.shrink) return f;
    const m = minimizeTrace(p, f.trace, f.violation.kind);
    return m ? { ...f, trace: m.trace, violation: m.violation } : f;
  };
  const quick = Math.min(b.maxStates, o.quickStates ?? QUICK_STATES);
  const first = o.exact.explore(p, { ...b, maxStates: quick });
  // Settled, or stopped by the user or the clock: nothing more to do. Every other bound
  // (states, memory, preemptions, store buffers) leaves runs unexplored, which random search
  // may still reach. A program the exact search refuses ('unsupported': a construct the LKMM
  // does not define) is refused whole: random runs of the machine are no runs of that model.
  if (first.bound === undefined || first.bound === 'cancelled' || first.bound === 'deadline' || first.bound === 'unsupported' || (b.first && first.findings.length > 0)) {
    return { settled: { ...first, findings: first.findings.map(shrunk) } };
  }
  return {
    rest: (randomSearch) => {
      const r = randomSearch(p, b, o.random).outcome;
      const stopped = r.bound === 'cancelled' || r.bound === 'deadline' ? r.bound : undefined;
      // The quick budget ran out before the user's: search again with the whole budget (unless
      // the user stopped the run, or asked for the first violation and random search found one).
      const again = first.bound === 'max-states' && quick < b.maxStates && stopped === undefined && !(b.first && r.findings.length > 0);
      const e = again ? o.exact.explore(p, b) : first;
      const bound = again ? e.bound : stopped ?? first.bound;
      const kinds = new Set(r.findings.map((f) => f.violation.kind));
      const findings = [...r.findings, ...e.findings.filter((f) => !kinds.has(f.violation.kind)).map(shrunk)];
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

/** The whole of `both` on the calling thread, random search given (tests and benchmarks). */
export function exactFirst(o: BothOptions & { readonly randomSearch: RandomSearch }): Explorer {
  return {
    mode: 'exhaustive',
    explore(p, b) {
      const s = exactFirstStart(o, p, b);
      return 'settled' in s ? s.settled : s.rest(o.randomSearch);
    },
  };
}
