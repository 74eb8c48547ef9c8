// Pools in the exported model (machine/ops/pool.ts, ops/heap.ts): an object's ghost flag fr[o]
// holds raceway's freed-flag values (layout.ts LIVE 0, FREED 1, UNALLOCATED 2), so every check
// the model already makes on it (fr[o] != 0: a use-after-free, a double free) reads a slot never
// handed out as raceway does. kmalloc takes the first slot still unallocated, in the pool's
// order; slots are never reused. Pure.
import { LIVE, UNALLOCATED } from '../machine/layout.js';
import { pointerTo, type Instr, type Program } from '../machine/program.js';
import type { StepCx } from './expr.js';
import { freedVar, localVar } from './model-names.js';

/** The Promela type of fr[]: a bit while every flag is LIVE or FREED, a byte once pools add UNALLOCATED. */
export function freedType(p: Program): string {
  return (p.pools?.length ?? 0) > 0 ? 'byte' : 'bit';
}

/** The initial fr[] settings: every pool slot starts unallocated (machine/state.ts). */
export function poolInits(p: Program): string[] {
  return (p.pools ?? []).flatMap((d) => d.objects.map((o) => `${freedVar(String(o))} = ${UNALLOCATED}`));
}

/**
 * ops/pool.ts allocStep: the first unallocated slot becomes LIVE and its address goes into the
 * local; an empty pool gives NULL (`when_empty: NULL`) or ends the run as pool-exhausted.
 * Emits the step's statements up to (not including) the pc update.
 */
export function emitAlloc(x: StepCx, instr: Extract<Instr, { op: 'alloc' }>): void {
  const { e, c } = x;
  const decl = x.p.pools?.[instr.pool];
  if (!decl) throw new Error(`alloc from pool ${instr.pool}, which the program lacks`);
  const into = localVar(c, instr.local);
  const free = (o: number): string => `${freedVar(String(o))} == ${UNALLOCATED}`;
  if (decl.whenEmpty === 'exhausted') {
    const empty = decl.objects.length === 0 ? 'true' : decl.objects.map((o) => `!(${free(o)})`).join(' && ');
    e.check(empty, x.fault('pool-exhausted'));
  }
  // Slot k only when slots 0..k-1 are taken: nested ifs, the last else the empty pool.
  let close = '';
  for (const o of decl.objects) {
    e.line(`if :: ${free(o)} -> ${freedVar(String(o))} = ${LIVE}; ${into} = ${pointerTo(o)} :: else ->`);
    close += ' fi';
  }
  e.line(`${decl.objects.length === 0 || decl.whenEmpty === 'null' ? `${into} = 0` : 'skip'}${close};`);
}

/**
 * ops/pool.ts checkFreedFromPool: kmem_cache_free(cache, p) of an object that is not one of the
 * cache's is a misuse. The condition on the freed pointer `t` (a scratch variable), or 'false'.
 */
export function wrongPool(p: Program, t: string, pool: number | undefined): string {
  if (pool === undefined) return 'false';
  const mine = p.objects.flatMap((o, i) => (o.pool === pool ? [`${t} == ${pointerTo(i)}`] : []));
  return mine.length === 0 ? 'true' : `!(${mine.join(' || ')})`;
}
