// __might_sleep()'s checks (kernel/sched/core.c), apart from the scheduler so that every family
// whose primitives may sleep (ops/sched.ts, the sleeping locks of ops/sleeping-lock.ts) asks the
// same question without importing the scheduler. Pure.
import { Fault, where, type Exec } from '../exec.js';
import { CPU_IRQ_OFF, CPU_PREEMPT, CPU_RCU, SOFT_BH, cpuWord, softWord, type Layout } from '../layout.js';
import type { State } from '../state.js';

/**
 * Bottom halves off (ops/softirq.ts): local_bh_disable() adds SOFTIRQ_DISABLE_OFFSET to
 * preempt_count (include/linux/bottom_half.h, preempt.h), so the task is neither preemptible nor
 * allowed to sleep (in_atomic()).
 */
export function bhDisabled(l: Layout, s: State, cpu: number): boolean {
  const w = softWord(l, cpu, SOFT_BH);
  return w >= 0 && (s[w] ?? 0) !== 0;
}

/**
 * Why a context at `level` on `cpu` may not sleep now, or null when it may: in an interrupt
 * handler, with IRQs off, preemption off (a spinlock held counts: it raised the preemption
 * count), inside an RCU read-side section (rcu_sleep_check(); non-preemptible readers are
 * preemption off) or with bottom halves off.
 */
export function sleepForbidden(l: Layout, s: State, cpu: number, level: number): string | null {
  return level !== 0 ? 'in an interrupt handler'
    : s[cpuWord(l, cpu, CPU_IRQ_OFF)] !== 0 ? 'with IRQs disabled'
    : s[cpuWord(l, cpu, CPU_PREEMPT)] !== 0 ? 'with preemption disabled (preempt_disable() or a spinlock held)'
    : s[cpuWord(l, cpu, CPU_RCU)] !== 0 ? 'inside an RCU read-side critical section'
    : bhDisabled(l, s, cpu) ? 'with bottom halves disabled (local_bh_disable() or a _bh lock held)'
    : null;
}

/** "sleeping function called from invalid context" (__might_sleep()) when `what` may not sleep here. */
export function checkMaySleep(x: Exec, what: string): void {
  const why = sleepForbidden(x.layout, x.state, x.cpu, x.level);
  if (why) throw new Fault({ kind: 'misuse', at: where(x), reason: `sleeping function called from invalid context: ${what} ${why}` });
}
