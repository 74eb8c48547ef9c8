// refcount_t and kref in the exported model, case by case as machine/ops/refcount.ts
// applyRefcount has them: each op is one atomic RMW of its word, and where the kernel WARNs
// (refcount_warn_saturate(), lib/refcount.c) the step ends in a `misuse` before it writes, as
// eval.ts rmw throws the fault before its store. pan is compiled with -fwrapv (cli/spin/run-pan.ts),
// so `cur + i` wraps as the machine's `(cur + i) | 0`. Pure.
import { assertNever } from '../common/assert-never.js';
import { REFCOUNT_SATURATED, type RefcountOp } from '../machine/ops/refcount.js';
import type { Emitter } from './emitter.js';
import { lit } from './model-names.js';

const SAT = lit(REFCOUNT_SATURATED);

/**
 * The condition, on the value `cur` the op reads and its operand `i`, under which the kernel
 * WARNs (applyRefcount's `warn`), or 'false'.
 */
export function refcountWarns(op: RefcountOp, cur: string, i: string): string {
  switch (op) {
    // An addition on 0 (use-after-free), or an old or new value below 0 (saturated).
    case 'refcount_add': return `(${cur} <= 0 || ${cur} + (${i}) < 0)`;
    case 'refcount_add_not_zero': return `(${cur} != 0 && (${cur} < 0 || ${cur} + (${i}) < 0))`;
    // An underflow; refcount_dec() also WARNs when it takes the count to 0 (a leak).
    case 'refcount_sub_and_test': return `(${cur} <= 0 || ${cur} - (${i}) < 0)`;
    case 'refcount_dec': return `(${cur} <= 0 || ${cur} - (${i}) < 0 || ${cur} == (${i}))`;
    // A decrement of 0 wraps as unsigned and WARNs; a saturated count is left alone first.
    case 'refcount_dec_not_one': return `(${cur} == 0)`;
    default: return assertNever(op);
  }
}

/** What the op returns when it does not WARN (applyRefcount's `result`), from `cur` and `i`. */
export function refcountResult(op: RefcountOp, cur: string, i: string): string {
  switch (op) {
    case 'refcount_add': case 'refcount_dec': return '0';
    case 'refcount_add_not_zero': return `(${cur} != 0)`;
    case 'refcount_sub_and_test': return `(${cur} == (${i}))`;
    case 'refcount_dec_not_one': return `(${cur} != 1)`;
    default: return assertNever(op);
  }
}

/**
 * ops/refcount.ts refcountFailsUnlocked: the op ends on its first plain read, writing nothing and
 * without a locked instruction (so under TSO it need not wait for the store buffer).
 */
export function refcountFailsExpr(op: RefcountOp, cur: string): string {
  switch (op) {
    case 'refcount_add_not_zero': return `(${cur} == 0)`;
    case 'refcount_dec_not_one': return `(${cur} == 1 || ${cur} == ${SAT})`;
    case 'refcount_add': case 'refcount_sub_and_test': case 'refcount_dec': return 'false';
    default: return assertNever(op);
  }
}

/**
 * The value the op leaves in its word when it neither WARNs nor fails (applyRefcount's `next`; a
 * failed conditional op, refcountFailsExpr, writes nothing).
 */
export function refcountNext(op: RefcountOp, cur: string, i: string): string {
  switch (op) {
    case 'refcount_add': case 'refcount_add_not_zero': return `(${cur} + (${i}))`;
    case 'refcount_sub_and_test': case 'refcount_dec': return `(${cur} - (${i}))`;
    case 'refcount_dec_not_one': return `(${cur} - 1)`;
    default: return assertNever(op);
  }
}

/**
 * The step's part of a refcount op whose word is `m` and whose read value is in `cur`: the WARN
 * check (`misuse` records the fault and ends the step before the write), the result into `r`,
 * and the write, which a failed conditional op skips: under TSO its `cur` may come from the
 * CPU's store buffer, and writing it to memory would be a store the machine never makes.
 */
export function emitRefcount(e: Emitter, misuse: string, op: RefcountOp, m: string, cur: string, i: string, r: string): void {
  e.check(refcountWarns(op, cur, i), misuse);
  const fails = refcountFailsExpr(op, cur);
  const write = `${m} = ${refcountNext(op, cur, i)}`;
  e.line(`${r} = ${refcountResult(op, cur, i)}; ${fails === 'false' ? `${write};` : `if :: ${fails} -> skip :: else -> ${write} fi;`}`);
}
