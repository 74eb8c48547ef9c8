// SRCU in the exported model, as machine/ops/srcu.ts has it: per srcu_struct an index bit
// (sri, flipped by each grace period's start), a read-side nesting counter per context that can
// enter a section of it (srn), and per context that can start a grace period of it one bit per
// such reader context (srw: "this grace period still waits for that reader"). Contexts are frames
// (model-names.ts frameIndex); a context whose code never names the srcu_struct in a
// read-side call has nesting 0 for ever and gets no counter, one that never calls
// synchronize_srcu() on it no waiter bits: the words the machine keeps for them never change. Pure.
import { assertNever } from '../common/assert-never.js';
import { memoByObject } from '../common/memo.js';
import type { Instr, Program } from '../machine/program.js';
import { compileExpr, type StepCx } from './expr.js';
import { framesOfCodes, localVar, type Ctx } from './model-names.js';
import { inRcuReader } from './rcu-reader.js';
import { emitSrcuDown, emitSrcuDownGp, srcuDownGlobals, srcuDownGuard } from './srcu-down.js';

type SrcuInstr = Extract<Instr, { op: 'srcu' }>;

/**
 * One srcu_struct: `readers`, the frames that may enter or leave a read-side section of it (reader
 * r's counter is srn[nestBase + r]); `waiters`, the frames that may start or wait for a grace
 * period of it (waiter w's bit for reader r is srw[waitBase + w * readers.length + r]).
 */
interface Domain { readonly readers: readonly number[]; readonly nestBase: number; readonly waiters: readonly number[]; readonly waitBase: number }

/** Every srcu_struct's Domain, and how many counters and bits they take together. */
export interface SrcuModel { readonly domains: readonly Domain[]; readonly nests: number; readonly bits: number }

export const srcuModel = memoByObject((p: Program): SrcuModel => {
  const frames = framesOfCodes(p);
  const sets = (p.srcus ?? []).map(() => ({ readers: new Set<number>(), waiters: new Set<number>() }));
  p.codes.forEach((code, ci) => {
    for (const i of code.instrs) {
      // Semaphore-like sections belong to no context (srcu-down.ts).
      if (i.op !== 'srcu' || i.kind === 'srcu_down_read' || i.kind === 'srcu_up_read') continue;
      const d = sets[i.ss]!;
      const side = i.kind === 'srcu_read_lock' || i.kind === 'srcu_read_unlock' ? d.readers : d.waiters;
      for (const f of frames.get(ci) ?? []) side.add(f);
    }
  });
  let nests = 0;
  let bits = 0;
  const domains = sets.map((s) => {
    const readers = [...s.readers].sort((a, b) => a - b);
    const waiters = [...s.waiters].sort((a, b) => a - b);
    const d: Domain = { readers, nestBase: nests, waiters, waitBase: bits };
    nests += readers.length;
    bits += readers.length * waiters.length;
    return d;
  });
  return { domains, nests, bits };
});

const idxVar = (ss: number): string => `sri[${ss}]`;
const nestVar = (d: Domain, frame: number): string | null => {
  const r = d.readers.indexOf(frame);
  return r < 0 ? null : `srn[${d.nestBase + r}]`;
};
const waitVar = (d: Domain, waiter: number, r: number): string => `srw[${d.waitBase + d.waiters.indexOf(waiter) * d.readers.length + r}]`;

/** The globals SRCU needs, or none without srcu_structs. */
export function srcuGlobals(p: Program): string[] {
  const n = p.srcus?.length ?? 0;
  if (n === 0) return [];
  const m = srcuModel(p);
  return [
    `bit sri[${n}];                         /* SRCU: each srcu_struct's index (ops/srcu.ts) */`,
    `int srn[${Math.max(1, m.nests)}];                         /* SRCU: read-side nesting of each reader context */`,
    `bit srw[${Math.max(1, m.bits)}];                         /* SRCU: a grace period's waiter still waits for that reader */`,
    ...srcuDownGlobals(p),
  ];
}

/** The guard of an SRCU step (ops/srcu.ts srcuBlocked): only the wait blocks, until its set is empty. */
export function srcuGuard(p: Program, c: Ctx, i: SrcuInstr): string {
  const down = srcuDownGuard(p, i);
  if (i.kind !== 'synchronize_srcu_wait') return down;
  const d = srcuModel(p).domains[i.ss]!;
  const own = d.readers.map((_, r) => `${waitVar(d, c.frame, r)} == 0`);
  const all = [...own, ...(down === 'true' ? [] : [down])];
  return all.length === 0 ? 'true' : `(${all.join(' && ')})`;
}

/** ops/srcu.ts srcuStep: emits what the step does, up to (not including) the pc update. */
export function emitSrcu(x: StepCx, i: SrcuInstr): void {
  const { e, c, p } = x;
  const d = srcuModel(p).domains[i.ss]!;
  const misuse = (bad: string): void => e.check(bad, x.fault('misuse'));
  const nest = nestVar(d, c.frame);
  switch (i.kind) {
    case 'srcu_read_lock':
      if (nest === null) throw new Error('srcu_read_lock in a frame the SRCU model did not note');
      e.line(`${nest} = ${nest} + 1;`);
      if (i.local >= 0) e.line(`${localVar(c, i.local)} = ${idxVar(i.ss)};`);
      return;
    case 'srcu_read_unlock': {
      // srcu.h: WARN_ON_ONCE(idx & ~0x1), then the context's own nesting.
      const v = compileExpr(x, i.idx);
      misuse(`((${v}) & ~1) != 0`);
      if (nest === null) throw new Error('srcu_read_unlock in a frame the SRCU model did not note');
      misuse(`${nest} <= 0`);
      e.line(`${nest} = ${nest} - 1;`);
      const r = d.readers.indexOf(c.frame);
      if (d.waiters.length > 0) e.line(`if :: ${nest} == 0 -> ${d.waiters.map((w) => `${waitVar(d, w, r)} = 0`).join('; ')} :: else -> skip fi;`);
      return;
    }
    case 'synchronize_srcu_start':
      // Inside its own section it would wait for itself; in atomic context it may not sleep.
      if (nest !== null) misuse(`${nest} > 0`);
      misuse(inRcuReader(x.p, c.cpu));
      for (const [r, f] of d.readers.entries()) e.line(`${waitVar(d, c.frame, r)} = (${nestVar(d, f)} > 0);`);
      emitSrcuDownGp(x, i);
      e.line(`${idxVar(i.ss)} = 1 - ${idxVar(i.ss)};`);
      return;
    case 'synchronize_srcu_wait': emitSrcuDownGp(x, i); return;
    case 'srcu_down_read': case 'srcu_up_read': emitSrcuDown(x, i); return;
    default: return assertNever(i.kind);
  }
}
