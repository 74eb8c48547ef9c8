// Freeing heap objects. kfree(NULL) does nothing (mm/slub.c); a second free is a double free and
// an access to a freed object a use-after-free (memory/sc.ts checks the freed flag).
import { Fault, where, type Exec } from '../exec.js';
import { evaluate } from '../eval.js';
import { FREED, LIVE } from '../layout.js';
import { checkFreedFromPool } from './pool.js';
import { PTR_BASE, type Expr } from '../program.js';
import type { Family } from './family.js';

/**
 * Execute kfree(ptr), or kmem_cache_free(pool, ptr) when `pool` is given: set the object's freed
 * flag, or fault (not a heap object, another cache's object, freed twice, or never allocated).
 */
export function freeStep(x: Exec, ptr: Expr, pool?: number): void {
  const v = evaluate(x, ptr);
  if (v === 0) return; // kfree(NULL) is a no-op
  const obj = v - PTR_BASE;
  const decl = x.program.objects[obj];
  if (!decl) throw new Fault({ kind: 'invalid-access', at: where(x), reason: `free of ${v}, which is not a pointer` });
  if (!decl.heap) throw new Fault({ kind: 'invalid-access', at: where(x), reason: `free of ${decl.name}, which is not a heap object` });
  checkFreedFromPool(x, obj, pool);
  if (x.state[x.layout.freedBase + obj] !== LIVE) throw new Fault({ kind: 'double-free', at: where(x), object: obj });
  x.state[x.layout.freedBase + obj] = FREED;
}

/**
 * kfree waits for its CPU's store buffer to drain (guard.ts): handing the memory back is itself a
 * store FIFO-behind the CPU's earlier stores, so no other CPU can reuse the object before they land.
 */
export const FREE_DRAINS = true;

/** free() is an updater's step (cost/roles.ts): it retires memory that readers may still hold. */
export function freeUpdates(): boolean {
  return true;
}

export const heap: Family = {
  name: 'heap',
  cpuSymmetric: true, // freed flags name no CPU
  names: [
    { name: 'kfree', roles: ['object'], litmus: false, doc: 'frees a heap object (NULL: nothing; twice: a double-free)', lower: { to: 'free' } },
    { name: 'free', roles: ['object'], litmus: false, doc: 'the same as kfree', lower: { to: 'free' } },
  ],
};
