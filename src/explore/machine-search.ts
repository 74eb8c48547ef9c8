// Depth-first search over every interleaving and every interrupt firing, with visited-state
// hashing so equal states are expanded once (the classic explicit-state search of Spin,
// Holzmann, "The Model Checker SPIN", IEEE TSE 1997), optionally reduced to persistent sets
// (reduce/persistent.ts) less their sleep sets (reduce/sleep.ts), or bounded in preemptions
// (CHESS: Musuvathi and Qadeer, PLDI 2007). Pure: clock, budget and progress sink come in.
import { InternalError } from '../common/assert-never.js';
import { runBound } from '../machine/run-bound.js';
import { enabledMoves, preemptionBounded, storeBufferLimited, stuck } from '../machine/enabled.js';
import { stepWithFootprint, type MoveFootprint } from '../machine/footprint/move-footprint.js';
import { layoutOf } from '../machine/layout.js';
import { checksDataRaces, racyState } from '../machine/race.js';
import type { Move } from '../machine/moves.js';
import type { Program } from '../machine/program.js';
import { allFinished, type State } from '../machine/state.js';
import { initialState } from '../machine/start.js';
import { step, stepInto } from '../machine/step.js';
import type { ViolationKind } from '../machine/violation.js';
import { verdictOf, type Bound, type Budget, type Explorer, type Finding, type Outcome } from './explorer.js';
import { FinalCollector } from './finals.js';
import { PersistentSets } from './reduce/persistent.js';
import { addMove, hasMove, SleepSets } from './reduce/sleep.js';
import { FULL, StateStore } from './state-store.js';
import { symmetryOf } from './symmetry.js';

export interface ExhaustiveOptions {
  /** Explore persistent sets only (sound for every violation kind; docs/reduction.md). */
  readonly reduction: boolean;
  /** CHESS-style: at most this many preemptions per run; the result is never `safe`. */
  readonly preemptionBound?: number;
  /** Called with every distinct final state (all contexts finished) the search stores; the state is valid only during the call. */
  readonly onFinal?: (s: State) => void;
  /** Store one state per orbit of interchangeable CPUs (symmetry.ts; docs/reduction.md, Symmetry). */
  readonly symmetry?: boolean;
}

interface Frame {
  /** Valid while the frame is on the stack: the buffer of its depth is reused once it is popped. */
  readonly state: State;
  readonly id: number;
  readonly moves: readonly Move[];
  /** With reduction: the successors, computed up front (null: not in the persistent set, or asleep). */
  readonly succ: (State | null)[] | null;
  /** With sleep sets: every move's footprint here, and the sleep set, which grows as moves are taken. */
  readonly fps: readonly MoveFootprint[] | null;
  readonly sleep: Int32Array | null;
  readonly preemptions: number;
  next: number;
  /** The longest run found from this state so far, and the index in `moves` of its first move. */
  height: number;
  via: number;
}

/** The height of a state on the search stack: a cycle, so runs of any length. */
const CYCLE = 0x3fffffff;

/** What visit returns when the state is new, but --max-states are stored already: stop. */
const REFUSED = -2;

/** How often (in new states) the clock, the memory bound, cancellation and progress are checked. */
const CHECK_EVERY = 1024;

/**
 * The search of an operational model (SC, TSO). The LKMM is axiomatic: its programs are searched
 * by candidate executions (lkmm/lkmm-explorer.ts), never by moves; exhaustive.ts and
 * cli/search/request.ts choose between the two, so that this module loads none of the LKMM's.
 */
export function machineExplorer(opts: ExhaustiveOptions): Explorer {
  return {
    mode: 'exhaustive',
    explore: (p, b) => {
      if (p.memoryModel === 'lkmm') throw new InternalError('an LKMM program is searched by lkmm/lkmm-explorer.ts, not by moves');
      return search(p, b, opts);
    },
  };
}

function search(p: Program, b: Budget, opts: ExhaustiveOptions): Outcome {
  const t0 = b.now();
  const l = layoutOf(p);
  const bounded = opts.preemptionBound !== undefined;
  // Under a preemption bound the last CPU and the count so far are part of what a state can do.
  const width = l.size + (bounded ? 2 : 0);
  const store = new StateStore(width);
  const keyBuf = bounded ? new Int32Array(width) : null;
  // Programs with tasks are reduced too: a CPU's future holds every task of it and its switches
  // (reduce/futures.ts); the scenario's `preemptions:` is a word of the state (docs/reduction.md).
  const reducer = opts.reduction && !bounded ? new PersistentSets(p) : null;
  // Sleep sets when no run can reach max_steps: then no run is a livelock by length, so the
  // heights below are never needed (a state expanded again with fewer moves asleep would leave
  // its ancestors' heights stale), and no run is infinite, so the state graph has no cycle.
  // The bound counts every task, switch and callback run (machine/run-bound.ts; null: unknown).
  const maxRun = runBound(p);
  const sleeps = reducer && maxRun !== null && maxRun <= p.maxSteps ? new SleepSets(p) : null;
  // Symmetry: states are stored and looked up by their normal form (symmetry.ts), while the
  // search goes on from the real state, so its path stays a real run from the initial state.
  const sym = opts.symmetry && !bounded ? symmetryOf(p) : null;
  const keyOf = (s: State): State => (sym ? sym.canon(s) : s);
  const symMoves = sym ? sym.allMoves() : [];
  /** A set of moves (sleep.ts ids) through the permutation `map` of the last keyOf. */
  const mapSleep = (z: Int32Array, map: Int32Array): Int32Array => {
    const out = new Int32Array(z.length);
    for (const m of symMoves) if (hasMove(z, sleeps!.moveId(m))) addMove(out, sleeps!.moveId(sym!.moveImage(m, map)));
    return out;
  };
  let onStack = new Uint8Array(1024);
  const findings: Finding[] = [];
  const seen = new Set<ViolationKind>();
  let transitions = 0;
  let maxDepth = 0;
  let runs = 0;
  let bound: Bound | undefined;
  // Whether some stored state had a store waiting for room in a full store buffer.
  let bufferLimited = false;
  // Whether some stored state could have been preempted but for the scenario's `preemptions:`.
  let taskPreemptionLimited = false;
  const tso = p.memoryModel === 'tso';
  const races = checksDataRaces(p);
  const stack: Frame[] = [];
  const finals = p.final ? new FinalCollector(p) : undefined;
  const path: Move[] = [];
  let nextCheck = CHECK_EVERY;
  // The unreduced search steps into one buffer per depth: a state is copied only when it is new
  // (into the store), so a transition allocates nothing. A child at depth d+1 overwrites the buffer
  // only after the previous child's frame there has been popped.
  const atDepth: State[] = [];
  const bufferAt = (d: number): State => (atDepth[d] ??= new Int32Array(l.size));
  // The store's key (state-store.ts) of each state on the stack, by its index there, so that a
  // successor's key is made from its parent's: only the segments a move changed are looked up.
  // Not with symmetry or a preemption bound, whose keys are not the state itself.
  const incremental = !sym && !keyBuf;
  const keys: Int32Array[] = [];
  const keyAt = (d: number): Int32Array => (keys[d] ??= new Int32Array(store.keyWords));

  // max_steps bounds the longest run, which a search that merges states does not see on its
  // path: a state first reached by a short path is not expanded again when a long one reaches it.
  // So each stored state keeps the longest run found from it (its height) and that run's first
  // move; reaching a known state at depth d is a run of d + height moves. Every maximal run has an
  // equivalent one, of the same length, among those the reduction explores.
  let height = new Int32Array(1024);
  let longest = new Int32Array(1024);
  const note = (f: Frame, move: number, len: number): void => {
    if (len > f.height) { f.height = len; f.via = move; }
  };

  // Only the first finding of each kind is kept, and only that one is built: the many later
  // violations of a kind cost no copy of the path.
  const record = (kind: ViolationKind, build: () => Omit<Finding, 'mode'>): void => {
    if (seen.has(kind)) return;
    seen.add(kind);
    findings.push({ ...build(), mode: 'exhaustive' });
  };
  const lastCpu = (): number => (path.length > 0 ? path[path.length - 1]!.cpu : -1);

  /**
   * Store a new state and push it for expansion (-1); otherwise the height of the state: 0 for an
   * end of a run, its recorded height for a known state, CYCLE for one on the search stack; or
   * REFUSED for a new state when the store is full (the bound is set then). With
   * sleep sets, `asleep` is the sleep set it is reached with, and a known state is pushed again
   * (-1) when moves that slept when it was expanded are awake now.
   */
  const visit = (s: State, preemptions: number, asleep: Int32Array | null = null, parent?: State): number => {
    let key: Int32Array = keyOf(s);
    if (keyBuf) {
      keyBuf.set(s);
      keyBuf[l.size] = lastCpu();
      keyBuf[l.size + 1] = preemptions;
      key = keyBuf;
    }
    // The bound's one rule, for every search: at most maxStates states are stored, and the search
    // stops (inconclusive) only when it needs one more. A search that needs exactly maxStates is complete.
    const id = incremental && parent ? store.add(s, b.maxStates, parent, keyAt(stack.length - 1)) : store.add(key, b.maxStates);
    if (id === FULL) { bound = 'max-states'; return REFUSED; }
    // Where the frame of this state goes: a new state's, or a known one's that wake may push again.
    if (incremental && (id >= 0 || (sleeps && asleep))) keyAt(stack.length).set(store.key);
    if (id < 0) {
      const known = -id - 1;
      if (onStack[known] === 1) return CYCLE;
      if (sleeps && asleep && wake(s, known, asleep, preemptions)) return -1;
      return height[known]!;
    }
    if (id >= height.length) {
      const h = new Int32Array(height.length * 2); h.set(height); height = h;
      const g = new Int32Array(longest.length * 2); g.set(longest); longest = g;
    }
    longest[id] = -1;
    if (tso && !bufferLimited) bufferLimited = storeBufferLimited(p, s);
    if (p.sched && !taskPreemptionLimited) taskPreemptionLimited = preemptionBounded(p, s);
    const moves = enabledMoves(p, s);
    // A data race is a state, not a step: the run goes on past it, so that what it leads to
    // (a use-after-free, say) is still found. docs/reduction.md argues why the reduction keeps
    // the racy states; race.property.test.ts checks it against the full search.
    if (races && !seen.has('data-race')) {
      const r = racyState(p, s, moves);
      if (r) record('data-race', () => ({ violation: r.violation, trace: [...path, ...r.moves] }));
    }
    if (moves.length === 0) {
      if (allFinished(p, l, s)) {
        runs++;
        finals?.add(s, path);
        opts.onFinal?.(s);
      } else {
        const v = stuck(p, s);
        record(v.kind, () => ({ violation: v, trace: [...path] }));
      }
      return 0;
    }
    // A run this long is a livelock, but the search goes on past it: every loop has a bound, so
    // the state space is finite, and a violation further on (which a reordering by the reduction
    // may have moved past the bound) must still be found.
    if (path.length >= p.maxSteps) record('livelock', () => ({ violation: { kind: 'livelock', at: null, bound: p.maxSteps }, trace: path.slice(0, p.maxSteps) }));
    if (id >= onStack.length) { const n = new Uint8Array(onStack.length * 2); n.set(onStack); onStack = n; }
    // With symmetry a state's sleep set is kept in the coordinates of its normal form, taken now:
    // the successors' normal forms below change the permutation.
    const storedSleep = sleeps && sym && reducer ? mapSleep(asleep ?? new Int32Array(sleeps.words), sym.to) : null;
    // On the stack before its successors are computed, so the cycle proviso sees a self-loop.
    onStack[id] = 1;
    let succ: (State | null)[] | null = null;
    let fps: MoveFootprint[] | null = null;
    let sleep: Int32Array | null = null;
    if (reducer) ({ succ, fps } = expandReduced(s, moves));
    if (sleeps && succ) {
      // `asleep` was made for this state alone: it becomes the frame's, and grows there.
      sleep = asleep ?? new Int32Array(sleeps.words);
      sleeps.store(id, storedSleep ?? sleep);
      for (let i = 0; i < moves.length; i++) {
        if (succ[i] && hasMove(sleep, sleeps.moveId(moves[i]!))) { pool.push(succ[i]!); succ[i] = null; }
      }
    }
    stack.push({ state: s, id, moves, succ, fps: sleeps ? fps : null, sleep, preemptions, next: 0, height: 0, via: -1 });
    return -1;
  };

  /**
   * A known state reached with sleep set `asleep`: the moves that slept when it was last expanded
   * and are awake now have not been taken from it, so push it again to take just those, with the
   * sleep sets' intersection (Godefroid 1996, fig. 6.2). False when there are none.
   */
  const wake = (s: State, id: number, asleep: Int32Array, preemptions: number): boolean => {
    const before = sleeps!.of(id);
    // With symmetry the stored set is in normal-form coordinates: compare there, and take the
    // moves back to this state's (the permutation is still the one visit's keyOf(s) set).
    const asleepK = sym ? mapSleep(asleep, sym.to) : asleep;
    let woken = false;
    for (let w = 0; w < before.length; w++) if ((before[w]! & ~asleepK[w]!) !== 0) woken = true;
    if (!woken) return false;
    const wasK = before.slice();
    const sleepK = wasK.map((w, k) => w & asleepK[k]!);
    sleeps!.store(id, sleepK);
    const was = sym ? mapSleep(wasK, sym.from) : wasK;
    const sleep = sym ? mapSleep(sleepK, sym.from) : sleepK;
    const moves = enabledMoves(p, s);
    const { succ, fps } = stepAll(s, moves);
    moves.forEach((m, i) => {
      const mid = sleeps!.moveId(m);
      if (succ[i] && !(hasMove(was, mid) && !hasMove(asleep, mid))) { pool.push(succ[i]!); succ[i] = null; }
    });
    onStack[id] = 1;
    stack.push({ state: s, id, moves, succ, fps, sleep, preemptions, next: 0, height: 0, via: -1 });
    return true;
  };

  /**
   * A run past max_steps through a known state `from` of height h, reached by `path`: follow the
   * recorded longest run (or, for a cycle, go round it) until the run has max_steps moves.
   */
  const longRun = (from: State, h: number): Move[] => {
    const out = [...path];
    if (h === CYCLE) {
      const known = store.find(keyOf(from));
      const at = stack.findIndex((f) => known === f.id);
      const cycle = path.slice(at);
      // With symmetry the cycle may end in a permutation pi of where it began: the next round
      // takes the moves permuted by pi, the one after by pi twice, and so on.
      let pi: Int32Array | null = null;
      if (sym && at >= 0) {
        const fromFrom = sym.from.slice();
        keyOf(stack[at]!.state);
        pi = Int32Array.from(sym.to, (d) => fromFrom[d]!);
      }
      let round = 0;
      let map = pi ? Int32Array.from(pi, (_, c) => c) : null;
      while (cycle.length > 0 && out.length < p.maxSteps) {
        const k = (out.length - path.length) % cycle.length;
        if (k === 0 && out.length > path.length) { round++; if (pi && map) map = Int32Array.from(map, (d) => pi![d]!); }
        const m = cycle[k]!;
        out.push(sym && map && round > 0 ? sym.moveImage(m, map) : m);
      }
      return out;
    }
    let s: State = from.slice();
    while (out.length < p.maxSteps) {
      const id = store.find(keyOf(s));
      const j = id >= 0 ? longest[id]! : -1;
      if (j < 0) break;
      // With symmetry the recorded move is one of the normal form's (see the pop below).
      const m = sym ? sym.moveImage(symMoves[j]!, sym.from) : enabledMoves(p, s)[j]!;
      out.push(m);
      const r = step(p, s, m);
      if (r.kind === 'violation') break;
      s = r.state;
    }
    return out;
  };

  // The reduced search keeps each frame's successors until the frame is popped: their arrays
  // come from this pool and go back to it then (or at once, for moves the set leaves out), so a
  // transition allocates no state.
  const pool: State[] = [];
  const release = (succ: readonly (State | null)[]): void => {
    for (const t of succ) if (t) pool.push(t);
  };

  /** Steps every enabled move once (for its footprint) and records violations. */
  const stepAll = (s: State, moves: readonly Move[]): { succ: (State | null)[]; fps: MoveFootprint[] } => {
    const fps: MoveFootprint[] = [];
    const succ: (State | null)[] = [];
    for (const m of moves) {
      const out = pool.pop() ?? new Int32Array(l.size);
      const { violation, fp } = stepWithFootprint(p, s, m, out);
      fps.push(fp);
      transitions++;
      if (violation) {
        record(violation.kind, () => ({ violation, trace: [...path, m] }));
        pool.push(out);
        succ.push(null);
      } else succ.push(out);
    }
    return { succ, fps };
  };

  /** Steps every enabled move once, keeps the successors of a persistent set. */
  const expandReduced = (s: State, moves: readonly Move[]): { succ: (State | null)[]; fps: MoveFootprint[] } => {
    const { succ, fps } = stepAll(s, moves);
    const keep = reducer!.choose(s, moves, fps);
    if (keep) {
      // Cycle proviso (Peled 1993; Holzmann's stack proviso): a persistent set that closes a cycle
      // on the search stack could postpone the other moves forever, so expand fully instead.
      // With sleep sets on, runs have a bound, so the state graph has no cycle and nothing on the
      // stack is reached again (the note at `sleeps`): the proviso's lookups would all miss.
      const closes = !sleeps && succ.some((t, i) => keep[i] && t !== null && stackHas(t));
      if (!closes) for (let i = 0; i < succ.length; i++) if (!keep[i] && succ[i]) { pool.push(succ[i]!); succ[i] = null; }
    }
    return { succ, fps };
  };

  /**
   * With symmetry, a state's longest run is kept as its first move in the normal form's
   * coordinates (an index into symMoves), so that longRun can follow it from any member of the
   * orbit. Only runs past max_steps need it: when no run can be that long, -1 spares the work.
   */
  const canonMove = (s: State, m: Move): number => {
    if (maxRun !== null && maxRun <= p.maxSteps) return -1;
    keyOf(s);
    return symMoves.indexOf(sym!.moveImage(m, sym!.to));
  };

  const stackHas = (t: State): boolean => {
    const id = store.find(keyOf(t));
    return id >= 0 && onStack[id] === 1;
  };

  visit(initialState(p), 0);
  search: while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next >= top.moves.length) {
      onStack[top.id] = 0;
      // A state expanded again (sleep sets) keeps the longest run of either expansion.
      if (top.height >= height[top.id]!) { height[top.id] = top.height; longest[top.id] = top.via < 0 || !sym ? top.via : canonMove(top.state, top.moves[top.via]!); }
      stack.pop();
      // Its children have been popped; nothing refers to its successors any more.
      if (top.succ) release(top.succ);
      path.pop();
      const parent = stack[stack.length - 1];
      if (parent) note(parent, parent.next - 1, top.height + 1);
      continue;
    }
    const i = top.next++;
    const move = top.moves[i]!;
    let preemptions = top.preemptions;
    if (bounded) {
      const last = lastCpu();
      if (last >= 0 && last !== move.cpu && top.moves.some((m) => m.kind === 'run' && m.cpu === last)) preemptions++;
      if (preemptions > opts.preemptionBound!) continue;
    }
    let next: State;
    let asleep: Int32Array | null = null;
    if (top.succ) {
      const t = top.succ[i];
      if (!t) continue;
      next = t;
      if (sleeps && top.sleep && top.fps) {
        // The moves asleep here, and those taken before this one, that commute with it sleep in
        // its successor; then it is taken, so it sleeps for the moves after it.
        asleep = new Int32Array(sleeps.words);
        for (let j = 0; j < top.moves.length; j++) {
          const u = top.moves[j]!;
          if (j !== i && hasMove(top.sleep, sleeps.moveId(u)) && sleeps.independent(u, top.fps[j]!, move, top.fps[i]!)) addMove(asleep, sleeps.moveId(u));
        }
        addMove(top.sleep, sleeps.moveId(move));
      }
    } else {
      transitions++;
      next = bufferAt(path.length + 1);
      const violation = stepInto(p, top.state, move, next);
      if (violation) {
        record(violation.kind, () => ({ violation, trace: [...path, move] }));
        note(top, i, 1);
        if (b.first) { bound = 'first'; break search; }
        continue;
      }
    }
    if (b.first && findings.length > 0) { bound = 'first'; break; }
    path.push(move);
    const h = visit(next, preemptions, asleep, top.state);
    if (h === REFUSED) { path.pop(); break; }
    if (h >= 0) {
      note(top, i, Math.min(CYCLE, h + 1));
      if (!bounded && path.length + h > p.maxSteps) {
        record('livelock', () => ({ violation: { kind: 'livelock', at: null, bound: p.maxSteps }, trace: longRun(next, h) }));
      }
      path.pop();
      if (b.first && findings.length > 0) { bound = 'first'; break; }
      continue;
    }
    if (path.length > maxDepth) maxDepth = path.length;
    if (b.first && findings.length > 0) { bound = 'first'; break; }
    if (store.size >= nextCheck) {
      nextCheck = store.size + CHECK_EVERY;
      if (b.deadlineMs !== undefined && b.now() >= b.deadlineMs) { bound = 'deadline'; break; }
      if (b.cancelled?.()) { bound = 'cancelled'; break; }
      const bytes = store.bytes + (sleeps?.bytes ?? 0);
      if (b.maxMemoryBytes !== undefined && bytes + onStack.byteLength > b.maxMemoryBytes) { bound = 'max-memory'; break; }
      b.progress?.({ states: store.size, transitions, depth: path.length, maxDepth, bytes });
    }
  }
  // A bounded search covers only some runs: it can find a violation, never prove safety.
  if (bound === undefined && bounded) bound = 'preemptions';
  if (bound === undefined && bufferLimited) bound = 'store-buffer';
  if (bound === undefined && taskPreemptionLimited) bound = 'task-preemptions';
  return {
    verdict: verdictOf(findings, bound),
    findings,
    ...(bound ? { bound } : {}),
    ...(finals ? { finals: finals.result() } : {}),
    stats: { mode: 'exhaustive', states: store.size, transitions, ms: b.now() - t0, maxDepth, runs, bytes: store.bytes + (sleeps?.bytes ?? 0) },
  };
}
