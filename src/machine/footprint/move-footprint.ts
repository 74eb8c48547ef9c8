// The footprint a move actually has in a state: takes the step with an observer and compares the
// words before and after. Memory accesses come from the observer (so a write of an unchanged value
// still counts), everything else from the difference of the two states, so a new kind of state
// (a store buffer, a new move) is covered without a list of move kinds here. Pure.
import { assertNever } from '../../common/assert-never.js';
import { memoByObject } from '../../common/memo.js';
import type { StepObserver } from '../exec.js';
import { layoutOf, type Layout } from '../layout.js';
import { memoryOf } from '../memory/select.js';
import type { Move } from '../moves.js';
import type { Instr, Program } from '../program.js';
import { liveContexts } from '../ops/interrupts.js';
import { poolWords } from '../ops/pool.js';
import { startsGracePeriod } from '../ops/rcu.js';
import { cbWord } from '../ops/rcu-callbacks.js';
import { CB_CPU, CB_DECL } from '../layout.js';
import { asleepWord, currentTask, freshWord, schedWords, taskDone, tasksOn, usedWord } from '../ops/sched.js';
import { waitWords } from '../ops/sleeping-lock.js';
import { codeOf, innermost, inRcuReader, nextInstr, pcOf, taskFinished, type State } from '../state.js';
import { allTasksDoneOnceWoken } from '../task-words.js';
import { stepInto } from '../step.js';
import type { Violation } from '../violation.js';
import { unlockedWord } from '../memory/buffer-entry.js';
import { checksDataRaces } from '../race.js';
import { SHARED_WORD, UNKNOWN_WORD, freedWordOf, regionsOf, type Regions } from './regions.js';
import { instrCount } from './counts.js';
import { hasBit, instrFootprint, type Site } from './static-footprint.js';
import { someInstrExpr } from '../visit.js';
import { watchWords } from './watch-words.js';

export interface MoveFootprint {
  /** Shared-word bit indices read (including the guard of the move) and written. */
  readonly reads: number[];
  readonly writes: number[];
  /** Shared-word bit indices only added to (StaticFootprint.adds): they commute with each other. */
  readonly adds: number[];
  /**
   * The shared bit of the word a count changed (counts.ts), or -1: two counts of a word commute
   * unless one meets a guard value, which `countBefore` and `countDelta` let the reduction ask.
   */
  count: number;
  /** The counted word's value before the move, and what the move added to it. */
  countBefore: number;
  countDelta: number;
  /** Bitmask of the other CPUs whose private words the move wrote (clearing grace-period bits). */
  privateWrites: number;
  /** The move changed its CPU's RCU reader state. */
  reader: boolean;
  /** The move starts or waits for a grace period. */
  gp: boolean;
  /** The move touched words of no known owner: dependent on everything. */
  unknown: boolean;
  /**
   * The move ends the run in a violation. It commits nothing, so what it depends on is what it
   * read before it faulted; the persistent set must still hold a move that goes on (persistent.ts).
   */
  faults: boolean;
}

type LockWords = { reads: number[]; writes: number[]; adds: number[] };

/**
 * What `compute` says of an instruction in a context, computed once per (instruction, site): the
 * static footprints it reads are fixed per program, and a move's footprint is asked in every state.
 */
function perSite<T>(compute: (p: Program, i: Instr, site: Site) => T): (p: Program, i: Instr, site: Site) => T {
  const cache = new WeakMap<Instr, Map<number, T>>();
  return (p, i, site) => {
    let bySite = cache.get(i);
    if (!bySite) { bySite = new Map(); cache.set(i, bySite); }
    const key = site.cpu * 4 + site.level;
    let hit = bySite.get(key);
    if (hit === undefined) { hit = compute(p, i, site); bySite.set(key, hit); }
    return hit;
  };
}

/**
 * The lock and SRCU words an instruction's guard and body touch when it runs in context `site`
 * (lock ops and lock tests: ops/locks.ts; SRCU: ops/srcu.ts, whose words are its context's), and
 * the freed flags of the objects its locks live in.
 */
const lockBits = perSite((p: Program, i: Instr, site: Site): LockWords => {
  const r = regionsOf(p);
  const fp = instrFootprint(p, i, site);
  const reads: number[] = [];
  const writes: number[] = [];
  const adds: number[] = [];
  // Lock words, and for a lock op or test the freed flags that a lock that is a field of an
  // object reads (ops/locks.ts checkOwner); the other instructions' freed flags come from the
  // observer, access by access.
  const locking = i.op === 'lock' || someInstrExpr(i, (e) => e.kind === 'lock_value');
  for (let w = locking ? r.l.freedBase : r.l.lockBase; w < r.l.cpuBase; w++) {
    const b = r.sharedBit[w]!;
    if (b < 0) continue;
    if (hasBit(fp.reads, b)) reads.push(b);
    if (hasBit(fp.writes, b)) writes.push(b);
    if (hasBit(fp.adds, b)) adds.push(b);
  }
  return { reads, writes, adds };
});

/**
 * The shared bits an RCU callback instruction reads in context `site`, from its static footprint
 * (ops/rcu-callbacks.ts callbackFootprint): the callback slots and freed flags of the objects its
 * pointer may name.
 */
const callbackReads = perSite((p: Program, i: Instr, site: Site): number[] => {
  const r = regionsOf(p);
  const fp = instrFootprint(p, i, site);
  const hit: number[] = [];
  for (let w = r.l.freedBase; w < r.l.freedBase + p.objects.length; w++) { const b = r.sharedBit[w]!; if (b >= 0 && hasBit(fp.reads, b)) hit.push(b); }
  for (let w = r.l.cbBase; w < r.l.cbGpBase; w++) { const b = r.sharedBit[w]!; if (b >= 0 && hasBit(fp.reads, b)) hit.push(b); }
  return hit;
});

/**
 * The shared bits an instruction's static footprint reads in context `site`: a superset of what
 * its guard reads, so of what decides whether it can step now.
 */
const guardBits = perSite((p: Program, i: Instr, site: Site): number[] => {
  const fp = instrFootprint(p, i, site);
  const out: number[] = [];
  for (let b = 0; b < regionsOf(p).shared; b++) if (hasBit(fp.reads, b)) out.push(b);
  return out;
});

/**
 * Take `move` from `s` into `out` (as stepInto: a separate array of the same length) and say what
 * it touched. Returns the violation, or null when `out` holds the next state.
 */
/**
 * What stepWithFootprint needs of a program besides the step, made once per program: the
 * observer (one object, pointed at the footprint being taken: a step is never re-entered), and
 * for each CPU the words a move of it can change that are not its own (its own private words are
 * no part of any footprint, so they are not compared).
 */
interface Watch {
  fp: MoveFootprint;
  readonly obs: StepObserver;
  /**
   * For each CPU, the words it does not own as [from, to) ranges, flattened: a compare over a few
   * runs of adjacent words is a tight loop, where one word index per word read through a list
   * cost most of the footprint (issue 22).
   */
  readonly others: Int32Array[];
  /**
   * For a run move, the words to compare instead (watch-words.ts), made on first use:
   * sites[(code * cpus + cpu) * 4 + level][pc], null where every word must be compared.
   */
  readonly sites: (Int32Array | null | undefined)[][];
  /** The program's regions and layout: asked once, not on every move. */
  readonly r: Regions;
  readonly l: Layout;
}

const watchOf: (p: Program) => Watch = memoByObject(makeWatch);

function makeWatch(p: Program): Watch {
  const r = regionsOf(p);
  const l = layoutOf(p);
  const races = checksDataRaces(p);
  const touch = (list: number[], word: number): void => {
    const b = r.sharedBit[word]!;
    if (b >= 0) list.push(b);
  };
  const w: Watch = {
    fp: newFootprint(),
    obs: {
      read(loc) {
        touch(w.fp.reads, l.memBase + loc);
        const f = freedWordOf(p, l, loc);
        if (f >= 0) touch(w.fp.reads, f);
      },
      write(loc) {
        touch(w.fp.writes, l.memBase + loc);
        const f = freedWordOf(p, l, loc);
        if (f >= 0) touch(w.fp.reads, f);
      },
      // A store entering the buffer touches no memory yet, but it checks the object is not freed
      // (memory/tso.ts): it depends on a free by another CPU.
      // Where data races are looked for, a store is an access when it is issued (machine/race.ts),
      // so it conflicts then with the other CPUs' accesses to its location: the reduction must
      // keep the states where the two stand side by side (docs/reduction.md, "Data races").
      buffer(loc) {
        const f = freedWordOf(p, l, loc);
        if (f >= 0) touch(w.fp.reads, f);
        if (races) touch(w.fp.writes, l.memBase + loc);
      },
    },
    others: Array.from({ length: p.cpus }, (_, c) => rangesOf(r.owner.length, (x) => r.owner[x] !== c)),
    sites: Array.from({ length: p.codes.length * p.cpus * 4 }, () => []),
    r,
    l,
  };
  return w;
}

/** The words below `n` that `keep` holds, as [from, to) pairs of maximal runs. */
function rangesOf(n: number, keep: (w: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let w = 0; w < n; w++) {
    if (!keep(w)) continue;
    if (out.length > 0 && out[out.length - 1] === w) out[out.length - 1] = w + 1;
    else out.push(w, w + 1);
  }
  return Int32Array.from(out);
}

/** Add the shared bit of `word` to `list`, when the word is shared. */
function touchBit(r: Regions, list: number[], word: number): void {
  const b = r.sharedBit[word]!;
  if (b >= 0) list.push(b);
}

/** Word `w`, which CPU `cpu`'s move changed, into `fp`. A word the move only added to is in `adds`, not a write. */
function changed(r: Regions, fp: MoveFootprint, w: number, cpu: number, counted: number): void {
  const o = r.owner[w]!;
  if (o === SHARED_WORD) { if (w !== counted && !fp.adds.includes(r.sharedBit[w]!)) touchBit(r, fp.writes, w); }
  else if (o === UNKNOWN_WORD) fp.unknown = true;
  else if (o !== cpu) fp.privateWrites |= 1 << o;
}

function newFootprint(): MoveFootprint {
  return { reads: [], writes: [], adds: [], count: -1, countBefore: 0, countDelta: 0, privateWrites: 0, reader: false, gp: false, unknown: false, faults: false };
}

/**
 * Take `move` from `s` into `out` (as stepInto: a separate array of the same length) and say what
 * it touched. Returns the violation, or null when `out` holds the next state. `compareAll`: compare
 * every word the moving CPU does not own, even where the instruction's text names fewer
 * (watch-words.ts); the footprint property checks that both give the same footprint.
 */
export function stepWithFootprint(p: Program, s: State, move: Move, out: State, compareAll = false): { violation: Violation | null; fp: MoveFootprint } {
  const watch = watchOf(p);
  const { r, l } = watch;
  const fp = newFootprint();
  watch.fp = fp;
  const obs = watch.obs;
  const touch = (list: number[], word: number): void => touchBit(r, list, word);
  const cpu = move.cpu;
  let counted = -1;
  let watched: Int32Array | null = null;
  switch (move.kind) {
    case 'run': {
      const level = innermost(l, s, cpu);
      const instr = nextInstr(p, l, s, cpu, level);
      if (instr && !compareAll) {
        const code = codeOf(p, l, s, cpu, level);
        const pc = pcOf(l, s, cpu, level);
        const bySite = watch.sites[(code * p.cpus + cpu) * 4 + level]!;
        let w = bySite[pc];
        if (w === undefined) bySite[pc] = w = watchWords(p, p.codes[code]!, pc, { cpu, level });
        watched = w;
      }
      if (instr) {
        const c = instrCount(p, instr);
        if (c) counted = l.memBase + c.loc;
        const lw = lockBits(p, instr, { cpu, level });
        for (const b of lw.reads) fp.reads.push(b);
        for (const b of lw.writes) fp.writes.push(b);
        for (const b of lw.adds) fp.adds.push(b);
        fp.gp = startsGracePeriod(instr); // synchronize_rcu_wait: see ops/rcu.ts, RCU_ACCESS
        // An allocation reads every slot's flag to find a free one (and faults on none).
        if (instr.op === 'alloc') for (const w of poolWords(p, l, instr.pool)) touch(fp.reads, w);
        // Queuing a callback reads its slot (a double call_rcu() faults on it) and the object's
        // freed flag; it starts a grace period (ops/rcu-callbacks.ts). Static: every candidate.
        if (instr.op === 'rcu_callback') {
          fp.reads.push(...callbackReads(p, instr, { cpu, level }));
          fp.gp = instr.kind !== 'rcu_barrier_wait';
        }
        // schedule() sets its task's sleep flag and wake_up_process() clears one, even where the
        // flag already holds that value: written, whatever the before/after comparison sees.
        if (instr.op === 'sched') for (const w of schedWords(p, l, instr, cpu)) { touch(fp.reads, w); touch(fp.writes, w); }
      }
      break;
    }
    case 'irq':
    case 'nmi':
    case 'softirq': {
      touch(fp.reads, l.fireBase + move.handler);
      // An RCU callback starts when its slot says it is queued here (ops/rcu-callbacks.ts).
      const cb = p.handlers[move.handler]?.callback;
      if (cb) { touch(fp.reads, cbWord(l, cb.object, CB_DECL)); touch(fp.reads, cbWord(l, cb.object, CB_CPU)); }
      // On an idle CPU the firing is enabled only while the run is live (ops/interrupts.ts). A CPU
      // whose tasks are all done or asleep in their last instruction turns idle when another CPU
      // wakes the last of them, and then the firing needs the run live: it reads that too, or a
      // firing and the waker's last move (which ends the run) would look independent, and sleep
      // sets lost the runs that fire after the wakeup (npm run soundness, tso seed 1101;
      // reduce/task-programs.test.ts).
      if (innermost(l, s, cpu) === 0 && (taskFinished(p, l, s, cpu) || (l.schedBase >= 0 && allTasksDoneOnceWoken(p, l, s, cpu)))) {
        fp.reads.push(r.liveBit);
        // Queued RCU callbacks keep the run live (liveContexts), and their slots are shared words:
        // read, so the firing depends on every queue and start (ops/rcu-callbacks.ts).
        for (let o = 0; o < l.cbObjects; o++) { touch(fp.reads, cbWord(l, o, CB_DECL)); touch(fp.reads, cbWord(l, o, CB_CPU)); }
      }
      break;
    }
    case 'drain': {
      // Draining a buffered unlock writes its lock word, even when the word is already free (a
      // second unlock), which the before/after comparison below would not see.
      const b = l.sbBase + cpu * l.sbWords;
      const loc = (s[b] ?? 0) > 0 ? (s[b + 1] ?? 0) : 0;
      const word = unlockedWord(loc);
      if (word >= 0) { touch(fp.reads, word); touch(fp.writes, word); }
      break;
    }
    // A switch touches its CPU's words, and reads the sleep flags of the tasks it may pick. Only a
    // preemption (the running task not done) reads and counts the preemptions used, and only it
    // needs the running task unable to step when that task was just switched in (canSwitch): then
    // it reads what the task's next instruction waits on, which other CPUs may change.
    case 'switch': {
      for (const t of tasksOn(p)[cpu]!) touch(fp.reads, asleepWord(l, t));
      // And the words of the locks its tasks wait on: a task sleeping on one is not picked (ops/sleeping-lock.ts).
      for (const w of waitWords(p, l, s, tasksOn(p)[cpu]!)) touch(fp.reads, w);
      const cur = currentTask(p, l, s, cpu);
      if (cur >= 0 && !taskDone(p, l, s, cur)) {
        touch(fp.reads, usedWord(l));
        touch(fp.writes, usedWord(l));
        const instr = s[freshWord(p, l, cpu)] !== 0 ? nextInstr(p, l, s, cpu, 0) : undefined;
        if (instr) fp.reads.push(...guardBits(p, instr, { cpu, level: 0 }));
      }
      break;
    }
    default:
      assertNever(move);
  }
  const violation = stepInto(p, s, move, out, obs);
  if (violation) {
    // The observer saw the reads made before the fault, and the lock words are in already; the
    // freed flag that a use-after-free or a double free found set is read before any observer
    // call (memory/sc.ts, memory/tso.ts, step.ts). Every other fault is decided by locals, private
    // words of its own CPU, or values the observer saw loaded.
    if (violation.kind === 'use-after-free' || violation.kind === 'double-free') touch(fp.reads, l.freedBase + violation.object);
    fp.faults = true;
    return { violation, fp };
  }
  const t = out;
  if (counted >= 0) {
    // The count's read and write of its word, as the observer saw them, are one count.
    const b = r.sharedBit[counted]!;
    const drop = (list: number[]): void => { for (let k = list.indexOf(b); k >= 0; k = list.indexOf(b)) list.splice(k, 1); };
    drop(fp.reads);
    drop(fp.writes);
    fp.count = b;
    fp.countBefore = s[counted]!;
    fp.countDelta = (t[counted]! - s[counted]!) | 0;
  }
  // A move may end the run only when it finishes the last context of its CPU (a task's last step,
  // the return of a handler on an idle CPU); one that leaves a context of its CPU still unfinished
  // leaves the run live whatever the other CPUs do.
  if (liveContexts(p, l, t, cpu) === 0 && liveContexts(p, l, s, cpu) > 0) fp.writes.push(r.liveBit);
  // A wakeup may finish another CPU's last context too (a task that slept in its last instruction
  // is done once awake: taskDone, ops/sched.ts), but never the run's: the waker's context is live
  // until this move, and the move writes live if it finishes that one. The words private to the
  // moving CPU change nothing below, so only the others are compared (watchOf).
  if (watched) {
    for (let k = 0; k < watched.length; k++) { const w = watched[k]!; if (t[w] !== s[w]) changed(r, fp, w, cpu, counted); }
  } else {
    const others = watch.others[cpu]!;
    for (let k = 0; k < others.length; k += 2) for (let w = others[k]!, end = others[k + 1]!; w < end; w++) if (t[w] !== s[w]) changed(r, fp, w, cpu, counted);
  }
  // Under TSO a CPU with buffered stores counts as a reader for grace periods (ops/rcu.ts), so
  // filling or emptying its buffer changes what synchronize_rcu() waits for. The two are apart:
  // a grace period started while the CPU is a reader waits for its section to end, one started
  // while it only has buffered stores waits for the drain alone (startGracePeriod), so leaving a
  // section with stores still buffered changes what a grace period starting now waits for.
  const mem = memoryOf(p);
  fp.reader = inRcuReader(l, s, cpu) !== inRcuReader(l, t, cpu) || mem.flushed(l, s, cpu) !== mem.flushed(l, t, cpu);
  return { violation: null, fp };
}

