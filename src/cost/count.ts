// Counts the steps each CPU's task executes on the cost schedule, by kind (docs/costs.md): every
// task runs to completion in CPU order, no interrupt fires, and a CPU whose next step is blocked
// yields to the next CPU. Pure: runs the machine's own step function and watches its accesses.
import { assertNever } from '../common/assert-never.js';
import { enabledMoves } from '../machine/enabled.js';
import type { StepObserver } from '../machine/exec.js';
import { layoutOf } from '../machine/layout.js';
import type { Move } from '../machine/moves.js';
import { lockValueIsAtomic } from '../machine/ops/locks.js';
import { countFence } from '../machine/ops/barriers.js';
import { countIrq } from '../machine/ops/interrupts.js';
import { countLock } from '../machine/ops/locks.js';
import { takesWaitLock } from '../machine/ops/sched.js';
import { countRcu } from '../machine/ops/rcu.js';
import { countSleepingLock, isSleepingLock } from '../machine/ops/sleeping-lock.js';
import type { Instr, Program } from '../machine/program.js';
import { forEachInstrExpr } from '../machine/visit.js';
import { initialState } from '../machine/start.js';
import { allFinished, innermost, nextInstr, type State } from '../machine/state.js';
import { step } from '../machine/step.js';
import type { Violation } from '../machine/violation.js';

/** What one CPU's task did on the cost schedule. Every field counts executed steps or accesses. */
export interface CpuCounts {
  steps: number;
  /** Memory words touched by plain loads and stores (local slots and shared data, cache hits). */
  plainAccesses: number;
  /** Loads and stores of another CPU's per-CPU slot outside a hazard-pointer wait. */
  remoteMisses: number;
  smpMb: number;
  atomicRmw: number;
  lockAcquires: number;
  lockReleases: number;
  /** rcu_read_lock() and rcu_read_unlock() steps. */
  rcuReadLocks: number;
  /** local_irq_* and preempt_* steps. */
  irqToggles: number;
  normalGps: number;
  expeditedGps: number;
  /** IPIs sent by expedited grace periods: one to every other CPU (docs/costs.md). */
  ipis: number;
  /** wait_until steps that read another CPU's per-CPU slot: one CPU visited by a scan. */
  hazptrScans: number;
}

export type CountResult =
  | { readonly ok: true; readonly cpus: readonly CpuCounts[] }
  /** The cost schedule itself ended in a violation or got stuck: no cost can be given. */
  | { readonly ok: false; readonly reason: string; readonly violation?: Violation };

export function zeroCounts(): CpuCounts {
  return { steps: 0, plainAccesses: 0, remoteMisses: 0, smpMb: 0, atomicRmw: 0, lockAcquires: 0, lockReleases: 0, rcuReadLocks: 0, irqToggles: 0, normalGps: 0, expeditedGps: 0, ipis: 0, hazptrScans: 0 };
}

/**
 * `percpu`: indices into program.arrays of the per-CPU arrays (first dimension the CPU count),
 * whose element [c][...] lives in CPU c's cache.
 */
export function countSteps(p: Program, percpu: ReadonlySet<number>): CountResult {
  const l = layoutOf(p);
  const counts = Array.from({ length: p.cpus }, zeroCounts);
  let s: State = initialState(p);
  let cpu = 0;
  let idleTurns = 0;
  // Each step either moves a CPU on or hands the turn to the next CPU; p.cpus turns in a row
  // without a step means nothing can move, so the loop ends.
  for (let budget = 0; budget < p.maxSteps * Math.max(1, p.cpus) + p.cpus; budget++) {
    if (allFinished(p, l, s)) return { ok: true, cpus: counts };
    const moves = enabledMoves(p, s);
    const run: Move | undefined = moves.find((m) => m.kind === 'run' && m.cpu === cpu && innermost(l, s, cpu) === 0);
    // Under TSO a CPU that waits for its store buffer lets it drain: drains cost no step of their
    // own (the store was counted when it was issued).
    const drain = run ? undefined : moves.find((m) => m.kind === 'drain' && m.cpu === cpu);
    if (drain) {
      const r = step(p, s, drain);
      if (r.kind === 'violation') return { ok: false, reason: `the cost schedule ends in ${r.violation.kind}`, violation: r.violation };
      s = r.state;
      idleTurns = 0;
      continue;
    }
    if (!run) {
      cpu = (cpu + 1) % p.cpus;
      if (++idleTurns > p.cpus) return { ok: false, reason: 'the cost schedule cannot go on: every unfinished task is blocked' };
      continue;
    }
    idleTurns = 0;
    const instr = nextInstr(p, l, s, cpu, 0)!;
    const touched: { loc: number; write: boolean }[] = [];
    const obs: StepObserver = { read: (loc) => touched.push({ loc, write: false }), write: (loc) => touched.push({ loc, write: true }) };
    const r = step(p, s, run, obs);
    if (r.kind === 'violation') return { ok: false, reason: `the cost schedule ends in ${r.violation.kind}`, violation: r.violation };
    classify(p, percpu, cpu, instr, touched, counts[cpu]!);
    s = r.state;
  }
  return { ok: false, reason: `the cost schedule passed its bound of ${p.maxSteps} steps per CPU` };
}

function classify(p: Program, percpu: ReadonlySet<number>, cpu: number, instr: Instr, touched: readonly { loc: number }[], c: CpuCounts): void {
  c.steps++;
  const rmw = rmwCount(instr);
  // A trylock is one locked cmpxchg (or add) on the lock word (ops/locks.ts lockValueIsAtomic):
  // an atomic RMW, on no memory word the plain count below sees.
  c.atomicRmw += rmw + lockTries(instr);
  // An atomic RMW reads and writes one word: that word is the RMW's, not a plain access.
  const words = [...new Set(touched.map((t) => t.loc))];
  let plainLeft = Math.max(0, words.length - rmw);
  for (const loc of words) {
    if (plainLeft === 0) break;
    plainLeft--;
    const owner = slotOwner(p, percpu, loc);
    if (owner === -1 || owner === cpu) c.plainAccesses++;
    else if (instr.op === 'wait_until') c.hazptrScans++;
    else c.remoteMisses++;
  }
  switch (instr.op) {
    case 'fence': countFence(instr.kind, c); break;
    case 'lock': countLock(instr.kind, c); break;
    case 'rcu': case 'synchronize_rcu_start': case 'synchronize_rcu_wait': countRcu(instr, p.cpus, c); break;
    case 'irq': case 'preempt': countIrq(instr, c); break;
    // kernel/rcu/srcutree.c: __srcu_read_lock() and __srcu_read_unlock() are a this_cpu_inc()
    // and an smp_mb() each; synchronize_srcu() is a grace period of its own domain.
    case 'srcu':
      // srcu_down_read()/srcu_up_read() are __srcu_read_lock()/__srcu_read_unlock() (srcu.h).
      if (instr.kind === 'srcu_read_lock' || instr.kind === 'srcu_read_unlock' || instr.kind === 'srcu_down_read' || instr.kind === 'srcu_up_read') c.smpMb++;
      else if (instr.kind === 'synchronize_srcu_start') {
        if (instr.expedited) c.expeditedGps++;
        else c.normalGps++;
      }
      break;
    // The sleeping locks count as lock acquisitions and releases (ops/sleeping-lock.ts); the
    // scheduler's barriers and runqueue locks are not priced: no cost scenario sleeps.
    // The rest cost only the memory words they touch.
    case 'assign': case 'store': case 'eval': case 'branch': case 'jump': case 'loop': case 'wait_until':
    case 'assert': case 'free': case 'nop':
    // call_rcu() links a callback onto a per-CPU list, priced as the words it touches; its grace
    // period and rcu_barrier()'s wait are not counted here.
    case 'rcu_callback':
    // kmalloc's fast path pops the per-CPU freelist (mm/slub.c, slab_alloc_node(): a few loads and
    // one this_cpu_cmpxchg_double, no barrier); it is priced as the flag words it touches, as kfree is.
    case 'alloc':
      break;
    // The scheduler's barriers and runqueue locks are not priced: no cost scenario sleeps. A wait
    // queue's or completion's section costs its spinlock, taken and released (the uncontended
    // path: wake_up() or complete() with nobody to wake, a wait that returns at once).
    // The sleeping locks are priced as locks (ops/sleeping-lock.ts).
    case 'sched':
      if (isSleepingLock(instr)) countSleepingLock(instr.kind, c);
      else if (takesWaitLock(instr.kind)) { c.lockAcquires++; c.lockReleases++; }
      break;
    default: assertNever(instr);
  }
}

/** The CPU whose per-CPU slot `loc` is, or -1 when it is no per-CPU slot. */
export function slotOwner(p: Program, percpu: ReadonlySet<number>, loc: number): number {
  for (const i of percpu) {
    const a = p.arrays[i]!;
    const size = a.dims.reduce((x, y) => x * y, 1);
    if (loc >= a.base && loc < a.base + size) return Math.floor((loc - a.base) / (size / (a.dims[0] ?? 1)));
  }
  return -1;
}

/** The atomic RMWs an instruction makes (a trylock is counted as a lock word, not an RMW). */
function lockTries(instr: Instr): number {
  let n = 0;
  forEachInstrExpr(instr, (e) => { if (e.kind === 'lock_value' && lockValueIsAtomic(e.query)) n++; });
  return n;
}

function rmwCount(instr: Instr): number {
  let n = 0;
  forEachInstrExpr(instr, (e) => { if (e.kind === 'rmw') n++; });
  return n;
}
