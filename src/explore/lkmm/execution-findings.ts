// What one consistent LKMM execution violates, beyond the model's own axioms: a failed assert(),
// a loop past its bound, a wait or spin_lock() that waits for ever (deadlock), a use-after-free
// or double free, and linux-kernel.cat's data-race flag. Pure.
//
// Deadlock: a path that ends blocked read values that let it not go on. It waits for ever exactly
// when every read it made reads the last write of its location in coherence order (co): the
// LKMM's writes all propagate eventually, so a read that spins sees the co-last write in the end,
// and no later one exists. Otherwise the wait would read again and go on: that is another path,
// and this candidate is no execution at all (returned as null). This is GenMC's treatment of
// blocked spin loops (Kokologiannakis, Raad and Vafeiadis, PLDI 2019, and Lahav et al.,
// "Making weak memory models fair", OOPSLA 2021: a spinning read eventually reads co-maximal).
//
// Use-after-free: kfree() writes every field of its object (a marked write of events.ts's
// FREED_VALUE), as KCSAN treats a free (mm/slub.c slab_free_hook(): KCSAN_ACCESS_WRITE |
// KCSAN_ACCESS_ASSERT). An access to the object comes after the free when coherence says so: a
// read that reads the free's value (or a write co-after it), a write co-after the free. A plain
// access the LKMM does not order with the free races with it (linux-kernel.cat's ww-race,
// wr-race, rw-race): that is a use-after-free too, as KCSAN would report it. A marked access the
// model does not order with the free is caught by the first rule in the execution where it reads
// the freed value, which the model then allows. GenMC (Kokologiannakis, Raad and Vafeiadis, PLDI
// 2019) calls an access not hb-before the free an error; the LKMM's hb is over marked accesses
// only and leaves out po, so its coherence order and race relations stand in for it here.
import { assertNever } from '../../common/assert-never.js';
import type { Blocked, Violation, Where } from '../../machine/violation.js';
import { contextId } from '../../machine/violation.js';
import type { FinalExpr, Program } from '../../machine/program.js';
import type { PathSite, ThreadPath } from './events.js';
import type { Execution } from './execution.js';
import { EventSet, Relation } from './relation.js';

export interface ExecutionFinding {
  readonly violation: Violation;
  /** The events the finding is about (highlighted in its trace). */
  readonly events: readonly number[];
}

export interface ExecutionVerdict {
  readonly findings: readonly ExecutionFinding[];
  /** Every path ran to its end, so the execution has a final state. */
  readonly complete: boolean;
}

/**
 * Whether a consistent execution has an out-of-thin-air value that could change the answer: a
 * read that takes its value from a write whose value is computed from that read again, through
 * rf and data dependencies (a cycle of rf | data), whose value then reaches something raceway
 * judges by. linux-kernel.cat forbids such a cycle only through marked accesses (rfe and rwdep
 * are in hb, [Marked] at each end): through plain ones it is allowed, and then the value going
 * round is any value that satisfies the cycle's equations, which herd7 prints as a symbol
 * (`0:r1=S8`, manual/plain/C-OOTA in github.com/paulmckrcu/litmus). raceway's reads take values
 * from what the program writes, so it sees only the values some write starts with (0 for C-OOTA).
 *
 * Another value v' in place of raceway's gives the same events, rf, co and dependencies (herd7's
 * candidate is one execution with symbolic values), so the same consistency and the same
 * findings: only values differ, and only those the cycle's values flow into (`tainted`: forward
 * along rf, data and rmw). They change the answer only where they are judged: a condition that
 * chose the path (an if, a wait, an assert: ThreadPath.decided), an address (addr), an RMW's
 * outcome (its read is in `decided` too), or a value the final condition or `locations` read (a
 * register computed from a tainted read, a location whose co-last write is tainted). Then the
 * test is refused (THIN_AIR); otherwise the answer from raceway's values is the answer for every
 * value. manual/oota/C-AS-OOTA-1 is the second kind: its cycle of plain copies between a and b
 * is never looked at, and herd7 says Sometimes from the x and y reads alone.
 */
export function thinAir(p: Program, x: Execution, combo: readonly ThreadPath[], base: readonly number[]): ThinAir | null {
  // Without data, flow is rf, whose pairs go from writes to reads (coherent.ts): no cycle.
  if (x.data.isEmpty()) return null;
  const flow = x.rf.union(x.data);
  if (flow.acyclic()) return null;
  const closure = flow.plus();
  const n = x.events.length;
  const onCycle = EventSet.where(n, (e) => closure.has(e, e));
  const tainted = Relation.id(onCycle).seq(flow.union(x.rmw).star()).range();
  const judged: number[] = [...x.addr.domain().members(), ...x.ctrl.domain().members(), ...x.rmw.domain().members()];
  combo.forEach((path, t) => { for (const i of path.decided) judged.push(base[t]! + i); });
  if (judged.some((e) => tainted.has(e))) return { matters: true, tainted };
  const final = p.final;
  if (!final) return { matters: false, tainted };
  const coLast = (loc: number): number => x.events.findIndex((w, i) => w.kind === 'W' && w.loc === loc && !x.events.some((_, v) => x.co.has(i, v)));
  const reads = (e: FinalExpr): boolean => {
    switch (e.kind) {
      case 'const': return false;
      case 'mem': { const w = coLast(e.loc); return w >= 0 && tainted.has(w); }
      case 'local': return (combo[e.cpu]?.localTaint[e.slot] ?? []).some((i) => tainted.has(base[e.cpu]! + i));
      case 'un': return reads(e.a);
      case 'bin': return reads(e.a) || reads(e.b);
      default: return assertNever(e);
    }
  };
  return { matters: reads(final.cond) || final.observe.some((o) => reads(o.expr)), tainted };
}

/** A thin-air cycle found by thinAir(): whether its values matter, and the events they reach. */
export interface ThinAir {
  readonly matters: boolean;
  readonly tainted: EventSet;
}

/**
 * The execution with the tainted values left out: the same for every value the cycle may carry.
 * herd7 counts such an execution once (its values are one symbol); raceway meets it once per
 * value of its own that satisfies the cycle, so the explorer counts the first and skips the rest.
 */
export function symbolicKey(x: Execution, tainted: EventSet): string {
  const ev = x.events.map((e, i) => `${e.thread}.${e.level}${e.kind}${e.loc}${e.tag}=${tainted.has(i) ? 'S' : e.value}`).join(' ');
  return `${ev}|${x.rf.pairs().join(';')}|${x.co.pairs().join(';')}`;
}

export const THIN_AIR = 'an out-of-thin-air value: a cycle of rf and data dependencies through plain accesses, which the LKMM allows with any value going round (herd7 prints it as a symbol), reaches a condition, an address, an atomic or the final state; raceway takes values only from what the program writes';

const whereOf = (cpu: number, s: PathSite): Where => ({ cpu, level: s.level, code: s.at[0], pc: s.at[1] });

/**
 * The findings of a consistent execution `x` of the paths `combo` (path t's event i is
 * x.events[base[t] + i]), `races` being linux-kernel.cat's racing pairs; null when a path that
 * ended blocked would in fact have read again (not an execution).
 */
export function executionFindings(p: Program, x: Execution, combo: readonly ThreadPath[], base: readonly number[], races: readonly (readonly [number, number])[]): ExecutionVerdict | null {
  const ev = x.events;
  const n = ev.length;
  const source = new Int32Array(n).fill(-1);
  const coLast = new Map<number, number>();
  // Sources and co-last writes serve a blocked path and a free only: most executions have neither.
  const anyFree = ev.some((e) => e.freeOf >= 0);
  if (anyFree || combo.some((path) => path.end.kind === 'blocked')) for (let w = 0; w < n; w++) {
    x.rf.forEachInRow(w, (r) => { source[r] = w; });
    if (ev[w]!.kind === 'W' && x.co.rowIsEmpty(w)) coLast.set(ev[w]!.loc, w);
  }
  const out: ExecutionFinding[] = [];
  const blocked: Blocked[] = [];
  const blockedEvents: number[] = [];
  let complete = true;
  for (let t = 0; t < combo.length; t++) {
    const end = combo[t]!.end;
    if (end.kind !== 'done') complete = false;
    switch (end.kind) {
      case 'done': case 'freed-read': break;
      case 'assertion': out.push({ violation: { kind: 'assertion', at: whereOf(t, end.site) }, events: [] }); break;
      case 'livelock': out.push({ violation: { kind: 'livelock', at: whereOf(t, end.site), bound: end.bound }, events: [] }); break;
      case 'blocked': {
        const reads = end.reads.map((i) => base[t]! + i);
        if (!reads.every((r) => source[r] === coLast.get(ev[r]!.loc))) return null;
        const holder = end.lock === null ? -1 : source[reads[0]!]!;
        const on: Blocked['on'] = end.lock === null ? { kind: 'wait_until' }
          : { kind: 'spinlock', lock: end.lock, holder: holder >= 0 && ev[holder]!.thread >= 0 ? contextId(ev[holder]!.thread, ev[holder]!.level) : 0 };
        blocked.push({ at: whereOf(t, end.site), on });
        blockedEvents.push(...reads);
        break;
      }
      // The explorer refuses a consistent execution with a cut path before it gets here.
      case 'unsupported': throw new Error(`a path cut as unsupported reached the findings: ${end.reason}`);
      default: assertNever(end);
    }
  }
  if (blocked.length > 0) out.push({ violation: { kind: 'deadlock', blocked }, events: blockedEvents });
  if (anyFree) out.push(...freeFindings(x, source, races));
  if (races.length === 0) return { findings: out, complete };
  const frees = new Set(ev.flatMap((e, i) => (e.freeOf >= 0 ? [i] : [])));
  const race = races.find(([a, b]) => !frees.has(a) && !frees.has(b));
  if (race) out.push({ violation: raceViolation(x, race, p), events: [...race] });
  return { findings: out, complete };
}

function freeFindings(x: Execution, source: Int32Array, races: readonly (readonly [number, number])[]): ExecutionFinding[] {
  const ev = x.events;
  const out: ExecutionFinding[] = [];
  const frees = ev.flatMap((e, i) => (e.freeOf >= 0 ? [i] : []));
  if (frees.length === 0) return out;
  // One free instruction writes every field: its events share a CPU and an instruction.
  const freeKey = (i: number): string => `${ev[i]!.freeOf}:${ev[i]!.thread}:${ev[i]!.level}:${ev[i]!.at?.join(',')}`;
  const byObject = new Map<number, Set<string>>();
  for (const f of frees) byObject.set(ev[f]!.freeOf, (byObject.get(ev[f]!.freeOf) ?? new Set()).add(freeKey(f)));
  for (const [obj, keys] of byObject) {
    if (keys.size < 2) continue;
    // The second free in the order the events are listed (CPU by CPU).
    const second = frees.filter((f) => ev[f]!.freeOf === obj).find((f) => freeKey(f) !== [...keys][0])!;
    out.push({ violation: { kind: 'double-free', at: whereEv(x, second), object: obj }, events: [second] });
    break;
  }
  const racing = (a: number, f: number): boolean => races.some(([u, v]) => (u === a && v === f) || (u === f && v === a));
  for (let a = 0; a < ev.length; a++) {
    const e = ev[a]!;
    if (e.thread < 0 || e.freeOf >= 0 || (e.kind !== 'R' && e.kind !== 'W')) continue;
    const mine = frees.filter((f) => ev[f]!.loc === e.loc);
    if (mine.length === 0) continue;
    const after = (w: number): boolean => ev[w]!.freeOf >= 0 || mine.some((f) => x.co.has(f, w));
    const bad = e.kind === 'R' ? source[a]! >= 0 && after(source[a]!) : mine.some((f) => x.co.has(f, a));
    const f = mine.find((g) => racing(a, g));
    if (!bad && f === undefined) continue;
    out.push({
      violation: { kind: 'use-after-free', at: whereEv(x, a), object: ev[mine[0]!]!.freeOf, loc: e.loc, access: e.kind === 'R' ? 'read' : 'write' },
      events: f === undefined ? [a] : [a, f],
    });
    break;
  }
  return out;
}

function whereEv(x: Execution, i: number): Where {
  const e = x.events[i]!;
  const [code, pc] = e.at ?? [-1, -1];
  return { cpu: e.thread, level: e.level, code, pc };
}

/** A data race as a violation: the two accesses, each as [cpu, code, pc]. */
function raceViolation(x: Execution, [a, b]: readonly [number, number], p: Program): Violation {
  const where = (i: number) => ({ ...whereEv(x, i), access: x.events[i]!.kind === 'W' ? 'write' as const : 'read' as const });
  return { kind: 'data-race', at: where(a), other: where(b), loc: x.events[a]!.loc, name: p.locNames[x.events[a]!.loc] ?? '' };
}
