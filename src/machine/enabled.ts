// The moves enabled in a state, in canonical order (see moves.ts), and the blocked contexts of a
// state with none: a deadlock. Pure.
import { blockedOn, dryExec, dryScratch, mayBlock } from './guard.js';
import { layoutOf, type Layout } from './layout.js';
import { moveTable, type Move } from './moves.js';
import { canFire } from './ops/interrupts.js';
import { canSwitch, currentTask, preemptionLimited, savedFrame, sleepingTasks } from './ops/sched.js';
import { workerIdle } from './task-words.js';
import { taskWaitsOnLock } from './ops/sleeping-lock.js';
import type { Level, Program } from './program.js';
import { memoryOf } from './memory/select.js';
import { codeOf, innermost, nextInstr, pcOf, taskFinished, type State } from './state.js';
import type { Blocked, Violation } from './violation.js';

export function enabledMoves(p: Program, s: State): Move[] {
  const l = layoutOf(p);
  const t = moveTable(p);
  const out: Move[] = [];
  const mem = memoryOf(p);
  const guarded = mayBlock(p);
  for (let cpu = 0; cpu < p.cpus; cpu++) {
    const level = innermost(l, s, cpu);
    const runs = runEnabled(p, l, s, cpu, level, guarded);
    if (runs) out.push(t.run[cpu]!);
    for (const m of t.firings[cpu]!) if (canFire(p, l, s, cpu, m.handler)) out.push(m);
    if (mem.canDrain?.(l, s, cpu)) out.push(t.drain[cpu]!);
    for (const m of t.switches[cpu]!) if (m.kind === 'switch' && canSwitch(p, l, s, cpu, m.task, level !== 0, runs)) out.push(m);
  }
  return out;
}

/** Whether the innermost context of `cpu` (at `level`) can take its next step now. */
function runEnabled(p: Program, l: Layout, s: State, cpu: number, level: Level, guarded: readonly Uint8Array[]): boolean {
  const code = codeOf(p, l, s, cpu, level);
  const pc = pcOf(l, s, cpu, level);
  const instr = code >= 0 ? p.codes[code]!.instrs[pc] : undefined;
  return instr !== undefined && (guarded[code]![pc] === 0 || blockedOn(dryScratch(p, l, s, cpu, level), instr) === null);
}

/**
 * Whether some CPU's next instruction waits only for room in its full store buffer. The buffer's
 * capacity is a bound of the model, not of x86-TSO (whose buffers are unbounded): a search that
 * meets such a state has left out the runs in which that store entered a bigger buffer.
 */
export function storeBufferLimited(p: Program, s: State): boolean {
  const mem = memoryOf(p);
  if (!mem.full) return false;
  const l = layoutOf(p);
  for (let cpu = 0; cpu < p.cpus; cpu++) {
    if (!mem.full(l, s, cpu)) continue;
    const instr = nextInstr(p, l, s, cpu, innermost(l, s, cpu));
    if (instr?.op === 'store' || (instr?.op === 'lock' && (instr.kind === 'spin_unlock' || instr.kind === 'write_unlock'))) return true;
  }
  return false;
}

/** Whether some CPU could be preempted now but for the scenario's preemption bound (ops/sched.ts). */
export function preemptionBounded(p: Program, s: State): boolean {
  if (!p.sched) return false;
  const l = layoutOf(p);
  const guarded = mayBlock(p);
  for (let cpu = 0; cpu < p.cpus; cpu++) {
    const level = innermost(l, s, cpu);
    if (preemptionLimited(p, l, s, cpu, level !== 0, runEnabled(p, l, s, cpu, level, guarded))) return true;
  }
  return false;
}

/**
 * What a state with no enabled move and unfinished contexts is: a lost wakeup when a task sleeps
 * there (nothing left can wake it), else a deadlock.
 */
export function stuck(p: Program, s: State): Violation {
  const asleep = p.sched ? sleepingTasks(p, s) : [];
  // A task asleep in flush_work() for a work whose kworker is itself stuck (on a lock the
  // flusher holds, say) has a waker, which cannot go on: a deadlock, which the kernel's lock
  // validator reports too (kernel/workqueue.c __flush_work() acquires the work's lock map).
  if (asleep.length > 0 && asleep.every((t) => flushingStuckWork(p, s, t))) return { kind: 'deadlock', blocked: blockedContexts(p, s) };
  return asleep.length > 0 ? { kind: 'lost-wakeup', tasks: asleep, blocked: blockedContexts(p, s) } : { kind: 'deadlock', blocked: blockedContexts(p, s) };
}

/** Whether task t sleeps on a work's flush queue while the work's kworker is not idle (ops/workqueue.ts). */
function flushingStuckWork(p: Program, s: State, t: number): boolean {
  const l = layoutOf(p);
  const i = p.codes[p.sched!.tasks[t]!.code]?.instrs[s[savedFrame(p, l, t)] ?? 0];
  if (i?.op !== 'sched' || i.kind !== 'prepare_to_wait') return false;
  return p.sched!.tasks.some((w, k) => w.worker?.flush === i.at && !workerIdle(p, l, s, k));
}

/** In a state with no enabled move: every unfinished context and what it waits on. */
export function blockedContexts(p: Program, s: State): Blocked[] {
  const l = layoutOf(p);
  const out: Blocked[] = [];
  for (let cpu = 0; cpu < p.cpus; cpu++) {
    const level = innermost(l, s, cpu);
    if (level === 0 && taskFinished(p, l, s, cpu)) continue;
    const x = dryExec(p, l, s, cpu, level);
    const instr = nextInstr(p, l, s, cpu, level);
    const on = instr ? blockedOn(x, instr) : null;
    if (on) out.push({ at: { cpu, level, code: x.code, pc: x.pc }, on });
    // The tasks switched out while they wait on a mutex or rw_semaphore (ops/sleeping-lock.ts).
    if (!p.sched) continue;
    for (const [t, task] of p.sched.tasks.entries()) {
      if (task.cpu !== cpu || currentTask(p, l, s, cpu) === t || !taskWaitsOnLock(p, l, s, t)) continue;
      out.push({ at: { cpu, level: 0, code: task.code, pc: s[savedFrame(p, l, t)] ?? 0 }, on: { kind: 'wait_until' } });
    }
  }
  return out;
}
