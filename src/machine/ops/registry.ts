// The primitive families raceway knows, one line each. The front ends' name tables, the docs
// check and the random programs of the soundness property read this list; the machine's code
// for each family sits in the family's module. Adding a family: one module, one line here.
import { accesses } from './accesses.js';
import { atomicLong } from './atomic-long.js';
import { atomics } from './atomics.js';
import { bitops } from './bitops.js';
import { barriers } from './barriers.js';
import { checks } from './checks.js';
import { condLoad } from './cond-load.js';
import type { Family, PrimitiveName } from './family.js';
import { heap } from './heap.js';
import { irq } from './interrupts.js';
import { locks } from './locks.js';
import { pool } from './pool.js';
import { rcu } from './rcu.js';
import { percpu } from './percpu.js';
import { refcount } from './refcount.js';
import { rcuCallbacks } from './rcu-callbacks.js';
import { seqcount } from './seqcount.js';
import { softirq } from './softirq.js';
import { srcu } from './srcu.js';
import { sched } from './sched.js';
import { mutex } from './mutex.js';
import { rwsem } from './rwsem.js';
import { waitqueue } from './waitqueue.js';
import { completion } from './completion.js';
import { workqueue } from './workqueue.js';

export const FAMILIES: readonly Family[] = [accesses, barriers, atomics, atomicLong, refcount, bitops, locks, irq, rcu, srcu, percpu, heap, pool, checks, condLoad, seqcount, softirq, rcuCallbacks, sched, mutex, rwsem, waitqueue, completion, workqueue];

const byName: ReadonlyMap<string, PrimitiveName> = new Map(FAMILIES.flatMap((f) => f.names.map((n) => [n.name, n] as const)));

/** The primitive a name calls, or undefined when no family has it. */
export function primitiveNamed(name: string): PrimitiveName | undefined {
  return byName.get(name);
}

/** Every name the scenario language accepts as a primitive, family by family. */
export function primitiveNames(): string[] {
  return [...byName.keys()];
}

/** The family that owns a name, for error messages and the docs. */
export function familyOf(name: string): Family | undefined {
  return FAMILIES.find((f) => f.names.some((n) => n.name === name));
}

/** Kernel names the families know but cannot run yet (see Family.known). */
export function knownNames(): string[] {
  return FAMILIES.flatMap((f) => f.known ?? []);
}
