// The LKMM search, herd7's way (Alglave, Maranget and Tautschnig, "Herding cats", TOPLAS 2014):
// every candidate execution of a loop-free program (a path per CPU, a write for each read to
// read from, a coherence order per location) is built and judged by linux-kernel-cat.ts; the
// final states of the consistent ones are the outcomes. Exhaustive over a finite candidate set,
// so a complete run is exact; a budget that stops it early says inconclusive, never safe.
// Pure: the clock comes in through Budget.
import { assertNever } from '../../common/assert-never.js';
import type { Span } from '../../common/span.js';
import { binaryOp, unaryOp } from '../../machine/arith.js';
import { pointee, type Expr, type FinalExpr, type Loc, type Program } from '../../machine/program.js';
import type { Bound, Budget, Explorer, FinalState, Finding, Outcome } from '../explorer.js';
import { verdictOf } from '../explorer.js';
import { cpuPaths, LkmmUnsupported, OTHER_VALUE, PathsStopped, type ThreadEvent, type ThreadPath } from './events.js';
import { executionFindings, symbolicKey, THIN_AIR, thinAir } from './execution-findings.js';
import { graphOf } from './graph-of.js';
import { Base, type ExecEvent, type Execution } from './execution.js';
import { coherentChoices, hasCoherentChoice, type LocationChoice } from './coherent.js';
import { judge, judgeWhole, MONOTONE } from './linux-kernel-cat.js';
import { Relation } from './relation.js';
import { lkmmRefusal } from './unsupported.js';

/** Rounds of widening the value sets before giving up (values computed from values read). */
const MAX_VALUE_ROUNDS = 8;
/** Values one location may take before the search gives up rather than explode. */
const MAX_VALUES = 16;
/**
 * The same, for the first two levels of widening when the next can take over: a count an RMW
 * feeds back grows by one or two values a round there, and each round multiplies the paths (the
 * seed race's bucket-refcount with an IRQ: 850,000 paths of CPU 0 at round 7 of the first, 75 s,
 * before 16 values diverged; the second diverged too, after about 200 s). Every level is complete
 * where it is used, so this only decides which one answers.
 */
const MAX_PATH_VALUES = 6;

/** Why an lkmm program cannot be checked, in one line, or null when it can (before any search). */
export function lkmmUnsupported(p: Program): string | null {
  return lkmmRefusal(p)?.reason ?? null;
}

/**
 * The value sets the search reads from, location by location (those no access touches are left
 * out), and the level of pathsToFixpoint that settled them; thrown LkmmUnsupported when none does.
 * With `only`, that level's sets alone (a test checks each level on programs another settles).
 * For tests and reports: the search itself is exploreLkmm.
 */
export function lkmmValueSets(p: Program, only?: Widening): { readonly level: Settled['level']; readonly values: ReadonlyMap<number, readonly number[]> } {
  const s = only === undefined ? pathsToFixpoint(p, () => false) : widenByCombinations(p, () => false, only, MAX_VALUES);
  if ('kind' in s) throw new LkmmUnsupported(`the ${only ?? ''} level does not settle (${s.kind})`);
  return { level: s.level, values: s.values.all() };
}

/** Value sets per location, each starting with the location's initial value. */
class Domains {
  private readonly sets = new Map<number, Set<number>>();
  constructor(private readonly p: Program) {
    // Constants stored anywhere seed the sets, so a write that happens only when its own value
    // has been read (LB with control dependencies) is still a candidate to read from; herd7's
    // equations find those too. The model then forbids them for marked accesses (hb).
    for (const [loc, v] of constantWrites(p)) this.set(loc).add(v);
  }

  values = (loc: number): number[] => [...this.set(loc)].sort((a, b) => a - b);

  all(): Map<number, number[]> {
    return new Map([...this.sets.keys()].sort((a, b) => a - b).map((loc) => [loc, this.values(loc)]));
  }

  private set(loc: number): Set<number> {
    let d = this.sets.get(loc);
    if (!d) { d = new Set([this.p.memInit[loc] ?? 0]); this.sets.set(loc, d); }
    return d;
  }

  /** Whether some of the values are not in the set yet (a lock's never are: 0 and 1 by construction). */
  lacks(loc: number, values: Iterable<number>): boolean {
    if (this.isLock(loc)) return false;
    const d = this.set(loc);
    for (const v of values) if (!d.has(v)) return true;
    return false;
  }

  private isLock(loc: number): boolean {
    return loc >= this.p.memInit.length && loc < this.p.memInit.length + this.p.locks.length;
  }

  /** Adds the values; true when one was new. Throws past `max` values (the caller decides). */
  add(loc: number, values: Iterable<number>, max = MAX_VALUES): boolean {
    // A lock: 0 and 1 by construction (the srcu_structs after the locks take the indexes written).
    if (this.isLock(loc)) return false;
    const d = this.set(loc);
    let grew = false;
    for (const v of values) if (!d.has(v)) { d.add(v); grew = true; }
    if (d.size > max) throw new Diverged();
    return grew;
  }
}

class Diverged extends Error {}

/** Every CPU's paths over the sets; with `other`, for finding values only, plain loads may also return OTHER_VALUE. */
const pathsOf = (p: Program, d: Domains, stopped: () => boolean, other = false): ThreadPath[][] => p.tasks.map((_code, cpu) => cpuPaths(p, cpu, d.values, stopped, other));

/**
 * Paths of every CPU, with reads drawing on value sets widened to a fixpoint, in up to three
 * levels; the argument that each misses no value an execution reads is in docs/memory-model.md
 * ("Values"), in short here:
 *
 * 1. Over paths alone: a round adds every value any path writes when its reads return values
 *    already in the sets. When that converges the sets hold every value any execution can read.
 *    It does not converge when a path feeds its own writes back (an atomic_inc() reading its own
 *    increments counts up for ever).
 * 2. Then a round adds only the values written in combinations of paths in which every read has
 *    a write of its value to read from (an initial value always has one). That finds every value
 *    of an execution whose value flow (rf, and the addr, data and ctrl dependencies of writes on
 *    reads) is acyclic, by induction along it; for marked accesses the LKMM's happens-before
 *    axiom makes it acyclic (rfe, and (dep | ctrl) ; [W] and dep ; rfi in ppo, are in hb). With
 *    plain accesses it may not be, so such a program is refused rather than answered from an
 *    incomplete set.
 * 3. When two CPUs' RMWs feed each other (the seed race's bucket-refcount with an IRQ:
 *    atomic_inc_not_zero(), atomic_dec() and cmpxchg() on one counter) a read is still "sourced"
 *    by some write of its value in combinations no execution has, and the counter's set grows by
 *    a value or two a round (1, 2, 0, -1, 3, -2 ...). Then a round adds only the values written
 *    in coherent combinations of path prefixes that end with a write (writePrefixes): per
 *    location some rf and co that are coherent and atomic (coherent.ts), so co is a total order
 *    in which each RMW reads its write's immediate co-predecessor. A loop-free program has a
 *    bounded number of RMWs, and along co a coherent counter moves once per RMW, so the sets
 *    are bounded and the widening converges. Complete: for an execution in which po | rf is
 *    acyclic, the (po | rf)-predecessors of the write of the first value missed are, per CPU, a
 *    prefix that ends with a write, read only values already found, and with the execution's rf
 *    and co cut to them are a coherent combination: the round would add that value. Prefixes,
 *    not whole paths: a whole path's later reads may need values not found yet (an
 *    atomic_dec() reading the increment it follows), and with whole paths the counter above
 *    stayed at {1} (value-sets.test.ts fails so). An LKMM execution whose po | rf has a cycle
 *    (load buffering) has, on it, a read that a later write of its CPU does not depend on; the
 *    argument for those is level 2's: the read may take an older value and the write stays.
 *
 * A level that does not settle within its bounds hands over to the next; the last one that does
 * not says inconclusive (unsupported), never safe.
 */
function pathsToFixpoint(p: Program, stopped: () => boolean): Settled {
  const plain = hasPlainAccess(p);
  try {
    const d = new Domains(p);
    for (let round = 0; round < MAX_VALUE_ROUNDS; round++) {
      const perCpu = pathsOf(p, d, stopped);
      let grew = false;
      for (const paths of perCpu) for (const path of paths) for (const e of path.events) if (e.kind === 'W') grew = d.add(e.loc, [e.value], plain ? MAX_VALUES : MAX_PATH_VALUES) || grew;
      if (!grew && !otherRound(p, d, stopped, plain ? MAX_VALUES : MAX_PATH_VALUES)) return { level: 'paths', perCpu, values: d };
    }
  } catch (e) {
    if (!(e instanceof Diverged)) throw e;
  }
  if (plain) throw new LkmmUnsupported('values that keep growing along paths in a test with plain accesses (the candidate-based value sets are complete for marked accesses only)');
  // Sourcing by value is cheap and usually settles; when it does not, coherence bounds the sets.
  const sourcedOnly = widenByCombinations(p, stopped, 'sourced', MAX_PATH_VALUES);
  if (!('kind' in sourcedOnly)) return sourcedOnly;
  const coherent = widenByCombinations(p, stopped, 'coherent', MAX_VALUES);
  if (!('kind' in coherent)) return coherent;
  throw new LkmmUnsupported(coherent.kind === 'diverged' ? `more than ${MAX_VALUES} values for one location` : `values that keep growing after ${MAX_VALUE_ROUNDS} rounds`);
}

/** Which combinations of paths a round of widening takes its values from (pathsToFixpoint). */
export type Widening = 'sourced' | 'coherent';

/** The paths over settled value sets, and the level that settled them. */
interface Settled {
  readonly level: 'paths' | Widening;
  readonly perCpu: readonly (readonly ThreadPath[])[];
  readonly values: Domains;
}

type Widened = Settled | { readonly kind: 'diverged' | 'rounds' };

/**
 * Levels 2 and 3 of pathsToFixpoint: rounds that add the values written in the combinations of
 * paths that `level` accepts, until a round adds none ('settled'), a location takes more than
 * `max` values ('diverged'), or MAX_VALUE_ROUNDS pass ('rounds').
 */
function widenByCombinations(p: Program, stopped: () => boolean, level: Widening, max: number): Widened {
  const d = new Domains(p);
  try {
    for (let round = 0; round < MAX_VALUE_ROUNDS; round++) {
      const perCpu = pathsOf(p, d, stopped);
      const grew = level === 'sourced' ? sourcedRound(p, perCpu, d, max, stopped) : coherentRound(p, perCpu, d, max, stopped);
      if (grew) continue;
      // Combinations take a value as read only where some write of the combination gives it, and
      // the write otherRound finds comes only after the read it leads back to: a cycle these
      // rounds do not close (x never gets crypto-control-data's 1). Refused rather than answered.
      if (otherRound(p, d, stopped, max)) throw new LkmmUnsupported(HIDDEN_CONTROL);
      return { level, perCpu, values: d };
    }
  } catch (e) {
    if (!(e instanceof Diverged)) throw e;
    return { kind: 'diverged' };
  }
  return { kind: 'rounds' };
}

/**
 * The round every level ends with: the values written in paths whose plain loads may also return
 * OTHER_VALUE, a value not in their sets, on which a condition goes both ways. A write after an
 * if on a value read, with no dependency on it (herd7's manual/kernel/crypto-control-data: `r1 =
 * 1; if (READ_ONCE(*x) == 0) r1 = 0; WRITE_ONCE(*y, r1);` against `WRITE_ONCE(*x, READ_ONCE(*y))`)
 * writes 1 only after x reads a value that only that write leads to: a cycle of rf and a control
 * flow the LKMM does not count as a dependency (explanation.txt: ctrl reaches only the if's arms),
 * so hb does not forbid it, and the rounds above, which take each condition by the values found,
 * never meet it. A value computed from OTHER_VALUE is none (the thin-air case of
 * execution-findings.ts); every other value written so is one to read.
 */
function otherRound(p: Program, d: Domains, stopped: () => boolean, max: number): boolean {
  let grew = false;
  for (const paths of pathsOf(p, d, stopped, true)) {
    for (const path of paths) for (const e of path.events) if (e.kind === 'W' && e.value !== OTHER_VALUE) grew = d.add(e.loc, [e.value], max) || grew;
  }
  return grew;
}

const HIDDEN_CONTROL = 'a value written after an if on a value read that is no dependency of the write (manual/kernel/crypto-control-data), in a program whose value sets only combinations of paths settle (a counter that feeds itself)';

/** Level 2's round: the values written in combinations of paths where every read is sourced. */
function sourcedRound(p: Program, perCpu: readonly (readonly ThreadPath[])[], d: Domains, max: number, stopped: () => boolean): boolean {
  let grew = false;
  for (const combo of combinations(perCpu)) {
    // Combinations multiply: the deadline and Ctrl-C are asked here too.
    if (stopped()) throw new PathsStopped();
    const written = new Map<number, Set<number>>();
    for (const path of combo) for (const e of path.events) if (e.kind === 'W') written.set(e.loc, (written.get(e.loc) ?? new Set()).add(e.value));
    // Whether the combination counts is asked only when it would add something.
    if (![...written].some(([loc, values]) => d.lacks(loc, values))) continue;
    if (!sourced(p, combo)) continue;
    for (const [loc, values] of written) grew = d.add(loc, values, max) || grew;
  }
  return grew;
}

/**
 * Level 3's round: the values written in coherent combinations of path prefixes. The write that
 * gives a new value is the last event of its CPU's prefix (it is the greatest of its CPU's events
 * among its (po | rf)-predecessors), so only those prefixes are tried for it, each until one
 * combination has given its value.
 */
function coherentRound(p: Program, perCpu: readonly (readonly ThreadPath[])[], d: Domains, max: number, stopped: () => boolean): boolean {
  let grew = false;
  const prefixes = perCpu.map((paths) => writePrefixes(p, paths));
  prefixes.forEach((mine, cpu) => {
    for (const last of mine) {
      const w = last.events.at(-1);
      if (!w || !d.lacks(w.loc, [w.value])) continue;
      for (const combo of combinations(prefixes.map((ps, other) => (other === cpu ? [last] : ps)))) {
        if (stopped()) throw new PathsStopped();
        if (!sourced(p, combo) || !admissible(p, combo) || !coherent(p, combo)) continue;
        for (const path of combo) for (const e of path.events) if (e.kind === 'W') grew = d.add(e.loc, [e.value], max) || grew;
        break;
      }
    }
  });
  return grew;
}

/**
 * The distinct prefixes of `paths` that end with a write (an RMW's write, not its read), and the
 * empty one: what level 3 combines. A CPU's part of the events that lead to a write (its
 * (po | rf)-predecessors) is a prefix of its path that ends with a write, or is empty. A prefix
 * counts as ended (`done`); its firings are counted from its events, which may count fewer than
 * were made (a firing with no events, two in a row), never more, so the `max` check keeps every
 * combination an execution can cut to.
 */
function writePrefixes(p: Program, paths: readonly ThreadPath[]): ThreadPath[] {
  // Nesting depth: the task, a softirq, an IRQ (which may interrupt a softirq), an NMI.
  const depth = (l: number): number => (l === 0 ? 0 : l === 3 ? 1 : l === 1 ? 2 : 3);
  const seen = new Set<string>();
  const out: ThreadPath[] = [];
  const keep = (events: readonly ThreadEvent[]): void => {
    const key = events.map((e) => `${e.kind}${e.loc}=${e.value}${e.lock ?? ''}${e.pairedWithNext ? 'p' : ''}${e.handler}.${e.level}.${e.poFrom}`).join(' ');
    if (seen.has(key)) return;
    seen.add(key);
    const fired = p.handlers.map(() => 0);
    events.forEach((e, i) => {
      const prev = events[i - 1];
      if (e.handler >= 0 && !p.handlers[e.handler]!.callback && (!prev || depth(prev.level) < depth(e.level))) fired[e.handler]! += 1;
    });
    out.push({ events, locals: [], localTaint: [], decided: [], end: { kind: 'done' }, fired, callbacksWait: false, stuckInReader: false });
  };
  keep([]);
  for (const path of paths) path.events.forEach((e, i) => { if (e.kind === 'W') keep(path.events.slice(0, i + 1)); });
  return out;
}

/** Whether every location of the combination has a coherent and atomic rf and co (coherent.ts). */
function coherent(p: Program, combo: readonly ThreadPath[]): boolean {
  const ev = eventsOf(p, combo);
  const { po, rmw } = relationsOf(combo, ev);
  return ev.locs.every((loc) => hasCoherentChoice(ev.events, loc, (a, c) => po.has(a, c), (r, w) => rmw.has(r, w)));
}

/**
 * Whether the paths can make one run at all, before rf and co: a handler fires at most `max`
 * times in a run, over all its CPUs (HandlerDecl.max); a CPU that waits for ever with RCU
 * callbacks it could run does not run them only when their grace period never ends: some CPU
 * stays inside a read-side critical section for ever (events.ts callbacksWait). Granted
 * whenever one does, which may keep an execution the kernel lacks (the section may have begun
 * after the grace period), never lose one.
 */
function admissible(p: Program, combo: readonly ThreadPath[]): boolean {
  if (p.handlers.some((h, i) => combo.reduce((sum, path) => sum + (path.fired[i] ?? 0), 0) > h.max)) return false;
  return !(combo.some((path) => path.callbacksWait) && !combo.some((path) => path.stuckInReader));
}

/** [location, value] of every store or atomic that writes a constant to a fixed location. */
function constantWrites(p: Program): [number, number][] {
  const fixed = (l: Loc): number | undefined => {
    if (l.kind !== 'deref' || l.ptr.kind !== 'const') return undefined;
    const obj = pointee(p, l.ptr.v);
    return obj < 0 ? undefined : p.objects[obj]!.fields.get(l.field);
  };
  const out: [number, number][] = [];
  const visit = (e: Expr): void => {
    if (e.kind === 'un') visit(e.a);
    else if (e.kind === 'bin') { visit(e.a); visit(e.b); }
    else if (e.kind === 'rmw') {
      const loc = fixed(e.loc);
      const v = e.op === 'xchg' ? e.args[0] : e.op === 'cmpxchg' ? e.args[1] : undefined;
      if (loc !== undefined && v?.kind === 'const') out.push([loc, v.v]);
    }
  };
  for (const c of p.codes) for (const i of c.instrs) {
    if (i.op === 'store') {
      const loc = fixed(i.loc);
      if (loc !== undefined && i.value.kind === 'const') out.push([loc, i.value.v]);
    } else if (i.op === 'assign' || i.op === 'eval') visit(i.value);
  }
  return out;
}

/**
 * Whether every read of `combo` has a write of its value to read from: the initial value (0 after
 * memory: locks, srcu_structs, callback queues, as eventsOf writes it) or a write of the combo.
 * Locks take 0 and 1 by construction. A combination where one has not has no candidate
 * (coherent.ts finds no source), so it is skipped before its relations are built.
 */
function sourced(p: Program, combo: readonly ThreadPath[], cache?: SourcedCache): boolean {
  if (cache !== undefined) return cache.sourced(combo);
  const written = new Map<number, Set<number>>();
  for (const path of combo) for (const e of path.events) if (e.kind === 'W') written.set(e.loc, (written.get(e.loc) ?? new Set()).add(e.value));
  return combo.every((path) => path.events.every((e) => e.kind !== 'R' || e.lock !== null || e.value === (p.memInit[e.loc] ?? 0) || written.get(e.loc)?.has(e.value) === true));
}

/**
 * sourced(), with each path's writes and the reads that need one (`loc:value`) listed once per
 * search rather than once per combination.
 */
class SourcedCache {
  private readonly ofPath = new WeakMap<ThreadPath, { readonly writes: readonly string[]; readonly needs: readonly string[] }>();

  constructor(private readonly p: Program) {}

  sourced(combo: readonly ThreadPath[]): boolean {
    const written = new Set<string>();
    const all = combo.map((path) => this.of(path));
    for (const a of all) for (const w of a.writes) written.add(w);
    return all.every((a) => a.needs.every((r) => written.has(r)));
  }

  private of(path: ThreadPath): { readonly writes: readonly string[]; readonly needs: readonly string[] } {
    let known = this.ofPath.get(path);
    if (known === undefined) {
      const p = this.p;
      known = {
        writes: path.events.filter((e) => e.kind === 'W').map((e) => `${e.loc}:${e.value}`),
        // sourced()'s test, read by read: a lock's reads and initial values need no write.
        needs: path.events.filter((e) => e.kind === 'R' && e.lock === null && e.value !== (p.memInit[e.loc] ?? 0)).map((e) => `${e.loc}:${e.value}`),
      };
      this.ofPath.set(path, known);
    }
    return known;
  }
}

function hasPlainAccess(p: Program): boolean {
  const plainIn = (e: Expr): boolean => {
    switch (e.kind) {
      case 'load': return e.order === 'plain' || (e.loc.kind === 'deref' ? plainIn(e.loc.ptr) : e.loc.index.some(plainIn));
      case 'un': return plainIn(e.a);
      case 'bin': return plainIn(e.a) || plainIn(e.b);
      case 'rmw': return e.args.some(plainIn);
      case 'const': case 'local': case 'this_cpu': case 'this_context': case 'context_test': case 'lock_value': return false;
      default: return assertNever(e);
    }
  };
  return p.codes.some((c) => c.instrs.some((i) => (i.op === 'store' && (i.order === 'plain' || plainIn(i.value)))
    || ((i.op === 'assign' || i.op === 'eval') && plainIn(i.value)) || ((i.op === 'branch' || i.op === 'wait_until') && plainIn(i.cond))));
}

/**
 * combinations(), in the same order, without the ones that extend a rejected prefix: after each
 * choice that still leaves two or more combinations below it, `rejected` is asked about the
 * choices so far. (Below a choice that leaves one, that one is as cheap to try as to reject.)
 */
function* prunedCombinations<T>(choices: readonly (readonly T[])[], rejected: (prefix: readonly T[]) => boolean): Generator<T[]> {
  if (choices.some((c) => c.length === 0)) return;
  const n = choices.length;
  const below: number[] = new Array<number>(n + 1).fill(1);
  for (let d = n - 1; d >= 0; d--) below[d] = below[d + 1]! * choices[d]!.length;
  const at = choices.map(() => 0);
  const prefix = (length: number): T[] => at.slice(0, length).map((k, i) => choices[i]![k]!);
  // Positions 0 .. d - 1 are a prefix not rejected; d onwards are still to be asked about.
  let d = 0;
  for (;;) {
    while (d < n && (below[d + 1]! < 2 || !rejected(prefix(d + 1)))) d++;
    if (d === n) yield prefix(n);
    // Next: the last position when every one was taken, else the rejected one (skipping all below it).
    let i = Math.min(d, n - 1);
    for (; i >= 0; i--) {
      if (++at[i]! < choices[i]!.length) break;
      at[i] = 0;
    }
    if (i < 0) return;
    d = i;
  }
}

/** The candidate of `choice` (one LocationChoice per location of ev, or the first few) in the two buffers. */
function candidateOf(ev: CombinationEvents & Pick<Execution, 'po' | 'rmw' | 'addr' | 'data' | 'ctrl'>, choice: readonly LocationChoice[], buffers: { rf: Relation; co: Relation }): Execution {
  const rf = buffers.rf.refill((add) => { for (const c of choice) for (const [w, r] of c.rf) add(w, r); });
  const co = buffers.co.refill((add) => { for (const c of choice) for (let i = 0; i < c.co.length; i++) for (let j = i + 1; j < c.co.length; j++) add(c.co[i]!, c.co[j]!); });
  return { events: ev.events, po: ev.po, rf, co, rmw: ev.rmw, addr: ev.addr, data: ev.data, ctrl: ev.ctrl };
}

/** One choice from each list, every way, made one at a time (the product may not fit in memory). */
function* combinations<T>(choices: readonly (readonly T[])[]): Generator<T[]> {
  if (choices.some((c) => c.length === 0)) return;
  const at = choices.map(() => 0);
  for (;;) {
    yield at.map((k, i) => choices[i]![k]!);
    let i = choices.length - 1;
    for (; i >= 0; i--) {
      if (++at[i]! < choices[i]!.length) break;
      at[i] = 0;
    }
    if (i < 0) return;
  }
}

/**
 * The events of a path on CPU t and of a location's initial write, made once per search: they
 * are the same objects in every combination that has them (events are never changed), which
 * spares making a hundred objects per combination of a long chain.
 */
class EventCache {
  private readonly ofPath = new WeakMap<ThreadPath, { readonly t: number; readonly events: readonly ExecEvent[] }>();
  private readonly initial = new Map<number, ExecEvent>();

  constructor(private readonly p: Program) {}

  init(loc: number): ExecEvent {
    let e = this.initial.get(loc);
    if (e === undefined) {
      e = { thread: -1, kind: 'W', loc, value: loc < this.p.memInit.length ? this.p.memInit[loc]! : 0, tag: 'once', lock: null, rmwInstr: false, index: -1, at: null, level: 0, handler: -1, freeOf: -1 };
      this.initial.set(loc, e);
    }
    return e;
  }

  path(path: ThreadPath, t: number): readonly ExecEvent[] {
    const known = this.ofPath.get(path);
    if (known !== undefined && known.t === t) return known.events;
    const events = path.events.map((e, i): ExecEvent => ({ thread: t, kind: e.kind, loc: e.loc, value: e.value, tag: e.tag, lock: e.lock, rmwInstr: e.rmwInstr, index: i, at: e.at, level: e.level, handler: e.handler, freeOf: e.freeOf }));
    this.ofPath.set(path, { t, events });
    return events;
  }
}

/** One combination of paths as events: an initial write per location, then each CPU's events. */
function eventsOf(p: Program, combo: readonly ThreadPath[], cache: EventCache = new EventCache(p), known?: Shape) {
  // The locations and where each CPU's events start are the shape's, when it is known.
  let sortedLocs = known?.locs;
  if (sortedLocs === undefined) {
    const locs = new Set<number>();
    for (const path of combo) for (const e of path.events) if (e.loc >= 0) locs.add(e.loc);
    sortedLocs = [...locs].sort((a, b) => a - b);
  }
  const events: ExecEvent[] = [];
  for (const loc of sortedLocs) events.push(cache.init(loc));
  const starts: number[] = [];
  combo.forEach((path, t) => {
    starts.push(events.length);
    for (const e of cache.path(path, t)) events.push(e);
  });
  return { events, n: events.length, base: known?.base ?? starts, locs: sortedLocs };
}

/**
 * The relations the paths alone fix (po, rmw, addr, data, ctrl) of a combination whose events
 * `ev` are: the same for every combination of one shape, so made once per shape (Shapes).
 */
function relationsOf(combo: readonly ThreadPath[], ev: CombinationEvents) {
  const { n, base } = ev;
  const po: [number, number][] = [], rmw: [number, number][] = [], addr: [number, number][] = [], data: [number, number][] = [], ctrl: [number, number][] = [];
  combo.forEach((path, t) => {
    const b0 = base[t]!;
    path.events.forEach((e, i) => {
      // An RCU callback's grace period follows only the events up to its call (callbacks.ts).
      for (let j = i + 1; j < path.events.length; j++) if (path.events[j]!.poFrom < 0 || i < path.events[j]!.poFrom) po.push([b0 + i, b0 + j]);
      if (e.pairedWithNext) rmw.push([b0 + i, b0 + i + 1]);
      for (const d of e.addr) addr.push([b0 + d, b0 + i]);
      for (const d of e.data) data.push([b0 + d, b0 + i]);
      for (const d of e.ctrl) ctrl.push([b0 + d, b0 + i]);
    });
  });
  return { po: Relation.of(n, po), rmw: Relation.of(n, rmw), addr: Relation.of(n, addr), data: Relation.of(n, data), ctrl: Relation.of(n, ctrl) };
}

type CombinationEvents = ReturnType<typeof eventsOf>;

/**
 * A list of values as one key: a number when each is a small
 * natural (52 bits shared among them: the same width for every key of one count, so two lists
 * of one length have the same key exactly when they are equal), else a string. Cheaper to look
 * up than a string made per combination or per candidate.
 */
function valuesKey(values: readonly number[]): number | string {
  const count = values.length;
  const width = count === 0 ? 52 : Math.floor(52 / count);
  if (width >= 1) {
    const radix = 1 << Math.min(width, 30); // at most 2^30: a positive 32-bit int
    let key = 0;
    let k = 0;
    for (; k < count; k++) {
      const v = values[k]!;
      if (!Number.isInteger(v) || v < 0 || v >= radix) break;
      key = key * radix + v;
    }
    if (k === count) return key;
  }
  let text = '';
  for (let k = 0; k < count; k++) text += `${values[k]},`;
  return text;
}

/** How many shapes, and locations' choices, Shapes keeps before it starts again (a program with many branches has many). */
const MAX_SHAPES = 4096;

interface Shape {
  readonly model: Base;
  readonly po: Relation;
  readonly rmw: Relation;
  readonly addr: Relation;
  readonly data: Relation;
  readonly ctrl: Relation;
  /** The events of each location, by location (the same events for every combination of the shape). */
  readonly atLoc: ReadonlyMap<number, readonly number[]>;
  /** Coherent choices by location and by the values of its events (Shapes.choicesAt). */
  readonly choices: Map<number, Map<number | string, LocationChoice[]>>;
  /** Its locations, ascending, and where each CPU's events start (eventsOf's locs and base). */
  readonly locs: readonly number[];
  readonly base: readonly number[];
  /** No data dependency: then no candidate of the shape has a thin-air cycle (thinAir). */
  readonly noData: boolean;
}

/** What of a path eventsOf makes events and relations of, but for the values. */
function pathShape(path: ThreadPath): string {
  return path.events.map((e) => `${e.kind} ${e.loc} ${e.tag} ${e.lock} ${e.rmwInstr ? 1 : 0}${e.pairedWithNext ? 1 : 0} ${e.poFrom} ${e.addr} ${e.data} ${e.ctrl}`).join(';');
}

/**
 * Combinations of paths that differ only in the values their reads return (a CPU's paths of
 * `r1 = READ_ONCE(*x)` one per value of x) have the same events but for their values, and the
 * same po, rmw and dependencies: the model (linux-kernel-cat.ts) never reads a value, so what it
 * computes from those alone is the same for all of them. Kept here by that shape, so the Base,
 * and the PathsPart judge() keeps with it, are made once per shape, not once per combination
 * (the diy7 RCU chains of Paul McKenney's litmus collection have 65,536 combinations of one
 * shape). A location's coherent choices (coherent.ts) depend on its events' values too, and on
 * nothing else: kept by shape, location and those values.
 */
class Shapes {
  private readonly known = new Map<string, Shape>();
  /** choicesAt's list of a location's values, reused. */
  private readonly values: number[] = [];
  /** Path shapes by number, never cleared (ofPath keeps the numbers). */
  private readonly pathIds = new Map<string, number>();
  private readonly ofPath = new WeakMap<ThreadPath, number>();

  /** The combination's shape if known, and its key. */
  find(combo: readonly ThreadPath[]): { readonly key: string; readonly shape: Shape | undefined } {
    const key = this.keyOf(combo);
    return { key, shape: this.known.get(key) };
  }

  /** The shape of key `key` (find's), made from the combination's events `ev` if new. */
  of(key: string, combo: readonly ThreadPath[], ev: CombinationEvents): Shape {
    let s = this.known.get(key);
    if (s === undefined) {
      if (this.known.size >= MAX_SHAPES) this.known.clear();
      const r = relationsOf(combo, ev);
      const atLoc = new Map<number, number[]>();
      ev.events.forEach((e, i) => { if (e.loc >= 0) atLoc.set(e.loc, [...(atLoc.get(e.loc) ?? []), i]); });
      s = { model: new Base({ events: ev.events, po: r.po }), ...r, atLoc, locs: ev.locs, base: ev.base, choices: new Map(), noData: r.data.isEmpty() };
      this.known.set(key, s);
    }
    return s;
  }

  private keyOf(combo: readonly ThreadPath[]): string {
    // Each path's shape numbered once (a short key: the shapes themselves are long strings).
    let key = '';
    for (const path of combo) {
      let k = this.ofPath.get(path);
      if (k === undefined) {
        const text = pathShape(path);
        k = this.pathIds.get(text);
        if (k === undefined) { k = this.pathIds.size; this.pathIds.set(text, k); }
        this.ofPath.set(path, k);
      }
      key += `${k}#`;
    }
    return key;
  }

  /** coherentChoices for location `loc` of `ev`, a combination of shape `s`. */
  choicesAt(s: Shape, ev: CombinationEvents, loc: number): LocationChoice[] {
    const at = s.atLoc.get(loc) ?? [];
    let byValues = s.choices.get(loc);
    if (byValues === undefined) { byValues = new Map(); s.choices.set(loc, byValues); }
    const values = this.values;
    values.length = 0;
    for (const i of at) values.push(ev.events[i]!.value);
    const key = valuesKey(values);
    let c = byValues.get(key);
    if (c === undefined) {
      if (byValues.size >= MAX_SHAPES) byValues.clear();
      c = coherentChoices(ev.events, loc, (a, b) => s.po.has(a, b), (r, w) => s.rmw.has(r, w));
      byValues.set(key, c);
    }
    return c;
  }
}

/**
 * Why the paths `combo` are refused, or null: two CPUs queue the callback of one object. Its
 * second queuing is a double call_rcu() (a misuse the machine reports) unless the first callback
 * has started by then, an order in time the model does not give. A CPU's own are checked as its
 * paths are made (events.ts).
 */
function queuedTwice(p: Program, combo: readonly ThreadPath[]): string | null {
  const by = new Map<number, number>();
  for (let t = 0; t < combo.length; t++) {
    for (const e of combo[t]!.events) {
      if (e.poFrom < 0) continue;
      const o = p.handlers[e.handler]?.callback?.object ?? -1;
      if (by.has(o) && by.get(o) !== t) return `the callback of ${p.objects[o]?.name ?? '?'} queued by two CPUs (one callback head)`;
      by.set(o, t);
    }
  }
  return null;
}

function evalFinal(e: FinalExpr, mem: (loc: number) => number, local: (cpu: number, slot: number) => number): number {
  switch (e.kind) {
    case 'const': return e.v;
    case 'mem': return mem(e.loc);
    case 'local': return local(e.cpu, e.slot);
    case 'un': return unaryOp(e.op, evalFinal(e.a, mem, local));
    case 'bin': {
      const a = evalFinal(e.a, mem, local);
      if (e.op === '&&') return a !== 0 && evalFinal(e.b, mem, local) !== 0 ? 1 : 0;
      if (e.op === '||') return a !== 0 || evalFinal(e.b, mem, local) !== 0 ? 1 : 0;
      return binaryOp(e.op, a, evalFinal(e.b, mem, local)) ?? 0;
    }
    default: return assertNever(e);
  }
}

export function exploreLkmm(p: Program, b: Budget): Outcome {
  return search(p, b, (stop) => pathsToFixpoint(p, stop).perCpu, judge);
}

/**
 * The search with another judge of candidates, and with or without rejecting prefixes of
 * locations' choices: for tests that compare judge() with judgeWhole() on every candidate, and
 * the answers with and without the pruning.
 */
export function exploreLkmmJudgedBy(p: Program, b: Budget, judgeBy: typeof judge, prune = true): Outcome {
  return search(p, b, (stop) => pathsToFixpoint(p, stop).perCpu, judgeBy, prune);
}

/**
 * The same search over value sets given whole (a location left out reads its initial value and
 * the constants stored to it), without widening: for tests that check the widening misses no
 * value that matters, by adding values, and that a value dropped changes the answer.
 */
export function exploreLkmmOver(p: Program, b: Budget, values: ReadonlyMap<number, readonly number[]>): Outcome {
  const d = new Domains(p);
  for (const [loc, vs] of values) d.add(loc, vs, Infinity);
  return search(p, b, (stop) => pathsOf(p, d, stop), judge);
}

function search(p: Program, b: Budget, settle: (stopped: () => boolean) => readonly (readonly ThreadPath[])[], judgeBy: typeof judge, prune = true): Outcome {
  const start = b.now();
  const finals = new Map<number | string, FinalState>();
  const findings: Finding[] = [];
  let candidates = 0;
  let consistent = 0;
  /** Executions with a thin-air cycle counted so far, by symbolicKey: herd7 counts each once. */
  const symbolic = new Set<string>();
  let bound: Bound | undefined;
  let note: string | undefined;
  let noteAt: Span | undefined;
  // Asked once per combination of paths and once per candidate: most combinations of a large
  // program have no coherent candidate, so the clock and Ctrl-C are read by work done, not by
  // candidates alone.
  let work = 0;
  const stop = (): boolean => {
    if (bound !== undefined) return true;
    if ((++work & 255) !== 0) return false;
    if (candidates >= b.maxStates) bound = 'max-states';
    else if (b.deadlineMs !== undefined && b.now() > b.deadlineMs) bound = 'deadline';
    else if (b.cancelled?.()) bound = 'cancelled';
    return bound !== undefined;
  };
  const shapes = new Shapes();
  const eventCache = new EventCache(p);
  const sourcedCache = new SourcedCache(p);
  let buffers = { rf: new Relation(0), co: new Relation(0) };
  let prefixBuffers = { rf: new Relation(0), co: new Relation(0) };
  try {
    const refused = lkmmRefusal(p);
    if (refused !== null) {
      noteAt = refused.span;
      throw new LkmmUnsupported(refused.reason);
    }
    // Per CPU (p.tasks order), every path of its task; an idle CPU has one empty path.
    const perCpu = settle(stop);
    for (const combo of combinations(perCpu)) {
      if (stop()) break;
      if (!admissible(p, combo) || !sourced(p, combo, sourcedCache)) continue;
      const sought = shapes.find(combo);
      const made = eventsOf(p, combo, eventCache, sought.shape);
      const shape = sought.shape ?? shapes.of(sought.key, combo, made);
      // The relations of the shape's first combination: the same as this one's, and the ones its Base was judged with.
      const ev = { events: made.events, n: made.n, base: made.base, locs: made.locs, po: shape.po, rmw: shape.rmw, addr: shape.addr, data: shape.data, ctrl: shape.ctrl };
      // Coherent rf and co, location by location (coherent.ts), then the whole model.
      const perLoc = ev.locs.map((loc) => shapes.choicesAt(shape, ev, loc));
      const base = shape.model;
      // A choice for the first locations whose rf and co already break an axiom that asks for
      // no cycle (linux-kernel-cat.ts MONOTONE): every candidate that extends it breaks it too.
      const prefixRejected = (prefix: readonly LocationChoice[]): boolean => {
        // The clock is read here too (many prefixes may be judged between two candidates); once
        // stopped, every prefix is skipped and the loop below ends with the bound set.
        if (stop()) return true;
        if (prefixBuffers.rf.n !== ev.n) prefixBuffers = { rf: new Relation(ev.n), co: new Relation(ev.n) };
        const x = candidateOf(ev, prefix, prefixBuffers);
        const failed = judgeWhole(x, base).failed;
        return failed !== null && MONOTONE.has(failed);
      };
      for (const choice of prunedCombinations(perLoc, prune ? prefixRejected : () => false)) {
        candidates++;
        if (stop()) break;
        // Two buffers for every candidate of this size: nothing keeps x past this iteration (judge,
        // thinAir, executionFindings and graphOf return plain data), and a new pair of matrices per
        // candidate was most of the garbage of a long chain.
        if (buffers.rf.n !== ev.n) buffers = { rf: new Relation(ev.n), co: new Relation(ev.n) };
        const x = candidateOf(ev, choice, buffers);
        const j = judgeBy(x, base);
        if (j.failed !== null) continue;
        const oota = shape.noData ? null : thinAir(p, x, combo, ev.base);
        if (oota?.matters) throw new LkmmUnsupported(THIN_AIR);
        const cut = combo.find((path) => path.end.kind === 'unsupported');
        if (cut && cut.end.kind === 'unsupported') throw new LkmmUnsupported(cut.end.reason);
        const found = executionFindings(p, x, combo, ev.base, j.races);
        if (found === null) continue; // a wait that would have read again: no execution
        if (oota) {
          const key = symbolicKey(x, oota.tainted);
          if (symbolic.has(key)) continue;
          symbolic.add(key);
        }
        const twice = queuedTwice(p, combo);
        if (twice !== null) throw new LkmmUnsupported(twice);
        consistent++;
        const last = new Map<number, number>();
        choice.forEach((c, li) => last.set(ev.locs[li]!, ev.events[c.co[c.co.length - 1]!]!.value));
        const mem = (loc: number): number => last.get(loc) ?? p.memInit[loc] ?? 0;
        const local = (cpu: number, slot: number): number => combo[cpu]?.locals[slot] ?? 0;
        // herd7 discards an execution whose final state fails the litmus test's `filter`, and its
        // flags with it: a data race found only in such executions is no race of the test
        // (C-AlanStern.2018.01.11a in paulmckrcu/litmus: herd7 `Never 0 2`, no flag). Its final
        // state is still reported below (litmus/verdict.ts counts only the states the filter
        // keeps); an execution that ends blocked has no final state and keeps its findings.
        const discarded = found.complete && p.final?.filter !== undefined && evalFinal(p.final.filter, mem, local) === 0;
        for (const f of discarded ? [] : found.findings) {
          if (findings.some((g) => g.violation.kind === f.violation.kind)) continue;
          const stopped = new Set(f.violation.kind === 'assertion' || f.violation.kind === 'livelock' ? [f.violation.at?.cpu ?? -1]
            : f.violation.kind === 'deadlock' ? f.violation.blocked.map((b) => b.at.cpu) : []);
          findings.push({ violation: f.violation, trace: [], mode: 'exhaustive', graph: graphOf(x, combo, ev.base, new Set(f.events), stopped) });
          if (b.first) bound = 'first';
        }
        if (!found.complete) continue;
        const final = p.final;
        if (!final) continue;
        const values = final.observe.map((o) => evalFinal(o.expr, mem, local));
        const key = valuesKey(values);
        const known = finals.get(key);
        // herd7 counts executions: Positive and Negative are numbers of consistent executions.
        finals.set(key, known ? { ...known, count: (known.count ?? 1) + 1 } : { values, holds: evalFinal(final.cond, mem, local) !== 0, count: 1 });
      }
      if (bound !== undefined) break;
    }
  } catch (e) {
    if (e instanceof PathsStopped) {
      // stop() named the bound.
    } else if (e instanceof LkmmUnsupported) {
      bound = 'unsupported';
      note = e.message;
    } else throw e;
  }
  // A program none of whose candidates the model allows (a grace period inside a read-side
  // critical section: synchronize_rcu() or rcu_barrier() there, misuses the machine reports) has
  // no execution to be safe in. A litmus test's answer is then herd7's (no state satisfies the
  // condition); a scenario without a final condition is not called safe.
  if (bound === undefined && consistent === 0 && !p.final && findings.length === 0) {
    bound = 'unsupported';
    note = 'no execution of this program is consistent with the LKMM (as when a grace period, synchronize_rcu() or an RCU callback\'s, would lie inside a read-side critical section): nothing to call safe';
  }
  const states = [...finals.values()].sort((a, c) => {
    for (let i = 0; i < a.values.length; i++) if (a.values[i] !== c.values[i]) return (a.values[i] ?? 0) - (c.values[i] ?? 0);
    return 0;
  });
  return {
    verdict: verdictOf(findings, bound),
    findings,
    ...(bound !== undefined ? { bound } : {}),
    ...(note !== undefined ? { note } : {}),
    ...(noteAt !== undefined ? { noteAt } : {}),
    stats: { mode: 'exhaustive', states: candidates, transitions: 0, ms: b.now() - start, maxDepth: 0, runs: consistent },
    ...(p.final ? { finals: { states, witness: null, failing: null } } : {}),
  };
}

export const lkmmExplorer: Explorer = { mode: 'exhaustive', explore: exploreLkmm };
