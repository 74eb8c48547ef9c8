// Sequence counts (Documentation/locking/seqlock.rst, include/linux/seqlock.h). A seqcount_t is a
// cell holding the sequence; a seqlock_t (`state: locks: sl: seqlock`) is a sequence count beside
// a spinlock that serialises its writers. Every name lowers onto instructions the machine has:
//   - a reader's begin (read_seqcount_begin, read_seqbegin) spins while the sequence is odd (a
//     write in progress: __read_seqcount_begin's `while ((__seq = READ_ONCE(s->sequence)) & 1)
//     cpu_relax();`) and returns the even value it saw: a wait_until with a value (cond-load.ts).
//     An IRQ or NMI reader that interrupted its own CPU's writer mid-write waits for a context
//     that cannot run until it returns: the machine reports the deadlock, as the kernel hangs.
//   - a reader's retry (read_seqcount_retry, read_seqretry) is `smp_rmb(); READ_ONCE(seq) !=
//     start`: one marked load. smp_rmb() is a compiler barrier on x86 and orders nothing on SC or
//     TSO, where loads are not reordered with loads; scenarios run under SC and TSO only.
//   - a writer's begin and end (write_seqcount_begin/end) are `s->sequence++` beside smp_wmb():
//     a plain load and a plain store, two steps (the increment is not atomic: writers must be
//     serialised, by the seqlock's spinlock or by the caller, as seqlock.rst says).
//   - raw_write_seqcount_latch() is `smp_wmb(); s->sequence++; smp_wmb();` and the latch reader
//     raw_read_seqcount_latch() a READ_ONCE that never waits: the reader picks the copy the count
//     says is stable (data[seq & 1]), which is why an NMI may read a latch (seqlock.rst, "Latch
//     sequence counters").
//   - write_seqlock() takes the spinlock then begins; write_sequnlock() ends then releases; their
//     _irq, _irqsave and _bh forms take the spinlock in that form. read_seqlock_excl() is the
//     spinlock alone (a locking reader).
import { BH_WORDS } from './locks.js';
import type { ArgRole, Family, Lowering, PrimitiveName } from './family.js';
import type { IrqOp, LockOp } from '../program.js';

const P: ArgRole = 'pointer';
const SL: ArgRole = 'seqlock';

/** The spinlock forms a seqlock statement takes its lock in: suffix, IRQ op, whether it has flags. */
const FORMS: readonly [string, string, IrqOp | undefined, IrqOp | undefined, boolean][] = [
  ['', '', undefined, undefined, false],
  ['_irq', '_irq', 'local_irq_disable', 'local_irq_enable', false],
  ['_irqsave', '_irqrestore', 'local_irq_save', 'local_irq_restore', true],
  ['_bh', '_bh', 'local_bh_disable', 'local_bh_enable', false],
];

function lockLowering(ops: LockOp[], irq: IrqOp | undefined, after: boolean): Extract<Lowering, { to: 'lock' }> {
  return { to: 'lock', ops, ...(irq ? { irq } : {}), ...(after && irq ? { irqAfter: true } : {}) };
}

/** write_seqlock* / write_sequnlock* and read_seqlock_excl* / read_sequnlock_excl*, each form. */
function seqlockNames(): PrimitiveName[] {
  const out: PrimitiveName[] = [];
  for (const [lockSuffix, unlockSuffix, before, after, flags] of FORMS) {
    const roles: ArgRole[] = flags ? [SL, 'flags'] : [SL];
    const irq = lockSuffix === '_bh' ? BH_WORDS : before === undefined ? '' : flags ? ', IRQs off, flag saved in flags' : ', IRQs off';
    const back = unlockSuffix === '_bh' ? ', bottom halves on again' : after === undefined ? '' : flags ? ', IRQ flag restored from flags' : ', IRQs on';
    const take = lockLowering(['spin_lock'], before, false);
    const drop = lockLowering(['spin_unlock'], after, true);
    out.push(
      { name: `write_seqlock${lockSuffix}`, roles, litmus: false, doc: `takes the seqlock's spinlock${irq}, then makes the sequence odd (a write in progress)`, lower: { to: 'seqlock', lock: take, write: true } },
      { name: `write_sequnlock${unlockSuffix}`, roles, litmus: false, doc: `makes the sequence even again, then releases the spinlock${back}`, lower: { to: 'seqlock', lock: drop, write: true } },
      { name: `read_seqlock_excl${lockSuffix}`, roles, litmus: false, doc: `a locking reader: takes the seqlock's spinlock${irq}, sequence unchanged`, lower: { to: 'seqlock', lock: take, write: false } },
      { name: `read_sequnlock_excl${unlockSuffix}`, roles, litmus: false, doc: `releases it${back}`, lower: { to: 'seqlock', lock: drop, write: false } },
    );
  }
  return out;
}

export const seqcount: Family = {
  name: 'seqcount',
  cpuSymmetric: true, // lowered onto the locks, cells and waits
  names: [
    { name: 'read_seqcount_begin', roles: [P], litmus: false, doc: 'spins while the sequence is odd; returns the even value it read', lower: { to: 'cond_load', order: 'relaxed', even: true } },
    { name: 'raw_read_seqcount_begin', roles: [P], litmus: false, doc: 'the same, without the debugging checks', lower: { to: 'cond_load', order: 'relaxed', even: true } },
    { name: 'read_seqcount_retry', roles: [P, 'value'], litmus: false, doc: '1 when the sequence is no longer start (smp_rmb() first: nothing on SC and TSO)', lower: { to: 'seq_retry' } },
    { name: 'write_seqcount_begin', roles: [P], litmus: false, doc: 'sequence++ (now odd), then smp_wmb(): a plain load and store; writers must be serialised', lower: { to: 'seq_write' } },
    { name: 'write_seqcount_end', roles: [P], litmus: false, doc: 'smp_wmb(), then sequence++ (even again)', lower: { to: 'seq_write' } },
    { name: 'raw_write_seqcount_latch', roles: [P], litmus: false, doc: 'smp_wmb(); sequence++; smp_wmb(): switches latch readers to the other copy', lower: { to: 'seq_write' } },
    { name: 'raw_read_seqcount_latch', roles: [P], litmus: false, doc: 'a marked load of the sequence, which never waits: use copy seq & 1', lower: { to: 'load', order: 'once' } },
    { name: 'raw_read_seqcount_latch_retry', roles: [P, 'value'], litmus: false, doc: '1 when the sequence is no longer start', lower: { to: 'seq_retry' } },
    // The 6.13 latch API (include/linux/seqlock.h, seqcount_latch_t): read_seqcount_latch() and
    // read_seqcount_latch_retry() are the raw_ forms plus KCSAN annotations;
    // write_seqcount_latch_begin() and write_seqcount_latch() are raw_write_seqcount_latch() (the
    // begin also opens a KCSAN region), and write_seqcount_latch_end() only closes that region:
    // no access, no barrier.
    { name: 'read_seqcount_latch', roles: [P], litmus: false, doc: 'raw_read_seqcount_latch() (6.13): a marked load that never waits', lower: { to: 'load', order: 'once' } },
    { name: 'read_seqcount_latch_retry', roles: [P, 'value'], litmus: false, doc: 'raw_read_seqcount_latch_retry() (6.13): 1 when the sequence is no longer start', lower: { to: 'seq_retry' } },
    { name: 'write_seqcount_latch_begin', roles: [P], litmus: false, doc: 'raw_write_seqcount_latch() (6.13): readers go to the odd copy', lower: { to: 'seq_write' } },
    { name: 'write_seqcount_latch', roles: [P], litmus: false, doc: 'raw_write_seqcount_latch() (6.13): readers go back to the even copy', lower: { to: 'seq_write' } },
    { name: 'write_seqcount_latch_end', roles: [P], litmus: false, doc: 'ends the write section (6.13): a KCSAN marker only, nothing on the machine', lower: { to: 'instr', body: { op: 'nop' } } },
    { name: 'read_seqbegin', roles: [SL], litmus: false, doc: "read_seqcount_begin() on the seqlock's sequence", lower: { to: 'cond_load', order: 'relaxed', even: true } },
    { name: 'read_seqretry', roles: [SL, 'value'], litmus: false, doc: "read_seqcount_retry() on the seqlock's sequence", lower: { to: 'seq_retry' } },
    ...seqlockNames(),
  ],
  known: ['read_seqbegin_or_lock', 'done_seqretry', 'raw_seqcount_begin', 'write_seqcount_invalidate'],
};
