// Depth-first search over every interleaving and every interrupt firing, with visited-state
// hashing so equal states are expanded once (the classic explicit-state search of Spin,
// Holzmann, "The Model Checker SPIN", IEEE TSE 1997). Pure: clock and budget come in.
import { blockedContexts, enabledMoves } from '../machine/enabled.js';
import { layoutOf } from '../machine/layout.js';
import type { Move } from '../machine/moves.js';
import type { Program } from '../machine/program.js';
import { allFinished, type State } from '../machine/state.js';
import { initialState } from '../machine/start.js';
import { step } from '../machine/step.js';
import type { ViolationKind } from '../machine/violation.js';
import { verdictOf, type Bound, type Budget, type Explorer, type Finding, type Outcome } from './explorer.js';
import { FinalCollector } from './finals.js';
import { stateKey } from './state-key.js';

interface Frame {
  readonly state: State;
  readonly moves: readonly Move[];
  next: number;
}

export const exhaustive: Explorer = {
  mode: 'exhaustive',
  explore(p: Program, b: Budget): Outcome {
    const t0 = b.now();
    const visited = new Set<string>();
    const findings: Finding[] = [];
    const seen = new Set<ViolationKind>();
    let transitions = 0;
    let maxDepth = 0;
    let runs = 0;
    let bound: Bound | undefined;
    const stack: Frame[] = [];
    const finals = p.final ? new FinalCollector(p) : undefined;
    const path: Move[] = [];

    const record = (f: Finding): void => {
      if (seen.has(f.violation.kind)) return;
      seen.add(f.violation.kind);
      findings.push(f);
    };
    /** Store a new state and push it for expansion; false when there is nothing to expand. */
    const visit = (s: State): boolean => {
      const key = stateKey(s);
      if (visited.has(key)) return false;
      visited.add(key);
      const moves = enabledMoves(p, s);
      if (moves.length === 0) {
        if (allFinished(p, layoutOf(p), s)) {
          runs++;
          finals?.add(s, path);
        }
        else record({ violation: { kind: 'deadlock', blocked: blockedContexts(p, s) }, trace: [...path], mode: 'exhaustive' });
        return false;
      }
      if (path.length >= p.maxSteps) {
        record({ violation: { kind: 'livelock', at: null, bound: p.maxSteps }, trace: [...path], mode: 'exhaustive' });
        return false;
      }
      stack.push({ state: s, moves, next: 0 });
      return true;
    };

    visit(initialState(p));
    search: while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next >= top.moves.length) {
        stack.pop();
        path.pop();
        continue;
      }
      const move = top.moves[top.next++]!;
      transitions++;
      const r = step(p, top.state, move);
      if (r.kind === 'violation') {
        record({ violation: r.violation, trace: [...path, move], mode: 'exhaustive' });
        if (b.first) break search;
        continue;
      }
      path.push(move);
      if (!visit(r.state)) {
        path.pop();
        continue;
      }
      if (path.length > maxDepth) maxDepth = path.length;
      if (b.first && findings.length > 0) break;
      if (visited.size >= b.maxStates) { bound = 'max-states'; break; }
      if ((visited.size & 1023) === 0) {
        if (b.deadlineMs !== undefined && b.now() >= b.deadlineMs) { bound = 'deadline'; break; }
        if (b.cancelled?.()) { bound = 'cancelled'; break; }
      }
    }
    return {
      verdict: verdictOf(findings, bound),
      findings,
      ...(bound ? { bound } : {}),
      ...(finals ? { finals: finals.result() } : {}),
      stats: { mode: 'exhaustive', states: visited.size, transitions, ms: b.now() - t0, maxDepth, runs },
    };
  },
};
