// Memory allocated at run time: kmalloc(), kzalloc() and kmem_cache_alloc() hand out objects of a
// pool the scenario declares (a shape and a bound), kfree() and kmem_cache_free() free them.
// Pure: the machine side works on the state it is given.
//
// Identity of a reused object. SLUB hands a freed object out again, last freed first (the per-CPU
// freelist, mm/slub.c: do_slab_free() pushes the object, slab_alloc_node() pops it), so a stale
// pointer to a freed object may point into a new allocation, and the reader's access "succeeds"
// on memory that now belongs to someone else: the classic way these races corrupt memory. Here
// freed slots stay distinct: every allocation takes a slot never used before in the run, and a
// freed slot stays freed, so a stale reader's access is a use-after-free whatever was allocated
// since (the first access through the stale pointer is exactly where the kernel would have read
// the new object). The price: an address never comes back, so an ABA race (a cmpxchg that
// succeeds because a freed object's address was handed out again) is not modelled; the bound
// counts every allocation of a run, not the objects live at once.
import { Fault, where, type Exec } from '../exec.js';
import { FRAME_LOCALS, frameOf, LIVE, UNALLOCATED, type Layout } from '../layout.js';
import { pointerTo, type Instr, type Program } from '../program.js';
import type { Family } from './family.js';

export const pool: Family = {
  name: 'pool',
  cpuSymmetric: true, // allocation flags name no CPU
  names: [
    { name: 'kmalloc', roles: ['pool'], litmus: false, doc: '`p = kmalloc(pool)`: a new object of the pool (reads 0: the kernel leaves it uninitialised); empty pool: pool-exhausted, or NULL with `when_empty: NULL`', lower: { to: 'alloc' } },
    { name: 'kzalloc', roles: ['pool'], litmus: false, doc: '`p = kzalloc(pool)`: a new object of the pool, zeroed', lower: { to: 'alloc' } },
    { name: 'kmem_cache_alloc', roles: ['pool'], litmus: false, doc: '`p = kmem_cache_alloc(pool)`: a new object of the pool (the cache)', lower: { to: 'alloc' } },
    { name: 'kmem_cache_free', roles: ['pool', 'object'], litmus: false, doc: 'frees an object of that pool (NULL: nothing; twice: a double-free; an object of another pool: misuse)', lower: { to: 'free', fromPool: true } },
  ],
};

/** The freed flags an allocation from `pool` reads (every slot's) and may write (one of them). */
export function poolWords(p: Program, l: Layout, poolIndex: number): number[] {
  return (p.pools?.[poolIndex]?.objects ?? []).map((o) => l.freedBase + o);
}

/**
 * kmalloc: the first slot never handed out, in slot order (slots are alike, so which one is no
 * choice the search must branch on). An empty pool returns NULL when the scenario says kmalloc may
 * fail (`when_empty: NULL`, as the kernel's may under memory pressure), and otherwise stops the
 * run: the bound was too small, which is not a finding about the code.
 */
export function allocStep(x: Exec, instr: Extract<Instr, { op: 'alloc' }>): void {
  const decl = x.program.pools?.[instr.pool];
  if (!decl) throw new Error(`alloc from pool ${instr.pool}, which the program lacks`);
  const s = x.state;
  const slot = decl.objects.find((o) => s[x.layout.freedBase + o] === UNALLOCATED);
  let v = 0;
  if (slot !== undefined) {
    s[x.layout.freedBase + slot] = LIVE;
    v = pointerTo(slot);
  } else if (decl.whenEmpty === 'exhausted') {
    throw new Fault({ kind: 'pool-exhausted', at: where(x), pool: instr.pool });
  }
  s[frameOf(x.layout, x.cpu, x.level) + FRAME_LOCALS + instr.local] = v;
}

/**
 * kmem_cache_free(cache, p) of an object that is not one of the cache's: a misuse, as the kernel
 * WARNs "Wrong slab cache" (cache_from_obj(), mm/slab.h, with CONFIG_SLAB_FREELIST_HARDENED).
 */
export function checkFreedFromPool(x: Exec, obj: number, poolIndex: number | undefined): void {
  if (poolIndex === undefined) return;
  const decl = x.program.objects[obj];
  if (decl?.pool === poolIndex) return;
  const name = x.program.pools?.[poolIndex]?.name ?? '?';
  throw new Fault({ kind: 'misuse', at: where(x), reason: `kmem_cache_free(${name}, ...) of ${decl?.name ?? 'a non-pointer'}, which is not an object of ${name}` });
}
