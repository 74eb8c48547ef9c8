// The machine's step function: pure and deterministic. It never mutates its input state and never
// throws for a finding: a violation is a result.
import { assertNever } from '../common/assert-never.js';
import { memoByObject } from '../common/memo.js';
import { Fault, where, type Exec, type StepObserver } from './exec.js';
import { evaluate, resolve } from './eval.js';
import { FRAME_LOCALS, FRAME_PC, frameOf, layoutOf } from './layout.js';
import { memoryOf } from './memory/select.js';
import type { Move } from './moves.js';
import { canFire, enterHandler, irqStep, retireHandlers } from './ops/interrupts.js';
import { freeStep } from './ops/heap.js';
import { lockStep } from './ops/locks.js';
import { allocStep } from './ops/pool.js';
import { gpFrames, noteQuiescence, rcuStep } from './ops/rcu.js';
import { srcuStep } from './ops/srcu.js';
import { callbackStep, noteCallbackQuiescence } from './ops/rcu-callbacks.js';
import { canSwitch, freshWord, parkTask, schedStep, switchTo } from './ops/sched.js';
import { isSilent, type Code, type Instr, type Program } from './program.js';
import { codeOf, innermost, pcOf, type State } from './state.js';
import type { Violation } from './violation.js';

export type StepResult =
  | { readonly kind: 'next'; readonly state: State }
  | { readonly kind: 'violation'; readonly violation: Violation };

/**
 * Apply one enabled move. The move must come from enabledMoves(program, state); a move that is not
 * enabled is a caller bug and throws InternalError.
 */
export function step(p: Program, state: State, move: Move, obs?: StepObserver): StepResult {
  const next = new Int32Array(state.length);
  const violation = stepInto(p, state, move, next, obs);
  return violation ? { kind: 'violation', violation } : { kind: 'next', state: next };
}

/**
 * step() for the search's hot path: writes the next state into `out` (as long as `state`, and
 * never `state` itself) instead of a new array, and returns the violation or null. `state` is
 * only read. On a violation `out` holds no meaningful state.
 */
export function stepInto(p: Program, state: State, move: Move, out: State, obs?: StepObserver): Violation | null {
  if (out === state || out.length !== state.length) throw new Error('stepInto needs a separate state of the same length');
  const l = layoutOf(p);
  const s = out;
  s.set(state);
  const cpu = move.cpu;
  // One Exec per program, reset here: step never runs inside another step, and nothing keeps it.
  const x = execOf(p);
  x.state = s; x.cpu = cpu; x.level = 0; x.code = -1; x.pc = 0; x.observer = obs; x.park = false;
  try {
    switch (move.kind) {
      case 'run':
        runInnermost(x);
        break;
      case 'irq':
      case 'nmi':
      case 'softirq':
        if (!canFire(p, l, state, cpu, move.handler)) throw new Error(`move not enabled: ${move.kind} ${cpu}`);
        x.level = enterHandler(p, l, s, cpu, move.handler);
        x.code = codeOf(p, l, s, cpu, x.level);
        settle(x, p.codes[x.code]!);
        break;
      case 'switch':
        if (!canSwitch(p, l, state, cpu, move.task, innermost(l, state, cpu) !== 0, true) && !canSwitch(p, l, state, cpu, move.task, innermost(l, state, cpu) !== 0, false)) throw new Error(`move not enabled: switch ${cpu}`);
        switchTo(p, l, s, cpu, move.task);
        break;
      case 'drain':
        if (!x.memoryModel.drain || !x.memoryModel.canDrain?.(l, state, cpu)) throw new Error(`move not enabled: drain ${cpu}`);
        x.memoryModel.drain(x);
        retireHandlers(p, l, s, cpu, x.memoryModel.flushed(l, s, cpu));
        break;
      default:
        return assertNever(move);
    }
  } catch (e) {
    if (e instanceof Fault) return e.violation;
    throw e;
  }
  // A quiescent state is reported through code with full barriers (RCU's memory-ordering
  // guarantee), so a CPU with buffered stores has not passed one yet.
  const frames = gpFramesOf(p);
  if (frames.length > 0) noteQuiescence(l, s, cpu, frames, x.memoryModel.flushed(l, s, cpu));
  if (l.cbObjects > 0) noteCallbackQuiescence(l, s, cpu, p.cpus, x.memoryModel.flushed(l, s, cpu));
  return null;
}

/**
 * silentOf(p)[code][pc] is 1 when the instruction at pc is silent (isSilent), for the hot path.
 * Keyed by program, not by code: CPUs run different codes in turn, which would defeat the
 * one-entry cache in front of the WeakMap.
 */
const silentOf = memoByObject((p: Program): readonly Uint8Array[] => p.codes.map((c) => Uint8Array.from(c.instrs, (i) => (isSilent(i) ? 1 : 0))));

/** The frames that can hold a grace period; none when the program never starts one. */
const gpFramesOf = memoByObject(gpFrames);

const execOf = memoByObject((p: Program): Exec => ({ program: p, layout: layoutOf(p), memoryModel: memoryOf(p), state: new Int32Array(0), cpu: 0, level: 0, code: -1, pc: 0, dry: false, observer: undefined }));

function runInnermost(x: Exec): void {
  const { program: p, layout: l, state: s, cpu } = x;
  x.level = innermost(l, s, cpu);
  x.code = codeOf(p, l, s, cpu, x.level);
  x.pc = pcOf(l, s, cpu, x.level);
  const code = p.codes[x.code];
  const instr = code?.instrs[x.pc];
  if (!code || !instr) throw new Error(`move not enabled: run ${cpu} (finished)`);
  // Whether a run move is blocked is enabledMoves' question; replay asks it before each step.
  const next = execute(x, instr);
  s[frameOf(l, cpu, x.level) + FRAME_PC] = next;
  settle(x, code);
  if (l.schedBase >= 0 && x.level === 0) {
    s[freshWord(p, l, cpu)] = 0;
    // schedule() put the task to sleep: it leaves the CPU with its pc past the call.
    if (x.park) { x.park = false; parkTask(p, l, s, cpu); }
  }
}

/**
 * Execute the silent instructions (jumps, loop back-edges) that follow a step, so they never make
 * rows or states of their own; then a handler whose code is done returns to what it interrupted.
 */
export function settle(x: Exec, code: Code): void {
  const f = frameOf(x.layout, x.cpu, x.level) + FRAME_PC;
  let pc = x.state[f] ?? 0;
  const silent = silentOf(x.program)[x.code]!;
  while (silent[pc] === 1) {
    x.pc = pc;
    pc = execute(x, code.instrs[pc]!);
  }
  x.state[f] = pc;
  if (x.level !== 0 && pc >= code.instrs.length) retireHandlers(x.program, x.layout, x.state, x.cpu, x.memoryModel.flushed(x.layout, x.state, x.cpu));
}

function setLocal(x: Exec, slot: number, v: number): void {
  x.state[frameOf(x.layout, x.cpu, x.level) + FRAME_LOCALS + slot] = v;
}

/** Execute one instruction; returns the next pc. */
function execute(x: Exec, instr: Instr): number {
  const { state: s, layout: l, cpu } = x;
  const pc = x.pc;
  switch (instr.op) {
    case 'assign': setLocal(x, instr.local, evaluate(x, instr.value)); return pc + 1;
    case 'store': {
      const loc = resolve(x, instr.loc);
      x.memoryModel.store(x, loc, evaluate(x, instr.value));
      if (instr.order === 'plain') x.observer?.plain?.(loc, true);
      return pc + 1;
    }
    case 'eval': evaluate(x, instr.value); return pc + 1;
    case 'fence': return pc + 1; // ordering is the memory layer's business; blockedOn waits for it
    case 'branch':
      if (evaluate(x, instr.cond) !== 0) return pc + 1;
      for (const c of instr.clear) setLocal(x, c, 0);
      return instr.to;
    case 'jump':
      for (const c of instr.clear) setLocal(x, c, 0);
      return instr.to;
    case 'loop': {
      const slot = frameOf(l, cpu, x.level) + FRAME_LOCALS + instr.counter;
      const n = (s[slot] ?? 0) + 1;
      if (n > instr.bound) throw new Fault({ kind: 'livelock', at: where(x), bound: instr.bound });
      s[slot] = n;
      return instr.to;
    }
    case 'wait_until':
      evaluate(x, instr.cond);
      // The value that satisfied the condition, read in the same step (ops/cond-load.ts).
      if (instr.into) setLocal(x, instr.into.local, evaluate(x, instr.into.value));
      return pc + 1;
    case 'assert':
      if (evaluate(x, instr.cond) === 0) throw new Fault({ kind: 'assertion', at: where(x) });
      return pc + 1;
    case 'irq': case 'preempt': irqStep(x, instr); return pc + 1;
    case 'rcu': case 'synchronize_rcu_start': case 'synchronize_rcu_wait': rcuStep(x, instr); return pc + 1;
    case 'lock': lockStep(x, instr.kind, instr.lock); return pc + 1;
    case 'free': freeStep(x, instr.ptr, instr.pool); return pc + 1;
    case 'alloc': allocStep(x, instr); return pc + 1;
    case 'nop': return pc + 1;
    case 'srcu': srcuStep(x, instr); return pc + 1;
    case 'rcu_callback': callbackStep(x, instr); return pc + 1;
    case 'sched': schedStep(x, instr); return pc + 1;
    default:
      return assertNever(instr);
  }
}
