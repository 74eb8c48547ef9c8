// atomic_long_t (Documentation/atomic_t.txt: "atomic_long_t ... the same operations as atomic_t,
// on a long"; include/linux/atomic/atomic-long.h maps each raw_atomic_long_X() onto
// raw_atomic64_X() or raw_atomic_X() by the word size). Every atomic_X of the atomics and
// accesses families has its atomic_long_X here, lowered the same way. The machine's words are
// 32-bit, so a count that would pass 2^31 wraps here where a 64-bit long would not: the only
// difference, and one no scenario of a few steps reaches unless it starts near the edge.
import { accesses } from './accesses.js';
import { atomics } from './atomics.js';
import type { Family, PrimitiveName } from './family.js';

const mirrored: readonly PrimitiveName[] = [...accesses.names, ...atomics.names]
  .filter((n) => n.name.startsWith('atomic_'))
  .map((n) => ({ ...n, name: n.name.replace(/^atomic_/, 'atomic_long_'), litmus: false, doc: `as ${n.name} on an atomic_long_t` }));

export const atomicLong: Family = {
  name: 'atomic_long',
  cpuSymmetric: true, // lowered onto the atomics
  names: mirrored,
};
