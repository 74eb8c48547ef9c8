// SRCU, sleepable RCU (Documentation/RCU/whatisRCU.rst "SRCU", include/linux/srcu.h,
// kernel/rcu/srcutree.c), as the machine sees it. Each srcu_struct is a domain of its own: a
// grace period of one waits for the read-side critical sections of that domain that were in
// progress when it started, and for no others (no section of another srcu_struct, no RCU
// reader). Readers are contexts (a CPU's task, IRQ or NMI), not CPUs, because an SRCU reader may
// block inside its section (whatisRCU.rst: "SRCU readers may sleep"): a wait_until inside one
// is legal, and a CPU whose task waits there is no quiescent state for it.
//
// The model generalises synchronize_rcu()'s two steps (ops/rcu.ts) per srcu_struct: the start
// notes, in words of the domain, the contexts then inside a section; a context leaving its
// outermost section clears its bit from every waiter's set; the wait blocks until its set is
// empty. Nesting is counted per context, so a grace period waits until the context has left all
// its sections of the domain (for properly nested sections, the one that began first).
//
// Barriers: __srcu_read_lock() and __srcu_read_unlock() each have an smp_mb() (srcutree.c, B and
// C), and synchronize_srcu() is a full barrier at its start and end, so under TSO each of the
// four steps waits for its store buffer to drain (guard.ts). srcu_read_lock() returns the
// domain's index (READ_ONCE(ssp->srcu_idx) & 0x1), which each grace period's start flips.
import { assertNever } from '../../common/assert-never.js';
import { Fault, where, type Exec } from '../exec.js';
import { evaluate } from '../eval.js';
import { FRAME_LOCALS, SRCU_IDX, SRCU_NEST, contextCount, contextIndex, cpuOfContext, frameOf, srcuSetWords, type Layout } from '../layout.js';
import type { Program, SrcuOp } from '../program.js';
import { inRcuReader } from '../state.js';
import type { BlockedOn } from '../violation.js';
import type { Family } from './family.js';
import { downGpBlocked, downGpEnd, downGpStart, downRead, downWords, srcuDownDomains, upRead } from './srcu-down.js';

export type SrcuInstr = { readonly kind: SrcuOp; readonly ss: number; readonly local: number; readonly idx: import('../program.js').Expr; readonly expedited: boolean };

/** The words of domain `ss`: its index word, a context's nesting word, a waiter's set. */
function words(l: Layout, p: Program, ss: number) {
  const base = l.srcuBase + ss * l.srcuWords;
  const n = contextCount(p);
  const pw = srcuSetWords(n);
  return {
    idx: base + SRCU_IDX,
    nest: (ctx: number): number => base + SRCU_NEST + ctx,
    set: (ctx: number): number => base + SRCU_NEST + n + ctx * pw,
    pw, n,
  };
}

function misuse(x: Exec, reason: string): never {
  throw new Fault({ kind: 'misuse', at: where(x), reason });
}

const nameOf = (i: SrcuInstr): string => (i.kind.startsWith('synchronize') ? (i.expedited ? 'synchronize_srcu_expedited' : 'synchronize_srcu') : i.kind);

/** Execute one SRCU step in the context of `x`. */
export function srcuStep(x: Exec, i: SrcuInstr): void {
  const { state: s, layout: l, program: p } = x;
  const w = words(l, p, i.ss);
  const me = contextIndex(p.cpus, x.cpu, x.level);
  switch (i.kind) {
    case 'srcu_read_lock':
      s[w.nest(me)]! += 1;
      if (i.local >= 0) s[frameOf(l, x.cpu, x.level) + FRAME_LOCALS + i.local] = s[w.idx] ?? 0;
      return;
    case 'srcu_read_unlock': {
      const idx = evaluate(x, i.idx);
      // include/linux/srcu.h, srcu_read_unlock(): WARN_ON_ONCE(idx & ~0x1).
      if ((idx & ~1) !== 0) misuse(x, `srcu_read_unlock() with index ${idx}, which no srcu_read_lock() returns`);
      if ((s[w.nest(me)] ?? 0) <= 0) misuse(x, `srcu_read_unlock() without srcu_read_lock() on ${p.srcus?.[i.ss] ?? 'it'} in this context`);
      s[w.nest(me)]! -= 1;
      if (s[w.nest(me)] === 0) {
        const bit = ~(1 << (me & 31));
        for (let c = 0; c < w.n; c++) s[w.set(c) + (me >> 5)]! &= bit;
      }
      return;
    }
    case 'synchronize_srcu_start': {
      // srcu.h: "it is illegal to call synchronize_srcu() from the corresponding SRCU read-side
      // critical section; doing so will result in deadlock".
      if ((s[w.nest(me)] ?? 0) > 0) misuse(x, `${nameOf(i)}() inside a read-side critical section of the same srcu_struct: it would wait for itself`);
      // It sleeps (wait_for_completion), which atomic context may not (might_sleep()).
      if (inRcuReader(l, s, x.cpu)) misuse(x, `${nameOf(i)}() in atomic context (IRQs or preemption off, rcu_read_lock or a handler): it sleeps`);
      for (let k = 0; k < w.pw; k++) s[w.set(me) + k] = 0;
      for (let c = 0; c < w.n; c++) if ((s[w.nest(c)] ?? 0) > 0) s[w.set(me) + (c >> 5)]! |= 1 << (c & 31);
      if (srcuDownDomains(p)[i.ss]) downGpStart(x, i.ss, s[w.idx] ?? 0);
      s[w.idx] = (s[w.idx] ?? 0) ^ 1;
      return;
    }
    case 'synchronize_srcu_wait':
      if (srcuDownDomains(p)[i.ss]) downGpEnd(x, i.ss);
      return;
    // Semaphore-like readers (ops/srcu-down.ts).
    case 'srcu_down_read': downRead(x, i.ss, w.idx, i.local); return;
    case 'srcu_up_read': upRead(x, i.ss, i.idx); return;
    default: return assertNever(i.kind);
  }
}

/** Why an SRCU step cannot run now, or null: only the wait blocks, until its set is empty. */
export function srcuBlocked(x: Exec, i: SrcuInstr): BlockedOn | null {
  // A domain with semaphore-like readers also serialises its grace periods (ops/srcu-down.ts).
  const down = srcuDownDomains(x.program)[i.ss] === true;
  if (i.kind === 'synchronize_srcu_start' && down) return downGpBlocked(x, i.ss, true, []);
  if (i.kind !== 'synchronize_srcu_wait') return null;
  const w = words(x.layout, x.program, i.ss);
  const at = w.set(contextIndex(x.program.cpus, x.cpu, x.level));
  const cpus = new Set<number>();
  for (let c = 0; c < w.n; c++) if (((x.state[at + (c >> 5)] ?? 0) >>> (c & 31)) & 1) cpus.add(cpuOfContext(x.program.cpus, c));
  const sorted = [...cpus].sort((a, b) => a - b);
  if (down) return downGpBlocked(x, i.ss, false, sorted);
  return cpus.size > 0 ? { kind: 'grace-period', cpus: sorted } : null;
}

/**
 * The state words an SRCU step reads and writes (its guard included), for the reduction: `ctxs`
 * are the contexts it may run in (all of them when the site is not known).
 */
export function srcuFootprint(p: Program, l: Layout, i: SrcuInstr, ctxs: readonly number[]): { reads: number[]; writes: number[] } {
  const w = words(l, p, i.ss);
  const all = Array.from({ length: w.n }, (_, c) => c);
  const sets = (cs: readonly number[]): number[] => cs.flatMap((c) => Array.from({ length: w.pw }, (_, k) => w.set(c) + k));
  // A domain with semaphore-like readers (ops/srcu-down.ts): its grace periods also read and
  // write the grace period in progress, and the wait reads the open sections' counts.
  const down = srcuDownDomains(p)[i.ss] === true ? downWords(l, p, i.ss) : null;
  const counts = down ? [down.count(0), down.count(1)] : [];
  const gp = down ? [down.gp] : [];
  switch (i.kind) {
    case 'srcu_read_lock': return { reads: [w.idx, ...ctxs.map(w.nest)], writes: ctxs.map(w.nest) };
    case 'srcu_read_unlock': return { reads: [...ctxs.map(w.nest), ...sets(all)], writes: [...ctxs.map(w.nest), ...sets(all)] };
    case 'synchronize_srcu_start': return { reads: [w.idx, ...all.map(w.nest), ...gp], writes: [w.idx, ...sets(ctxs), ...gp] };
    case 'synchronize_srcu_wait': return { reads: [...sets(ctxs), ...gp, ...counts], writes: gp };
    // srcu_down_read() reads the index and counts on it; srcu_up_read() uncounts on the index it is given.
    case 'srcu_down_read': return { reads: [w.idx, ...counts], writes: counts };
    case 'srcu_up_read': return { reads: counts, writes: counts };
    default: return assertNever(i.kind);
  }
}

/** SRCU by kernel name: the srcu_struct argument is one declared under `state: srcu`. */
export const srcu: Family = {
  name: 'srcu',
  // Not cpuSymmetric (explore/symmetry-groups.ts): its per-context words are not permuted (symmetry.ts).
  names: [
    { name: 'srcu_read_lock', roles: ['srcu'], litmus: true, doc: 'enters a read-side critical section of ss; returns the index to pass to srcu_read_unlock', lower: { to: 'hoist', kind: 'srcu_read_lock' } },
    { name: 'srcu_read_unlock', roles: ['srcu', 'value'], litmus: true, doc: 'leaves it (idx: what srcu_read_lock returned)', lower: { to: 'srcu', kind: 'srcu_read_unlock' } },
    { name: 'synchronize_srcu', roles: ['srcu'], litmus: true, doc: "waits for every read-side critical section of ss in progress to end (not other srcu_structs')", lower: { to: 'srcu', kind: 'synchronize_srcu', expedited: false } },
    { name: 'synchronize_srcu_expedited', roles: ['srcu'], litmus: true, doc: 'the same, expedited', lower: { to: 'srcu', kind: 'synchronize_srcu', expedited: true } },
    { name: 'srcu_down_read', roles: ['srcu'], litmus: true, doc: 'enters a semaphore-like section of ss, which any context but an NMI may end; returns the index for srcu_up_read (ops/srcu-down.ts)', lower: { to: 'hoist', kind: 'srcu_down_read' } },
    { name: 'srcu_up_read', roles: ['srcu', 'value'], litmus: true, doc: 'ends a section that srcu_down_read began, maybe in another context (idx: what it returned)', lower: { to: 'srcu', kind: 'srcu_up_read' } },
  ],
  known: ['call_srcu', 'srcu_barrier', 'srcu_read_lock_nmisafe', 'srcu_read_unlock_nmisafe'],
};
