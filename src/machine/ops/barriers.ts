// Barriers by kernel name (Documentation/memory-barriers.txt). Under the machine's memories only
// smp_mb() does anything (x86-TSO: MFENCE drains the store buffer, guard.ts); smp_rmb() and
// smp_wmb() are compiler barriers on x86 (arch/x86/include/asm/barrier.h), kept as instructions
// so the cost model and a weaker memory model can see them. The barriers that strengthen an
// adjacent atomic, lock or unlock+lock pair are barrier() on x86 ("Atomic operations are already
// serializing on x86"), so SC and TSO run them as nothing; they stay fences of their own so the
// LKMM can read them (tools/memory-model/linux-kernel.def, src/explore/lkmm/). The machine's code
// for them is here too: which one waits for the store buffer, and what each costs.
import type { FenceKind } from '../program.js';
import type { Family, PrimitiveName } from './family.js';

/**
 * Whether a barrier waits for its CPU's store buffer to drain before it runs (guard.ts): smp_mb()
 * is MFENCE on x86 (arch/x86/include/asm/barrier.h), the others are compiler barriers there.
 */
export function fenceDrains(kind: FenceKind): boolean {
  return kind === 'smp_mb';
}

/** What a barrier adds to its CPU's counts in the cost model (cost/count.ts): an MFENCE for smp_mb(). */
export function countFence(kind: FenceKind, c: { smpMb: number }): void {
  if (kind === 'smp_mb') c.smpMb++;
}

/** What kind of synchronization a barrier is, for `ablate` (explore/ablate.ts). */
export function fenceAblation(_kind: FenceKind): 'barrier' {
  return 'barrier';
}

const fence = (name: FenceKind, doc: string): PrimitiveName => ({ name, roles: [], litmus: true, doc, lower: { to: 'instr', body: { op: 'fence', kind: name } } });
const nop = (name: string, doc: string, litmus = true): PrimitiveName => ({ name, roles: [], litmus, doc, lower: { to: 'instr', body: { op: 'nop' } } });

export const barriers: Family = {
  name: 'barriers',
  cpuSymmetric: true, // no state of their own (a store buffer is its CPU's own block)
  names: [
    { name: 'smp_mb', roles: [], litmus: true, doc: 'full barrier: waits for the store buffer to drain (TSO)', lower: { to: 'instr', body: { op: 'fence', kind: 'smp_mb' } } },
    { name: 'smp_rmb', roles: [], litmus: true, doc: 'read barrier: nothing more on SC and TSO', lower: { to: 'instr', body: { op: 'fence', kind: 'smp_rmb' } } },
    { name: 'smp_wmb', roles: [], litmus: true, doc: 'write barrier: nothing more on SC and TSO', lower: { to: 'instr', body: { op: 'fence', kind: 'smp_wmb' } } },
    nop('barrier', 'compiler barrier'),
    fence('smp_mb__before_atomic', 'full barrier before an atomic: the atomic is one already'),
    fence('smp_mb__after_atomic', 'full barrier after an atomic: the atomic is one already'),
    fence('smp_mb__after_spinlock', 'full barrier after spin_lock(): a locked instruction already'),
    fence('smp_mb__after_unlock_lock', 'full barrier for an unlock+lock pair: already one'),
    // include/linux/srcu.h: "__srcu_read_unlock has smp_mb() internally so nothing to do here",
    // so SC and TSO run it as nothing; linux-kernel.def makes it a fence (after-srcu-read-unlock)
    // that linux-kernel.cat's mb reads after a srcu_read_unlock() (manual/kernel/C-srcu-mb-2).
    fence('smp_mb__after_srcu_read_unlock', 'full barrier after srcu_read_unlock(): the unlock is one already'),
  ],
  known: ['smp_acquire__after_ctrl_dep'],
};
