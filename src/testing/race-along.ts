// Test support: whether a data-race finding's trace is a real run to a racy state (machine/race.ts):
// the trace ends with the racing steps that could be taken (0 to 2), so the race stands in one of
// its last three states, on the finding's location.
import type { Move } from '../machine/moves.js';
import type { Program } from '../machine/program.js';
import { racyState } from '../machine/race.js';
import { initialState } from '../machine/start.js';
import { step } from '../machine/step.js';

export function racedAlong(p: Program, trace: readonly Move[], loc: number): boolean {
  let s = initialState(p);
  for (let i = 0; ; i++) {
    if (i >= trace.length - 2 && racyState(p, s)?.violation.loc === loc) return true;
    if (i === trace.length) return false;
    const r = step(p, s, trace[i]!);
    if (r.kind === 'violation') return false;
    s = r.state;
  }
}
