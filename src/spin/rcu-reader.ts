// RCU's view of a CPU in the exported model (machine/state.ts inRcuReader), shared by the RCU and
// SRCU steps and the quiescence check after every move. Pure.
import { irqHandler, irqOff, nmiHandler, preempt, rcuNest } from './model-names.js';

/** rcu_read_lock, preemption or IRQs off, or in a handler: the CPU is in atomic context. */
export function inRcuReader(cpu: number): string {
  return `(${irqOff(cpu)} != 0 || ${preempt(cpu)} != 0 || ${rcuNest(cpu)} != 0 || ${irqHandler(cpu)} != 0 || ${nmiHandler(cpu)} != 0)`;
}
