// RCU as the machine sees it: grace periods wait for the read-side critical sections that were
// in progress when they started, and for no others (Documentation/RCU/Design/Requirements).
// The family's kernel names and everything the machine knows about them: the step, the blocking
// condition, the footprint, the cost, the ablation kind and the trace note. Pure.
import { assertNever } from '../../common/assert-never.js';
import { Fault, where, type Exec } from '../exec.js';
import { CPU_RCU, cpuWord, frameOf, type Layout } from '../layout.js';
import { handlerLevel, type InstrBody, type Program } from '../program.js';
import { inRcuReader, type State } from '../state.js';
import type { BlockedOn } from '../violation.js';
import type { Family } from './family.js';

/** The RCU family's instructions. */
export type RcuInstr = Extract<InstrBody, { op: 'rcu' | 'synchronize_rcu_start' | 'synchronize_rcu_wait' }>;

function misuse(x: Exec, reason: string): never {
  throw new Fault({ kind: 'misuse', at: where(x), reason });
}

/** Execute an RCU instruction whose guard passed (rcuBlocked). */
export function rcuStep(x: Exec, instr: RcuInstr): void {
  const { state: s, layout: l, cpu } = x;
  switch (instr.op) {
    case 'rcu': {
      const w = cpuWord(l, cpu, CPU_RCU);
      if (instr.kind === 'rcu_read_lock') s[w]! += 1;
      else if ((s[w] ?? 0) <= 0) misuse(x, 'rcu_read_unlock() without rcu_read_lock()');
      else s[w]! -= 1;
      return;
    }
    case 'synchronize_rcu_start':
      // Documentation/RCU/checklist.rst: a grace-period wait inside a read-side critical section
      // is illegal; it could never end, because it waits for itself.
      if (inRcuReader(l, s, cpu)) {
        misuse(x, `${instr.expedited ? 'synchronize_rcu_expedited' : 'synchronize_rcu'}() inside an RCU read-side critical section (IRQs off, preemption off, rcu_read_lock or a handler)`);
      }
      startGracePeriod(l, s, frameOf(l, cpu, x.level), x.program.cpus, (c) => x.memoryModel.flushed(l, s, c));
      return;
    case 'synchronize_rcu_wait': return;
    default: assertNever(instr);
  }
}

/** Why an RCU instruction cannot run now, or null: a grace-period wait waits for its readers. */
export function rcuBlocked(x: Exec, instr: RcuInstr): BlockedOn | null {
  if (instr.op !== 'synchronize_rcu_wait') return null;
  const f = frameOf(x.layout, x.cpu, x.level);
  return gracePeriodPending(x.layout, x.state, f) ? { kind: 'grace-period', cpus: pendingCpus(x.layout, x.state, f, x.program.cpus) } : null;
}

/**
 * The static footprint of each RCU instruction (static-footprint.ts reads this table): entering
 * and leaving a section changes the CPU's reader state; synchronize_rcu_start reads every CPU's.
 * synchronize_rcu_wait reads only its own frame's pending bits, which other CPUs clear as private
 * writes (MoveFootprint.privateWrites), and once it may go on nothing can stop it: its other
 * dependencies are enablings, which the reduction meets with the CPUs the grace period waits for
 * (persistent.ts, necessaryEnablers). `drains`: both halves of synchronize_rcu() wait for the
 * store buffer to drain (guard.ts), as it implies a full barrier at its start and its end
 * (Documentation/RCU/Design/Memory-Ordering).
 */
export const RCU_ACCESS: Readonly<Record<RcuInstr['op'], { readonly reader: boolean; readonly gp: boolean; readonly drains: boolean }>> = {
  rcu: { reader: true, gp: false, drains: false },
  synchronize_rcu_start: { reader: false, gp: true, drains: true },
  synchronize_rcu_wait: { reader: false, gp: false, drains: true },
};

/** Whether an instruction is one of the RCU family's. */
export function isRcuInstr(i: InstrBody): i is RcuInstr {
  return i.op === 'rcu' || i.op === 'synchronize_rcu_start' || i.op === 'synchronize_rcu_wait';
}

/**
 * Whether running `i` starts a grace period (RCU_ACCESS's `gp`): the move's real footprint says so
 * (move-footprint.ts), and the trace gives it the note of the CPUs it waits for (trace-rows.ts).
 */
export function startsGracePeriod(i: InstrBody): boolean {
  return isRcuInstr(i) && RCU_ACCESS[i.op].gp;
}

/**
 * Whether an RCU instruction is the updater's (cost/roles.ts): both halves of a grace period are,
 * rcu_read_lock()/rcu_read_unlock() the reader's (Documentation/RCU/whatisRCU.rst).
 */
export function rcuUpdates(i: RcuInstr): boolean {
  return i.op !== 'rcu';
}

/** The RCU steps the cost model counts (cost/count.ts): what each adds to its CPU's counts. */
export function countRcu(instr: RcuInstr, cpus: number, c: { rcuReadLocks: number; normalGps: number; expeditedGps: number; ipis: number }): void {
  switch (instr.op) {
    case 'rcu': c.rcuReadLocks++; return;
    case 'synchronize_rcu_start':
      if (instr.expedited) {
        c.expeditedGps++;
        // Every CPU is taken to be online and busy (docs/costs.md), so the expedited grace period
        // finds none in an extended quiescent state and IPIs each other CPU (kernel/rcu/tree_exp.h,
        // sync_rcu_exp_select_node_cpus).
        c.ipis += cpus - 1;
      } else c.normalGps++;
      return;
    case 'synchronize_rcu_wait': return;
    default: assertNever(instr);
  }
}

/** What kind of synchronization an RCU instruction is, for `ablate` (explore/ablate.ts). */
export function rcuAblation(instr: RcuInstr): 'rcu' | 'wait' {
  return instr.op === 'rcu' ? 'rcu' : 'wait';
}

/**
 * The trace note of a grace period's start: the CPUs it waits for, read in the state after it
 * (`next`; report/trace-rows.ts).
 */
export function gracePeriodNote(l: Layout, next: State, frame: number, cpus: number): string {
  const waits = pendingCpus(l, next, frame, cpus);
  return waits.length ? `waits for ${waits.map((c) => `CPU ${c}`).join(', ')}` : 'no reader to wait for';
}

/**
 * Note in the frame every CPU the grace period must wait for: those inside a read-side section
 * (the reader set), and under TSO those whose store buffer still holds stores (the buffer set),
 * which may come from a section that just ended. RCU's guarantee is that an updater sees every
 * store of every pre-existing reader once synchronize_rcu() returns (tools/memory-model/
 * litmus-tests RCU+sync+read); the kernel gets it from the full barriers on its quiescent-state
 * path, the machine by waiting for the drain. The two sets are apart because they end apart: a
 * CPU noted only for its buffer is done once the buffer has drained, even if by then it has begun
 * a new read-side section, which the grace period must not wait for.
 */
export function startGracePeriod(l: Layout, s: State, frame: number, cpus: number, flushed: (cpu: number) => boolean): void {
  const readers = frame + l.gpOffset;
  const buffers = readers + l.gpWords;
  for (let w = 0; w < l.gpWords * l.gpSets; w++) s[readers + w] = 0;
  for (let c = 0; c < cpus; c++) {
    const bit = 1 << (c & 31);
    if (inRcuReader(l, s, c)) s[readers + (c >> 5)]! |= bit;
    else if (!flushed(c)) s[buffers + (c >> 5)]! |= bit;
  }
}

export function gracePeriodPending(l: Layout, s: State, frame: number): boolean {
  for (let w = 0; w < l.gpWords * l.gpSets; w++) if (s[frame + l.gpOffset + w] !== 0) return true;
  return false;
}

/** Word `w` of the CPUs a grace period still waits for (CPUs 32w to 32w + 31), any set. */
function pendingWord(l: Layout, s: State, frame: number, w: number): number {
  let m = 0;
  for (let set = 0; set < l.gpSets; set++) m |= s[frame + l.gpOffset + set * l.gpWords + w] ?? 0;
  return m;
}

/** The CPUs a grace period still waits for, as a bitmask (CPUs 0 to 31: the reduction's range). */
export function pendingMask(l: Layout, s: State, frame: number): number {
  return pendingWord(l, s, frame, 0);
}

/** The CPUs a grace period still waits for, ascending. */
export function pendingCpus(l: Layout, s: State, frame: number, cpus: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < cpus; c++) if ((pendingWord(l, s, frame, c >> 5) >>> (c & 31)) & 1) out.push(c);
  return out;
}

/**
 * Called after every move on `cpu`. Once its store buffer is empty (a quiescent state is reported
 * through code with full barriers), no grace period waits for its buffer any longer; and if it is
 * outside any read-side section too, it has passed a quiescent state. `frames` are the frames
 * that can hold a grace period (gpFrames): only code with a synchronize_rcu() starts one.
 */
export function noteQuiescence(l: Layout, s: State, cpu: number, frames: Int32Array, flushed: boolean): void {
  if (!flushed) return;
  const clear = ~(1 << (cpu & 31));
  const reader = inRcuReader(l, s, cpu);
  for (let k = 0; k < frames.length; k++) {
    const at = l.frameBase + frames[k]! * l.frameWords + l.gpOffset + (cpu >> 5);
    if (!reader) s[at]! &= clear;
    if (l.gpSets > 1) s[at + l.gpWords]! &= clear;
  }
}

/**
 * The frames (cpu * 3 + level) whose code may start a grace period, ascending: the only ones whose
 * pending bits a quiescent state must clear.
 */
export function gpFrames(p: Program): Int32Array {
  const starts = p.codes.map((c) => c.instrs.some((i) => i.op === 'synchronize_rcu_start'));
  const out: number[] = [];
  // With tasks (ops/sched.ts), any task of the CPU runs in its task frame, and a task switched out
  // keeps its grace period in its saved frame (index cpus * 3 + task), which quiescence clears too.
  const tasks = p.sched?.tasks ?? [];
  for (let cpu = 0; cpu < p.cpus; cpu++) {
    if (starts[p.tasks[cpu] ?? -1] || tasks.some((t) => t.cpu === cpu && starts[t.code])) out.push(cpu * 3);
    for (const level of [1, 2] as const) {
      if (p.handlers.some((h) => h.cpus.includes(cpu) && handlerLevel(h.kind) === level && starts[h.code])) out.push(cpu * 3 + level);
    }
  }
  tasks.forEach((t, i) => { if (starts[t.code]) out.push(p.cpus * 3 + i); });
  return Int32Array.from(out);
}

/**
 * RCU by kernel name. The dereference forms are READ_ONCE() on SC and x86-TSO (the dependency
 * ordering they add matters only on Alpha, include/linux/rcupdate.h); rcu_assign_pointer() is
 * smp_store_release(). synchronize_rcu() lowers to two steps: the start notes the readers the
 * grace period waits for, the wait blocks until they are gone (startGracePeriod above).
 */
export const rcu: Family = {
  name: 'rcu',
  cpuSymmetric: true, // a grace period's pending CPUs are renamed (symmetry.ts)
  names: [
    { name: 'rcu_read_lock', roles: [], litmus: true, doc: 'enters an RCU read-side critical section', lower: { to: 'instr', body: { op: 'rcu', kind: 'rcu_read_lock' } } },
    { name: 'rcu_read_unlock', roles: [], litmus: true, doc: 'leaves it', lower: { to: 'instr', body: { op: 'rcu', kind: 'rcu_read_unlock' } } },
    { name: 'synchronize_rcu', roles: [], litmus: true, doc: 'waits for every read-side critical section in progress to end', lower: { to: 'grace_period', expedited: false } },
    { name: 'synchronize_rcu_expedited', roles: [], litmus: true, doc: 'the same, expedited (IPIs in the cost model)', lower: { to: 'grace_period', expedited: true } },
    { name: 'rcu_dereference', roles: ['lvalue'], litmus: true, doc: 'a marked load of an RCU-protected pointer', lower: { to: 'load', order: 'once' } },
    { name: 'rcu_dereference_raw', roles: ['lvalue'], litmus: true, doc: 'the same, without the debugging checks', lower: { to: 'load', order: 'once' } },
    { name: 'rcu_access_pointer', roles: ['lvalue'], litmus: true, doc: 'a marked load of the pointer value only', lower: { to: 'load', order: 'once' } },
    { name: 'srcu_dereference', roles: ['lvalue', 'srcu'], litmus: false, doc: 'srcu_dereference(p, ss), as include/linux/srcu.h spells it: a marked load (that the caller reads inside a section of ss is a debugging check, not modelled)', lower: { to: 'load', order: 'once' } },
    { name: 'rcu_assign_pointer', roles: ['lvalue', 'value'], litmus: true, doc: 'publishes a pointer: a release store', lower: { to: 'store', order: 'release' } },
  ],
  known: [
    'rcu_read_lock_sched', 'rcu_read_unlock_sched',
    'synchronize_sched', 'synchronize_rcu_bh', 'rcu_dereference_check', 'rcu_dereference_protected',
    'rcu_dereference_bh', 'rcu_dereference_sched', 'lockless_dereference', 'rcu_pointer_handoff', 'RCU_INIT_POINTER',
    'rcu_replace_pointer',
  ],
  pairs: [['rcu_read_lock', 'rcu_read_unlock']],
};
