// Persistent sets for the exhaustive search (Godefroid, "Partial-order methods for the
// verification of concurrent systems", LNCS 1032, 1996, ch. 4; built as stubborn sets, Valmari
// 1990): from a state, explore only the moves of a set C of CPUs such that nothing the other CPUs
// can still do (their static future footprints) conflicts with those moves. docs/reduction.md
// argues why this keeps every violation, deadlock and final state. Pure.
import { assertNever } from '../../common/assert-never.js';
import { blockedOn, dryScratch } from '../../machine/guard.js';
import { layoutOf } from '../../machine/layout.js';
import { liveContexts } from '../../machine/ops/interrupts.js';
import { allTasksDoneOnceWoken } from '../../machine/task-words.js';
import type { Move } from '../../machine/moves.js';
import type { MoveFootprint } from '../../machine/footprint/move-footprint.js';
import { regionsOf } from '../../machine/footprint/regions.js';
import { hasBit, instrFootprint } from '../../machine/footprint/static-footprint.js';
import type { Program } from '../../machine/program.js';
import { codeOf, innermost, inRcuReader, nextInstr, pcOf, type State } from '../../machine/state.js';
import { contextOf, type BlockedOn } from '../../machine/violation.js';
import { CountDrift } from './count-drift.js';
import { CpuFutures, type Future } from './futures.js';

export class PersistentSets {
  private readonly futures: CpuFutures;
  private readonly guards = new Map<number, number[]>();
  private readonly counts: CountDrift;
  /** choose's scratch, per CPU: whether its run move is enabled, and the indices of its moves. */
  private readonly runEnabled: boolean[];
  private readonly movesOf: number[][];
  /**
   * conflicts' answers for (c, e, held) in the state being chosen for: -1 not asked yet, else 0
   * or 1. Every seed's closure asks mostly the same pairs, and without grace periods the answer
   * depends on the set only through `held` and a count's drift (never kept).
   */
  private readonly asked: Int8Array;

  constructor(private readonly p: Program) {
    this.futures = new CpuFutures(p);
    this.counts = new CountDrift(p);
    this.runEnabled = new Array<boolean>(p.cpus).fill(false);
    this.movesOf = [];
    for (let c = 0; c < p.cpus; c++) this.movesOf.push([]);
    this.asked = new Int8Array(Math.min(p.cpus, 31) ** 2 * 2);
  }

  /** The shared bits the guard of a blocked instruction reads (what could unblock it). */
  private guardReads(s: State, c: number): { reads: number[]; gp: boolean } {
    const l = layoutOf(this.p);
    const instr = nextInstr(this.p, l, s, c, innermost(l, s, c));
    if (!instr) return { reads: [], gp: false };
    const level = innermost(l, s, c);
    const key = ((codeOf(this.p, l, s, c, level) * 64 + c) * 4 + level) * 65536 + pcOf(l, s, c, level);
    let reads = this.guards.get(key);
    if (!reads) {
      const fp = instrFootprint(this.p, instr, { cpu: c, level });
      reads = [];
      // A count's guard reads its word too (counts.ts).
      for (let b = 0; b < regionsOf(this.p).shared; b++) if (hasBit(fp.reads, b) || hasBit(fp.counts, b)) reads.push(b);
      this.guards.set(key, reads);
    }
    return { reads, gp: instr.op === 'synchronize_rcu_wait' };
  }

  /**
   * Which of `moves` (enabled in `s`, canonical order, with their footprints) to explore: a mask,
   * or null for all of them.
   */
  choose(s: State, moves: readonly Move[], fps: readonly MoveFootprint[]): boolean[] | null {
    const p = this.p;
    const l = layoutOf(p);
    const cpus = p.cpus;
    if (cpus > 30) return null;
    // Moves of one CPU only: every set that holds one of them holds them all (the set is made of
    // CPUs), so there is nothing to choose, and no future to build.
    let only = true;
    for (let i = 1; i < moves.length && only; i++) if (moves[i]!.cpu !== moves[0]!.cpu) only = false;
    if (only) return null;
    const live = regionsOf(p).liveBit;
    // The futures depend on which CPUs stand still (contextFuture) only when a grace period can start.
    const graceWaits = this.futures.graceWaits;
    let readers = 0;
    if (graceWaits) for (let c = 0; c < cpus; c++) if (inRcuReader(l, s, c)) readers |= 1 << c;
    // Made on the first future asked for: a state whose first seed gives a set of one move asks none.
    let names: number[] | null = null;
    // Without grace periods a CPU's future does not depend on the set: one per CPU.
    const futures = graceWaits ? new Map<number, Future>() : null;
    const byCpu: (Future | undefined)[] = new Array(cpus);
    const future = (e: number, inC: number): Future => {
      names ??= this.futures.namesOf(s);
      if (!futures) return (byCpu[e] ??= this.futures.futureOf(s, e, inC, readers, names[e]!));
      const key = inC * 32 + e;
      let f = futures.get(key);
      if (!f) futures.set(key, (f = this.futures.futureOf(s, e, inC, readers, names[e]!)));
      return f;
    };
    // The CPUs that keep the run live until a move of their own: a context to finish, and not
    // only tasks that are done once woken (asleep in their last instruction), whose wakeup by
    // another CPU's move ends them and may end the run (the soundness run's tso+symmetric seed
    // 1500: a firing on an idle CPU 2 was left out of the set of CPU 1's run-ending wakeup).
    let liveMask = -1;
    const liveCpus = (): number => {
      if (liveMask < 0) {
        liveMask = 0;
        for (let c = 0; c < cpus; c++) if (liveContexts(p, l, s, c) > 0 && !(p.sched && allTasksDoneOnceWoken(p, l, s, c))) liveMask |= 1 << c;
      }
      return liveMask;
    };
    // Reused from call to call (choose is never re-entered): Array.from({ length }, ...) here
    // took half of choose's own time (issue 22).
    const runEnabled = this.runEnabled;
    const movesOf = this.movesOf;
    for (let c = 0; c < cpus; c++) { runEnabled[c] = false; movesOf[c]!.length = 0; }
    // CPUs with a move that does not fault: a set must hold one (see below).
    let goesOn = 0;
    for (let i = 0; i < moves.length; i++) {
      const m = moves[i]!;
      movesOf[m.cpu]!.push(i);
      if (m.kind === 'run') runEnabled[m.cpu] = true;
      if (!fps[i]!.faults) goesOn |= 1 << m.cpu;
    }
    const blocked = (c: number): boolean =>
      !runEnabled[c] && nextInstr(p, l, s, c, innermost(l, s, c)) !== undefined;

    // A blocked CPU whose wait can end only by a move of one known CPU (a lock's holder, a CPU a
    // grace period waits for, its own drain) needs just that CPU beside it: a necessary enabling
    // set (Valmari 1990; Godefroid 1996, def. 4.3's "necessary enabling transitions"). Otherwise
    // every CPU whose future may write what the guard reads.
    const enablers: (readonly number[] | null | undefined)[] = new Array(cpus);
    const enablersOf = (c: number): readonly number[] | null => {
      const hit = enablers[c];
      if (hit !== undefined) return hit;
      const level = innermost(l, s, c);
      const instr = nextInstr(p, l, s, c, level);
      const why = instr ? blockedOn(dryScratch(p, l, s, c, level), instr) : null;
      return (enablers[c] = why ? necessaryEnablers(why, c) : null);
    };

    const asked = this.asked;
    asked.fill(-1);
    /** Whether c's moves (or, blocked, what could unblock it) meet e's future while `inC` stands still. */
    const conflicts = (c: number, e: number, inC: number): boolean => {
      // While a CPU of C other than c has a context to finish, it keeps the run live in every run
      // that avoids the set (it stands still), so finishing contexts cannot disable a firing on
      // an idle CPU there, nor can c's move: the live bit meets nothing (docs/reduction.md).
      const held = (inC & ~(1 << c) & liveCpus()) !== 0;
      const key = ((c * cpus + e) << 1) | (held ? 1 : 0);
      if (!graceWaits && asked[key] !== -1) return asked[key] === 1;
      const m = meets(c, e, inC, held);
      if ((m & DRIFT) === 0) asked[key] = m & MEETS;
      return (m & MEETS) !== 0;
    };
    /** MEETS when c's moves or wait meet e's future, with DRIFT when a count's drift was asked (it depends on the whole set). */
    const meets = (c: number, e: number, inC: number, held: boolean): number => {
      const f = future(e, inC);
      if (f.parts.length === 0 && f.buffered.length === 0) return 0;
      let drift = 0;
      for (const i of movesOf[c]!) {
        const m = fps[i]!;
        if (moveConflicts(m, e, f, live, held)) return MEETS | drift;
        // A count meets e's counts of its word unless the value stays clear of every guard.
        if (m.count >= 0 && f.parts.some((part) => part.any && hasBit(part.counts, m.count))) {
          drift = DRIFT;
          if (!this.counts.commutes(s, m, inC)) return MEETS | drift;
        }
      }
      return (guardMeets(c, f) ? MEETS : 0) | drift;
    };
    /** Whether e's future `f` may enable a move of c that is disabled now (a wakeup, or the end of c's wait). */
    const guardMeets = (c: number, f: Future): boolean => {
      // A wakeup of a sleeping task of c, or an unlock of the lock a switched-out task of c sleeps
      // on, enables a switch of c, a move the set does not hold now.
      for (const b of this.futures.wakeBits(s, c)) for (const part of f.parts) if (hasBit(part.writes, b) || hasBit(part.adds, b) || hasBit(part.counts, b)) return true;
      if (blocked(c) && enablersOf(c) === null) {
        const g = this.guardReads(s, c);
        for (const part of f.parts) {
          if (g.gp && part.reader) return true;
          for (const b of g.reads) if (hasBit(part.writes, b) || hasBit(part.adds, b) || hasBit(part.counts, b)) return true;
        }
        for (const b of g.reads) if (f.buffered.includes(b)) return true;
      }
      return false;
    };

    let best: number | null = null;
    let bestCount = moves.length;
    for (let seed = 0; seed < cpus; seed++) {
      if (movesOf[seed]!.length === 0) continue;
      let inC = 1 << seed;
      const queue = [seed];
      let count = movesOf[seed]!.length;
      while (queue.length > 0 && count < bestCount) {
        const c = queue.pop()!;
        const need = blocked(c) ? enablersOf(c) : null;
        // Any one of the enablers will do: each of them must move before c can (all of a grace
        // period's CPUs must pass a quiescent state); one already in C costs nothing.
        if (need && !need.some((e) => (inC >>> e) & 1)) {
          const e = need[0]!;
          inC |= 1 << e;
          count += movesOf[e]!.length;
          queue.push(e);
        }
        for (let e = 0; e < cpus; e++) {
          if ((inC >>> e) & 1 || !conflicts(c, e, inC)) continue;
          inC |= 1 << e;
          count += movesOf[e]!.length;
          queue.push(e);
        }
      }
      // A set whose every move faults would end every run here, and a run that goes on through
      // moves outside it (to a final state, or to another fault) could no longer be replayed
      // after one of its moves: docs/reduction.md.
      if ((inC & goesOn) === 0) continue;
      if (count < bestCount) { best = inC; bestCount = count; }
      if (bestCount === 1) break;
    }
    if (best === null) return null;
    const chosen = best;
    return moves.map((m) => ((chosen >>> m.cpu) & 1) === 1);
  }
}

/** `meets` in choose: the pair conflicts; a count's drift was asked, so the answer is not kept. */
const MEETS = 1;
const DRIFT = 2;

/**
 * CPUs of which at least one must move before a context blocked for `why` on CPU `c` can go on,
 * or null when the wait could end by a move of any CPU that may write what it reads.
 */
function necessaryEnablers(why: BlockedOn, c: number): readonly number[] | null {
  switch (why.kind) {
    // Only the CPUs the grace period still waits for clear their bits, each by a move of its own.
    case 'grace-period': return why.cpus.length > 0 ? why.cpus : null;
    // Only the start of a callback clears it from the barrier's set, a move of the CPU it is queued on.
    case 'rcu-barrier': return why.cpus.length > 0 ? why.cpus : null;
    // Only this CPU's drains empty its store buffer.
    case 'store-buffer': return [c];
    // Only the holder releases a spinlock (an unlock by anyone else is a misuse, which ends the run).
    case 'spinlock': return [contextOf(why.holder).cpu];
    case 'rwlock': {
      // A writer that holds or queues is one context, and only it clears its word; readers are
      // counted, not named, so a writer waiting for them may be released by any reader.
      const id = why.want === 'write' ? 0 : why.writerHolds || why.writerWaits;
      return id > 0 ? [contextOf(id).cpu] : null;
    }
    case 'wait_until': return null;
    // srcu_up_read() may run in any context (ops/srcu-down.ts), and the grace period a start queues behind waits for those.
    case 'srcu-readers': return null;
    default: return assertNever(why);
  }
}

/**
 * Whether move `m` of another CPU is dependent on something CPU `e` may still do. The live bit is
 * no word: finishing contexts on two CPUs commute (the run ends after both either way), so only a
 * firing's read of it meets a write, and not even that while a CPU of the set keeps the run
 * live (`held`).
 */
function moveConflicts(m: MoveFootprint, e: number, f: Future, live: number, held: boolean): boolean {
  if (m.unknown) return true;
  if ((m.privateWrites >>> e) & 1) return true;
  for (const part of f.parts) {
    if (!part.any) continue;
    if (m.gp && part.reader) return true;
    if (m.reader && part.gp) return true;
    for (const b of m.writes) {
      if (b === live ? !held && hasBit(part.reads, b) : hasBit(part.reads, b) || hasBit(part.adds, b) || hasBit(part.writes, b) || hasBit(part.counts, b)) return true;
    }
    for (const b of m.reads) if ((b !== live || !held) && (hasBit(part.writes, b) || hasBit(part.adds, b) || hasBit(part.counts, b))) return true;
    // Two adds commute; an add meets any read or write of its word.
    for (const b of m.adds) if (hasBit(part.reads, b) || hasBit(part.writes, b) || hasBit(part.counts, b)) return true;
    // A count meets any read, write or add of its word (another count: `CountDrift`, in choose).
    if (m.count >= 0 && (hasBit(part.reads, m.count) || hasBit(part.writes, m.count) || hasBit(part.adds, m.count))) return true;
  }
  for (const b of f.buffered) if (m.reads.includes(b) || m.writes.includes(b) || m.adds.includes(b) || m.count === b) return true;
  return false;
}
