// Breadth-first search over the same state graph as machine-search.ts, so the first trace found for
// each violation kind is a shortest one (in steps; ties go to the canonical move order). Used by
// `check --shortest` and as the yardstick for the random explorer's shrinking. Costs a parent
// link per stored state. Pure: clock and budget come in.
import { InternalError } from '../common/assert-never.js';
import { runBound } from '../machine/run-bound.js';
import { blockedContexts, enabledMoves, storeBufferLimited } from '../machine/enabled.js';
import { machineExplorer } from './machine-search.js';
import { layoutOf } from '../machine/layout.js';
import { checksDataRaces, racyState } from '../machine/race.js';
import type { Move } from '../machine/moves.js';
import type { Program } from '../machine/program.js';
import { initialState } from '../machine/start.js';
import { allFinished, type State } from '../machine/state.js';
import { step } from '../machine/step.js';
import type { Violation, ViolationKind } from '../machine/violation.js';
import { verdictOf, type Bound, type Budget, type Explorer, type Finding, type Outcome } from './explorer.js';
import { FinalCollector } from './finals.js';
import { stateKey } from './state-key.js';

interface Node {
  readonly state: State;
  /** Index of the parent node in `nodes`, -1 for the initial state. */
  readonly parent: number;
  readonly move: Move | null;
  readonly depth: number;
}

function traceTo(nodes: readonly Node[], i: number, last?: Move): Move[] {
  const out: Move[] = last ? [last] : [];
  for (let n = nodes[i]!; n.move !== null; n = nodes[n.parent]!) out.push(n.move);
  return out.reverse();
}

export const shortest: Explorer = {
  mode: 'exhaustive',
  explore(p: Program, b: Budget): Outcome {
    // No move traces under the LKMM: its exact search answers (cli/search/request.ts chooses it,
    // so that this module loads none of the LKMM's), and --shortest never says less.
    if (p.memoryModel === 'lkmm') throw new InternalError('an LKMM program is searched by lkmm/lkmm-explorer.ts, not breadth-first');
    const t0 = b.now();
    const l = layoutOf(p);
    const visited = new Set<string>();
    const nodes: Node[] = [];
    const findings: Finding[] = [];
    const seen = new Set<ViolationKind>();
    const finals = p.final ? new FinalCollector(p) : undefined;
    let transitions = 0;
    let maxDepth = 0;
    let runs = 0;
    let bound: Bound | undefined;
    let bufferLimited = false;
    const tso = p.memoryModel === 'tso';
    const races = checksDataRaces(p);
    const record = (violation: Violation, trace: Move[]): void => {
      if (seen.has(violation.kind)) return;
      seen.add(violation.kind);
      findings.push({ violation, trace, mode: 'exhaustive' });
    };
    const s0 = initialState(p);
    // As in exhaustive.ts: at most maxStates stored; the search stops only when it needs one more.
    if (b.maxStates >= 1) {
      visited.add(stateKey(s0));
      nodes.push({ state: s0, parent: -1, move: null, depth: 0 });
    } else bound = 'max-states';
    search: for (let head = 0; head < nodes.length; head++) {
      const n = nodes[head]!;
      if (tso && !bufferLimited) bufferLimited = storeBufferLimited(p, n.state);
      const moves = enabledMoves(p, n.state);
      // A data race is a state (machine/race.ts): the first one met is one of the fewest steps.
      if (races && !seen.has('data-race')) {
        const r = racyState(p, n.state, moves);
        if (r) {
          record(r.violation, [...traceTo(nodes, head), ...r.moves]);
          if (b.first) { bound = 'first'; break; }
        }
      }
      if (moves.length === 0) {
        if (allFinished(p, l, n.state)) { runs++; finals?.add(n.state, traceTo(nodes, head)); }
        else record({ kind: 'deadlock', blocked: blockedContexts(p, n.state) }, traceTo(nodes, head));
        continue;
      }
      // Past the bound the search goes on (the state space is finite): faults beyond it still count.
      if (n.depth >= p.maxSteps) record({ kind: 'livelock', at: null, bound: p.maxSteps }, traceTo(nodes, head).slice(0, p.maxSteps));
      for (const m of moves) {
        transitions++;
        const r = step(p, n.state, m);
        if (r.kind === 'violation') {
          record(r.violation, traceTo(nodes, head, m));
          if (b.first) { bound = 'first'; break search; }
          continue;
        }
        const key = stateKey(r.state);
        if (visited.has(key)) continue;
        if (visited.size >= b.maxStates) { bound = 'max-states'; break search; }
        visited.add(key);
        nodes.push({ state: r.state, parent: head, move: m, depth: n.depth + 1 });
        if (n.depth + 1 > maxDepth) maxDepth = n.depth + 1;
      }
      if ((head & 1023) === 0) {
        if (b.deadlineMs !== undefined && b.now() >= b.deadlineMs) { bound = 'deadline'; break; }
        if (b.cancelled?.()) { bound = 'cancelled'; break; }
      }
    }
    if (bound === undefined && bufferLimited) bound = 'store-buffer';
    // Breadth-first search meets each state at its shortest distance, so a run past max_steps
    // through a state also reached by a shorter path goes unseen: when a run could be that long at
    // all, the depth-first search, which keeps the longest run from each state, looks for one.
    // (machine/run-bound.ts counts every task, switch and callback run; null: no bound is known).
    const maxRun = runBound(p);
    if (bound === undefined && !seen.has('livelock') && (maxRun === null || maxRun > p.maxSteps)) {
      const deep = machineExplorer({ reduction: true }).explore(p, { ...b, first: false });
      const live = deep.findings.find((f) => f.violation.kind === 'livelock');
      if (live) record(live.violation, [...live.trace]);
      if (deep.bound) bound = deep.bound;
      transitions += deep.stats.transitions;
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
