// Static upper bounds over a program's code: how often an instruction can run in one run of its
// code (a loop's body at most bound + 1 times, loops nested multiply), and so how long a run of
// the whole program can be. Pure.
import { isSilent, type Code, type Instr, type Program } from './program.js';

/** An upper bound on how many times, in one run of `code`, instructions matching `counts` execute. */
export function weightedCount(code: Code, counts: (i: Instr) => boolean): number {
  const weight = code.instrs.map(() => 1);
  code.instrs.forEach((i, pc) => {
    if (i.op !== 'loop') return;
    for (let k = i.to; k <= pc; k++) weight[k] = weight[k]! * (i.bound + 1);
  });
  let n = 0;
  code.instrs.forEach((i, pc) => { if (counts(i)) n += weight[pc]!; });
  return n;
}

/** Instructions that enter the store buffer under TSO: stores, and the unlocks that are plain stores. */
export function entersStoreBuffer(i: Instr): boolean {
  return i.op === 'store' || (i.op === 'lock' && (i.kind === 'spin_unlock' || i.kind === 'write_unlock'));
}

/**
 * The most stores one code (a task, a handler) can put in its CPU's store buffer before a drain is
 * forced: handlers start and end on an empty buffer (ops/interrupts.ts), so codes on one CPU never
 * fill it together. A buffer this big never makes a store wait for room.
 */
export function storeBufferNeed(codes: readonly Code[]): number {
  return Math.max(0, ...codes.map((c) => weightedCount(c, entersStoreBuffer)));
}

/**
 * An upper bound on the moves of any run: every task's steps, every handler's firing and steps as
 * often as it may fire, and under TSO one drain per buffered store. A run can never pass
 * max_steps when this is at most max_steps.
 */
export function runLengthBound(p: Program): number {
  const steps = (code: number): number => weightedCount(p.codes[code]!, (i) => !isSilent(i));
  const drains = (code: number): number => (p.memoryModel === 'tso' ? weightedCount(p.codes[code]!, entersStoreBuffer) : 0);
  let n = 0;
  for (const t of p.tasks) if (t >= 0) n += steps(t) + drains(t);
  for (const h of p.handlers) n += h.max * (1 + steps(h.code) + drains(h.code));
  return n;
}
