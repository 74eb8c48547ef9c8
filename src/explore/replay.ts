// Re-executes a trace through machine.step, recording what each step did, so reports are built
// from the one semantics the explorer used and cannot disagree with the verdict. Pure.
import { enabledMoves, stuck } from '../machine/enabled.js';
import type { StepObserver } from '../machine/exec.js';
import { FREED, LIVE, UNALLOCATED, layoutOf } from '../machine/layout.js';
import { sameMove, type Move } from '../machine/moves.js';
import type { Instr, Level, Program } from '../machine/program.js';
import { initialState } from '../machine/start.js';
import { allFinished, codeOf, innermost, pcOf, type State } from '../machine/state.js';
import { step } from '../machine/step.js';
import type { Violation } from '../machine/violation.js';

export interface Access {
  /** 'buffer': a store that entered the CPU's store buffer (TSO) and touched no shared memory. */
  readonly kind: 'read' | 'write' | 'buffer';
  readonly loc: number;
  readonly value: number;
  readonly from?: 'memory' | 'buffer';
}

export interface ReplayedStep {
  readonly index: number; // 1-based step number
  readonly move: Move;
  readonly cpu: number;
  /** The level of the context that moved (for irq/nmi moves, the handler being entered). */
  readonly level: Level;
  /** Handler nesting depth of that context on its CPU: 0 task, 1 or 2 inside handlers. */
  readonly depth: number;
  readonly code: number;
  readonly pc: number;
  /** The instruction executed, for run moves. */
  readonly instr: Instr | undefined;
  readonly accesses: readonly Access[];
  /** Objects this step freed. */
  readonly freed: readonly number[];
  /** Objects of a pool this step allocated (ops/pool.ts). */
  readonly allocated: readonly number[];
  readonly before: State;
}

export type ReplayEnd =
  | { readonly kind: 'violation'; readonly violation: Violation }
  | { readonly kind: 'finished'; readonly state: State }
  | { readonly kind: 'running'; readonly state: State };

export type ReplayResult =
  | { readonly ok: true; readonly steps: readonly ReplayedStep[]; readonly end: ReplayEnd }
  /** The trace does not fit the program: move `at` (0-based) is not enabled. */
  | { readonly ok: false; readonly at: number };

export function replay(p: Program, trace: readonly Move[]): ReplayResult {
  const l = layoutOf(p);
  let s = initialState(p);
  const steps: ReplayedStep[] = [];
  for (let i = 0; i < trace.length; i++) {
    const move = trace[i]!;
    if (!enabledMoves(p, s).some((m) => sameMove(m, move))) return { ok: false, at: i };
    const accesses: Access[] = [];
    const obs: StepObserver = {
      read: (loc, value, from) => accesses.push({ kind: 'read', loc, value, from }),
      write: (loc, value) => accesses.push({ kind: 'write', loc, value }),
      buffer: (loc, value) => accesses.push({ kind: 'buffer', loc, value }),
    };
    const cur = innermost(l, s, move.cpu);
    const level: Level = move.kind === 'irq' ? 1 : move.kind === 'nmi' ? 2 : move.kind === 'softirq' ? 3 : cur;
    const depth = countDepth(p, s, move.cpu) + (move.kind === 'irq' || move.kind === 'nmi' || move.kind === 'softirq' ? 1 : 0);
    const code = move.kind === 'run' ? codeOf(p, l, s, move.cpu, cur) : move.kind === 'drain' || move.kind === 'switch' ? -1 : (p.handlers[move.handler]?.code ?? -1);
    const pc = move.kind === 'run' ? pcOf(l, s, move.cpu, cur) : 0;
    const instr = move.kind === 'run' ? p.codes[code]?.instrs[pc] : undefined;
    const r = step(p, s, move, obs);
    const freed: number[] = [];
    const allocated: number[] = [];
    if (r.kind === 'next') {
      for (let o = 0; o < p.objects.length; o++) {
        const was = s[l.freedBase + o];
        const now = r.state[l.freedBase + o];
        if (now === FREED && was !== FREED) freed.push(o);
        else if (now === LIVE && was === UNALLOCATED) allocated.push(o);
      }
    }
    steps.push({ index: i + 1, move, cpu: move.cpu, level, depth, code, pc, instr, accesses, freed, allocated, before: s });
    if (r.kind === 'violation') {
      return i === trace.length - 1 ? { ok: true, steps, end: { kind: 'violation', violation: r.violation } } : { ok: false, at: i };
    }
    s = r.state;
  }
  if (allFinished(p, l, s)) return { ok: true, steps, end: { kind: 'finished', state: s } };
  if (enabledMoves(p, s).length === 0) return { ok: true, steps, end: { kind: 'violation', violation: stuck(p, s) } };
  return { ok: true, steps, end: { kind: 'running', state: s } };
}

/** How many handlers are running on a CPU. */
function countDepth(p: Program, s: State, cpu: number): number {
  const l = layoutOf(p);
  let d = 0;
  if (codeOf(p, l, s, cpu, 1) >= 0) d++;
  if (codeOf(p, l, s, cpu, 2) >= 0) d++;
  if (codeOf(p, l, s, cpu, 3) >= 0) d++;
  return d;
}
