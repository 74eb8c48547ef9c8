// What the LKMM search refuses before it starts, each with the statement that needs it, so a
// scenario under `memory_model: lkmm` gets one line (file:line:col, what, why) rather than an
// answer from a model that does not define the construct. Each refusal says where the kernel's
// model stops. Pure.
import { assertNever } from '../../common/assert-never.js';
import type { Span } from '../../common/span.js';
import type { Expr, Instr, Program } from '../../machine/program.js';

export interface LkmmRefusal {
  readonly reason: string;
  /** The statement (or declaration) that needs what the model lacks. */
  readonly span: Span;
}

/** Whether `e` calls read_trylock()/write_trylock() (rwlock queries). */
function rwQuery(e: Expr): boolean {
  switch (e.kind) {
    case 'lock_value': return e.query === 'read_trylock' || e.query === 'write_trylock';
    case 'load': return e.loc.kind === 'deref' ? rwQuery(e.loc.ptr) : e.loc.index.some(rwQuery);
    case 'un': return rwQuery(e.a);
    case 'bin': return rwQuery(e.a) || rwQuery(e.b);
    case 'rmw': return e.args.some(rwQuery) || (e.loc.kind === 'deref' ? rwQuery(e.loc.ptr) : e.loc.index.some(rwQuery));
    case 'const': case 'local': case 'this_cpu': case 'this_context': case 'context_test': return false;
    default: return assertNever(e);
  }
}

function exprsOf(i: Instr): readonly Expr[] {
  switch (i.op) {
    case 'assign': case 'eval': return [i.value];
    case 'store': return [i.value, ...(i.loc.kind === 'deref' ? [i.loc.ptr] : i.loc.index)];
    case 'branch': case 'assert': return [i.cond];
    case 'wait_until': return i.into ? [i.cond, i.into.value] : [i.cond];
    default: return [];
  }
}

/**
 * rwlocks: tools/memory-model/linux-kernel.def maps only spin_lock(), spin_unlock(),
 * spin_trylock() and spin_is_locked() (its "// Spinlocks" block) to lock events, and lock.cat
 * gives those events (LKR, LKW, UL, LF, RL, RU) the semantics of one exclusive holder: its
 * `unmatched-locks` axiom allows "up to one unmatched LKW per location", and co is built through
 * `critical` (one LKW to its UL). read_lock()/write_lock() have no entry, so herd7 rejects a test
 * that uses them, and readers that share the lock have no encoding as LKR/LKW pairs.
 */
function rwlockUse(i: Instr): string | null {
  if (i.op === 'lock' && i.kind !== 'spin_lock' && i.kind !== 'spin_unlock') return `${i.kind.replace('_acquire', '')}()`;
  if (exprsOf(i).some(rwQuery)) return 'read_trylock()/write_trylock()';
  return null;
}

/** The first construct of `p` the LKMM search cannot check, or null. */
export function lkmmRefusal(p: Program): LkmmRefusal | null {
  // Several tasks on one CPU (ops/sched.ts): a context switch interleaves two tasks' steps, it
  // does not nest one inside the other as an interrupt does (events.ts inserts a handler whole),
  // and sleeping and waking (set_current_state(), schedule(), wake_up_process()) order memory
  // through the scheduler (kernel/sched/core.c: __schedule()'s rq lock and
  // smp_mb__after_spinlock(), try_to_wake_up()'s), none of which linux-kernel.def defines.
  // Work items (ops/workqueue.ts) run in kworker tasks, which sleep and wake: refused as tasks,
  // but named, and located at the declaration.
  const worker = p.sched?.tasks.find((t) => t.worker !== undefined);
  const workSpan = worker ? p.codes[worker.code]?.instrs[0]?.span : undefined;
  if (worker && workSpan) return { reason: `work items under lkmm: ${worker.name} is a task that sleeps until work is queued, and the scheduler's ordering is no part of linux-kernel.def`, span: workSpan };
  if (p.sched) {
    const seen = new Set<number>();
    const second = p.sched.tasks.find((t) => (seen.has(t.cpu) ? true : (seen.add(t.cpu), false)));
    const task = second ?? p.sched.tasks[0];
    const span = (task && p.codes[task.code]?.instrs[0]?.span) ?? firstSched(p);
    if (span) return { reason: 'tasks (several per CPU, preemption, sleeping) under lkmm: a context switch interleaves tasks rather than nesting them, and the scheduler\'s ordering is no part of linux-kernel.def', span };
  }
  for (const code of p.codes) {
    for (const i of code.instrs) {
      const rw = rwlockUse(i);
      if (rw !== null) return { reason: `${rw} under lkmm: linux-kernel.def and lock.cat define spinlocks only (one holder), not rwlocks`, span: i.span };
    }
  }
  return null;
}

function firstSched(p: Program): Span | undefined {
  for (const c of p.codes) for (const i of c.instrs) if (i.op === 'sched') return i.span;
  return undefined;
}
