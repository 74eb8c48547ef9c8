// Waiting on a value: smp_cond_load_acquire(ptr, cond_expr) and smp_cond_load_relaxed() spin
// reading *ptr into VAL until cond_expr holds, and return that VAL (include/asm-generic/barrier.h:
// `for (;;) { VAL = READ_ONCE(*__PTR); if (cond_expr) break; cpu_relax(); }` then, for the
// acquire form, smp_acquire__after_ctrl_dep()). The machine runs one as a wait_until whose
// condition reads the location once per try, with the value that satisfied it written to the
// local in the same step (InstrBody wait_until `into`): no second read can see a newer value.
// The acquire form orders nothing more than the relaxed one on SC and x86-TSO (loads are not
// reordered with later accesses there); the LKMM, which would tell them apart, does not run
// scenarios and refuses a wait with a value (explore/lkmm/lkmm-explorer.ts).
import type { Family } from './family.js';

export const condLoad: Family = {
  name: 'cond-load',
  cpuSymmetric: true, // a wait on memory cells, which name no CPU
  names: [
    {
      name: 'smp_cond_load_acquire', roles: ['pointer', 'valcond'], litmus: false,
      doc: 'spins until cond (on VAL, the value read) holds; returns that VAL, in the step that saw it; then acquire',
      lower: { to: 'cond_load', order: 'acquire' },
    },
    {
      name: 'smp_cond_load_relaxed', roles: ['pointer', 'valcond'], litmus: false,
      doc: 'the same without the acquire (the same on SC and TSO)',
      lower: { to: 'cond_load', order: 'relaxed' },
    },
  ],
};
