// The events one CPU's code can generate, herd7-style: the code is run with every value a read
// could return (drawn from a finite value set per location), so each path through it is a list of
// events with the values read and written and the dependencies between them. Which write a read
// takes its value from is chosen later (candidates.ts). The event for each primitive is the
// kernel's own table, tools/memory-model/Documentation/herd-representation.txt, and
// linux-kernel.def. Pure.
import { assertNever } from '../../common/assert-never.js';
import { binaryOp, unaryOp } from '../../machine/arith.js';
import { handlerLevel, isSilent, pointee, type Code, type Expr, type FenceKind, type Level, type Loc, type Program } from '../../machine/program.js';
import { applyRmw, rmwFails } from '../../machine/ops/atomics.js';
import { isRefcountOp } from '../../machine/ops/refcount.js';
import { queueLoc } from './callback-queue.js';
import { barrierIn, barrierWaits } from './callbacks.js';
import { FREED_VALUE } from './freed-value.js';

/** linux-kernel.bell's access annotations, and 'plain' for C accesses without one. */
export type AccessTag = 'plain' | 'once' | 'acquire' | 'release' | 'noreturn' | 'mb' | 'srcu-lock' | 'srcu-unlock';
/** linux-kernel.bell's Barriers. */
export type FenceTag =
  | 'mb' | 'rmb' | 'wmb' | 'before-atomic' | 'after-atomic' | 'after-spinlock' | 'after-unlock-lock' | 'after-srcu-read-unlock'
  | 'rcu-lock' | 'rcu-unlock' | 'sync-rcu' | 'sync-srcu';
/** lock.cat's lock events: lock read and write, unlock, failed trylock, spin_is_locked true/false. */
export type LockTag = 'LKR' | 'LKW' | 'UL' | 'LF' | 'RL' | 'RU';

export interface ThreadEvent {
  readonly kind: 'R' | 'W' | 'F';
  /**
   * Memory location, or program.memInit.length + lock index for a lock, or after the locks an
   * srcu_struct's (srcuLoc); -1 for a fence other than synchronize_srcu(), which has its struct's.
   */
  readonly loc: number;
  readonly value: number;
  readonly tag: AccessTag | FenceTag;
  readonly lock: LockTag | null;
  /** An event of an RMW instruction (herd's RMW set), a failed one included. */
  readonly rmwInstr: boolean;
  /** This read and the next event are an rmw pair (an atomic's or spin_lock's LKR -> LKW). */
  readonly pairedWithNext: boolean;
  /** [code, pc] of the instruction, for reports. */
  readonly at: readonly [number, number];
  /** Indices (in this path) of the reads the address, the value written, and control depend on. */
  readonly addr: readonly number[];
  readonly data: readonly number[];
  readonly ctrl: readonly number[];
  /** The context that ran it: 0 the task, 1 an IRQ handler, 2 an NMI handler. */
  readonly level: Level;
  /** The handler (index in Program.handlers) that ran it, or -1 for the task. */
  readonly handler: number;
  /** A kfree() of this object (one plain write of FREED_VALUE per field), or -1. */
  readonly freeOf: number;
  /**
   * -1, or for an RCU callback's grace period (callbacks.ts): the index in this path of the first
   * event that is not po-before it (the event after the call_rcu()); the events from there to it
   * are unordered with it, the events after it follow it as usual.
   */
  readonly poFrom: number;
}

/** Where one context stood: its level, handler (-1: task), code and pc. */
export interface PathSite {
  readonly level: Level;
  readonly handler: number;
  readonly at: readonly [number, number];
}

/**
 * How a path ends: it ran to its end; an assert() failed (BUG_ON: nothing after it runs); a loop
 * passed its bound; a wait or spin_lock() read values that do not let it go on (`reads`: the
 * events it read them with, so the explorer can tell whether they are the last values: then it
 * waits for ever); or it read a field of a freed object (the machine stops the run there too).
 */
export type PathEnd =
  | { readonly kind: 'done' }
  | { readonly kind: 'assertion'; readonly site: PathSite }
  | { readonly kind: 'livelock'; readonly site: PathSite; readonly bound: number }
  | { readonly kind: 'blocked'; readonly site: PathSite; readonly reads: readonly number[]; readonly lock: number | null }
  | { readonly kind: 'freed-read'; readonly site: PathSite }
  /**
   * An access through a value that is no address (NULL): the path is cut there. Such a value may
   * be one no execution reads (a write later in po), so the search refuses the test only if an
   * execution with this path is consistent.
   */
  | { readonly kind: 'unsupported'; readonly reason: string };

export interface ThreadPath {
  readonly events: readonly ThreadEvent[];
  /** The task's locals when it ends (final-state conditions read them). */
  readonly locals: readonly number[];
  /** Per local of the task, the reads (indices in this path) its final value was computed from. */
  readonly localTaint: readonly (readonly number[])[];
  /**
   * The reads (indices in this path) whose values chose the path: the conditions of its ifs,
   * waits and asserts, and every RMW's read (a conditional one's outcome, an add's new value).
   * With the addresses (addr), these are what a value going round a thin-air cycle could change
   * besides the values it is copied into (execution-findings.ts, thinAirMatters).
   */
  readonly decided: readonly number[];
  readonly end: PathEnd;
  /** Per handler declaration, how many times it fired in this path. */
  readonly fired: readonly number[];
  /**
   * It ended blocked at a point where the RCU callbacks still queued on its CPU could run: the
   * paths where they do are others, so this one is an execution only when their grace period
   * never ends, which the explorer grants when some CPU stops inside a read-side critical
   * section (stuckInReader).
   */
  readonly callbacksWait: boolean;
  /** It stopped (not done) inside an RCU read-side critical section, which it never leaves. */
  readonly stuckInReader: boolean;
}

export { FREED_VALUE };

/**
 * With `withOther` (value discovery only, lkmm-explorer.ts otherRound): the value a plain load
 * returns besides those of its set, standing for every value not in it. A condition on it goes
 * both ways; a write's value that this pass does not count is this value too.
 */
export const OTHER_VALUE = -0x4f7e4f7f;

/** Thrown out of path generation when the caller's `stopped` says so (a bound, Ctrl-C). */
export class PathsStopped extends Error {
  override name = 'PathsStopped';
}

/** What the LKMM cannot run yet, said in one line. */
export class LkmmUnsupported extends Error {
  override name = 'LkmmUnsupported';
}

interface St {
  /** The context running: its code, level and handler (-1: the task). */
  code: number;
  level: Level;
  handler: number;
  pc: number;
  locals: number[];
  taint: number[][];
  /** ThreadPath.decided so far: the CPU's, shared by the contexts on it as `events` is. */
  decided: number[];
  /** With `withOther`: the reads (indices in events) that returned OTHER_VALUE. */
  other: number[];
  /** With `withOther`: a condition on OTHER_VALUE went both ways before this point. */
  forked: boolean;
  /** Reads that events are control dependent on: the pcs of an if's arms hold them (ctrlScope). */
  ctrl: { readonly deps: number[]; readonly until: number }[];
  /** Reads that every later event depends on (a wait_until's assumption). */
  assumed: number[];
  /** The CPU's, shared by the contexts on it: its events in program order, handler firings, IRQ flag. */
  events: ThreadEvent[];
  fired: number[];
  irqOff: boolean;
  /**
   * Bottom halves: the local_bh_disable() count of the context, and whether a softirq handler
   * runs on the CPU (this context or one it interrupted): preempt_count's SOFTIRQ field, which
   * the context tests read (ops/softirq.ts contextTest) and which keeps softirqs from starting.
   */
  bh: number;
  serving: boolean;
  /** Handlers were offered at this pc already (a firing returns to the same point). */
  offered: boolean;
  /** Within one wait_until: the reads made so far, [loc, value, event], so its condition and the value it returns read each location once. */
  once: [number, number, number][] | null;
  /**
   * The CPU's, like events: RCU callbacks queued on it and not started, each its handler and
   * `mark`, the number of the CPU's events up to its call_rcu() (those po-before its grace
   * period: callbacks.ts); and how many queuings this path has made (MAX_QUEUES).
   */
  queued: { readonly h: number; readonly mark: number }[];
  queues: number;
}

type K = (v: number, deps: number[], st: St) => void;
/** What a caller says about an event; emit() fills in the rest. */
type EventSpec = Pick<ThreadEvent, 'tag' | 'addr' | 'data'> & Partial<Pick<ThreadEvent, 'lock' | 'rmwInstr' | 'pairedWithNext' | 'freeOf' | 'poFrom'>>;

const FENCE_TAGS: Readonly<Record<FenceKind, FenceTag>> = {
  smp_mb: 'mb', smp_rmb: 'rmb', smp_wmb: 'wmb',
  smp_mb__before_atomic: 'before-atomic', smp_mb__after_atomic: 'after-atomic',
  smp_mb__after_spinlock: 'after-spinlock', smp_mb__after_unlock_lock: 'after-unlock-lock',
  smp_mb__after_srcu_read_unlock: 'after-srcu-read-unlock',
};

/** An idle CPU's task: no instructions. */
const IDLE: Code = { name: 'idle', instrs: [], localNames: [] };

/** Queuings of RCU callbacks in one path before the search refuses (a callback that queues itself). */
const MAX_QUEUES = 8;

const union = (...xs: readonly (readonly number[])[]): number[] => [...new Set(xs.flat())].sort((a, b) => a - b);

/**
 * Every path of CPU `cpu`: its task's code (none for an idle CPU) with the interrupt handlers
 * that may fire on it inserted in its program order at every point they may fire (IRQs: while
 * the CPU's IRQs are enabled and no handler runs; NMIs: anywhere but inside an NMI; both only at
 * their `at` labels when they have them, and at most `max` times: the explorer bounds the sum
 * over CPUs), reads returning any value of `domain(loc)`. A handler runs to completion before
 * the context it interrupted goes on (ops/interrupts.ts): its events are po-between the events
 * before and after the point it fired at, as a handler's instructions are on the CPU.
 * Loops run to their bound (loop instructions count as the machine's do; past it: livelock).
 */
export function cpuPaths(p: Program, cpu: number, domain: (loc: number) => readonly number[], stopped: () => boolean = () => false, withOther = false): ThreadPath[] {
  const taskCode = p.tasks[cpu] ?? -1;
  const out: ThreadPath[] = [];
  const barrier = barrierIn(p);
  const lockLoc = (lock: number): number => p.memInit.length + lock;
  const srcuLoc = (ss: number): number => p.memInit.length + p.locks.length + ss;
  const clone = (st: St): St => ({ ...st, locals: [...st.locals], taint: st.taint.map((t) => [...t]), decided: [...st.decided], other: [...st.other], forked: st.forked, ctrl: [...st.ctrl], events: [...st.events], fired: [...st.fired], once: st.once && [...st.once], queued: [...st.queued] });
  const ctrlNow = (st: St): number[] => union(st.assumed, ...st.ctrl.filter((c) => st.pc < c.until).map((c) => c.deps));
  const codeOf = (st: St): Code => p.codes[st.code] ?? IDLE;
  const textOf = (st: St): string => codeOf(st).instrs[st.pc]?.text ?? '';
  const site = (st: St): PathSite => ({ level: st.level, handler: st.handler, at: [st.code, st.pc] });
  const fresh = (code: number, level: Level, handler: number): St => {
    const names = p.codes[code]?.localNames ?? [];
    return { code, level, handler, pc: 0, locals: names.map(() => 0), taint: names.map(() => []), decided: [], other: [], forked: false, ctrl: [], assumed: [], events: [], fired: p.handlers.map(() => 0), irqOff: false, bh: 0, serving: false, offered: false, once: null, queued: [], queues: 0 };
  };

  const emit = (st: St, e: EventSpec & Pick<ThreadEvent, 'kind' | 'loc' | 'value'>): number => {
    // An ablated dependency (ablate-dependency.ts): the values flow as before, the relation not.
    const drop = codeOf(st).instrs[st.pc]?.dropDep;
    const dropped = drop === 'addr' ? { addr: [] } : drop === 'data' ? { data: [] } : {};
    // With `withOther` (value discovery): a write's value counts (is not OTHER_VALUE) only when
    // written after a condition on OTHER_VALUE went both ways and computed from no value read
    // (no data dependency, no RMW): everything else the levels' own rounds find, or is thin air.
    if (withOther && e.kind === 'W' && (!st.forked || e.data.length > 0 || e.rmwInstr === true)) e = { ...e, value: OTHER_VALUE };
    st.events.push({ lock: null, rmwInstr: false, pairedWithNext: false, freeOf: -1, poFrom: -1, ...e, ...dropped, at: [st.code, st.pc], ctrl: ctrlNow(st), level: st.level, handler: st.handler });
    return st.events.length - 1;
  };

  /** Whether a value depending on the reads `deps` depends on one that returned OTHER_VALUE. */
  const fromOther = (st: St, deps: readonly number[]): boolean => deps.some((i) => st.other.includes(i));
  /** A condition on the values `deps` goes both ways when one of them is OTHER_VALUE. */
  const eitherWay = (st: St, deps: readonly number[]): boolean => {
    if (st.other.length === 0 || !fromOther(st, deps)) return false;
    st.forked = true;
    return true;
  };

  const resolve = (l: Loc, st: St, k: (loc: number, deps: number[], st: St) => void): void => {
    switch (l.kind) {
      case 'deref':
        return expr(l.ptr, st, (ptr, deps, s) => {
          // A pointer read from a freed object: the access through it stops the CPU (the read
          // that returned it is the use-after-free, execution-findings.ts).
          if (ptr === FREED_VALUE) return finish(s, { kind: 'freed-read', site: site(s) });
          const obj = pointee(p, ptr);
          const loc = obj < 0 ? undefined : p.objects[obj]!.fields.get(l.field);
          if (loc === undefined) return void finish(s, { kind: 'unsupported', reason: `an access through ${ptr === 0 ? 'NULL' : `the non-pointer ${ptr}`} (${textOf(s)})` });
          k(loc, deps, s);
        });
      case 'array': {
        const decl = p.arrays[l.array]!;
        const go = (i: number, flat: number, deps: number[], s: St): void => {
          if (i === l.index.length) return k(decl.base + flat, deps, s);
          expr(l.index[i]!, s, (v, d, s2) => {
            const dim = decl.dims[i]!;
            if (v < 0 || v >= dim) return void finish(s2, { kind: 'unsupported', reason: `an index out of range in ${textOf(s2)}` });
            go(i + 1, flat * dim + v, union(deps, d), s2);
          });
        };
        return go(0, 0, [], st);
      }
      default:
        return assertNever(l);
    }
  };

  /** A read of `loc`, once per value it may return (FREED_VALUE too: the CPU goes on with it). */
  const read = (st: St, loc: number, values: readonly number[], ev: (v: number) => EventSpec, k: (v: number, id: number, s: St) => void): void => {
    const seen = st.once?.find(([l]) => l === loc);
    if (seen) return k(seen[1], seen[2], st);
    for (const v of values) {
      // Paths multiply at reads: the deadline and Ctrl-C are asked here.
      if (stopped()) throw new PathsStopped();
      const s = clone(st);
      const id = emit(s, { kind: 'R', loc, value: v, ...ev(v) });
      if (s.once) s.once.push([loc, v, id]);
      k(v, id, s);
    }
  };

  const expr = (e: Expr, st: St, k: K): void => {
    switch (e.kind) {
      case 'const': return k(e.v, [], st);
      case 'local': return k(st.locals[e.slot] ?? 0, st.taint[e.slot] ?? [], st);
      case 'this_cpu': return k(cpu, [], st);
      case 'this_context': return k(st.level, [], st);
      // include/linux/preempt.h on preempt_count's fields, as the machine reads them
      // (ops/softirq.ts contextTest): hardirq for IRQs and NMIs, softirq_count() for a running
      // softirq or a local_bh_disable() count.
      case 'context_test': {
        const hardirq = st.level === 1 || st.level === 2;
        const softirq = st.serving || st.bh > 0;
        switch (e.test) {
          case 'in_task': return k(hardirq || st.serving ? 0 : 1, [], st);
          case 'in_hardirq': return k(hardirq ? 1 : 0, [], st);
          case 'in_nmi': return k(st.level === 2 ? 1 : 0, [], st);
          case 'in_serving_softirq': return k(st.serving ? 1 : 0, [], st);
          case 'in_softirq': return k(softirq ? 1 : 0, [], st);
          case 'in_interrupt': return k(hardirq || softirq ? 1 : 0, [], st);
          default: return assertNever(e.test);
        }
      }
      case 'load':
        return resolve(e.loc, st, (loc, addr, s) => read(s, loc, withOther ? [...domain(loc), OTHER_VALUE] : domain(loc), () => ({ tag: e.order, addr, data: [] }), (v, id, s2) => {
          if (v === OTHER_VALUE) s2.other = [...s2.other, id];
          k(v, [id], s2);
        }));
      case 'un': return expr(e.a, st, (v, d, s) => k(unaryOp(e.op, v), d, s));
      case 'bin': {
        const op = e.op;
        if (op === '&&' || op === '||') {
          return expr(e.a, st, (a, da, s) => {
            if ((op === '&&') === (a === 0)) return k(op === '&&' ? 0 : 1, da, s);
            expr(e.b, s, (b, db, s2) => k(b !== 0 ? 1 : 0, union(da, db), s2));
          });
        }
        return expr(e.a, st, (a, da, s) => expr(e.b, s, (b, db, s2) => {
          const v = binaryOp(op, a, b);
          if (v === null && eitherWay(s2, union(da, db))) return k(OTHER_VALUE, union(da, db), s2);
          if (v === null) throw new LkmmUnsupported(`a division by zero in ${textOf(s2)}`);
          k(v, union(da, db), s2);
        }));
      }
      case 'rmw': return rmw(e, st, k);
      case 'lock_value': {
        const loc = lockLoc(e.lock);
        switch (e.query) {
          case 'trylock':
            // Success: LKR ->po LKW; failure: LF, a read of the held lock (herd-representation.txt).
            read(st, loc, [0], () => ({ tag: 'acquire', lock: 'LKR', pairedWithNext: true, addr: [], data: [] }), (_v, _id, s) => {
              emit(s, { kind: 'W', loc, value: 1, tag: 'once', lock: 'LKW', addr: [], data: [] });
              k(1, [], s);
            });
            return read(st, loc, [1], () => ({ tag: 'once', lock: 'LF', addr: [], data: [] }), (_v, id, s) => k(0, [id], s));
          case 'is_locked':
            return read(st, loc, [0, 1], (v) => ({ tag: 'once', lock: v === 1 ? 'RL' : 'RU', addr: [], data: [] }), (v, id, s) => k(v, [id], s));
          case 'read_trylock': case 'write_trylock':
            throw new LkmmUnsupported(`${e.query}() (the LKMM has spinlocks only)`);
          default:
            return assertNever(e.query);
        }
      }
      default:
        return assertNever(e);
    }
  };

  /** An atomic: its read, then (unless it fails) its write (herd-representation.txt, RMW rows). */
  const rmw = (e: Extract<Expr, { kind: 'rmw' }>, st: St, k: K): void => {
    const evalArgs = (i: number, vals: number[], deps: number[], s: St, done: (vals: number[], deps: number[], s: St) => void): void => {
      if (i === e.args.length) return done(vals, deps, s);
      expr(e.args[i]!, s, (v, d, s2) => evalArgs(i + 1, [...vals, v], union(deps, d), s2, done));
    };
    resolve(e.loc, st, (loc, addr, s0) => evalArgs(0, [], [], s0, (args, argDeps, s1) => {
      const noreturn = e.order === 'noreturn';
      const full = !noreturn && e.order === undefined;
      const rTag: AccessTag = noreturn ? 'noreturn' : full ? 'mb' : e.order === 'acquire' ? 'acquire' : 'once';
      const wTag: AccessTag = full ? 'mb' : e.order === 'release' ? 'release' : 'once';
      // An RMW reads and writes in one event pair: never the cached read of a wait's condition.
      const once = s1.once;
      s1.once = null;
      read(s1, loc, domain(loc), () => ({ tag: rTag, rmwInstr: true, addr, data: [] }), (old, rid, s) => {
        s.once = once && [...once];
        s.decided = union(s.decided, [rid], argDeps);
        // One place says what an RMW returns and writes (ops/atomics.ts); a conditional one that
        // fails (cmpxchg that sees another value, atomic_add_unless that sees u) writes nothing.
        // refcount_t is no part of linux-kernel.def, and its WARNs no part of the model.
        if (isRefcountOp(e.op)) throw new LkmmUnsupported(`${e.op} (refcount_t) under lkmm`);
        const { result, next } = applyRmw(e.op, old, args);
        const failed = rmwFails(e.op, old, args);
        const write: number | null = failed ? null : next;
        const r = s.events[rid]!;
        if (write === null) {
          // A failed conditional RMW is a read of its own and orders nothing: R*[once].
          s.events[rid] = { ...r, tag: 'once' };
        } else {
          s.events[rid] = { ...r, pairedWithNext: true };
          emit(s, { kind: 'W', loc, value: write, tag: wTag, rmwInstr: true, addr, data: argDeps });
        }
        k(result, noreturn ? [] : union([rid], argDeps), s);
      });
    }));
  };

  /**
   * A path ends: the task's locals and how it ended. A CPU that stops inside an RCU read-side
   * critical section (a failed assert, a read of freed memory, a wait for ever) never leaves it;
   * its section is closed where it stopped (an rcu-unlock event per open rcu_read_lock()), so
   * linux-kernel.cat's RCU axiom still orders the accesses it made with every grace period, as
   * the accesses of the longer section it stands for would be.
   */
  const finish = (st: St, end: PathEnd, locals: readonly number[] = st.level === 0 ? st.locals : [], localTaint: readonly (readonly number[])[] = st.level === 0 ? st.taint : []): void => {
    // A task that waits for ever still runs softirqs, so its queued RCU callbacks once their grace
    // period ends, and they may write what it waits for: the paths where they run are made here
    // (then the wait's reads are no longer the last ones, and the candidate is dropped). The path
    // where they do not run is kept, marked (callbacksWait) for the explorer to judge.
    const wait = end.kind === 'blocked' && st.queued.length > 0 && mayRunCallbacks(st);
    if (wait) for (const q of st.queued) fire(clone(st), q.h, (back) => finish(back, end, locals, localTaint));
    let open = openSections(st.events);
    const stuckInReader = end.kind !== 'done' && open > 0;
    const events = [...st.events];
    for (; end.kind !== 'done' && open > 0; open--) events.push({ ...events.at(-1)!, kind: 'F', loc: -1, value: 0, tag: 'rcu-unlock', lock: null, rmwInstr: false, pairedWithNext: false, addr: [], data: [], freeOf: -1, poFrom: -1 });
    out.push({ events, locals, localTaint, decided: st.decided, end, fired: st.fired, callbacksWait: wait, stuckInReader });
  };

  /** Where a softirq, so an RCU callback, may start (ops/softirq.ts softirqMayStart): the task, IRQs on, bottom halves enabled. */
  const mayRunCallbacks = (st: St): boolean => st.level === 0 && !st.irqOff && st.bh === 0 && !st.serving;

  /**
   * The task (or an idle CPU) has no step left. RCU callbacks still queued run after it (offer()
   * fires them at its end, in other paths), so a path that leaves one queued is none; one that
   * cannot run them (IRQs or bottom halves left off) is refused, as the machine would leave them
   * queued for ever.
   */
  const ended = (st: St): void => {
    if (st.queued.length === 0) return finish(st, { kind: 'done' });
    if (!mayRunCallbacks(st)) finish(st, { kind: 'unsupported', reason: 'a CPU that ends with IRQs or bottom halves off and RCU callbacks queued' });
  };

  /**
   * The handlers that may fire on this CPU now, before the instruction at st.pc, as
   * ops/interrupts.ts canFire decides: an NMI anywhere but in an NMI; an IRQ in the task or a
   * softirq (which runs with IRQs on) while IRQs are on; a softirq in the task with IRQs on and
   * bottom halves enabled (ops/softirq.ts softirqMayStart: kernel/softirq.c runs pending softirqs
   * on irq_exit() and local_bh_enable() only `if (!in_interrupt() ...)`); an RCU callback queued on
   * this CPU where a softirq may start, its grace period being the model's business (callbacks.ts).
   */
  const canFire = (st: St, h: number): boolean => {
    const d = p.handlers[h]!;
    if (!d.cpus.includes(cpu) || st.level === 2) return false;
    if (d.callback) return mayRunCallbacks(st) && st.queued.some((q) => q.h === h);
    if (st.fired[h]! >= d.max) return false;
    if (d.kind === 'irq' && ((st.level !== 0 && st.level !== 3) || st.irqOff)) return false;
    if (d.kind === 'softirq' && (st.level !== 0 || st.irqOff || st.bh > 0 || st.serving)) return false;
    const ins = codeOf(st).instrs[st.pc];
    return d.at === null || (ins !== undefined && ins.labels.some((l) => d.at!.includes(l)));
  };

  /** Run handler `h` to its end on top of `st`, then go on with `k` at the same point. */
  const fire = (st: St, h: number, k: (s: St) => void): void => {
    const d = p.handlers[h]!;
    const queued = d.callback ? st.queued.find((q) => q.h === h) : undefined;
    const inner = fresh(d.code, handlerLevel(d.kind), h);
    inner.events = [...st.events];
    inner.decided = [...st.decided];
    inner.other = [...st.other];
    inner.forked = st.forked;
    inner.fired = [...st.fired];
    // An RCU callback is bounded by its queuings, not by `max` (ops/softirq.ts enterSoftirq).
    if (!queued) inner.fired[h]! += 1;
    inner.queued = st.queued.filter((q) => q.h !== h);
    inner.queues = st.queues;
    // Hardirqs run with IRQs disabled (ops/interrupts.ts enterHandler), NMIs too; a softirq with
    // IRQs on (__do_softirq enables them) and the softirq count raised.
    inner.irqOff = d.kind !== 'softirq';
    inner.bh = st.bh;
    inner.serving = st.serving || d.kind === 'softirq';
    // An RCU callback's grace period: po-after the events up to its call_rcu() only, and before
    // the callback's read-side section, which begins after the grace period has ended (callbacks.ts).
    if (queued) emit(inner, { kind: 'F', loc: -1, value: 0, tag: 'sync-rcu', poFrom: queued.mark, addr: [], data: [] });
    // A running softirq has bottom halves off, which makes it an RCU read-side critical section
    // (as a local_bh_disable() region is, below).
    if (d.kind === 'softirq') emit(inner, { kind: 'F', loc: -1, value: 0, tag: 'rcu-lock', addr: [], data: [] });
    run(inner, (done) => {
      if (d.kind === 'softirq') {
        // Shown on the handler's last statement's row (its pc is past the end now).
        done.pc = Math.max(0, codeOf(done).instrs.length - 1);
        // The callback has returned: complete() for a waiting rcu_barrier() (callbacks.ts).
        if (queued && barrier) emit(done, { kind: 'W', loc: queueLoc(p, d.callback!.object), value: 0, tag: 'release', addr: [], data: [] });
        emit(done, { kind: 'F', loc: -1, value: 0, tag: 'rcu-unlock', addr: [], data: [] });
      }
      const back = clone(st);
      back.events = done.events;
      back.decided = done.decided;
      back.other = done.other;
      back.forked = done.forked;
      back.fired = done.fired;
      back.queued = done.queued;
      back.queues = done.queues;
      k(back);
    });
  };

  /** Offer every handler at this point: not firing, and firing each (then offering again). */
  const offer = (st: St, k: (s: St) => void): void => {
    const here = clone(st);
    k(st);
    for (let h = 0; h < p.handlers.length; h++) if (canFire(here, h)) fire(clone(here), h, (back) => offer(back, k));
  };

  /** Run the context in `st` to its end, then `done`; a path that ends early is pushed by finish. */
  const run = (st: St, done: (s: St) => void): void => step(st, done);

  const step = (st: St, done: (s: St) => void): void => {
    const code = codeOf(st);
    for (;;) {
      const ins = code.instrs[st.pc];
      // Interrupts may fire before any step (never inside one: a silent instruction is part of
      // the step before it) and, in the task, after its last.
      if (!st.offered && p.handlers.length > 0 && (ins ? !isSilent(ins) : st.level === 0)) {
        return offer(st, (s) => { s.offered = true; step(s, done); });
      }
      if (!ins) return done(st);
      const next = (s: St): void => { s.pc++; s.offered = false; step(s, done); };
      st.offered = false;
      switch (ins.op) {
        case 'assign':
          return expr(ins.value, st, (v, d, s) => { s.locals[ins.local] = v; s.taint[ins.local] = d; next(s); });
        case 'store':
          return resolve(ins.loc, st, (loc, addr, s) => expr(ins.value, s, (v, data, s2) => {
            emit(s2, { kind: 'W', loc, value: v, tag: ins.order, addr, data });
            next(s2);
          }));
        case 'eval': return expr(ins.value, st, (_v, _d, s) => next(s));
        case 'fence': emit(st, { kind: 'F', loc: -1, value: 0, tag: FENCE_TAGS[ins.kind], addr: [], data: [] }); st.pc++; continue;
        case 'branch':
          return expr(ins.cond, st, (v, d, s) => {
            s.decided = union(s.decided, d);
            // A control dependency reaches only the events in the if's then- and else-arms, not
            // those after it (tools/memory-model/Documentation/explanation.txt, "control
            // dependency", as weakened in 2022; memory-barriers.txt: "control dependencies apply
            // only to the then-clause and else-clause of the if-statement"). herd7 agrees: in the
            // paulmckrcu/litmus collection, C-LB-LRW+R-A+R-Ok's write after its if is "Sometimes".
            if (d.length > 0 && ins.dropDep !== 'ctrl') s.ctrl = [...s.ctrl.filter((c) => s.pc < c.until), { deps: d, until: ifJoin(code, s.pc) }];
            if (eitherWay(s, d)) next(clone(s));
            else if (v !== 0) return next(s);
            for (const c of ins.clear) { s.locals[c] = 0; s.taint[c] = []; }
            s.pc = ins.to;
            s.offered = false;
            step(s, done);
          });
        case 'jump':
          for (const c of ins.clear) { st.locals[c] = 0; st.taint[c] = []; }
          st.pc = ins.to;
          continue;
        case 'loop': {
          // The loop's back-edge, as the machine counts it (step.ts): past its bound, a livelock.
          const n = (st.locals[ins.counter] ?? 0) + 1;
          if (n > ins.bound) return finish(st, { kind: 'livelock', site: site(st), bound: ins.bound });
          st.locals[ins.counter] = n;
          st.pc = ins.to;
          continue;
        }
        case 'wait_until': {
          // A spin until the condition holds is an assumption on the values read (as herd7 and
          // GenMC treat spin loops: Kokologiannakis, Raad and Vafeiadis, "Model checking for
          // weakly consistent libraries", PLDI 2019, §4 "await" loops): a path where it does not
          // hold ends blocked, and is an execution only when the values it read are the last
          // ones (the explorer's deadlock); otherwise the wait reads again later, which is
          // another path. Each location is read once per try (the machine's one step): `once`.
          st.once = [];
          const first = st.events.length;
          return expr(ins.cond, st, (v, d, s) => {
            s.decided = union(s.decided, d);
            const reads = s.events.flatMap((e, i) => (i >= first && e.kind === 'R' ? [i] : []));
            if (v === 0 || eitherWay(s, d)) {
              const stop = eitherWay(s, d) ? clone(s) : s;
              stop.once = null;
              finish(stop, { kind: 'blocked', site: site(stop), reads, lock: null });
              if (stop === s) return;
            }
            s.assumed = union(s.assumed, d);
            if (!ins.into) { s.once = null; return next(s); }
            expr(ins.into.value, s, (w, dw, s2) => {
              s2.once = null;
              s2.locals[ins.into!.local] = w;
              s2.taint[ins.into!.local] = dw;
              next(s2);
            });
          });
        }
        case 'assert':
          // BUG_ON(): nothing after a failed assertion runs on this CPU (the machine's run stops).
          return expr(ins.cond, st, (v, d, s) => {
            s.decided = union(s.decided, d);
            if (eitherWay(s, d)) finish(clone(s), { kind: 'assertion', site: site(s) });
            else if (v === 0) return finish(s, { kind: 'assertion', site: site(s) });
            next(s);
          });
        case 'free':
          return expr(ins.ptr, st, (ptr, deps, s) => {
            if (ptr === 0) return next(s); // kfree(NULL) does nothing (mm/slub.c)
            if (ptr === OTHER_VALUE) return finish(s, { kind: 'unsupported', reason: 'a free through a value found no write of' });
            const obj = pointee(p, ptr);
            const decl = obj < 0 ? undefined : p.objects[obj];
            if (!decl?.heap || decl.pool !== undefined) throw new LkmmUnsupported(`a free of something other than a declared heap object (${textOf(s)}) under lkmm`);
            // One marked write per field (FREED_VALUE): an access that reads it (or a later
            // write), or writes after it in co, came after the free (execution-findings.ts).
            for (const loc of [...decl.fields.values()].sort((a, b) => a - b)) emit(s, { kind: 'W', loc, value: FREED_VALUE, tag: 'once', freeOf: obj, addr: deps, data: [] });
            next(s);
          });
        case 'rcu': emit(st, { kind: 'F', loc: -1, value: 0, tag: ins.kind === 'rcu_read_lock' ? 'rcu-lock' : 'rcu-unlock', addr: [], data: [] }); st.pc++; continue;
        case 'synchronize_rcu_start': emit(st, { kind: 'F', loc: -1, value: 0, tag: 'sync-rcu', addr: [], data: [] }); st.pc++; continue;
        case 'synchronize_rcu_wait': st.pc++; continue;
        case 'lock': {
          const loc = lockLoc(ins.lock);
          if (ins.kind === 'spin_lock') {
            // LKR ->po LKW (herd-representation.txt); the LKR reads the lock free (lock.cat).
            // Or it reads the lock held, and spins: blocked, a deadlock when that is the lock's
            // last value (lkmm-explorer.ts). The read is then lock.cat's LF, a read of a held lock.
            const held = clone(st);
            const id = emit(held, { kind: 'R', loc, value: 1, tag: 'once', lock: 'LF', addr: [], data: [] });
            finish(held, { kind: 'blocked', site: site(held), reads: [id], lock: ins.lock });
            emit(st, { kind: 'R', loc, value: 0, tag: 'acquire', lock: 'LKR', pairedWithNext: true, addr: [], data: [] });
            emit(st, { kind: 'W', loc, value: 1, tag: 'once', lock: 'LKW', addr: [], data: [] });
          } else if (ins.kind === 'spin_unlock') {
            emit(st, { kind: 'W', loc, value: 0, tag: 'release', lock: 'UL', addr: [], data: [] });
          } else throw new LkmmUnsupported(`${ins.kind}() (the LKMM has spinlocks only)`);
          st.pc++;
          continue;
        }
        case 'irq': {
          if (ins.kind === 'local_bh_disable' || ins.kind === 'local_bh_enable') {
            // The bottom-half count decides where softirqs may start (ops/softirq.ts bhStep). Its
            // misuses the machine reports are refused here, as enabling IRQs in a handler is.
            const on = ins.kind === 'local_bh_enable';
            if (on && (st.level === 1 || st.level === 2 || st.irqOff || st.bh === 0)) throw new LkmmUnsupported(`${ins.text}: a local_bh_enable() misuse (in hardirq context, with IRQs off, or unbalanced) the LKMM search does not report`);
            st.bh += on ? -1 : 1;
            // A bottom-half-disabled region is an RCU read-side critical section since v5.0
            // (include/linux/rcupdate.h, rcu_read_lock_bh(): "anything else that disables
            // softirqs can also serve as an RCU read-side critical section"); the machine counts
            // it as a reader too (state.ts inRcuReader). rcu_read_lock_bh() lowers to it.
            emit(st, { kind: 'F', loc: -1, value: 0, tag: on ? 'rcu-unlock' : 'rcu-lock', addr: [], data: [] });
            st.pc++;
            continue;
          }
          // The CPU's IRQ flag decides where IRQ handlers may fire (ops/interrupts.ts irqStep).
          if (ins.kind === 'local_irq_save') st.locals[ins.flags] = st.irqOff ? 1 : 0;
          const off = ins.kind === 'local_irq_disable' || ins.kind === 'local_irq_save' ? true
            : ins.kind === 'local_irq_enable' ? false : (st.locals[ins.flags] ?? 0) !== 0;
          if (!off && (st.level === 1 || st.level === 2)) throw new LkmmUnsupported(`${ins.kind}() enabling IRQs inside an interrupt handler (a misuse the LKMM search does not report)`);
          st.irqOff = off;
          st.pc++;
          continue;
        }
        // Preemption orders nothing on one CPU with one task.
        case 'preempt': case 'nop': st.pc++; continue;
        case 'alloc': throw new LkmmUnsupported(`an allocation (${ins.text}) under lkmm: the LKMM has no allocator`);
        case 'srcu': {
          // linux-kernel.def: srcu_read_lock(X) __load{srcu-lock}(*X), srcu_read_unlock(X,Y)
          // { __store{srcu-unlock}(*X,Y); }, synchronize_srcu(X) { __srcu{sync-srcu}(X); }: a
          // read of the struct whose value is the index, a write of the index back (the bell
          // pairs them by that data flow, srcu-rscs), and a fence on the struct's location.
          const loc = srcuLoc(ins.ss);
          const kind = ins.kind;
          // linux-kernel.def: srcu_down_read(X) __load{srcu-lock}(*X), srcu_up_read(X,Y)
          // { __store{srcu-unlock}(*X,Y); }: the same events as srcu_read_lock/unlock. The bell's
          // carry-srcu-data ((data ; [~ Srcu-unlock] ; rf)*) pairs an up in another thread with
          // its down through the index passed in memory. In an NMI the machine reports a misuse
          // (srcu.h), which the LKMM search does not: refused, as the other misuses are.
          if ((kind === 'srcu_down_read' || kind === 'srcu_up_read') && st.level === 2) throw new LkmmUnsupported(`${ins.text}: ${kind}() in an NMI handler, a misuse (srcu.h) the LKMM search does not report`);
          switch (kind) {
            case 'srcu_read_lock': case 'srcu_down_read':
              return read(st, loc, domain(loc), () => ({ tag: 'srcu-lock', addr: [], data: [] }), (v, id, s) => {
                if (ins.local >= 0) { s.locals[ins.local] = v; s.taint[ins.local] = [id]; }
                next(s);
              });
            case 'srcu_read_unlock': case 'srcu_up_read':
              return expr(ins.idx, st, (v, data, s) => { emit(s, { kind: 'W', loc, value: v, tag: 'srcu-unlock', addr: [], data }); next(s); });
            case 'synchronize_srcu_start': emit(st, { kind: 'F', loc, value: 0, tag: 'sync-srcu', addr: [], data: [] }); st.pc++; continue;
            case 'synchronize_srcu_wait': st.pc++; continue;
            default: return assertNever(kind);
          }
        }
        case 'rcu_callback': {
          const kind = ins.kind;
          switch (kind) {
            case 'call_rcu': case 'kfree_rcu':
              return expr(ins.ptr, st, (ptr, deps, s) => {
                const o = pointee(p, ptr);
                const h = o >= 0 ? (ins.decls[o] ?? -1) : -1;
                // Misuses the machine reports; the value may be one no execution reads (as for an
                // access through NULL), so the path is cut and refused only if consistent.
                if (h < 0) return void finish(s, { kind: 'unsupported', reason: `${kind}() of ${ptr === 0 ? 'NULL' : 'a value that is no object with this callback head'} (${textOf(s)}), a misuse the LKMM search does not report` });
                if (s.queued.some((q) => p.handlers[q.h]!.callback!.object === o)) return void finish(s, { kind: 'unsupported', reason: `a double call_rcu() (${textOf(s)}), a misuse the LKMM search does not report` });
                if (++s.queues > MAX_QUEUES) throw new LkmmUnsupported(`more than ${MAX_QUEUES} RCU callbacks queued in one run (${textOf(s)})`);
                if (barrier) emit(s, { kind: 'W', loc: queueLoc(p, o), value: h + 1, tag: 'once', addr: deps, data: [] });
                s.queued.push({ h, mark: s.events.length });
                next(s);
              });
            case 'rcu_barrier_start': {
              // It sleeps: in atomic context a misuse the machine reports.
              if (st.level !== 0 || st.irqOff || st.bh > 0 || openSections(st.events) > 0) return finish(st, { kind: 'unsupported', reason: `${ins.text} in atomic context, a misuse the LKMM search does not report` });
              // Each callback queue it waits on, read once per try, as wait_until reads (callbacks.ts).
              const waits = barrierWaits(p, ins.kvfree === true);
              const first = st.events.length;
              const each = (k: number, s: St): void => {
                const w = waits[k];
                if (!w) return next(s);
                const loc = queueLoc(p, w.object);
                read(s, loc, domain(loc), () => ({ tag: 'acquire', addr: [], data: [] }), (v, _id, s2) => {
                  if (!w.values.has(v)) return each(k + 1, s2);
                  finish(s2, { kind: 'blocked', site: site(s2), reads: s2.events.flatMap((e, i) => (i >= first && e.kind === 'R' ? [i] : [])), lock: null });
                });
              };
              return each(0, st);
            }
            case 'rcu_barrier_wait': st.pc++; continue;
            default: return assertNever(kind);
          }
        }
        case 'sched': throw new LkmmUnsupported(`the scheduler (${ins.text}) under lkmm`);
        default: return assertNever(ins);
      }
    }
  };

  if (taskCode < 0) {
    // An idle CPU still takes interrupts (ops/interrupts.ts): an empty task they may fire in.
    const idle = fresh(-1, 0, -1);
    if (p.handlers.length === 0) return [{ events: [], locals: [], localTaint: [], decided: [], end: { kind: 'done' }, fired: idle.fired, callbacksWait: false, stuckInReader: false }];
    offer(idle, ended);
    return out;
  }
  run(fresh(taskCode, 0, -1), ended);
  return out;
}

/** rcu_read_lock()s (and softirq and BH-off sections) not yet closed in `events`. */
function openSections(events: readonly ThreadEvent[]): number {
  let open = 0;
  for (const e of events) open += e.tag === 'rcu-lock' ? 1 : e.tag === 'rcu-unlock' ? -1 : 0;
  return open;
}

/**
 * The first pc after the if-statement whose branch is at `pc`: its false target, or, when its
 * then-arm ends with the jump over an else-arm (compile-code.ts emits it with the if's own
 * source span), that jump's target.
 */
function ifJoin(code: Code, pc: number): number {
  const br = code.instrs[pc];
  if (!br || br.op !== 'branch') return pc + 1;
  const last = code.instrs[br.to - 1];
  const overElse = last?.op === 'jump' && br.to - 1 > pc && last.to > br.to && last.span.start === br.span.start && last.span.end === br.span.end;
  return overElse ? last.to : br.to;
}
