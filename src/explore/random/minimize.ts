// The last shrinking pass, after fast-check's: drop moves, then swap neighbouring moves, while the
// trace still ends in a violation of the same kind, keeping a candidate only when it is smaller in
// (steps, then switches between contexts). People read a trace by its switches, so the second key
// matters once the length cannot go down. Greedy, so a local minimum; the breadth-first explorer
// (shortest.ts) knows the true shortest length. Pure.
import { enabledMoves, stuck } from '../../machine/enabled.js';
import { layoutOf } from '../../machine/layout.js';
import { checksDataRaces, racyState } from '../../machine/race.js';
import { moveTable, sameMove, type Move } from '../../machine/moves.js';
import type { Program } from '../../machine/program.js';
import { initialState } from '../../machine/start.js';
import { allFinished, type State } from '../../machine/state.js';
import { step } from '../../machine/step.js';
import type { Violation, ViolationKind } from '../../machine/violation.js';
import { contextOfMove } from './entities.js';

export interface Judged {
  readonly trace: readonly Move[];
  readonly violation: Violation;
  readonly switches: number;
  /** Per move: the context instance it belongs to (a CPU's task, or one firing of a handler). */
  readonly instances: readonly number[];
}

/** Where a replay stands before one of its moves: all judgeTrace keeps from move to move. */
interface Point {
  readonly s: State;
  readonly switches: number;
  readonly last: number;
  /** current[contextIndex(cpu, level)]: the instance running there; tasks are instances 0 .. cpus-1. */
  readonly current: readonly number[];
  readonly fresh: number;
}

function startPoint(p: Program): Point {
  return { s: initialState(p), switches: 0, last: -1, current: Array.from({ length: p.cpus * 4 }, (_, i) => (i < p.cpus * 3 && i % 3 === 0 ? i / 3 : -1)), fresh: p.cpus };
}

/** What a replay leaves behind for later ones: the point before each move it ran, and its instances. */
interface Trail {
  readonly points: Point[];
  instances: readonly number[];
}

/**
 * judgeTrace from `from`, the point before move `at` of `moves` (whose first `at` instances are
 * `before`). With `trail`, the point before each move from `at` on is kept, and the instances.
 */
function judgeFrom(p: Program, moves: readonly Move[], kind: ViolationKind, from: Point, at: number, before: readonly number[], trail?: Trail): Judged | null {
  const l = layoutOf(p);
  let { s, switches, last, fresh } = from;
  const current = [...from.current];
  const instances = [...before];
  if (trail) trail.instances = instances;
  // A data race is a state the run passes (machine/race.ts): the trace ends at the first one,
  // with the racing steps that can be taken from it.
  const raced = (): Judged | null => {
    const r = racyState(p, s);
    // The racing steps are run moves of contexts already running: their instances are current.
    return r ? { trace: [...moves.slice(0, i), ...r.moves], violation: r.violation, switches, instances: [...instances, ...r.moves.map((m) => current[contextOfMove(p, s, m)]!)] } : null;
  };
  const races = kind === 'data-race' && checksDataRaces(p);
  let i = at;
  for (; i < moves.length; i++) {
    if (races) { const r = raced(); if (r) return r; }
    trail?.points.push({ s, switches, last, current: [...current], fresh });
    const enabled = enabledMoves(p, s);
    const m = moves[i]!;
    if (!enabled.some((e) => sameMove(e, m))) return null;
    if (i >= p.maxSteps) return kind === 'livelock' ? { trace: moves.slice(0, i), violation: { kind: 'livelock', at: null, bound: p.maxSteps }, switches, instances } : null;
    const ctx = contextOfMove(p, s, m);
    if (last >= 0 && ctx !== last) switches++;
    last = ctx;
    if (m.kind === 'irq' || m.kind === 'nmi' || m.kind === 'softirq') current[ctx] = fresh++;
    instances.push(current[ctx]!);
    const r = step(p, s, m);
    if (r.kind === 'violation') return r.violation.kind === kind ? { trace: moves.slice(0, i + 1), violation: r.violation, switches, instances } : null;
    s = r.state;
  }
  if (races) return raced();
  if ((kind === 'deadlock' || kind === 'lost-wakeup') && enabledMoves(p, s).length === 0 && !allFinished(p, l, s)) {
    const v = stuck(p, s);
    return v.kind === kind ? { trace: moves, violation: v, switches, instances } : null;
  }
  return null;
}

/**
 * Runs `moves` from the initial state. The result is the prefix that ends in a violation of `kind`
 * (the first violation met must be of that kind), or null when a move is not enabled or the run
 * ends otherwise.
 */
export function judgeTrace(p: Program, moves: readonly Move[], kind: ViolationKind): Judged | null {
  return judgeFrom(p, moves, kind, startPoint(p), 0, []);
}

/**
 * judgeTrace for candidates made from `base`: each is run from the point where it parts from
 * base, not from the initial state. The moves before that point are base's, which base's own
 * replay passed without ending (it ended at that point or later, or never), so the candidate's
 * replay would pass them the same way: the result is judgeTrace's. Most candidates change a trace
 * near its end, so this saves much of the cost of shrinking.
 */
function judgeNear(p: Program, base: readonly Move[], kind: ViolationKind): (moves: readonly Move[]) => Judged | null {
  const trail: Trail = { points: [], instances: [] };
  judgeFrom(p, base, kind, startPoint(p), 0, [], trail);
  return (moves) => {
    if (trail.points.length === 0) return judgeTrace(p, moves, kind);
    const n = Math.min(moves.length, trail.points.length - 1);
    let k = 0;
    while (k < n && sameMove(moves[k]!, base[k]!)) k++;
    return judgeFrom(p, moves, kind, trail.points[k]!, k, trail.instances.slice(0, k));
  };
}

function smaller(a: Judged, b: Judged): boolean {
  return a.trace.length < b.trace.length || (a.trace.length === b.trace.length && a.switches < b.switches);
}

/**
 * Candidate deletions, largest first: each handler firing, then each CPU's suffix from each of its
 * steps. Every step, also inside a run of one CPU's moves: a CPU that must end blocked (a reader
 * stuck behind a writer, a deadlock) keeps only the first steps of its run.
 */
function* dropSets(j: Judged): Generator<(i: number) => boolean> {
  const n = j.trace.length;
  const firings = new Set(j.instances.filter((_, i) => j.trace[i]!.kind === 'irq' || j.trace[i]!.kind === 'nmi' || j.trace[i]!.kind === 'softirq'));
  for (const x of firings) yield (i) => j.instances[i] === x;
  for (let from = 0; from < n; from++) {
    const cpu = j.trace[from]!.cpu;
    yield (i) => i >= from && j.trace[i]!.cpu === cpu;
  }
}

function smallerByOneDrop(p: Program, t: readonly Move[], than: Judged, kind: ViolationKind): Judged | null {
  const near = judgeNear(p, t, kind);
  for (let i = t.length - 1; i >= 0; i--) {
    const c = near([...t.slice(0, i), ...t.slice(i + 1)]);
    if (c && smaller(c, than)) return c;
    const cpu = t[i]!.cpu;
    if (i > 0 && t[i - 1]!.cpu === cpu) continue;
    const d = near(t.filter((m, k) => k < i || m.cpu !== cpu));
    if (d && smaller(d, than)) return d;
  }
  return null;
}

/** Same-length rewrites of a trace: blocks moved earlier, firings sent to another CPU. */
function* rewrites(p: Program, j: Judged): Generator<readonly [Move[], boolean]> {
  const t = j.trace;
  for (let start = 1; start < t.length; start++) {
    if (j.instances[start] === j.instances[start - 1]) continue;
    let end = start;
    while (end + 1 < t.length && j.instances[end + 1] === j.instances[start]) end++;
    // Every leading part of the block, so a block can also be split.
    for (let last = start; last <= end; last++) {
      const block = t.slice(start, last + 1);
      const rest = [...t.slice(0, start), ...t.slice(last + 1)];
      for (let at = 0; at < start; at++) yield [[...rest.slice(0, at), ...block, ...rest.slice(at)], false];
    }
  }
  const moves = moveTable(p);
  for (let i = 0; i < t.length; i++) {
    const m = t[i]!;
    if (m.kind !== 'irq' && m.kind !== 'nmi' && m.kind !== 'softirq') continue;
    // The firing and its handler's steps, as one block, on any of its CPUs at any position.
    const rest = t.filter((_, k) => j.instances[k] !== j.instances[i]);
    for (const cpu of p.handlers[m.handler]!.cpus) {
      const fire = moves.fire[cpu]![m.handler]!;
      const block = t.filter((_, k) => j.instances[k] === j.instances[i]).map((x) => (x === m ? fire : moves.run[cpu]!));
      for (let at = 0; at <= rest.length; at++) yield [[...rest.slice(0, at), ...block, ...rest.slice(at)], true];
    }
  }
}

/** Shrinks a violating trace; returns the input's judgement when nothing smaller is found. */
export function minimizeTrace(p: Program, trace: readonly Move[], kind: ViolationKind): Judged | null {
  let best = judgeTrace(p, trace, kind);
  if (!best || (kind === 'livelock' && best.violation.kind === 'livelock' && best.violation.at === null)) return best;
  // Every candidate below is made from `best`: judged from where it parts from it.
  let nearOf: Judged = best;
  let near = judgeNear(p, best.trace, kind);
  const judgeCand = (moves: readonly Move[]): Judged | null => {
    if (nearOf !== best) { nearOf = best!; near = judgeNear(p, nearOf.trace, kind); }
    return near(moves);
  };
  for (let improved = true; improved;) {
    improved = false;
    // Drop a whole handler firing, or a CPU's moves from some point on: one move at a time
    // cannot remove an interrupt (its handler's steps would become the task's) or stop a CPU
    // that must end blocked rather than finished.
    for (const drop of dropSets(best)) {
      const cand = judgeCand(best.trace.filter((_, i) => !drop(i)));
      if (cand && smaller(cand, best)) { best = cand; improved = true; break; }
    }
    if (improved) continue;
    // Drop one move, from the end backwards (late moves are most often surplus).
    for (let i = best.trace.length - 1; i >= 0; i--) {
      const cand = judgeCand([...best.trace.slice(0, i), ...best.trace.slice(i + 1)]);
      if (cand && smaller(cand, best)) { best = cand; improved = true; i = Math.min(i, best.trace.length); }
    }
    // Rewrite: move a block of one instance's consecutive moves earlier, or send a handler firing
    // to another CPU. A moved firing is rarely smaller by itself, so it is also tried with one
    // deletion after it (a one-step lookahead; for every rewrite it would cost L^4).
    for (const [cand, lookahead] of rewrites(p, best)) {
      const j = judgeCand(cand);
      if (j && smaller(j, best)) { best = j; improved = true; break; }
      if (!lookahead) continue;
      const after = smallerByOneDrop(p, cand, best, kind);
      if (after) { best = after; improved = true; break; }
    }
  }
  return best;
}
