// RCU's view of a CPU in the exported model (machine/state.ts inRcuReader), shared by the RCU and
// SRCU steps and the quiescence check after every move. Pure.
import { usesSoftirq } from '../machine/layout.js';
import type { Program } from '../machine/program.js';
import { bhCount, irqHandler, irqOff, nmiHandler, preempt, rcuNest, softHandler } from './model-names.js';

/**
 * rcu_read_lock, preemption, IRQs or bottom halves off, or in a handler (a softirq's too): the
 * CPU is in atomic context. A program without softirq state has no softirq words (layout.ts).
 */
export function inRcuReader(p: Program, cpu: number): string {
  const soft = usesSoftirq(p) ? ` || ${softHandler(cpu)} != 0 || ${bhCount(cpu)} != 0` : '';
  return `(${irqOff(cpu)} != 0 || ${preempt(cpu)} != 0 || ${rcuNest(cpu)} != 0 || ${irqHandler(cpu)} != 0 || ${nmiHandler(cpu)} != 0${soft})`;
}
