// Where an RMW's semantics leave their answer (ops/atomics.ts applyRmwTo, ops/refcount.ts): one
// object the step reuses (machine/eval.ts), so an RMW allocates nothing on the explorer's hot path.

/** The value an RMW returns, the value it leaves in memory, and the kernel's WARN when it gives one. */
export interface RmwAnswer { result: number; next: number; warn: string | undefined }

/** A fresh answer, for callers off the hot path. */
export function newRmwAnswer(): RmwAnswer {
  return { result: 0, next: 0, warn: undefined };
}

/** `out` set to `result` and `next`, with the kernel's WARN text when given. */
export function answer(out: RmwAnswer, result: number, next: number, warn?: string): RmwAnswer {
  out.result = result;
  out.next = next;
  out.warn = warn;
  return out;
}

/** An answer as a plain record, without `warn` when there is none (for tests and the LKMM's events). */
export function answerRecord(a: RmwAnswer): { result: number; next: number; warn?: string } {
  return a.warn === undefined ? { result: a.result, next: a.next } : { result: a.result, next: a.next, warn: a.warn };
}
