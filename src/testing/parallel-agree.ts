// Test and script support: the parallel search (explore/parallel/, participants taking turns on
// this thread) against the full sequential search on one program, for `npm run soundness`'s
// parallel configurations (parallel.test.ts checks the same on fewer programs). The parallel
// search must stop at a violation exactly when the full search finds one, with and without the
// reduction, and without it store the same states and take the same transitions.
import type { Outcome } from '../explore/explorer.js';
import { sequentialBecause } from '../explore/parallel/gate.js';
import { searchInTurns } from '../explore/parallel/shared-search.js';
import { Stop } from '../explore/parallel/work-queue.js';
import type { Program } from '../machine/program.js';
import { testBudget } from './inline.js';

/** What differs (one line), or null when they agree or the parallel search would not take `p`. */
export function parallelDiffers(p: Program, full: Outcome, slice: number, maxStates?: number): string | null {
  const b = testBudget(maxStates);
  const failing = full.findings.length > 0;
  for (const reduction of [false, true]) {
    const o = { reduction, symmetry: reduction, threads: 3 };
    if (sequentialBecause(p, b, o) !== null) return null;
    const raw = searchInTurns(p, testBudget(maxStates), o, slice).raw;
    if ((raw.stop === Stop.VIOLATION) !== failing) return `reduction ${reduction}: parallel stop ${raw.stop}, full search found [${full.findings.map((f) => f.violation.kind).join(',')}]`;
    if (failing || reduction) continue;
    if (!raw.complete || raw.states !== full.stats.states || raw.transitions !== full.stats.transitions) {
      return `parallel ${raw.states} states, ${raw.transitions} transitions; full ${full.stats.states}, ${full.stats.transitions}`;
    }
  }
  return null;
}
