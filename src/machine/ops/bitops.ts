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
import type { RmwOp, RmwOrder } from '../program.js';
import type { ArgRole, Family, PrimitiveName } from './family.js';

const V: ArgRole = 'value';
const PTR: ArgRole = 'pointer';

function bit(name: string, op: RmwOp, test: boolean, doc: string, order?: RmwOrder): PrimitiveName {
  return { name, roles: [V, PTR], litmus: false, doc, lower: { to: 'rmw', op, bit: test ? 'test' : 'mask', ...(order ? { order } : {}) } };
}

export const bitops: Family = {
  name: 'bitops',
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
  ],
  known: ['__set_bit', '__clear_bit', '__change_bit', '__test_and_set_bit', '__test_and_clear_bit', '__clear_bit_unlock', 'find_first_bit', 'find_next_bit'],
};
