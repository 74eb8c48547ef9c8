// `ablate --markings`: each statement's READ_ONCE()/WRITE_ONCE() (and atomic_read()/atomic_set(),
// which lower to the same marked accesses) made a plain access, one statement at a time, to show
// which markings keep the program free of data races (machine/race.ts under sc and tso, the LKMM's
// flag under lkmm). Acquires, releases and atomics keep their form: they are orderings and
// read-modify-writes, which `ablate` weakens or removes on their own terms. Pure.
import type { InstrBody } from '../machine/program.js';
import { rewriteOrders } from './ablate-rewrite.js';

/** The instruction with its marked (`once`) loads and stores made plain, or null when it has none. */
export function unmarked(i: InstrBody): InstrBody | null {
  return rewriteOrders(i, { load: (o) => (o === 'once' ? 'plain' : o), store: (o) => (o === 'once' ? 'plain' : o) });
}
