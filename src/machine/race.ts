// Data races on the machine (sc, tso): a state in which two CPUs' next steps access the same
// location, at least one of them writes and at least one is plain. That is the classic definition
// (Adve and Hill, "Weak ordering: a new definition", ISCA 1990: two conflicting accesses that can
// be adjacent in a run, DRF0), and what KCSAN's watchpoints catch at run time: a plain access
// stalls with a watchpoint set and another CPU's access meets it (Documentation/dev-tools/kcsan.rst).
// The LKMM's own flag is linux-kernel.cat's, found by explore/lkmm; docs/memory-model.md compares.
//
// What counts as a CPU's next step: its innermost context's next instruction, run in a scratch
// state with an observer (so an address computed from a load is the one the step would use).
// A context blocked in wait_until() is polling: its condition's reads are accesses now, as the
// loop that spins on them is in the kernel. Two contexts of one CPU (a handler and what it
// interrupted) are not compared: the handler's accesses are in program order with the context's,
// as the LKMM search treats them (docs/memory-model.md); KCSAN's interrupt watcher
// (CONFIG_KCSAN_INTERRUPT_WATCHER) does report those, and raceway does not.
//
// Under TSO a store is an access when its instruction runs (it enters the store buffer): a CPU
// can learn nothing of what its peer did after a buffered store without that store draining first
// (the buffer is FIFO), so any access that meets the store while it is buffered can be moved to
// meet it as it is issued (docs/memory-model.md, "Data races under sc and tso"). Pure.
import { memoByObject } from '../common/memo.js';
import type { StepObserver } from './exec.js';
import { enabledMoves } from './enabled.js';
import { layoutOf } from './layout.js';
import { moveTable, type Move } from './moves.js';
import type { Instr, Program } from './program.js';
import { codeOf, innermost, pcOf, type State } from './state.js';
import { stepInto } from './step.js';
import type { Violation } from './violation.js';
import { someInstrExpr } from './visit.js';

/** Whether an instruction makes a plain access: a plain store, or a plain load in any expression. */
function plainInstr(i: Instr): boolean {
  if (i.op === 'store' && i.kcsanAtomic) return false;
  return (i.op === 'store' && i.order === 'plain') || someInstrExpr(i, (e) => e.kind === 'load' && e.order === 'plain');
}

/** plainAt(p)[code][pc] is 1 when that instruction makes a plain access. */
const plainAt = memoByObject((p: Program): readonly Uint8Array[] => p.codes.map((c) => Uint8Array.from(c.instrs, (i) => (plainInstr(i) ? 1 : 0))));

/**
 * Whether the machine looks for data races in this program: under sc and tso, with at least two
 * CPUs and a plain access somewhere (the LKMM search has its own flag).
 */
export const checksDataRaces = memoByObject((p: Program): boolean =>
  p.memoryModel !== 'lkmm' && p.cpus > 1 && p.dataRaces !== false && plainAt(p).some((c) => c.includes(1)));

interface Access { loc: number; write: boolean; plain: boolean }

/** A race found in a state: the violation, and the racing steps that can be taken now (0 to 2). */
export interface RacyState {
  readonly violation: Extract<Violation, { kind: 'data-race' }>;
  readonly moves: readonly Move[];
}

/**
 * The data race of state `s`, or null. Call only for a program that checksDataRaces(). The first
 * pair found in CPU order, the plain access first (so the same state always gives the same pair).
 * `enabledNow`: enabledMoves(p, s), when the caller has it already.
 */
export function racyState(p: Program, s: State, enabledNow?: readonly Move[]): RacyState | null {
  const l = layoutOf(p);
  const plain = plainAt(p);
  let anyPlain = false;
  for (let cpu = 0; cpu < p.cpus && !anyPlain; cpu++) {
    const level = innermost(l, s, cpu);
    const code = codeOf(p, l, s, cpu, level);
    if (code >= 0 && plain[code]![pcOf(l, s, cpu, level)] === 1) anyPlain = true;
  }
  if (!anyPlain) return null;
  const enabled = enabledNow ?? enabledMoves(p, s);
  const runs = moveTable(p).run;
  const next: (Access[] | null)[] = [];
  for (let cpu = 0; cpu < p.cpus; cpu++) next.push(nextAccesses(p, s, cpu, enabled.includes(runs[cpu]!)));
  for (let a = 0; a < p.cpus; a++) {
    const xs = next[a];
    if (!xs) continue;
    for (let b = a + 1; b < p.cpus; b++) {
      const ys = next[b];
      if (!ys) continue;
      for (const u of xs) for (const v of ys) {
        if (u.loc !== v.loc || !(u.write || v.write) || !(u.plain || v.plain)) continue;
        const [first, second, fa, sa] = u.plain ? [a, b, u, v] : [b, a, v, u];
        const where = (cpu: number, acc: Access) => {
          const level = innermost(l, s, cpu);
          return { cpu, level, code: codeOf(p, l, s, cpu, level), pc: pcOf(l, s, cpu, level), access: acc.write ? 'write' as const : 'read' as const };
        };
        return {
          violation: { kind: 'data-race', at: where(first, fa), other: where(second, sa), loc: u.loc, name: p.locNames[u.loc] ?? '' },
          moves: takeable(p, s, [first, second].filter((c) => enabled.includes(runs[c]!)).map((c) => runs[c]!)),
        };
      }
    }
  }
  return null;
}

/**
 * The accesses of `cpu`'s next step, or null when it has none to compare: a finished or blocked
 * context (but a wait_until, whose condition it keeps reading), or a step that faults at once.
 */
function nextAccesses(p: Program, s: State, cpu: number, enabled: boolean): Access[] | null {
  const l = layoutOf(p);
  const level = innermost(l, s, cpu);
  const code = codeOf(p, l, s, cpu, level);
  const instr = code >= 0 ? p.codes[code]!.instrs[pcOf(l, s, cpu, level)] : undefined;
  if (!instr || (!enabled && instr.op !== 'wait_until')) return null;
  const out: Access[] = [];
  const mark = (loc: number, write: boolean): void => {
    for (let i = out.length - 1; i >= 0; i--) if (out[i]!.loc === loc && out[i]!.write === write) { out[i]!.plain = true; return; }
  };
  const obs: StepObserver = {
    read: (loc) => { out.push({ loc, write: false, plain: false }); },
    write: (loc) => { out.push({ loc, write: true, plain: false }); },
    buffer: (loc) => { out.push({ loc, write: true, plain: false }); },
    plain: mark,
  };
  // A fault ends the step where it happens: the accesses made before it still count.
  stepInto(p, s, moveTable(p).run[cpu]!, scratchOf(p), obs);
  if (instr.op === 'store' && instr.kcsanAtomic) for (const a of out) a.plain = false;
  return out.length > 0 ? out : null;
}

const scratchOf = memoByObject((p: Program): State => new Int32Array(layoutOf(p).size));

/**
 * The racing steps in the order given, as far as they go without a violation (a report shows
 * them taken; a step that faults would end the run in another finding).
 */
function takeable(p: Program, s: State, moves: readonly Move[]): Move[] {
  const out: Move[] = [];
  let cur = s;
  for (const m of moves) {
    if (!enabledMoves(p, cur).includes(m)) break;
    const to = new Int32Array(cur.length);
    if (stepInto(p, cur, m, to) !== null) break;
    out.push(m);
    cur = to;
  }
  return out;
}
