// The kernel's context tests (in_interrupt() ...) in the exported model, as ops/softirq.ts
// contextTest reads preempt_count's fields, on the CPU's handler words and softirq words. Pure.
import { assertNever } from '../common/assert-never.js';
import { usesSoftirq } from '../machine/layout.js';
import type { ContextTest, Program } from '../machine/program.js';
import { bhCount, irqHandler, nmiHandler, softHandler } from './model-names.js';

/**
 * ops/softirq.ts contextTest, as a Promela expression (1 or 0) on the CPU's words: hardirq is an
 * IRQ or an NMI handler, softirq_count() a running softirq or a bh-disable count.
 */
export function contextTestExpr(p: Program, cpu: number, test: ContextTest): string {
  const nmi = `${nmiHandler(cpu)} != 0`;
  const hardirq = `(${nmi} || ${irqHandler(cpu)} != 0)`;
  const soft = usesSoftirq(p);
  const serving = soft ? `${softHandler(cpu)} != 0` : 'false';
  const count = soft ? `(${softHandler(cpu)} != 0 || ${bhCount(cpu)} != 0)` : 'false';
  const v = ((): string => {
    switch (test) {
      case 'in_nmi': return nmi;
      case 'in_hardirq': return hardirq;
      case 'in_serving_softirq': return serving;
      case 'in_softirq': return count;
      case 'in_interrupt': return `(${hardirq} || ${count})`;
      case 'in_task': return `!(${hardirq} || ${serving})`;
      default: return assertNever(test);
    }
  })();
  return `((${v}) -> 1 : 0)`;
}
