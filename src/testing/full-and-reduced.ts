// Test and script support: a program searched with or without the partial-order reduction, with
// what the two searches must agree on (the verdict, the violation kinds, the final states), for
// the soundness property (src/explore/reduce/persistent.test.ts) and `npm run soundness`.
import { exhaustiveExplorer } from '../explore/exhaustive.js';
import type { Outcome } from '../explore/explorer.js';
import { stateKey } from '../explore/state-key.js';
import type { Program } from '../machine/program.js';
import { testBudget } from './inline.js';

export interface Searched {
  readonly o: Outcome;
  /** The violation kinds found, sorted. */
  readonly kinds: string[];
  /** The final states stored, as keys, sorted. */
  readonly finals: string[];
}

/** `maxStates`: the search's bound (a quick test skips the programs whose full search meets it). */
export function searchWith(p: Program, reduction: boolean, maxStates?: number): Searched {
  const finals: string[] = [];
  const o = exhaustiveExplorer({ reduction, onFinal: (s) => finals.push(stateKey(s)) }).explore(p, testBudget(maxStates));
  return { o, kinds: o.findings.map((f) => f.violation.kind).sort(), finals: finals.sort() };
}
