// Test and script support: a program searched with or without the partial-order reduction, with
// what the two searches must agree on (the verdict, the violation kinds, the final states), for
// the soundness property (src/explore/reduce/persistent.test.ts) and `npm run soundness`.
import { exhaustiveExplorer } from '../explore/exhaustive.js';
import type { Outcome } from '../explore/explorer.js';
import { stateKey } from '../explore/state-key.js';
import { symmetryOf } from '../explore/symmetry.js';
import { orbitKey } from './arb-symmetric.js';
import type { Program } from '../machine/program.js';
import { testBudget } from './inline.js';

export interface Searched {
  readonly o: Outcome;
  /** The violation kinds found, sorted. */
  readonly kinds: string[];
  /** The final states stored, as keys, sorted. */
  readonly finals: string[];
}

/**
 * `maxStates`: the search's bound (a quick test skips the programs whose full search meets it).
 * `symmetry`: search with symmetry; `orbits`: compare final states by orbit keys without it.
 */
export function searchWith(p: Program, reduction: boolean, o: { readonly symmetry?: boolean; readonly orbits?: boolean; readonly maxStates?: number } = {}): Searched {
  // With symmetry the search stores one final state per orbit: compare such searches by orbit
  // keys (the same on both sides, so `orbits` without `symmetry` for the search to compare with).
  const sym = o.symmetry || o.orbits ? symmetryOf(p) : null;
  const finals = new Set<string>();
  const out = exhaustiveExplorer({ reduction, ...(o.symmetry ? { symmetry: true } : {}), onFinal: (s) => finals.add(sym ? orbitKey(sym, s) : stateKey(s)) }).explore(p, testBudget(o.maxStates));
  return { o: out, kinds: out.findings.map((f) => f.violation.kind).sort(), finals: [...finals].sort() };
}
