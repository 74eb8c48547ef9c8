// One thread's part of the parallel search (docs/reduction.md, "Parallel search"): a depth-first
// search whose visited set is the shared table, so it expands exactly the states it stored, and
// which hands the roots of untouched subtrees to idle threads (work-queue.ts). Only programs the
// gate (gate.ts) lets through come here: their runs are bounded (no cycle, no livelock, no run past
// max_steps), so no height, cycle proviso or sleep set is needed, and nothing needs a path: a
// violation stops every thread, and the sequential search finds it again with its trace.
// Resumable (work() does a slice and returns), so one thread can also run several participants in
// turn (the tests do). Pure: no clock; the driver checks time and cancellation.
import { checksDataRaces, racyState } from '../../machine/race.js';
import { enabledMoves, preemptionBounded, storeBufferLimited } from '../../machine/enabled.js';
import { stepWithFootprint, type MoveFootprint } from '../../machine/footprint/move-footprint.js';
import { layoutOf } from '../../machine/layout.js';
import type { Move } from '../../machine/moves.js';
import type { Program } from '../../machine/program.js';
import { allFinished, type State } from '../../machine/state.js';
import { stepInto } from '../../machine/step.js';
import { PersistentSets } from '../reduce/persistent.js';
import { symmetryOf, type Symmetry } from '../symmetry.js';
import { KNOWN, NEW, REFUSED, type SharedTable } from './shared-table.js';
import { BUFFER_LIMITED, Stop, TASK_PREEMPTION_LIMITED, type WorkQueue } from './work-queue.js';

interface Frame {
  readonly state: State;
  readonly depth: number;
  readonly moves: readonly Move[];
  /** With the reduction: the persistent set's successors (null: left out, or faulting). */
  readonly succ: (State | null)[] | null;
  next: number;
  /** Moves at and past `end` were handed to other threads. */
  end: number;
}

/** What work() says. */
export type Turn = 'more' | 'idle' | 'done';

export interface ParticipantStats {
  transitions: number;
  maxDepth: number;
  runs: number;
  expanded: number;
}

export class Participant {
  private readonly stack: Frame[] = [];
  private readonly width: number;
  private readonly reducer: PersistentSets | null;
  /** States are stored by their normal form, and searched on from the real state (as machine-search.ts). */
  private readonly sym: Symmetry | null;
  private readonly tso: boolean;
  /** Buffers of the unreduced search, one per slot of the stack. */
  private readonly atDepth: State[] = [];
  private readonly pool: State[] = [];
  private readonly spare: State;
  private idle = false;
  /** Came after the search ended: nothing to do. */
  private over = false;
  private bufferLimited = false;
  private taskPreemptionLimited = false;
  readonly stats: ParticipantStats = { transitions: 0, maxDepth: 0, runs: 0, expanded: 0 };

  constructor(private readonly p: Program, private readonly table: SharedTable, private readonly queue: WorkQueue, reduction: boolean, symmetry: boolean) {
    this.width = layoutOf(p).size;
    this.sym = symmetry ? symmetryOf(p) : null;
    this.reducer = reduction ? new PersistentSets(p) : null;
    this.tso = p.memoryModel === 'tso';
    this.spare = new Int32Array(this.width);
  }

  /**
   * Joins the search, then the first thread to come stores the initial state; every thread then
   * searches. Joining first: a thread that joined counts towards termination, so the search
   * cannot end while the thread holding the initial state has not joined yet.
   */
  seed(initial: State): void {
    if (!this.queue.join()) { this.over = true; return; }
    const r = this.table.add(this.sym ? this.sym.canon(initial) : initial);
    if (r === NEW) this.expand(initial.slice(), 0);
    else if (r !== KNOWN) this.refuse(r);
  }

  /**
   * Explores about `slice` transitions. 'idle': nothing to do now (others still work, ask again);
   * 'done': the search is over, complete or stopped (queue.stopped says which).
   */
  work(slice: number): Turn {
    if (this.over) return 'done';
    const q = this.queue;
    for (let k = 0; k < slice; k++) {
      if (this.stack.length === 0) {
        const got = q.take(this.spare, this.idle);
        if (got === -2) return 'done';
        if (got === -1) { this.idle = true; return q.stopped !== Stop.NONE ? 'done' : 'idle'; }
        this.idle = false;
        this.expand(this.spare.slice(), got);
        continue;
      }
      if ((k & 63) === 0) {
        if (q.stopped !== Stop.NONE) return 'done';
        if (q.hungry()) this.share();
      }
      const top = this.stack[this.stack.length - 1]!;
      if (top.next >= top.end) { this.stack.pop(); if (top.succ) this.release(top.succ); continue; }
      const t = this.successor(top, top.next++);
      if (t !== null) this.visit(t, top.depth + 1, false);
    }
    return q.stopped !== Stop.NONE ? 'done' : 'more';
  }

  /** The successor of `f` by its i-th move, or null (left out by the reduction, or a violation). */
  private successor(f: Frame, i: number): State | null {
    if (f.succ) return f.succ[i] ?? null;
    // The buffer of the stack slot the successor's frame will take: it is overwritten only by a
    // later successor of f, once that frame has been popped (as machine-search.ts's per depth).
    const out = (this.atDepth[this.stack.length] ??= new Int32Array(this.width));
    this.stats.transitions++;
    if (stepInto(this.p, f.state, f.moves[i]!, out)) { this.queue.stop(Stop.VIOLATION); return null; }
    return out;
  }

  /** Stores `t`; when new, expands it here, or with `handOff` gives it to another thread. */
  private visit(t: State, depth: number, handOff: boolean): void {
    const r = this.table.add(this.sym ? this.sym.canon(t) : t);
    if (r === KNOWN) return;
    if (r !== NEW) { this.refuse(r); return; }
    if (handOff && this.queue.put(t, depth)) return;
    // Handed on but the queue was full: `t` is the unreduced search's scratch state, so keep a copy.
    this.expand(handOff && !this.reducer ? t.slice() : t, depth);
  }

  private refuse(r: number): void {
    this.queue.stop(r === REFUSED ? Stop.MAX_STATES : Stop.NO_ROOM);
  }

  /**
   * Moves untaken at the bottom of the stack, the roots of the largest subtrees left, go to the
   * queue: each is stepped and stored here (so exactly one thread owns it), then handed on.
   */
  private share(): void {
    for (const f of this.stack) {
      while (f.next < f.end && this.queue.hungry()) {
        const i = --f.end;
        let t: State | null;
        if (f.succ) t = f.succ[i] ?? null;
        else {
          this.stats.transitions++;
          t = stepInto(this.p, f.state, f.moves[i]!, this.spare) ? null : this.spare;
          if (t === null) { this.queue.stop(Stop.VIOLATION); return; }
        }
        if (t !== null) this.visit(t, f.depth + 1, true);
        if (this.queue.stopped !== Stop.NONE) return;
      }
      if (!this.queue.hungry()) return;
    }
  }

  /** A state this thread stored: record what it shows, and push it for its moves. */
  private expand(s: State, depth: number): void {
    const p = this.p;
    const q = this.queue;
    this.stats.expanded++;
    if (depth > this.stats.maxDepth) this.stats.maxDepth = depth;
    if (this.tso && !this.bufferLimited && storeBufferLimited(p, s)) { this.bufferLimited = true; q.noteLimit(BUFFER_LIMITED); }
    if (p.sched && !this.taskPreemptionLimited && preemptionBounded(p, s)) { this.taskPreemptionLimited = true; q.noteLimit(TASK_PREEMPTION_LIMITED); }
    // A data race (machine/race.ts): a finding, which the sequential search finds again.
    if (checksDataRaces(p) && racyState(p, s)) { q.stop(Stop.VIOLATION); return; }
    const moves = enabledMoves(p, s);
    if (moves.length === 0) {
      // A final state, or a deadlock (a violation: found again by the sequential search).
      if (allFinished(p, layoutOf(p), s)) this.stats.runs++;
      else q.stop(Stop.VIOLATION);
      return;
    }
    // The gate let through only programs whose runs end within max_steps; a longer run would be
    // a livelock, which this search does not report: let the sequential search say it.
    if (depth >= p.maxSteps) { q.stop(Stop.VIOLATION); return; }
    let succ: (State | null)[] | null = null;
    if (this.reducer) {
      succ = [];
      const fps: MoveFootprint[] = [];
      for (const m of moves) {
        const out = this.pool.pop() ?? new Int32Array(this.width);
        const { violation, fp } = stepWithFootprint(p, s, m, out);
        this.stats.transitions++;
        fps.push(fp);
        if (violation) { q.stop(Stop.VIOLATION); this.pool.push(out); succ.push(null); } else succ.push(out);
      }
      // No cycle proviso: the gate admits only programs whose state graph has no cycle.
      const keep = this.reducer.choose(s, moves, fps);
      if (keep) for (let i = 0; i < succ.length; i++) if (!keep[i] && succ[i]) { this.pool.push(succ[i]!); succ[i] = null; }
    }
    this.stack.push({ state: s, depth, moves, succ, next: 0, end: moves.length });
  }

  private release(succ: readonly (State | null)[]): void {
    for (const t of succ) if (t) this.pool.push(t);
  }
}
