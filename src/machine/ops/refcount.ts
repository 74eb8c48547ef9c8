// refcount_t and kref (include/linux/refcount.h, lib/refcount.c, include/linux/kref.h): atomic
// counters that refuse to wrap. Each operation is one atomic RMW, as the kernel's is (its
// try_cmpxchg loops retry until one cmpxchg succeeds, which changes nothing else); where the
// kernel calls refcount_warn_saturate() or WARNs, the machine reports a `misuse` with the
// kernel's own message, because the count is wrong from there on (an increment from zero
// revives an object that is being freed: a use-after-free waiting to happen).
import { assertNever } from '../../common/assert-never.js';
import type { RmwOp } from '../program.js';
import type { ArgRole, Family, PrimitiveName } from './family.js';
import { answer, answerRecord, newRmwAnswer, type RmwAnswer } from './rmw-answer.js';

/** include/linux/refcount.h: REFCOUNT_SATURATED is INT_MIN / 2, where a broken count is parked. */
export const REFCOUNT_SATURATED = -0x40000000;

/** lib/refcount.c, refcount_warn_saturate(): the WARN text of each kind of misuse. */
const ADD_UAF = 'refcount_t: addition on 0; use-after-free.';
const SATURATED = 'refcount_t: saturated; leaking memory.';
const SUB_UAF = 'refcount_t: underflow; use-after-free.';
const DEC_LEAK = 'refcount_t: decrement hit 0; leaking memory.';

export type RefcountOp = Extract<RmwOp, 'refcount_add' | 'refcount_add_not_zero' | 'refcount_sub_and_test' | 'refcount_dec' | 'refcount_dec_not_one'>;

export function isRefcountOp(op: RmwOp): op is RefcountOp {
  return op.startsWith('refcount_');
}

/** What a refcount op that adds or subtracts `i` returns and leaves, and the kernel's WARN when it gives one, into `out`. */
export function applyRefcountTo(out: RmwAnswer, op: RefcountOp, cur: number, i: number): RmwAnswer {
  switch (op) {
    // __refcount_add(): atomic_fetch_add_relaxed(), then a WARN on an old value of 0 (use after
    // free) or on one that is or becomes negative (saturated).
    case 'refcount_add': {
      const next = (cur + i) | 0;
      if (cur === 0) return answer(out, 0, REFCOUNT_SATURATED, ADD_UAF);
      if (cur < 0 || next < 0) return answer(out, 0, REFCOUNT_SATURATED, SATURATED);
      return answer(out, 0, next);
    }
    // __refcount_add_not_zero(): breaks out on 0 (a plain read, no write), else try_cmpxchg
    // until it adds; then a WARN when old or old + i is negative. Returns old != 0.
    case 'refcount_add_not_zero': {
      if (cur === 0) return answer(out, 0, cur);
      const next = (cur + i) | 0;
      if (cur < 0 || next < 0) return answer(out, 1, REFCOUNT_SATURATED, SATURATED);
      return answer(out, 1, next);
    }
    // __refcount_sub_and_test(): atomic_fetch_sub_release(); true when old was exactly i; a
    // WARN when old was 0 or less or old - i is negative (an underflow).
    case 'refcount_sub_and_test':
    case 'refcount_dec': {
      const next = (cur - i) | 0;
      if (cur <= 0 || next < 0) return answer(out, 0, REFCOUNT_SATURATED, SUB_UAF);
      // refcount_dec(): a decrement to 0 leaks the object nobody frees (REFCOUNT_DEC_LEAK).
      if (op === 'refcount_dec' && cur === i) return answer(out, 0, next, DEC_LEAK);
      return answer(out, op === 'refcount_dec' ? 0 : cur === i ? 1 : 0, next);
    }
    // refcount_dec_not_one(): true without a write on a saturated count, false on 1 (plain
    // reads); an old value of 0 wraps as unsigned (new > val) and WARNs; else decrements.
    case 'refcount_dec_not_one': {
      if (cur === REFCOUNT_SATURATED) return answer(out, 1, cur);
      if (cur === 1) return answer(out, 0, cur);
      if (cur === 0) return answer(out, 1, cur, SUB_UAF);
      return answer(out, 1, (cur - 1) | 0);
    }
    default: return assertNever(op);
  }
}

/** applyRefcountTo with the arguments as a list (no count: 1), into a fresh answer: for tests. */
export function applyRefcount(op: RefcountOp, cur: number, args: readonly number[]): { result: number; next: number; warn?: string } {
  return answerRecord(applyRefcountTo(newRmwAnswer(), op, cur, args[0] ?? 1));
}

/** Whether a refcount op ends on its first plain read, with no locked instruction. */
export function refcountFailsUnlocked(op: RefcountOp, cur: number): boolean {
  return (op === 'refcount_add_not_zero' && cur === 0) || (op === 'refcount_dec_not_one' && (cur === 1 || cur === REFCOUNT_SATURATED));
}

const PTR: ArgRole = 'pointer';
const V: ArgRole = 'value';

function op(name: string, rmw: RmwOp, roles: readonly ArgRole[], doc: string, operands?: number[]): PrimitiveName {
  return { name, roles, litmus: false, doc, lower: { to: 'rmw', op: rmw, ...(operands ? { operands } : {}) } };
}

/**
 * refcount_t by kernel name, and kref, which is a refcount_t (include/linux/kref.h: kref_init is
 * refcount_set(1), kref_get is refcount_inc, kref_get_unless_zero is refcount_inc_not_zero,
 * kref_read is refcount_read). The counter is the word the argument names (`&o->ref`).
 */
export const refcount: Family = {
  name: 'refcount',
  cpuSymmetric: true, // lowered onto the atomics
  names: [
    { name: 'refcount_set', roles: [PTR, V], litmus: false, doc: 'sets the count (atomic_set)', lower: { to: 'store', order: 'once' } },
    { name: 'refcount_read', roles: [PTR], litmus: false, doc: 'reads the count (atomic_read)', lower: { to: 'load', order: 'once' } },
    op('refcount_inc', 'refcount_add', [PTR], 'adds 1; from 0 a misuse (refcount_t: addition on 0; use-after-free)', [1]),
    op('refcount_add', 'refcount_add', [V, PTR], 'adds i; from 0 a misuse, as refcount_inc'),
    op('refcount_inc_not_zero', 'refcount_add_not_zero', [PTR], 'adds 1 unless the count is 0; returns whether it added', [1]),
    op('refcount_add_not_zero', 'refcount_add_not_zero', [V, PTR], 'adds i unless the count is 0; returns whether it added'),
    op('refcount_dec_and_test', 'refcount_sub_and_test', [PTR], 'subtracts 1; returns whether the count hit 0; below 0 a misuse (underflow)', [1]),
    op('refcount_sub_and_test', 'refcount_sub_and_test', [V, PTR], 'subtracts i; returns whether the count hit 0; below 0 a misuse'),
    op('refcount_dec', 'refcount_dec', [PTR], 'subtracts 1; to 0 a misuse (decrement hit 0; leaking memory)', [1]),
    op('refcount_dec_not_one', 'refcount_dec_not_one', [PTR], 'subtracts 1 unless the count is 1; returns whether it did'),
    { name: 'kref_init', roles: [PTR], litmus: false, doc: 'sets the count to 1 (refcount_set)', lower: { to: 'store', order: 'once', value: 1 } },
    { name: 'kref_read', roles: [PTR], litmus: false, doc: 'reads the count (refcount_read)', lower: { to: 'load', order: 'once' } },
    op('kref_get', 'refcount_add', [PTR], 'refcount_inc', [1]),
    op('kref_get_unless_zero', 'refcount_add_not_zero', [PTR], 'refcount_inc_not_zero: returns whether it took a reference', [1]),
    // Several steps each, lowered as the kernel writes them (scenario/lower/compile-hoisted.ts).
    {
      name: 'refcount_dec_and_lock', roles: [PTR, 'spinlock'], litmus: false, lower: { to: 'hoist', kind: 'refcount_dec_and_lock' },
      doc: 'refcount_dec_not_one, else spin_lock and refcount_dec_and_test: returns 1, holding the lock, when the count hit 0',
    },
    {
      name: 'kref_put', roles: [PTR, 'procedure'], litmus: false, lower: { to: 'hoist', kind: 'kref_put' },
      doc: 'refcount_dec_and_test; at 0 calls release(obj) for &obj->ref; returns whether it did',
    },
  ],
  known: ['refcount_dec_and_mutex_lock', 'refcount_dec_and_lock_irqsave', 'refcount_dec_if_one', 'kref_put_mutex', 'kref_put_lock'],
};
