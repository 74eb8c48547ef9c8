// SRCU's semaphore-like readers, srcu_down_read() and srcu_up_read() (include/linux/srcu.h):
// "The semaphore-like nature of srcu_down_read() means that the matching srcu_up_read() can be
// invoked from some other context, for example, from some other task or from an irq handler.
// However, neither srcu_down_read() nor srcu_up_read() may be invoked from an NMI handler."
// Such a section belongs to no context, so the per-context nesting of ops/srcu.ts cannot follow
// it. The model keeps what the kernel keeps (kernel/rcu/srcutree.c): per srcu_struct and index,
// how many such sections are open (srcu_lock_count[idx] - srcu_unlock_count[idx], summed over
// the CPUs). srcu_down_read() is __srcu_read_lock(): it returns the current index and counts a
// section on it; srcu_up_read(ss, idx) is __srcu_read_unlock(ss, idx): it uncounts one on idx.
//
// A grace period must wait for exactly the sections open when it starts. The kernel does it with
// one grace period at a time per srcu_struct (srcu_gp_seq; concurrent synchronize_srcu() calls
// queue behind it) and the index flip (srcu_flip()): after the flip no section starts on the old
// index, so "the old index's count is zero" means "every section that began before the flip has
// ended". The model does the same, for the srcu_structs a program down_reads (srcuDownDomains):
// a grace period's start waits while another one of the srcu_struct is in progress, then notes
// itself with the index it flips away from; its wait ends when that index's count is zero (and
// its srcu_read_lock() readers, ops/srcu.ts, have left). Invariant: while no grace period is in
// progress, the inactive index's count is zero (the last one waited for it, and nothing has
// started on it since), so at a start every open down_read section is on the index it flips
// away from, and none that starts later is: the wait is neither longer nor shorter than the
// sections that began before it. Merging the kernel's SCAN1 (wait for the inactive index, zero by
// that invariant) with the flip loses no interleaving: a reader that starts between them is on
// the old index in both.
//
// Serialising the grace periods of such a domain waits longer than the bare guarantee ("waits
// for pre-existing readers") when a second synchronize_srcu() queues behind a first: it then
// also waits for readers that began while it queued. The kernel does too whenever the second
// call comes after the first grace period started (srcu_funnel_gp_start() asks for the next one),
// and a call that queues in the model has come after the first grace period's start, so no
// wait here is longer than one the kernel can have. Domains no srcu_down_read() names keep the
// unserialised grace periods of ops/srcu.ts, whose state spaces are unchanged.
//
// Misuses, as srcu.h WARNs: either call in an NMI (WARN_ON_ONCE(in_nmi())), srcu_up_read() with
// an index other than 0 or 1 (WARN_ON_ONCE(idx & ~0x1)); and srcu_up_read() on an index with no
// open section, which underflows the kernel's counts so that a later grace period can end while
// a reader is still inside (srcu_readers_active_idx_check() compares the sums).
import { memoByObject } from '../../common/memo.js';
import { Fault, where, type Exec } from '../exec.js';
import { evaluate } from '../eval.js';
import { FRAME_LOCALS, SRCU_DOWN_COUNT, SRCU_DOWN_GP, contextCount, contextIndex, frameOf, srcuDownWord, type Layout } from '../layout.js';
import type { Program } from '../program.js';
import type { BlockedOn } from '../violation.js';
import { contextTest } from './softirq.js';

/** For each srcu_struct, whether some code calls srcu_down_read() or srcu_up_read() on it. */
export const srcuDownDomains = memoByObject((p: Program): readonly boolean[] => {
  const out = (p.srcus ?? []).map(() => false);
  for (const c of p.codes) for (const i of c.instrs) if (i.op === 'srcu' && (i.kind === 'srcu_down_read' || i.kind === 'srcu_up_read')) out[i.ss] = true;
  return out;
});

/** The words of domain `ss` this module keeps: the open sections per index, the grace period in progress. */
export function downWords(l: Layout, p: Program, ss: number): { count: (idx: number) => number; gp: number } {
  const base = l.srcuBase + ss * l.srcuWords + srcuDownWord(contextCount(p));
  return { count: (idx) => base + SRCU_DOWN_COUNT + idx, gp: base + SRCU_DOWN_GP };
}

function misuse(x: Exec, reason: string): never {
  throw new Fault({ kind: 'misuse', at: where(x), reason });
}

function notInNmi(x: Exec, name: string): void {
  if (contextTest(x.layout, x.state, x.cpu, 'in_nmi')) misuse(x, `${name}() in an NMI handler: srcu.h says neither srcu_down_read() nor srcu_up_read() may be invoked from one`);
}

/** srcu_down_read(&ss): counts a section on the current index and writes the index into `local`. */
export function downRead(x: Exec, ss: number, idxWord: number, local: number): void {
  notInNmi(x, 'srcu_down_read');
  const w = downWords(x.layout, x.program, ss);
  const idx = x.state[idxWord] ?? 0;
  x.state[w.count(idx)]! += 1;
  if (local >= 0) x.state[frameOf(x.layout, x.cpu, x.level) + FRAME_LOCALS + local] = idx;
}

/** srcu_up_read(&ss, idx): uncounts a section on idx. */
export function upRead(x: Exec, ss: number, idxExpr: import('../program.js').Expr): void {
  const idx = evaluate(x, idxExpr);
  if ((idx & ~1) !== 0) misuse(x, `srcu_up_read() with index ${idx}, which no srcu_down_read() returns`);
  notInNmi(x, 'srcu_up_read');
  const w = downWords(x.layout, x.program, ss);
  if ((x.state[w.count(idx)] ?? 0) <= 0) misuse(x, `srcu_up_read() with index ${idx}, on which no srcu_down_read() section of ${x.program.srcus?.[ss] ?? 'it'} is open`);
  x.state[w.count(idx)]! -= 1;
}

/** A grace period's start on a down-read domain: notes itself and the index it flips away from. */
export function downGpStart(x: Exec, ss: number, oldIdx: number): void {
  const w = downWords(x.layout, x.program, ss);
  x.state[w.gp] = 1 + contextIndex(x.program.cpus, x.cpu, x.level) * 2 + oldIdx;
}

/** A grace period's end on a down-read domain: the next one may start. */
export function downGpEnd(x: Exec, ss: number): void {
  x.state[downWords(x.layout, x.program, ss).gp] = 0;
}

/**
 * Why a start or wait of a grace period of a down-read domain cannot run now, or null:
 * `contexts` are the srcu_read_lock() readers the wait still waits for (CPUs), from ops/srcu.ts.
 */
export function downGpBlocked(x: Exec, ss: number, start: boolean, cpus: readonly number[]): BlockedOn | null {
  const w = downWords(x.layout, x.program, ss);
  const gp = x.state[w.gp] ?? 0;
  if (start) return gp !== 0 ? { kind: 'srcu-readers', srcu: ss, behind: true, readers: 0, cpus: [] } : null;
  const readers = gp === 0 ? 0 : x.state[w.count((gp - 1) & 1)] ?? 0;
  if (readers > 0) return { kind: 'srcu-readers', srcu: ss, behind: false, readers, cpus };
  return cpus.length > 0 ? { kind: 'grace-period', cpus } : null;
}
