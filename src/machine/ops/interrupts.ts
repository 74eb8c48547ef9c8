// IRQ and NMI entry and exit. A handler runs to completion before the context it interrupted
// resumes on that CPU; hardirqs run with IRQs disabled; an NMI ignores the IRQ flag and may nest
// on top of an IRQ handler, but never on another NMI (x86: NMIs are blocked until IRET).
// The family's kernel names (the IRQ flag and preemption count) and everything the machine knows
// about them: the step, the footprint, the cost, the ablation kind and the trace note. Pure.
import { assertNever } from '../../common/assert-never.js';
import { Fault, where, type Exec } from '../exec.js';
import {
  CPU_IRQ_HANDLER, CPU_IRQ_OFF, CPU_IRQ_SAVED, CPU_NMI_HANDLER, CPU_NMI_SAVED, CPU_PREEMPT, FRAME_LOCALS,
  cpuWord, frameOf, type Layout,
} from '../layout.js';
import { memoByObject } from '../../common/memo.js';
import { handlerLevel, type InstrBody, type Level, type Program } from '../program.js';
import { memoryOf } from '../memory/select.js';
import { codeOf, handlerAt, innermost, pcOf, taskFinished, type State } from '../state.js';
import type { Family } from './family.js';
import { bhStep, enterSoftirq, leaveSoftirq, softirqMayStart } from './softirq.js';
import { callbackReady, callbacksQueuedOn, finishCallback, startCallback } from './rcu-callbacks.js';

/** Whether handler `h` may fire on `cpu` now. */
export function canFire(p: Program, l: Layout, s: State, cpu: number, h: number): boolean {
  const decl = p.handlers[h];
  if (!decl || (!decl.callback && (s[l.fireBase + h] ?? 0) >= decl.max)) return false;
  if (s[cpuWord(l, cpu, CPU_NMI_HANDLER)] !== 0) return false;
  const level = innermost(l, s, cpu);
  // A hardirq may interrupt the task or a softirq (which runs with IRQs on: ops/softirq.ts).
  if (decl.kind === 'irq' && ((level !== 0 && level !== 3) || s[cpuWord(l, cpu, CPU_IRQ_OFF)] !== 0)) return false;
  if (decl.kind === 'softirq' && (level !== 0 || !softirqMayStart(l, s, cpu))) return false;
  // An RCU callback runs when its grace period is over, not at random (ops/rcu-callbacks.ts).
  if (decl.callback && !callbackReady(p, l, s, cpu, h)) return false;
  // An idle CPU (its task finished, or none) still takes interrupts, but only while the run goes
  // on: once every context has finished the run is over, and its end is a state with no moves,
  // which is what final-state conditions and the partial-order reduction rely on.
  if (level === 0 && taskFinished(p, l, s, cpu) && !runLive(p, l, s)) return false;
  // Delivering an interrupt drains the CPU's store buffer first (Intel SDM vol. 3A §11.10: the
  // buffer is drained "when an exception or interrupt is generated"), so the handler starts on an
  // empty buffer and the interrupted code's stores are visible before the handler's first access.
  // A softirq started at local_bh_enable() is a function call: it waits for no drain.
  if (decl.kind !== 'softirq' && !memoryOf(p).flushed(l, s, cpu)) return false;
  const at = firePoints(p)[h];
  if (!at) return true;
  return at[codeOf(p, l, s, cpu, level)]?.[pcOf(l, s, cpu, level)] === 1;
}

/**
 * firePoints(p)[h][code][pc] is 1 when handler h may fire just before that instruction (one of
 * its labels is named by the handler's `at`); null for a handler that may fire anywhere. A table,
 * because canFire is asked for every handler in every state the search stores.
 */
const firePoints = memoByObject((p: Program): readonly (readonly Uint8Array[] | null)[] =>
  p.handlers.map((decl) => {
    const at = decl.at;
    if (at === null) return null;
    return p.codes.map((c) => Uint8Array.from(c.instrs, (i) => (i.labels.some((label) => at.includes(label)) ? 1 : 0)));
  }));

/**
 * Whether some context on some CPU has not finished: a task with steps left, a handler, or an RCU
 * callback still queued (ops/rcu-callbacks.ts).
 */
export function runLive(p: Program, l: Layout, s: State): boolean {
  for (let c = 0; c < p.cpus; c++) if (innermost(l, s, c) !== 0 || !taskFinished(p, l, s, c) || (l.cbObjects > 0 && callbacksQueuedOn(l, s, c) > 0)) return true;
  return false;
}

/** Contexts of `cpu` not yet finished: its task (while it has steps left), its handlers and the RCU callbacks queued on it. */
export function liveContexts(p: Program, l: Layout, s: State, cpu: number): number {
  return (taskFinished(p, l, s, cpu) ? 0 : 1) + innermost(l, s, cpu) + (l.cbObjects > 0 ? callbacksQueuedOn(l, s, cpu) : 0);
}

/** Enter handler `h` on `cpu`: a fresh frame one level up, IRQs off until it returns. */
export function enterHandler(p: Program, l: Layout, s: State, cpu: number, h: number): Level {
  const decl = p.handlers[h]!;
  const level = handlerLevel(decl.kind);
  if (decl.callback) startCallback(p, l, s, h);
  if (level === 3) { enterSoftirq(l, s, cpu, h, !decl.callback); return level; }
  const off = cpuWord(l, cpu, 0);
  s[off + (level === 1 ? CPU_IRQ_SAVED : CPU_NMI_SAVED)] = s[off + CPU_IRQ_OFF] ?? 0;
  s[off + CPU_IRQ_OFF] = 1;
  s[off + (level === 1 ? CPU_IRQ_HANDLER : CPU_NMI_HANDLER)] = h + 1;
  s[l.fireBase + h]! += 1;
  const f = frameOf(l, cpu, level);
  s.fill(0, f, f + l.frameWords);
  return level;
}

/** Return from the handler at `level`: restore the IRQ flag and clear the frame (canonical). */
export function leaveHandler(p: Program, l: Layout, s: State, cpu: number, level: Level): void {
  if (level === 3) {
    const h = handlerAt(l, s, cpu, 3);
    if (p.handlers[h]?.callback) finishCallback(p, l, s, h);
    leaveSoftirq(l, s, cpu);
    return;
  }
  const off = cpuWord(l, cpu, 0);
  s[off + CPU_IRQ_OFF] = s[off + (level === 1 ? CPU_IRQ_SAVED : CPU_NMI_SAVED)] ?? 0;
  s[off + (level === 1 ? CPU_IRQ_SAVED : CPU_NMI_SAVED)] = 0;
  s[off + (level === 1 ? CPU_IRQ_HANDLER : CPU_NMI_HANDLER)] = 0;
  const f = frameOf(l, cpu, level);
  s.fill(0, f, f + l.frameWords);
}

/**
 * Return from each finished handler on `cpu`, innermost first. The return is IRET, a serializing
 * instruction (Intel SDM vol. 3 §8.3): it completes only once the CPU's store buffer has drained,
 * so with `flushed` false a finished handler stays on the CPU until the drain that empties it.
 */
export function retireHandlers(p: Program, l: Layout, s: State, cpu: number, flushed: boolean): void {
  // A softirq returns by a function return (ops/softirq.ts): no IRET, so no drain to wait for.
  for (let level = innermost(l, s, cpu); level !== 0 && (flushed || level === 3); level = innermost(l, s, cpu)) {
    const code = p.codes[codeOf(p, l, s, cpu, level)];
    if (code && pcOf(l, s, cpu, level) < code.instrs.length) return;
    leaveHandler(p, l, s, cpu, level);
  }
}

/** The family's instructions: the IRQ flag and the preemption count. */
export type IrqInstr = Extract<InstrBody, { op: 'irq' | 'preempt' }>;

/** Whether `x` runs a hardirq or NMI handler, where IRQs stay off; a softirq may turn them on and off. */
function inHardirq(x: Exec): boolean {
  return x.level === 1 || x.level === 2;
}

function misuse(x: Exec, reason: string): never {
  throw new Fault({ kind: 'misuse', at: where(x), reason });
}

/** Execute an IRQ-flag or preemption instruction (they never block). */
export function irqStep(x: Exec, instr: IrqInstr): void {
  const { state: s, layout: l, cpu } = x;
  const cw = cpuWord(l, cpu, 0);
  switch (instr.op) {
    case 'irq': {
      if (instr.kind === 'local_bh_disable' || instr.kind === 'local_bh_enable') { bhStep(x, instr.kind); return; }
      if (instr.kind === 'local_irq_enable' && inHardirq(x)) misuse(x, 'local_irq_enable() inside an interrupt handler');
      if (instr.kind === 'local_irq_save') s[frameOf(l, cpu, x.level) + FRAME_LOCALS + instr.flags] = s[cw + CPU_IRQ_OFF] ?? 0;
      const off = instr.kind === 'local_irq_disable' || instr.kind === 'local_irq_save' ? 1
        : instr.kind === 'local_irq_enable' ? 0
        : (s[frameOf(l, cpu, x.level) + FRAME_LOCALS + instr.flags] ?? 0) !== 0 ? 1 : 0;
      if (off === 0 && inHardirq(x)) misuse(x, `${instr.kind}() enabling IRQs inside an interrupt handler`);
      s[cw + CPU_IRQ_OFF] = off;
      return;
    }
    case 'preempt':
      if (instr.kind === 'preempt_disable') s[cw + CPU_PREEMPT]! += 1;
      else if ((s[cw + CPU_PREEMPT] ?? 0) <= 0) misuse(x, 'preempt_enable() without preempt_disable()');
      else s[cw + CPU_PREEMPT]! -= 1;
      return;
    default: assertNever(instr);
  }
}

/**
 * The static footprint of each instruction of the family (static-footprint.ts reads this table):
 * they touch only their CPU's words, but IRQs off and preemption off are RCU read-side sections
 * (rcu.ts), so each may change the CPU's reader state.
 */
export const IRQ_ACCESS: Readonly<Record<IrqInstr['op'], { readonly reader: boolean }>> = {
  irq: { reader: true },
  preempt: { reader: true },
};

/** What an instruction of the family adds to its CPU's counts in the cost model (cost/count.ts). */
export function countIrq(instr: IrqInstr, c: { irqToggles: number }): void {
  switch (instr.op) {
    case 'irq': case 'preempt': c.irqToggles++; return;
    default: assertNever(instr);
  }
}

/**
 * What kind of synchronization an instruction of the family is, for `ablate` (explore/ablate.ts):
 * the preempt_disable() a lock statement lowers to belongs to the lock.
 */
export function irqAblation(instr: IrqInstr): 'irq' | 'preempt' | 'lock' {
  switch (instr.op) {
    case 'irq': return 'irq';
    case 'preempt': return instr.ofLock ? 'lock' : 'preempt';
    default: return assertNever(instr);
  }
}

/**
 * The trace note of an IRQ-flag step, from the flag before and after it, so that the step which
 * re-enables IRQs (the one that lets a handler in) says so: local_irq_restore() and the
 * _irqrestore unlocks restore whatever the flags held, which the statement alone does not tell.
 */
export function irqFlagNote(offBefore: boolean, offAfter: boolean): string {
  return offBefore === offAfter ? `IRQs stay ${offAfter ? 'off' : 'on'}` : `IRQs ${offAfter ? 'off' : 'on'}`;
}

/**
 * The CPU's IRQ flag and preemption count by kernel name. local_irq_save(flags) is a macro that
 * writes the flag into `flags` (include/linux/irqflags.h); the machine's flag is one bit. Not in
 * the LKMM (herd7 refuses them): C litmus tests may call them for tests with interrupt handlers.
 */
export const irq: Family = {
  name: 'irq',
  cpuSymmetric: true, // each CPU's IRQ state is in its own block; a running handler is renamed (symmetry.ts)
  names: [
    { name: 'local_irq_disable', roles: [], litmus: true, doc: 'disables IRQs on this CPU', lower: { to: 'instr', body: { op: 'irq', kind: 'local_irq_disable', flags: -1 } } },
    { name: 'local_irq_enable', roles: [], litmus: true, doc: 'enables them (a misuse inside a handler)', lower: { to: 'instr', body: { op: 'irq', kind: 'local_irq_enable', flags: -1 } } },
    { name: 'local_irq_save', roles: ['flags'], litmus: true, doc: 'saves the IRQ flag into the local flags, then disables IRQs', lower: { to: 'irq_flags', kind: 'local_irq_save' } },
    { name: 'local_irq_restore', roles: ['flags'], litmus: true, doc: 'restores the IRQ flag from flags', lower: { to: 'irq_flags', kind: 'local_irq_restore' } },
    { name: 'preempt_disable', roles: [], litmus: true, doc: 'raises the preemption count', lower: { to: 'instr', body: { op: 'preempt', kind: 'preempt_disable' } } },
    { name: 'preempt_enable', roles: [], litmus: true, doc: 'lowers it (a misuse below zero)', lower: { to: 'instr', body: { op: 'preempt', kind: 'preempt_enable' } } },
  ],
  pairs: [['local_irq_save', 'local_irq_restore'], ['local_irq_disable', 'local_irq_enable'], ['preempt_disable', 'preempt_enable']],
};
