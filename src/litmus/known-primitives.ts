// Functions a litmus body may call that raceway knows but cannot run yet: a call to one is
// `unsupported` (the file is skipped, the run does not fail). A name that is neither one of these
// nor a primitive raceway runs (primitives.ts) is a mistake, reported as an error with a "did you
// mean". Sources: the kernel memory model's linux-kernel.def (tools/memory-model, herdtools7
// catalogue/linux/cats), herd7's C11 atomics, and kernel APIs litmus tests are written with. Pure.
import { familyOf, knownNames, primitiveNames } from '../machine/ops/registry.js';
import { primitive } from './primitives.js';

/**
 * The *_relaxed, *_acquire and *_release forms of each are known too. Kernel names come from the
 * primitive families (machine/ops/registry.ts): the ones they know but cannot run, and the ones
 * they run but not in a litmus test (rwlocks, kfree: a litmus test declares neither).
 */
const NAMES = [
  ...knownNames(),
  // The model's own statements (wait_until, assert, free) are no kernel names: calling one is a mistake.
  ...primitiveNames().filter((n) => primitive(n) === undefined && familyOf(n)?.name !== 'checks' && n !== 'free'),
  // herd7's C11 atomics (herd/tests/instructions/C).
  'atomic_load', 'atomic_store', 'atomic_load_explicit', 'atomic_store_explicit', 'atomic_exchange',
  'atomic_exchange_explicit', 'atomic_compare_exchange_strong', 'atomic_compare_exchange_weak',
  'atomic_compare_exchange_strong_explicit', 'atomic_compare_exchange_weak_explicit',
  'atomic_fetch_add_explicit', 'atomic_fetch_sub_explicit', 'atomic_fetch_and_explicit',
  'atomic_fetch_or_explicit', 'atomic_fetch_xor_explicit', 'atomic_thread_fence', 'atomic_signal_fence',
  'atomic_init', 'lock', 'unlock',
  // C operators that read like calls.
  'sizeof', '_Alignof', 'alignof',
];

const SUFFIX = /_(relaxed|acquire|release)$/;
const KNOWN: ReadonlySet<string> = new Set(NAMES);

/** Every name above, for "did you mean" (the suffixed forms are left out: they only add noise). */
export const KNOWN_PRIMITIVES: readonly string[] = NAMES;

/**
 * Whether raceway knows `name` as a primitive it cannot run. `atomic64_*` and `atomic_long_*`
 * are known when the `atomic_*` of the same name is (supported or not: raceway models neither
 * 64-bit atomics nor atomic_long_t); so are GCC's `__sync_*` and `__atomic_*` builtins.
 */
export function knownUnsupported(name: string, supported: (name: string) => boolean): boolean {
  if (KNOWN.has(name) || KNOWN.has(name.replace(SUFFIX, ''))) return true;
  if (/^__(sync|atomic)_\w+$/.test(name)) return true;
  const wide = /^atomic(64|_long)_(\w+)$/.exec(name);
  return wide !== null && (supported(`atomic_${wide[2]}`) || knownUnsupported(`atomic_${wide[2]}`, supported));
}
