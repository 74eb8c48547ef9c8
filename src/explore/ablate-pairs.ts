// Which synchronization operations come in pairs, for ablation: removing one half alone breaks
// the other (an unlock without its lock is a misuse, a lock never unlocked a deadlock), which
// says nothing about whether the pair is needed, so a pair is removed whole. Which operations
// pair is each family's data (Family.pairs, ops/registry.ts). Pure data and lookups.
import { assertNever } from '../common/assert-never.js';
import type { InstrBody } from '../machine/program.js';
import { FAMILIES } from '../machine/ops/registry.js';

/** Opener and closer, as the machine's instructions name them, from every family. */
const PAIRS: readonly (readonly [opener: string, closer: string])[] = FAMILIES.flatMap((f) => f.pairs ?? []);

/**
 * A scenario's own bracket procedures, by name: a strategy's reader_enter()/reader_exit() or
 * writer_lock()/writer_unlock() are removed together, bodies whole (a hazard-pointer store or a
 * reference count is no synchronization instruction, yet is what the pair does).
 */
const PROCEDURE_SUFFIXES: readonly (readonly [opener: string, closer: string])[] = [
  ['_enter', '_exit'],
  ['_lock', '_unlock'],
  ['_begin', '_end'],
  ['_get', '_put'],
];

export interface Bracket {
  /** Openers and closers of one family match: the operation pair, and the lock for locks. */
  readonly family: string;
  readonly role: 'open' | 'close';
}

/** The bracket an instruction is half of, or null. */
export function bracketOf(i: InstrBody): Bracket | null {
  let name: string;
  let lock = '';
  switch (i.op) {
    case 'lock': name = i.kind === 'write_lock_acquire' ? 'write_lock' : i.kind; lock = `:${i.lock}`; break;
    case 'irq': name = i.kind; break;
    case 'rcu': name = i.kind; break;
    case 'preempt': if (i.ofLock) return null; name = i.kind; break;
    // Not half of a pair: accesses, control flow, checks, waits, grace periods, SRCU, the heap, callbacks, the scheduler.
    case 'assign': case 'store': case 'eval': case 'fence': case 'branch': case 'jump': case 'loop': case 'wait_until': case 'assert':
    case 'synchronize_rcu_start': case 'synchronize_rcu_wait': case 'srcu': case 'free': case 'rcu_callback': case 'alloc': case 'nop': case 'sched':
      return null;
    default: return assertNever(i);
  }
  for (const [open, close] of PAIRS) {
    if (name === open) return { family: open + lock, role: 'open' };
    if (name === close) return { family: open + lock, role: 'close' };
  }
  return null;
}

/** Pairs of procedure names (opener, closer) among `names`, in the order of `names`. */
export function procedurePairs(names: readonly string[]): [string, string][] {
  const have = new Set(names);
  const out: [string, string][] = [];
  for (const n of names) {
    for (const [open, close] of PROCEDURE_SUFFIXES) {
      if (n.endsWith(open) && n.length > open.length) {
        const partner = n.slice(0, -open.length) + close;
        if (have.has(partner)) out.push([n, partner]);
      }
    }
  }
  return out;
}
