// The wait queue and completion primitives as the kernel's macros and functions expand them
// (include/linux/wait.h, kernel/sched/wait.c, include/linux/completion.h,
// kernel/sched/completion.c): the steps under the wait queue's or completion's lock are machine
// instructions (ops/waitqueue.ts, ops/completion.ts); the tests of the condition, the stores
// without the lock and the loops back after a wakeup are ordinary instructions around them.
import { assertNever } from '../../common/assert-never.js';
import type { HoistKind, WaitStatement } from '../../machine/ops/family.js';
import { MAX_COMPLETION_TASKS } from '../../machine/ops/completion.js';
import { MAX_WAITQUEUE_TASKS, entryBit } from '../../machine/ops/waitqueue.js';
import { TASK_RUNNING, TASK_UNINTERRUPTIBLE } from '../../machine/ops/wake.js';
import { pointerTo, readsOnlyLocals, type Expr, type Instr, type InstrBody, type Loc } from '../../machine/program.js';
import type { ExprAst } from '../syntax/ast.js';
import type { ExprCompiler, Scope } from './compile-expr.js';

type Call = Extract<ExprAst, { k: 'call' }>;

/**
 * What the lowering needs of the code compiler: a hoisted primitive's host (compile-hoisted.ts,
 * HoistHost, of which this is the part used here, so neither module imports the other).
 */
export interface WaitTestHost {
  readonly x: ExprCompiler;
  readonly site: { readonly text: string; readonly span: InstrSpan };
  emit(body: InstrBody, site: { readonly text: string; readonly span: InstrSpan }): number;
  next(): number;
  patch(at: number, to: number): void;
  temp(): number;
  operand(e: Expr): Expr;
}
type InstrSpan = Instr['span'];

/** And for the statements, the task that runs the code. */
export interface WaitHost extends WaitTestHost {
  /** The calling task (its index in Program.sched.tasks) and its __state cell; undefined outside a task. */
  readonly task: { readonly index: number; readonly stateCell: number } | undefined;
  /** How many tasks the program has. */
  readonly tasks: number;
}

const cellLoc = (object: number): Loc => ({ kind: 'deref', ptr: { kind: 'const', v: pointerTo(object) }, field: 0 });
const load = (object: number): Expr => ({ kind: 'load', loc: cellLoc(object), order: 'once' });
const local = (slot: number): Expr => ({ kind: 'local', slot });
const not = (e: Expr): Expr => ({ kind: 'un', op: '!', a: e });
const nonZero = (e: Expr): Expr => ({ kind: 'bin', op: '!=', a: e, b: { kind: 'const', v: 0 } });

/** Lower a wait queue or completion statement. */
export function lowerWaitStatement(h: WaitHost, kind: WaitStatement, e: Call, scope: Scope): void {
  const at = (text: string) => ({ ...h.site, text });
  const sched = (body: Omit<Extract<InstrBody, { op: 'sched' }>, 'op'>, text = h.site.text): number => h.emit({ op: 'sched', ...body }, at(text));
  switch (kind) {
    case 'wait_event': {
      const wq = waitQueue(h, e);
      const t = ownTask(h, e);
      if (!t) return;
      // include/linux/wait.h, wait_event(): might_sleep(); if (condition) break; __wait_event():
      // for (;;) { prepare_to_wait_event(); if (condition) break; schedule(); } finish_wait().
      // The kernel's loop has no bound: each pass needs a wakeup, and the wakeups of a run are finite.
      const cond = e.args[1]!;
      waitEvent(h, t, wq, () => test(h, cond, scope), argText(e, 0));
      return;
    }
    case 'wake_up': sched({ kind: 'wake_up', task: 0, at: waitQueue(h, e).loc }); return;
    case 'prepare_to_wait': {
      const wq = waitQueue(h, e);
      const t = ownTask(h, e);
      const state = h.x.expr(e.args[2]!, scope);
      if (state.kind !== 'const' || state.v === TASK_RUNNING) {
        h.x.error(e.args[2]!, `${e.callee}() takes the task state to sleep in`, 'TASK_UNINTERRUPTIBLE or TASK_INTERRUPTIBLE (no signal is ever pending here)');
        return;
      }
      if (t) sched({ kind: 'prepare_to_wait', task: t.index, at: wq.loc, state: state.v });
      return;
    }
    case 'finish_wait': {
      const wq = waitQueue(h, e);
      const t = ownTask(h, e);
      if (t) finishWait(h, t, wq, h.site.text);
      return;
    }
    case 'init_waitqueue_head':
      // INIT_LIST_HEAD(&wq_head->head): an empty list, a plain store with no lock.
      h.emit({ op: 'store', loc: cellLoc(waitQueue(h, e).object), value: { kind: 'const', v: 0 }, order: 'once' }, h.site);
      return;
    case 'wait_for_completion': {
      const c = completion(h, e);
      const t = ownTask(h, e);
      if (!t) return;
      // do_wait_for_common()'s loop: one pass a step, back to it while the pass did not take one.
      const took = h.temp();
      const head = sched({ kind: 'wait_for_completion', task: t.index, at: c.loc, local: took });
      h.emit({ op: 'branch', cond: local(took), to: head, clear: [], silent: true }, h.site);
      return;
    }
    case 'complete': case 'complete_all': sched({ kind, task: 0, at: completion(h, e).loc }); return;
    case 'reinit_completion':
      // include/linux/completion.h: `x->done = 0;`, a plain store; the queue is left as it is.
      h.emit({ op: 'store', loc: cellLoc(completion(h, e).object), value: { kind: 'const', v: 0 }, order: 'plain' }, h.site);
      return;
    case 'init_completion': {
      // `x->done = 0; init_swait_queue_head(&x->wait);`: the queue emptied, whoever was on it.
      const c = completion(h, e);
      h.emit({ op: 'store', loc: cellLoc(c.object), value: { kind: 'const', v: 0 }, order: 'plain' }, at(`${argText(e, 0)}->done = 0`));
      h.emit({ op: 'store', loc: cellLoc(c.object + 1), value: { kind: 'const', v: 0 }, order: 'once' }, at(`init_swait_queue_head(&${argText(e, 0).replace(/^&/, '')}->wait)`));
      return;
    }
    default: assertNever(kind);
  }
}

/**
 * wait_event(wq, cond) as include/linux/wait.h expands it: might_sleep(); if (cond) break;
 * __wait_event(): for (;;) { prepare_to_wait_event(); if (cond) break; schedule(); }
 * finish_wait(). `cond` compiles the condition afresh each place the macro tests it; `wqText`
 * names the queue in the rows; `mightSleep` false: the caller made the check. Also the sleep of
 * flush_work() (compile-work.ts).
 */
export function waitEvent(h: WaitHost, t: NonNullable<WaitHost['task']>, wq: { object: number; loc: number }, cond: () => Expr, wqText: string, mightSleep = true): void {
  if (mightSleep) h.emit({ op: 'sched', kind: 'might_sleep', task: 0 }, { ...h.site, text: 'might_sleep()' });
  const first = cond();
  const early = h.emit({ op: 'branch', cond: not(first), to: -1, clear: [], silent: readsOnlyLocals(first) }, h.site);
  const head = h.next();
  h.emit({ op: 'sched', kind: 'prepare_to_wait', task: t.index, at: wq.loc, state: TASK_UNINTERRUPTIBLE }, { ...h.site, text: `prepare_to_wait_event(${wqText}, &__wq_entry, TASK_UNINTERRUPTIBLE)` });
  const again = cond();
  const ready = h.emit({ op: 'branch', cond: not(again), to: -1, clear: [], silent: readsOnlyLocals(again) }, h.site);
  h.emit({ op: 'sched', kind: 'schedule', task: 0 }, { ...h.site, text: 'schedule()' });
  h.emit({ op: 'jump', to: head, clear: [] }, h.site);
  h.patch(ready, h.next());
  finishWait(h, t, wq, `finish_wait(${wqText}, &__wq_entry)`);
  h.patch(early, h.next());
}

/** Lower a wait queue or completion test with a value; returns the local that holds it. */
export function lowerWaitTest(h: WaitTestHost, kind: Extract<HoistKind, 'waitqueue_active' | 'wq_has_sleeper' | 'completion_done' | 'try_wait_for_completion'>, e: Call): number {
  const v = h.temp();
  const assign = (value: Expr): void => { h.emit({ op: 'assign', local: v, value, silent: false }, h.site); };
  switch (kind) {
    // include/linux/wait.h: waitqueue_active() is !list_empty(&wq_head->head), one READ_ONCE();
    // wq_has_sleeper() puts smp_mb() before it.
    case 'wq_has_sleeper':
      h.emit({ op: 'fence', kind: 'smp_mb' }, h.site);
      assign(nonZero(load(h.x.waitArg(e.args[0]!, 'wait_queue_head', e.callee).object)));
      return v;
    case 'waitqueue_active':
      assign(nonZero(load(h.x.waitArg(e.args[0]!, 'wait_queue_head', e.callee).object)));
      return v;
    case 'completion_done': {
      // kernel/sched/completion.c: `if (!READ_ONCE(x->done)) return false;` then the lock taken
      // and dropped (a locked instruction: a full barrier on x86) before `return true`.
      assign(nonZero(load(h.x.waitArg(e.args[0]!, 'completion', e.callee).object)));
      const no = h.emit({ op: 'branch', cond: local(v), to: -1, clear: [], silent: true }, h.site);
      h.emit({ op: 'fence', kind: 'smp_mb' }, h.site);
      h.patch(no, h.next());
      return v;
    }
    case 'try_wait_for_completion': {
      // `if (!READ_ONCE(x->done)) return false;` then, under the lock, take one if one is left.
      const c = h.x.waitArg(e.args[0]!, 'completion', e.callee);
      assign(load(c.object));
      const no = h.emit({ op: 'branch', cond: local(v), to: -1, clear: [], silent: true }, h.site);
      h.emit({ op: 'sched', kind: 'try_wait_for_completion', task: 0, at: c.loc, local: v }, h.site);
      h.patch(no, h.next());
      return v;
    }
    default: return assertNever(kind);
  }
}

/**
 * kernel/sched/wait.c, finish_wait(): __set_current_state(TASK_RUNNING); then, when
 * !list_empty_careful(&wq_entry->entry) (a read of its own, no lock), the removal under the lock.
 */
function finishWait(h: WaitHost, t: NonNullable<WaitHost['task']>, wq: { object: number; loc: number }, text: string): void {
  const site = { ...h.site, text };
  h.emit({ op: 'store', loc: cellLoc(t.stateCell), value: { kind: 'const', v: TASK_RUNNING }, order: 'once' }, { ...site, text: '__set_current_state(TASK_RUNNING)' });
  const queued: Expr = nonZero({ kind: 'bin', op: '&', a: load(wq.object), b: { kind: 'const', v: entryBit(t.index) } });
  const gone = h.emit({ op: 'branch', cond: queued, to: -1, clear: [], silent: false }, { ...site, text: 'list_empty_careful(&wq_entry->entry)' });
  h.emit({ op: 'sched', kind: 'finish_wait', task: t.index, at: wq.loc }, site);
  h.patch(gone, h.next());
}

/** The condition of wait_event(), compiled afresh each place the macro tests it. */
function test(h: WaitHost, cond: ExprAst, scope: Scope): Expr {
  return h.operand(h.x.expr(cond, scope));
}

/** How the call names its wait queue or completion, for the rows of the steps it expands to. */
function argText(e: Call, i: number): string {
  const a = e.args[i];
  return a ? (a.k === 'addr' && a.of.k === 'name' ? `&${a.of.name}` : a.k === 'name' ? `&${a.name}` : '&wq') : '&wq';
}

function waitQueue(h: WaitHost, e: Call): { object: number; loc: number } {
  if (h.tasks > MAX_WAITQUEUE_TASKS) h.x.error(e, `${e.callee}() with ${h.tasks} tasks`, `at most ${MAX_WAITQUEUE_TASKS} tasks with a wait queue`);
  return h.x.waitArg(e.args[0]!, 'wait_queue_head', e.callee);
}

function completion(h: WaitHost, e: Call): { object: number; loc: number } {
  if (h.tasks > MAX_COMPLETION_TASKS) h.x.error(e, `${e.callee}() with ${h.tasks} tasks`, `at most ${MAX_COMPLETION_TASKS} tasks with a completion`);
  return h.x.waitArg(e.args[0]!, 'completion', e.callee);
}

/**
 * The calling task, or an error: only a task sleeps on a wait queue or a completion. The entry
 * argument of prepare_to_wait() and finish_wait() (`&wait`, DEFINE_WAIT(wait)) is the task's own
 * entry whatever its name, but must be one.
 */
function ownTask(h: WaitHost, e: Call): WaitHost['task'] {
  if (!h.task) h.x.error(e, `${e.callee}() outside a task`, "a call in a task's program, not in an interrupt handler", "a 'cpu N:' program is a task once the scenario has a 'task NAME on cpu N:' or a 'preemptions:' line");
  const entry = e.callee === 'prepare_to_wait' || e.callee === 'finish_wait' ? e.args[1] : undefined;
  if (entry && !(entry.k === 'name' || (entry.k === 'addr' && entry.of.k === 'name'))) h.x.error(entry, `${e.callee}() takes the task's wait entry`, '&wait (DEFINE_WAIT(wait))');
  return h.task;
}
