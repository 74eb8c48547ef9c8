// The kernel primitives a litmus body may call, by how they take their arguments: an lvalue
// (READ_ONCE(*x)), a pointer (smp_load_acquire(x)), a lock, or nothing. The names and their roles
// are the families' (machine/ops/registry.ts): those marked for litmus tests. Any other call is
// unsupported (known-primitives.ts) or a mistake.
import { assertNever } from '../common/assert-never.js';
import type { ArgRole as FamilyRole } from '../machine/ops/family.js';
import { primitiveNamed, primitiveNames } from '../machine/ops/registry.js';

export type ArgRole = 'lvalue' | 'pointer' | 'value' | 'lock' | 'srcu';

export interface Primitive {
  readonly roles: readonly ArgRole[];
  /** A memory access (a load, a store, an atomic), for splitting statements into steps. */
  readonly access: boolean;
}

/** A family's argument role as a litmus body writes it, or null when a litmus test cannot pass one. */
function litmusRole(r: FamilyRole): ArgRole | null {
  switch (r) {
    case 'lvalue': case 'pointer': case 'value': return r;
    case 'spinlock': return 'lock';
    case 'srcu': return 'srcu';
    case 'flags': return 'value'; // a register
    case 'rwlock': case 'seqlock': case 'cond': case 'valcond': case 'object': case 'pool': case 'old': case 'procedure': case 'percpu': case 'rcu_head': case 'field': case 'task': case 'mutex': case 'rw_semaphore': case 'waitqueue': case 'completion': case 'wait_entry': case 'work': case 'workqueue': return null;
    default: return assertNever(r);
  }
}

const TABLE: ReadonlyMap<string, Primitive> = new Map(primitiveNames().flatMap((name) => {
  const p = primitiveNamed(name)!;
  const roles = p.roles.map(litmusRole);
  if (!p.litmus || roles.some((r) => r === null)) return [];
  const to = p.lower.to;
  return [[name, { roles: roles as ArgRole[], access: to === 'load' || to === 'store' || to === 'rmw' || to === 'lock_value' }] as const];
}));

/** Every name primitive() accepts, for "did you mean". */
export const PRIMITIVE_NAMES: readonly string[] = [...TABLE.keys()];

/** The primitive named `name`, or undefined when raceway cannot run it in a litmus test. */
export function primitive(name: string): Primitive | undefined {
  return TABLE.get(name);
}

/** Whether a primitive's first argument is where it reads (for counting accesses). */
export function isLoad(name: string): boolean {
  return TABLE.has(name) && primitiveNamed(name)?.lower.to === 'load';
}
