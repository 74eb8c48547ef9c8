// Marked loads and stores by kernel name (include/asm-generic/rwonce.h, barrier.h, atomic_t.txt's
// non-RMW ops). Each is one access: the machine's SC and x86-TSO memories already give loads
// acquire and stores release ordering, so the orders only name what the code asked for.
import type { Family } from './family.js';

export const accesses: Family = {
  name: 'accesses',
  cpuSymmetric: true, // memory cells name no CPU
  names: [
    { name: 'READ_ONCE', roles: ['lvalue'], litmus: true, doc: 'a marked load', lower: { to: 'load', order: 'once' } },
    { name: 'smp_load_acquire', roles: ['pointer'], litmus: true, doc: 'an acquire load', lower: { to: 'load', order: 'acquire' } },
    { name: 'atomic_read', roles: ['pointer'], litmus: true, doc: 'a marked load of an atomic_t', lower: { to: 'load', order: 'once' } },
    { name: 'atomic_read_acquire', roles: ['pointer'], litmus: true, doc: 'an acquire load of an atomic_t', lower: { to: 'load', order: 'acquire' } },
    { name: 'WRITE_ONCE', roles: ['lvalue', 'value'], litmus: true, doc: 'a marked store', lower: { to: 'store', order: 'once' } },
    { name: 'smp_store_release', roles: ['pointer', 'value'], litmus: true, doc: 'a release store', lower: { to: 'store', order: 'release' } },
    { name: 'atomic_set', roles: ['pointer', 'value'], litmus: true, doc: 'a marked store to an atomic_t', lower: { to: 'store', order: 'once' } },
    { name: 'atomic_set_release', roles: ['pointer', 'value'], litmus: true, doc: 'a release store to an atomic_t', lower: { to: 'store', order: 'release' } },
    { name: 'smp_store_mb', roles: ['lvalue', 'value'], litmus: true, doc: 'a marked store, then smp_mb()', lower: { to: 'store', order: 'once', fence: 'smp_mb' } },
  ],
};
