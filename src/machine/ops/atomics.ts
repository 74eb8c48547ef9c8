// The atomic_t family (Documentation/atomic_t.txt) and the generic xchg()/cmpxchg(): each is one
// indivisible read-modify-write of one word, fully ordered on the machine's SC and x86-TSO
// memories (locked instructions; arch/x86/include/asm/atomic.h), so the _relaxed, _acquire and
// _release forms run as the fully ordered one. What each returns and writes is `applyRmwTo`; a
// conditional one that fails writes nothing.
import { assertNever } from '../../common/assert-never.js';
import type { RmwOp, RmwOrder } from '../program.js';
import { withOrderings, type ArgRole, type Family, type PrimitiveName } from './family.js';
import { applyRefcountTo, isRefcountOp, refcountFailsUnlocked } from './refcount.js';
import { answer, answerRecord, newRmwAnswer, type RmwAnswer } from './rmw-answer.js';

/**
 * What `op` returns and writes when the word holds `cur`, into `out`: `a0` and `a1` are its
 * value arguments (no RMW has more than two), 0 where it has fewer.
 */
export function applyRmwTo(out: RmwAnswer, op: RmwOp, cur: number, a0: number, a1: number): RmwAnswer {
  switch (op) {
    case 'xchg': return answer(out, cur, a0);
    case 'cmpxchg': return answer(out, cur, cur === a0 ? a1 : cur);
    case 'atomic_add_return': { const n = (cur + a0) | 0; return answer(out, n, n); }
    case 'atomic_fetch_add': return answer(out, cur, (cur + a0) | 0);
    // atomic_t.txt: atomic_add_unless(v, a, u) adds a unless v was u, and returns whether it did.
    case 'atomic_add_unless': return cur !== a1 ? answer(out, 1, (cur + a0) | 0) : answer(out, 0, cur);
    case 'atomic_dec_and_test': { const n = (cur - 1) | 0; return answer(out, n === 0 ? 1 : 0, n); }
    case 'atomic_add': return answer(out, 0, (cur + a0) | 0);
    // atomic_t.txt, "Bitwise": atomic_fetch_{and,or,xor,andnot}() return the old value;
    // andnot clears the bits of i (v & ~i). The void forms lower to these, their value dropped.
    case 'atomic_fetch_and': return answer(out, cur, cur & a0);
    case 'atomic_fetch_or': return answer(out, cur, cur | a0);
    case 'atomic_fetch_xor': return answer(out, cur, cur ^ a0);
    case 'atomic_fetch_andnot': return answer(out, cur, cur & ~a0);
    // include/linux/atomic/atomic-arch-fallback.h: raw_atomic_sub_and_test(i, v) is
    // raw_atomic_sub_return(i, v) == 0 (atomic_inc_and_test subtracts -1), and
    // raw_atomic_add_negative(i, v) is raw_atomic_add_return(i, v) < 0.
    case 'atomic_sub_and_test': { const n = (cur - a0) | 0; return answer(out, n === 0 ? 1 : 0, n); }
    case 'atomic_add_negative': { const n = (cur + a0) | 0; return answer(out, n < 0 ? 1 : 0, n); }
    // The same file: each of these reads v, breaks out of its try_cmpxchg loop when the test
    // fails (writing nothing), else retries the cmpxchg until it succeeds.
    case 'atomic_fetch_add_unless': return answer(out, cur, cur !== a1 ? (cur + a0) | 0 : cur);
    // raw_atomic_dec_if_positive() returns old - 1 whether or not it stored it.
    case 'atomic_dec_if_positive': { const d = (cur - 1) | 0; return answer(out, d, d < 0 ? cur : d); }
    case 'atomic_inc_unless_negative': return cur < 0 ? answer(out, 0, cur) : answer(out, 1, (cur + 1) | 0);
    case 'atomic_dec_unless_positive': return cur > 0 ? answer(out, 0, cur) : answer(out, 1, (cur - 1) | 0);
    case 'refcount_add': case 'refcount_add_not_zero': case 'refcount_sub_and_test': case 'refcount_dec': case 'refcount_dec_not_one':
      // A refcount op's one argument is its count, 1 where it has none (refcount_dec()).
      return applyRefcountTo(out, op, cur, a0);
    default: return assertNever(op);
  }
}

/** applyRmwTo with the arguments as a list, into a fresh answer: for callers off the hot path. */
export function applyRmw(op: RmwOp, cur: number, args: readonly number[]): { result: number; next: number; warn?: string } {
  return answerRecord(applyRmwTo(newRmwAnswer(), op, cur, args[0] ?? defaultFirstArg(op), args[1] ?? 0));
}

/** The value an absent first argument stands for: a refcount op's count is 1 (refcount_dec()), any other's 0. */
export function defaultFirstArg(op: RmwOp): number {
  return isRefcountOp(op) ? 1 : 0;
}

/**
 * Whether a conditional RMW fails when the word holds `cur`: cmpxchg() that sees another value
 * than its `old`, atomic_add_unless() that sees `u`. A failed one writes nothing (applyRmw leaves
 * `cur`), and the LKMM reads it as a plain read that orders nothing (atomic_t.txt: a failed
 * conditional RMW is unordered; explore/lkmm/events.ts).
 */
export function rmwFails(op: RmwOp, cur: number, args: readonly number[]): boolean {
  if (isRefcountOp(op)) return refcountFailsUnlocked(op, cur);
  switch (op) {
    case 'cmpxchg': return cur !== (args[0] ?? 0);
    case 'atomic_add_unless': case 'atomic_fetch_add_unless': return cur === (args[1] ?? 0);
    case 'atomic_dec_if_positive': return cur - 1 < 0;
    case 'atomic_inc_unless_negative': return cur < 0;
    case 'atomic_dec_unless_positive': return cur > 0;
    case 'xchg': case 'atomic_add_return': case 'atomic_fetch_add': case 'atomic_dec_and_test': case 'atomic_add':
    case 'atomic_fetch_and': case 'atomic_fetch_or': case 'atomic_fetch_xor': case 'atomic_fetch_andnot': case 'atomic_sub_and_test': case 'atomic_add_negative':
      return false;
    default: return assertNever(op);
  }
}

/**
 * Whether `op` fails without a locked instruction when its first, plain read sees `cur`:
 * atomic_add_unless() reads the value and breaks out when it is `u`, before any try_cmpxchg
 * (include/linux/atomic/atomic-arch-fallback.h, raw_atomic_fetch_add_unless), so a failed one is
 * a plain read and no barrier. A failed cmpxchg() is still LOCK CMPXCHG, a barrier on x86.
 */
export function rmwFailsUnlocked(op: RmwOp, cur: number, args: readonly number[]): boolean {
  return op !== 'cmpxchg' && rmwFails(op, cur, args);
}

/**
 * Whether a failed try of `op` changes nothing, so that a spin on it is one wait_until (a spin on
 * atomic_dec_and_test() decrements on every try, which wait_until cannot say).
 */
export function rmwFailureIsSilent(op: RmwOp): boolean {
  switch (op) {
    case 'cmpxchg': case 'atomic_add_unless': case 'atomic_fetch_add_unless': case 'atomic_dec_if_positive':
    case 'atomic_inc_unless_negative': case 'atomic_dec_unless_positive': case 'refcount_add_not_zero':
      return true;
    case 'xchg': case 'atomic_add_return': case 'atomic_fetch_add': case 'atomic_dec_and_test': case 'atomic_add':
    case 'atomic_fetch_and': case 'atomic_fetch_or': case 'atomic_fetch_xor': case 'atomic_fetch_andnot': case 'atomic_sub_and_test': case 'atomic_add_negative':
    case 'refcount_add': case 'refcount_sub_and_test': case 'refcount_dec': case 'refcount_dec_not_one':
      return false;
    default: return assertNever(op);
  }
}

/** Whether the value an RMW leaves can be other than a copy of a value the program has. */
export function rmwComputes(op: RmwOp): boolean {
  return op !== 'xchg' && op !== 'cmpxchg';
}

const V: ArgRole = 'value';
const PTR: ArgRole = 'pointer';

function rmw(name: string, op: RmwOp, roles: readonly ArgRole[], doc: string, extra: { operands?: number[]; negate?: boolean; order?: RmwOrder; litmus?: boolean } = {}): PrimitiveName {
  const { litmus = true, ...lower } = extra;
  return { name, roles, litmus, doc, lower: { to: 'rmw', op, ...lower } };
}

/** Value-returning RMWs with ordering forms (atomic_t.txt lists which have them). */
const ORDERED: readonly PrimitiveName[] = [
  rmw('xchg', 'xchg', [PTR, V], 'stores v, returns the old value'),
  rmw('atomic_xchg', 'xchg', [PTR, V], 'stores i, returns the old value'),
  rmw('cmpxchg', 'cmpxchg', [PTR, V, V], 'stores new if the value is old; returns the value seen'),
  rmw('atomic_cmpxchg', 'cmpxchg', [PTR, V, V], 'stores new if the value is old; returns the value seen'),
  rmw('atomic_add_return', 'atomic_add_return', [V, PTR], 'adds i, returns the new value'),
  rmw('atomic_sub_return', 'atomic_add_return', [V, PTR], 'subtracts i, returns the new value', { negate: true }),
  rmw('atomic_inc_return', 'atomic_add_return', [PTR], 'adds 1, returns the new value', { operands: [1] }),
  rmw('atomic_dec_return', 'atomic_add_return', [PTR], 'subtracts 1, returns the new value', { operands: [-1] }),
  rmw('atomic_fetch_add', 'atomic_fetch_add', [V, PTR], 'adds i, returns the old value'),
  rmw('atomic_fetch_sub', 'atomic_fetch_add', [V, PTR], 'subtracts i, returns the old value', { negate: true }),
  rmw('atomic_fetch_inc', 'atomic_fetch_add', [PTR], 'adds 1, returns the old value', { operands: [1] }),
  rmw('atomic_fetch_dec', 'atomic_fetch_add', [PTR], 'subtracts 1, returns the old value', { operands: [-1] }),
  rmw('atomic_fetch_and', 'atomic_fetch_and', [V, PTR], 'v &= i, returns the old value'),
  rmw('atomic_fetch_or', 'atomic_fetch_or', [V, PTR], 'v |= i, returns the old value'),
  rmw('atomic_fetch_xor', 'atomic_fetch_xor', [V, PTR], 'v ^= i, returns the old value'),
  rmw('atomic_fetch_andnot', 'atomic_fetch_andnot', [V, PTR], 'v &= ~i, returns the old value'),
];

export const atomics: Family = {
  name: 'atomics',
  cpuSymmetric: true, // memory cells name no CPU
  names: [
    ...ORDERED.flatMap(withOrderings),
    rmw('atomic_add_unless', 'atomic_add_unless', [PTR, V, V], 'adds a unless the value is u; returns whether it added'),
    rmw('atomic_inc_not_zero', 'atomic_add_unless', [PTR], 'adds 1 unless the value is 0; returns whether it added', { operands: [1, 0] }),
    // include/linux/atomic/atomic-arch-fallback.h, raw_atomic_try_cmpxchg(): a cmpxchg of *old,
    // whose value seen goes back into *old; returns whether it stored (scenario/lower/compile-hoisted.ts).
    ...['atomic_try_cmpxchg', 'try_cmpxchg'].flatMap((name) => withOrderings({
      name, roles: [PTR, 'old', V], litmus: false, lower: { to: 'hoist', kind: 'try_cmpxchg' },
      doc: 'cmpxchg of old; returns whether it stored, and on failure writes the value seen into old (a local)',
    })),
    rmw('atomic_dec_and_test', 'atomic_dec_and_test', [PTR], 'subtracts 1; returns whether the new value is 0'),
    rmw('atomic_sub_and_test', 'atomic_sub_and_test', [V, PTR], 'subtracts i; returns whether the new value is 0'),
    rmw('atomic_inc_and_test', 'atomic_sub_and_test', [PTR], 'adds 1; returns whether the new value is 0', { operands: [-1] }),
    rmw('atomic_add_negative', 'atomic_add_negative', [V, PTR], 'adds i; returns whether the new value is negative'),
    ...withOrderings(rmw('atomic_fetch_add_unless', 'atomic_fetch_add_unless', [PTR, V, V], 'adds a unless the value is u; returns the old value', { litmus: false })),
    rmw('atomic_dec_if_positive', 'atomic_dec_if_positive', [PTR], 'subtracts 1 unless that goes below 0; returns the old value - 1', { litmus: false }),
    rmw('atomic_inc_unless_negative', 'atomic_inc_unless_negative', [PTR], 'adds 1 unless the value is negative; returns whether it did', { litmus: false }),
    rmw('atomic_dec_unless_positive', 'atomic_dec_unless_positive', [PTR], 'subtracts 1 unless the value is positive; returns whether it did', { litmus: false }),
    // Void RMWs (atomic_t.txt: they return nothing and are unordered, `noreturn` for the LKMM;
    // fully ordered on the machine's SC and TSO).
    rmw('atomic_inc', 'atomic_add', [PTR], 'adds 1', { operands: [1], order: 'noreturn' }),
    rmw('atomic_dec', 'atomic_add', [PTR], 'subtracts 1', { operands: [-1], order: 'noreturn' }),
    rmw('atomic_add', 'atomic_add', [V, PTR], 'adds i', { order: 'noreturn' }),
    rmw('atomic_sub', 'atomic_add', [V, PTR], 'subtracts i', { negate: true, order: 'noreturn' }),
    rmw('atomic_and', 'atomic_fetch_and', [V, PTR], 'v &= i', { order: 'noreturn' }),
    rmw('atomic_or', 'atomic_fetch_or', [V, PTR], 'v |= i', { order: 'noreturn' }),
    rmw('atomic_xor', 'atomic_fetch_xor', [V, PTR], 'v ^= i', { order: 'noreturn' }),
    rmw('atomic_andnot', 'atomic_fetch_andnot', [V, PTR], 'v &= ~i', { order: 'noreturn' }),
  ],
  known: ['cmpxchg64'],
};
