// Softirq context and bottom halves in the exported model, as machine/ops/softirq.ts has them: per
// CPU the running softirq handler plus one (softh, layout.ts SOFT_HANDLER) and the
// local_bh_disable() count (bh, SOFT_BH); the softirq level's frame is model-names.ts frameIndex's.
// A program without a softirq handler, an RCU callback or a bottom-half op has none of these words
// (layout.ts usesSoftirq), and its model is the one it always had. Pure.
import { assertNever } from '../common/assert-never.js';
import { usesSoftirq } from '../machine/layout.js';
import type { Program } from '../machine/program.js';
import type { StepCx } from './expr.js';
import { bhCount, irqOff, softHandler } from './model-names.js';

/** The softirq globals, or none. */
export function softirqGlobals(p: Program): string[] {
  if (!usesSoftirq(p)) return [];
  return [`byte softh[${p.cpus}]; short bh[${p.cpus}];  /* softirq running (handler + 1), bottom-half disable count (ops/softirq.ts) */`];
}

/** No softirq runs on `cpu` (always, without softirq words). */
export function noSoftirq(p: Program, cpu: number): string {
  return usesSoftirq(p) ? `${softHandler(cpu)} == 0` : 'true';
}

/**
 * ops/softirq.ts softirqMayStart, on a CPU that runs its task: IRQs on, no softirq running and
 * bottom halves enabled (in_interrupt() false: kernel/softirq.c invoke_softirq()).
 */
export function softirqMayStart(cpu: number): string {
  return `${irqOff(cpu)} == 0 && ${softHandler(cpu)} == 0 && ${bhCount(cpu)} == 0`;
}

/**
 * ops/softirq.ts bhStep: local_bh_disable() counts up; local_bh_enable() is a misuse in hardirq
 * context, then with IRQs off, then below zero (the machine's order), and counts down.
 */
export function emitBh(x: StepCx, kind: 'local_bh_disable' | 'local_bh_enable', next: string): void {
  const { e, c } = x;
  const w = bhCount(c.cpu);
  switch (kind) {
    case 'local_bh_disable': e.line(`${w} = ${w} + 1; ${next};`); return;
    case 'local_bh_enable':
      e.check(c.level === 1 || c.level === 2 ? 'true' : 'false', x.fault('misuse'));
      e.check(`${irqOff(c.cpu)} != 0`, x.fault('misuse'));
      e.check(`${w} <= 0`, x.fault('misuse'));
      e.line(`${w} = ${w} - 1; ${next};`);
      return;
    default: assertNever(kind);
  }
}
