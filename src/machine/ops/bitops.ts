// Atomic bit operations on a word (Documentation/atomic_bitops.txt, include/asm-generic/bitops/
// atomic.h and lock.h). Each is one atomic RMW of the word that holds the bit, as the generic
// code writes it: set_bit(nr, p) is atomic_long_or(BIT_MASK(i), p), test_and_set_bit() is
// !!(atomic_long_fetch_or(BIT_MASK(i), p) & BIT_MASK(nr)), and so on; test_bit() is a READ_ONCE
// of the word. Bit numbers are constants from 0 to 31: one word of the machine (a bitmap of
// several words is an array of cells, one call per word).
//
// Ordering (atomic_bitops.txt): the value-returning test_and_* are fully ordered, the void ones
// unordered; test_and_set_bit_lock() is an acquire and clear_bit_unlock() a release. On x86 every
// one of them is a LOCK-prefixed instruction (arch/x86/include/asm/bitops.h; the _lock/_unlock
// forms are test_and_set_bit() and barrier() + clear_bit()), so the machine's SC and TSO run them
// all as its fully ordered RMWs; the orderings are kept for the LKMM.
//
// The non-atomic __set_bit(), __clear_bit(), __change_bit() and __test_and_{set,clear,change}_bit()
// are include/asm-generic/bitops/generic-non-atomic.h's generic___set_bit() and kin: `*p |= mask`,
// `old = *p; *p = old | mask; return (old & mask) != 0;`, two plain accesses ("non-atomic and may
// be reordered. If it's called on the same region of memory simultaneously, the effect may be
// that only one operation succeeds"). The machine runs the load and the store as steps of their
// own, so a racing update between them is lost, and an IRQ may run between them (x86's
// arch___set_bit() is one non-LOCKed BTS, which no IRQ splits, but the API promises no more than
// the generic code: the split allows every x86 outcome and more, never fewer).
import type { BinaryOp, Expr, RmwOp, RmwOrder } from '../program.js';
import type { ArgRole, Family, PlainBitOp, PrimitiveName } from './family.js';

const V: ArgRole = 'value';
const PTR: ArgRole = 'pointer';

function bit(name: string, op: RmwOp, test: boolean, doc: string, order?: RmwOrder): PrimitiveName {
  return { name, roles: [V, PTR], litmus: false, doc, lower: { to: 'rmw', op, bit: test ? 'test' : 'mask', ...(order ? { order } : {}) } };
}

function plainBit(name: string, op: PlainBitOp, test: boolean, doc: string): PrimitiveName {
  return { name, roles: [V, PTR], litmus: false, doc, lower: test ? { to: 'hoist', kind: 'plain_test_bit', bitOp: op } : { to: 'plain_bit', op } };
}

const PLAIN_OP: Readonly<Record<PlainBitOp, BinaryOp>> = { set: '|', clear: '&', change: '^' };

/** The word a non-atomic bit operation stores: `old | mask`, `old & ~mask` or `old ^ mask`. */
export function plainBitValue(op: PlainBitOp, old: Expr, mask: number): Expr {
  return { kind: 'bin', op: PLAIN_OP[op], a: old, b: { kind: 'const', v: op === 'clear' ? ~mask : mask } };
}

export const bitops: Family = {
  name: 'bitops',
  cpuSymmetric: true, // lowered onto the atomics and plain accesses
  names: [
    bit('set_bit', 'atomic_fetch_or', false, 'sets bit i of the word (atomic_long_or of BIT_MASK(i))', 'noreturn'),
    bit('clear_bit', 'atomic_fetch_andnot', false, 'clears bit i (atomic_long_andnot)', 'noreturn'),
    bit('change_bit', 'atomic_fetch_xor', false, 'flips bit i (atomic_long_xor)', 'noreturn'),
    bit('test_and_set_bit', 'atomic_fetch_or', true, 'sets bit i; returns its old value (fully ordered)'),
    bit('test_and_clear_bit', 'atomic_fetch_andnot', true, 'clears bit i; returns its old value (fully ordered)'),
    bit('test_and_change_bit', 'atomic_fetch_xor', true, 'flips bit i; returns its old value (fully ordered)'),
    bit('test_and_set_bit_lock', 'atomic_fetch_or', true, 'sets bit i; returns its old value (acquire: a bit lock)', 'acquire'),
    bit('clear_bit_unlock', 'atomic_fetch_andnot', false, 'clears bit i (release: unlocks a bit lock)', 'release'),
    { name: 'test_bit', roles: [V, PTR], litmus: false, doc: 'bit i of the word (READ_ONCE)', lower: { to: 'load', order: 'once', bit: true } },
    { name: 'test_bit_acquire', roles: [V, PTR], litmus: false, doc: 'bit i of the word (smp_load_acquire)', lower: { to: 'load', order: 'acquire', bit: true } },
    plainBit('__set_bit', 'set', false, 'sets bit i, not atomically: a plain load, then a plain store (a racing update is lost)'),
    plainBit('__clear_bit', 'clear', false, 'clears bit i, not atomically (plain load, plain store)'),
    plainBit('__change_bit', 'change', false, 'flips bit i, not atomically (plain load, plain store)'),
    plainBit('__test_and_set_bit', 'set', true, 'sets bit i, not atomically; returns its old value'),
    plainBit('__test_and_clear_bit', 'clear', true, 'clears bit i, not atomically; returns its old value'),
    plainBit('__test_and_change_bit', 'change', true, 'flips bit i, not atomically; returns its old value'),
  ],
  known: ['__clear_bit_unlock', 'find_first_bit', 'find_next_bit'],
};
