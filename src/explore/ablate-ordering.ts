// Under lkmm, `ablate` also weakens each acquire and release to a plain marked access
// (smp_store_release() -> WRITE_ONCE(), smp_load_acquire() -> READ_ONCE(), an RMW's _acquire or
// _release form -> _relaxed), one statement at a time, to show which orderings a verdict rests on
// (issue 20 item 4). Under SC and TSO they order nothing more than the plain form (x86), so they
// are no sites there. Pure.
import type { InstrBody } from '../machine/program.js';
import { rewriteOrders } from './ablate-rewrite.js';

/** The instruction with its acquires and releases weakened, or null when it has none. */
export function weakened(i: InstrBody): InstrBody | null {
  return rewriteOrders(i, {
    load: (o) => (o === 'acquire' ? 'once' : o),
    store: (o) => (o === 'release' ? 'once' : o),
    rmw: (o) => (o === 'acquire' || o === 'release' ? 'relaxed' : o),
  });
}
