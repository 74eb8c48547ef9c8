// SRCU's semaphore-like readers in the exported model, as machine/ops/srcu-down.ts has them: per
// srcu_struct that a program down_reads, the open sections per index (srd[ss * 2 + idx]) and the
// grace period in progress (srg[ss]: 0 when none, else 1 + the index it flipped away from; the
// machine also keeps the waiter's context there, for its message only). Its grace periods go one
// at a time: a start waits for srg to be 0, a wait for its old index's count to be 0. Pure.
import { srcuDownDomains } from '../machine/ops/srcu-down.js';
import type { Instr, Program } from '../machine/program.js';
import { compileExpr, type StepCx } from './expr.js';
import { localVar } from './model-names.js';

type SrcuInstr = Extract<Instr, { op: 'srcu' }>;

const idxVar = (ss: number): string => `sri[${ss}]`;
const count = (ss: number, idx: string): string => `srd[${ss * 2} + ${idx}]`;

/** The globals the semaphore-like readers need, or none when no srcu_struct is down_read. */
export function srcuDownGlobals(p: Program): string[] {
  const n = p.srcus?.length ?? 0;
  if (!srcuDownDomains(p).some(Boolean)) return [];
  return [
    `int srd[${2 * n}];                         /* SRCU: srcu_down_read() sections open per index (ops/srcu-down.ts) */`,
    `byte srg[${n}];                         /* SRCU: the grace period in progress, 1 + its old index, or 0 */`,
  ];
}

/** The part of an SRCU step's guard the semaphore-like readers add ('true' when none). */
export function srcuDownGuard(p: Program, i: SrcuInstr): string {
  if (!srcuDownDomains(p)[i.ss]) return 'true';
  if (i.kind === 'synchronize_srcu_start') return `(srg[${i.ss}] == 0)`;
  if (i.kind === 'synchronize_srcu_wait') return `(${count(i.ss, `(srg[${i.ss}] - 1)`)} == 0)`;
  return 'true';
}

/** A grace period's start (before its flip) and end on a down-read domain; nothing on the others. */
export function emitSrcuDownGp(x: StepCx, i: SrcuInstr): void {
  if (!srcuDownDomains(x.p)[i.ss]) return;
  if (i.kind === 'synchronize_srcu_start') x.e.line(`srg[${i.ss}] = 1 + ${idxVar(i.ss)};`);
  else if (i.kind === 'synchronize_srcu_wait') x.e.line(`srg[${i.ss}] = 0;`);
}

/** srcu_down_read() and srcu_up_read() (ops/srcu-down.ts downRead, upRead), up to the pc update. */
export function emitSrcuDown(x: StepCx, i: SrcuInstr): void {
  const { e, c } = x;
  const misuse = (bad: string): void => e.check(bad, x.fault('misuse'));
  if (i.kind === 'srcu_down_read') {
    // WARN_ON_ONCE(in_nmi()): level 2 is the NMI handler's frame.
    if (c.level === 2) misuse('true');
    e.line(`${count(i.ss, idxVar(i.ss))} = ${count(i.ss, idxVar(i.ss))} + 1;`);
    if (i.local >= 0) e.line(`${localVar(c, i.local)} = ${idxVar(i.ss)};`);
    return;
  }
  const v = compileExpr(x, i.idx);
  misuse(`((${v}) & ~1) != 0`);
  if (c.level === 2) misuse('true');
  misuse(`${count(i.ss, `(${v})`)} <= 0`);
  e.line(`${count(i.ss, `(${v})`)} = ${count(i.ss, `(${v})`)} - 1;`);
}
