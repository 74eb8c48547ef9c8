// Executes one run of a program under a chooser: from the initial state until a violation, a
// deadlock (nothing enabled, not all finished), the end of every context, or p.maxSteps (livelock).
// Pure.
import { enabledMoves, stuck } from '../../machine/enabled.js';
import { layoutOf } from '../../machine/layout.js';
import { checksDataRaces, racyState } from '../../machine/race.js';
import type { Move } from '../../machine/moves.js';
import type { Program } from '../../machine/program.js';
import { initialState } from '../../machine/start.js';
import { allFinished, type State } from '../../machine/state.js';
import { step } from '../../machine/step.js';
import type { Violation } from '../../machine/violation.js';
import type { Chooser } from './scheduler.js';

export type RunEnd =
  | { readonly kind: 'violation'; readonly violation: Violation }
  | { readonly kind: 'finished'; readonly state: State };

export interface RunResult {
  readonly trace: readonly Move[];
  readonly end: RunEnd;
  /**
   * The first data race the run passed (machine/race.ts): the moves to it and the racing steps.
   * A race is a state, not an end: the run goes on past it.
   */
  readonly race?: { readonly trace: readonly Move[]; readonly violation: Violation };
}

export function runOnce(p: Program, chooser: Chooser): RunResult {
  const l = layoutOf(p);
  let s = initialState(p);
  const trace: Move[] = [];
  const races = checksDataRaces(p);
  let race: RunResult['race'];
  const done = (end: RunEnd): RunResult => (race ? { trace, end, race } : { trace, end });
  for (;;) {
    const moves = enabledMoves(p, s);
    if (races && !race) {
      const r = racyState(p, s, moves);
      if (r) race = { trace: [...trace, ...r.moves], violation: r.violation };
    }
    if (moves.length === 0) {
      if (allFinished(p, l, s)) return done({ kind: 'finished', state: s });
      return done({ kind: 'violation', violation: stuck(p, s) });
    }
    // The exhaustive explorer's rule: a run that reaches maxSteps with moves left is a livelock.
    if (trace.length >= p.maxSteps) return done({ kind: 'violation', violation: { kind: 'livelock', at: null, bound: p.maxSteps } });
    const i = chooser.next(s, moves, trace.length);
    const move = moves[i] ?? moves[0]!;
    trace.push(move);
    const r = step(p, s, move);
    if (r.kind === 'violation') return done({ kind: 'violation', violation: r.violation });
    s = r.state;
  }
}

/** A chooser that always takes the first enabled move: used to estimate a run's length. */
export const firstMove: Chooser = { next: () => 0 };
