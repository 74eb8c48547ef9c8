// Under lkmm, `ablate` also drops each dependency in turn (issue 20 item 4: "which barriers,
// acquire/release and dependencies a verdict rests on"): an address dependency (a load or store
// whose location is computed from a read: `k = READ_ONCE(k->next)`), a data dependency (a store or
// RMW whose value is), and a control dependency (a branch on a read, over the events of its arms),
// linux-kernel.bell's addr, data and ctrl as events.ts computes them. The ablated program keeps
// every value and drops only the relation (Instr.dropDep), as a compiler that breaks the
// dependency would (tools/memory-model/Documentation/explanation.txt, "DEPENDENCY RELATIONS";
// Documentation/RCU/rcu_dereference.rst on the ways a compiler breaks them). Under SC and TSO no
// dependency orders anything the machine does not already order, so they are no sites there.
// Which statements carry one is found statically, over-approximated (a local is from a read if
// any assignment to it is): a site whose dependency is not one in any execution does not break.
// Pure.
import { assertNever } from '../common/assert-never.js';
import type { Code, DependencyKind, Expr, Instr, Loc } from '../machine/program.js';

/** The locals of a code that may hold a value computed from a read, to a fixpoint. */
function readLocals(code: Code): (e: Expr) => boolean {
  const from = new Set<number>();
  const reads = (e: Expr): boolean => {
    switch (e.kind) {
      case 'load': case 'rmw': case 'lock_value': return true;
      case 'local': return from.has(e.slot);
      case 'un': return reads(e.a);
      case 'bin': return reads(e.a) || reads(e.b);
      case 'const': case 'this_cpu': case 'this_context': case 'context_test': return false;
      default: return assertNever(e);
    }
  };
  for (let grew = true; grew;) {
    grew = false;
    const mark = (slot: number, yes: boolean): void => { if (yes && slot >= 0 && !from.has(slot)) { from.add(slot); grew = true; } };
    for (const i of code.instrs) {
      if (i.op === 'assign') mark(i.local, reads(i.value));
      else if (i.op === 'wait_until' && i.into) mark(i.into.local, true);
      else if (i.op === 'srcu' && i.kind === 'srcu_read_lock') mark(i.local, true);
    }
  }
  return reads;
}

const locReads = (l: Loc, reads: (e: Expr) => boolean): boolean => (l.kind === 'deref' ? reads(l.ptr) : l.index.some(reads));

/** Whether some access in `e` has an address (or an RMW a value) computed from a read. */
function nested(e: Expr, reads: (e: Expr) => boolean, kind: 'addr' | 'data'): boolean {
  switch (e.kind) {
    case 'load': return (kind === 'addr' && locReads(e.loc, reads)) || (e.loc.kind === 'deref' ? nested(e.loc.ptr, reads, kind) : e.loc.index.some((x) => nested(x, reads, kind)));
    case 'rmw': return (kind === 'addr' ? locReads(e.loc, reads) : e.args.some(reads)) || e.args.some((x) => nested(x, reads, kind));
    case 'un': return nested(e.a, reads, kind);
    case 'bin': return nested(e.a, reads, kind) || nested(e.b, reads, kind);
    case 'const': case 'local': case 'this_cpu': case 'this_context': case 'context_test': case 'lock_value': return false;
    default: return assertNever(e);
  }
}

function exprsOf(i: Instr): readonly Expr[] {
  switch (i.op) {
    case 'assign': case 'eval': return [i.value];
    case 'store': return [i.value];
    case 'branch': case 'assert': return [i.cond];
    case 'wait_until': return i.into ? [i.cond, i.into.value] : [i.cond];
    case 'free': return [i.ptr];
    default: return [];
  }
}

/** The dependencies the events of instruction `i` may carry (addr, data) or its branch starts (ctrl). */
export function dependenciesOf(i: Instr, reads: (e: Expr) => boolean): DependencyKind[] {
  const es = exprsOf(i);
  const addr = es.some((e) => nested(e, reads, 'addr')) || (i.op === 'store' && locReads(i.loc, reads)) || (i.op === 'free' && reads(i.ptr));
  const data = es.some((e) => nested(e, reads, 'data')) || (i.op === 'store' && reads(i.value)) || (i.op === 'srcu' && i.kind === 'srcu_read_unlock' && reads(i.idx));
  const ctrl = i.op === 'branch' && reads(i.cond);
  return [...(addr ? ['addr' as const] : []), ...(data ? ['data' as const] : []), ...(ctrl ? ['ctrl' as const] : [])];
}

/** Per code, per pc, the dependencies its instruction may carry. */
export function dependencySitesOf(codes: readonly Code[]): { code: number; pc: number; kind: DependencyKind }[] {
  const out: { code: number; pc: number; kind: DependencyKind }[] = [];
  codes.forEach((code, c) => {
    const reads = readLocals(code);
    code.instrs.forEach((ins, pc) => { for (const kind of dependenciesOf(ins, reads)) out.push({ code: c, pc, kind }); });
  });
  return out;
}
