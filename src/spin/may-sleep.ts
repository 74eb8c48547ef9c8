// __might_sleep()'s question in the exported model (machine/ops/may-sleep.ts sleepForbidden): may
// the context sleep here? Apart from sched.ts so that the sleeping locks (sleeping-lock.ts) and the
// scheduler (sched.ts, switch.ts) ask it without importing one another. Pure.
import { usesSoftirq } from '../machine/layout.js';
import type { Program } from '../machine/program.js';
import { bhCount, irqOff, preempt, rcuNest, type Ctx } from './model-names.js';

/**
 * ops/may-sleep.ts sleepForbidden at task level on `cpu`: IRQs, preemption (a spinlock held
 * counts) or bottom halves off, or inside rcu_read_lock().
 */
export function taskMayNotSleep(p: Program, cpu: number): string {
  const bh = usesSoftirq(p) ? ` || ${bhCount(cpu)} != 0` : '';
  return `(${irqOff(cpu)} != 0 || ${preempt(cpu)} != 0 || ${rcuNest(cpu)} != 0${bh})`;
}

/** sleepForbidden for the context `c`: always in a handler. */
export function mayNotSleep(p: Program, c: Ctx): string {
  return c.level !== 0 ? 'true' : taskMayNotSleep(p, c.cpu);
}
