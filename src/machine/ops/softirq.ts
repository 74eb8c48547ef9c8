// Softirq context and bottom halves (Documentation/kernel-hacking/locking.rst "Softirqs",
// kernel/softirq.c, include/linux/bottom_half.h, include/linux/preempt.h). A softirq handler runs
// between task and hardirq: the kernel runs pending softirqs on irq_exit() when the interrupted
// context was not in_interrupt(), and at local_bh_enable() when the count drops to zero and one is
// pending (__local_bh_enable_ip). Since a raise is nondeterministic here (a bounded fire count,
// like an IRQ's), both come to one rule: a softirq may start whenever its CPU runs its task with
// bottom halves enabled and IRQs on (an IRQ that fired just before and returned is the irq_exit()
// path; a softirq right after local_bh_enable() the other). It runs with IRQs on, so IRQs and NMIs
// may interrupt it, but no other softirq on that CPU (softirq_count() is non-zero while it runs,
// which is in_interrupt()). The count local_bh_disable() raises is preempt_count's SOFTIRQ field
// (SOFTIRQ_DISABLE_OFFSET), the one a running softirq holds (SOFTIRQ_OFFSET); the machine keeps
// them apart (SOFT_BH, SOFT_HANDLER) and the context tests below read them as the kernel's macros
// read the mask. Pure.
import { assertNever } from '../../common/assert-never.js';
import { Fault, where, type Exec } from '../exec.js';
import { CPU_IRQ_HANDLER, CPU_IRQ_OFF, CPU_NMI_HANDLER, SOFT_BH, SOFT_HANDLER, cpuWord, frameOf, softWord, type Layout } from '../layout.js';
import type { ContextTest, Program } from '../program.js';
import type { State } from '../state.js';
import type { Family, PrimitiveName } from './family.js';

/** Whether bottom halves are off on `cpu`: a local_bh_disable() count, or a softirq running. */
export function softirqCount(l: Layout, s: State, cpu: number): boolean {
  if (l.softWords === 0) return false;
  const b = l.softBase + cpu * l.softWords;
  return s[b + SOFT_HANDLER] !== 0 || s[b + SOFT_BH] !== 0;
}

/**
 * Whether a softirq handler may start on `cpu` in a state where the CPU runs its task (the caller
 * checks the level): IRQs on and bottom halves enabled (kernel/softirq.c irq_exit_rcu ->
 * invoke_softirq() only `if (!in_interrupt() && local_softirq_pending())`; __local_bh_enable_ip
 * likewise). The preemption count does not matter: in_interrupt() reads the softirq, hardirq and
 * NMI fields only, so a softirq may interrupt a task that holds a plain spin_lock().
 */
export function softirqMayStart(l: Layout, s: State, cpu: number): boolean {
  return s[cpuWord(l, cpu, CPU_IRQ_OFF)] === 0 && !softirqCount(l, s, cpu);
}

/**
 * Enter softirq handler `h` on `cpu`: its frame is fresh; IRQs stay on (__do_softirq enables them).
 * `counted`: a raised softirq counts its firings; an RCU callback is bounded by its queue instead.
 */
export function enterSoftirq(l: Layout, s: State, cpu: number, h: number, counted: boolean): void {
  s[softWord(l, cpu, SOFT_HANDLER)] = h + 1;
  if (counted) s[l.fireBase + h]! += 1;
  const f = frameOf(l, cpu, 3);
  s.fill(0, f, f + l.frameWords);
}

/** Return from the softirq handler on `cpu`: a function return, no IRET, so no drain to wait for. */
export function leaveSoftirq(l: Layout, s: State, cpu: number): void {
  s[softWord(l, cpu, SOFT_HANDLER)] = 0;
  const f = frameOf(l, cpu, 3);
  s.fill(0, f, f + l.frameWords);
}

function misuse(x: Exec, reason: string): never {
  throw new Fault({ kind: 'misuse', at: where(x), reason });
}

/**
 * local_bh_disable() / local_bh_enable(). The enable warns in hardirq context and with IRQs
 * disabled (kernel/softirq.c __local_bh_enable_ip: `WARN_ON_ONCE(in_hardirq());` and the
 * debugging assertion that IRQs are enabled after it), and below zero the count would underflow
 * into the hardirq field.
 */
export function bhStep(x: Exec, kind: 'local_bh_disable' | 'local_bh_enable'): void {
  const { state: s, layout: l, cpu } = x;
  const w = softWord(l, cpu, SOFT_BH);
  switch (kind) {
    case 'local_bh_disable': s[w]! += 1; return;
    case 'local_bh_enable':
      if (x.level === 1 || x.level === 2) misuse(x, 'local_bh_enable() in hardirq context');
      if (s[cpuWord(l, cpu, CPU_IRQ_OFF)] !== 0) misuse(x, 'local_bh_enable() with IRQs disabled');
      if ((s[w] ?? 0) <= 0) misuse(x, 'local_bh_enable() without local_bh_disable()');
      s[w]! -= 1;
      return;
    default: assertNever(kind);
  }
}

/**
 * A context test as include/linux/preempt.h defines it on preempt_count's fields: hardirq_count()
 * is non-zero in an IRQ handler and in an NMI (nmi_enter() adds HARDIRQ_OFFSET too), softirq_count()
 * while a softirq runs or bottom halves are disabled, whichever level asks (an IRQ that interrupted
 * a softirq is in_softirq() too). in_task() is `!(in_nmi() | in_hardirq() | in_serving_softirq())`.
 */
export function contextTest(l: Layout, s: State, cpu: number, test: ContextTest): boolean {
  const nmi = s[cpuWord(l, cpu, CPU_NMI_HANDLER)] !== 0;
  const hardirq = nmi || s[cpuWord(l, cpu, CPU_IRQ_HANDLER)] !== 0;
  const serving = l.softWords !== 0 && s[softWord(l, cpu, SOFT_HANDLER)] !== 0;
  switch (test) {
    case 'in_nmi': return nmi;
    case 'in_hardirq': return hardirq;
    case 'in_serving_softirq': return serving;
    case 'in_softirq': return softirqCount(l, s, cpu);
    case 'in_interrupt': return hardirq || softirqCount(l, s, cpu);
    case 'in_task': return !(hardirq || serving);
    default: return assertNever(test);
  }
}

/** The trace note of a bottom-half step, from the count before and after it. */
export function bhNote(before: number, after: number): string {
  return before === 0 && after > 0 ? 'bottom halves off' : before > 0 && after === 0 ? 'bottom halves on' : `bottom halves stay off`;
}

/** The softirq level of `p` is in use: a handler of kind softirq (moves.ts lists its firings). */
export function hasSoftirqHandlers(p: Program): boolean {
  return p.handlers.some((h) => h.kind === 'softirq');
}

const TESTS: readonly [ContextTest | 'in_irq', ContextTest, string][] = [
  ['in_interrupt', 'in_interrupt', '1 in a hardirq, NMI or softirq handler, or with bottom halves disabled; else 0'],
  ['in_softirq', 'in_softirq', '1 in a softirq handler or with bottom halves disabled (softirq_count())'],
  ['in_serving_softirq', 'in_serving_softirq', '1 while a softirq handler runs on this CPU'],
  ['in_task', 'in_task', '1 in task context (not in a hardirq, NMI or softirq handler)'],
  ['in_hardirq', 'in_hardirq', '1 in an IRQ handler (or an NMI, which counts as hardirq too)'],
  ['in_irq', 'in_hardirq', 'the old name of in_hardirq'],
  ['in_nmi', 'in_nmi', '1 in an NMI handler'],
];

function testNames(): PrimitiveName[] {
  return TESTS.map(([name, test, doc]) => ({ name, roles: [], litmus: false, doc, lower: { to: 'context_test', test } }));
}

/**
 * Bottom halves and the context tests by kernel name. rcu_read_lock_bh() is local_bh_disable()
 * plus a debugging annotation (include/linux/rcupdate.h), and a bh-disabled region is an RCU reader
 * (state.ts inRcuReader), so it lowers to the disable itself. The _bh lock forms (locks.ts,
 * seqcount.ts) disable bottom halves before they spin and enable them after the unlock.
 */
export const softirq: Family = {
  name: 'softirq',
  cpuSymmetric: true, // each CPU's softirq state is in its own block (symmetry.ts)
  names: [
    { name: 'local_bh_disable', roles: [], litmus: false, doc: 'disables bottom halves on this CPU: no softirq starts here until the matching local_bh_enable', lower: { to: 'instr', body: { op: 'irq', kind: 'local_bh_disable', flags: -1 } } },
    { name: 'local_bh_enable', roles: [], litmus: false, doc: 'enables them again (a pending softirq may run right after); a misuse in hardirq context or with IRQs off', lower: { to: 'instr', body: { op: 'irq', kind: 'local_bh_enable', flags: -1 } } },
    { name: 'rcu_read_lock_bh', roles: [], litmus: false, doc: 'local_bh_disable(), which is an RCU read-side critical section', lower: { to: 'instr', body: { op: 'irq', kind: 'local_bh_disable', flags: -1 } } },
    { name: 'rcu_read_unlock_bh', roles: [], litmus: false, doc: 'local_bh_enable(), leaving it', lower: { to: 'instr', body: { op: 'irq', kind: 'local_bh_enable', flags: -1 } } },
    ...testNames(),
  ],
  pairs: [['local_bh_disable', 'local_bh_enable']],
};
