// The workqueue calls and the kworker's loop (ops/workqueue.ts) as the atomics, scheduler steps
// and wait queue steps they come to, so the machine, the reduction's footprints, the traces and
// the Promela export need nothing of their own. The work's word is work->data: PENDING, RUNNING
// and the count of finished instances above them (ops/workqueue.ts). Sources, kernel/workqueue.c:
// queue_work_on(), __queue_work(), insert_work() (wake_up_worker()), worker_thread(),
// process_one_work(), __flush_work() and start_flush_work(), try_to_grab_pending(),
// __cancel_work() and __cancel_work_sync(); Documentation/core-api/workqueue.rst.
import { assertNever } from '../../common/assert-never.js';
import type { HoistKind } from '../../machine/ops/family.js';
import { TASK_RUNNING, TASK_UNINTERRUPTIBLE } from '../../machine/ops/wake.js';
import { WORK_DONE_ONE, WORK_PENDING, WORK_RUNNING } from '../../machine/ops/workqueue.js';
import { pointerTo, type BinaryOp, type Expr, type Loc, type RmwOp } from '../../machine/program.js';
import type { Named } from '../ast.js';
import type { ExprAst } from '../syntax/ast.js';
import type { Scope } from './compile-expr.js';
import { waitEvent, type WaitHost } from './compile-wait.js';

/** The statement of a kworker's code (lower.ts): worker_thread() for one work item. */
export const KWORKER_STATEMENT = 'worker_thread';

type Call = Extract<ExprAst, { k: 'call' }>;
export type WorkKind = Extract<HoistKind, 'queue_work' | 'flush_work' | 'cancel_work' | 'cancel_work_sync'>;

/**
 * What the lowering needs: a wait's host (the calling task), a hoisted primitive's call of a
 * procedure (compile-hoisted.ts HoistHost.call), and the work items.
 */
export interface WorkHost extends WaitHost {
  call(name: string, args: readonly ExprAst[], at: ExprAst, scope: Scope): void;
  /** The work item an argument names (`&w` or `w`), or null after reporting the mistake. */
  work(e: ExprAst, callee: string): WorkItem | null;
}

/** A work item: its word, its flushers' wait queue, its kworker (symbols.ts, GlobalSymbol 'work'). */
export interface WorkItem { readonly name: string; readonly object: number; readonly loc: number; readonly flush: number; readonly task: number }

const c = (v: number): Expr => ({ kind: 'const', v });
const local = (slot: number): Expr => ({ kind: 'local', slot });
const bin = (op: BinaryOp, a: Expr, b: Expr): Expr => ({ kind: 'bin', op, a, b });
const cellLoc = (object: number): Loc => ({ kind: 'deref', ptr: c(pointerTo(object)), field: 0 });
const rmw = (op: RmwOp, w: WorkItem, args: readonly Expr[]): Expr => ({ kind: 'rmw', op, loc: cellLoc(w.object), args });
/** The finished instances' count in a value of the work's word. */
const done = (v: Expr): Expr => bin('>>', v, c(2));
const flag = (v: Expr, f: number): Expr => bin('!=', bin('&', v, c(f)), c(0));

/** Lower a workqueue call; returns the local holding the kernel's bool. */
export function lowerWork(h: WorkHost, kind: WorkKind, e: Call, _scope: Scope): number {
  const w = h.work(e.args[e.args.length - 1]!, e.callee);
  const r = h.temp();
  if (!w) return r;
  const at = (text: string) => ({ ...h.site, text });
  const assign = (slot: number, value: Expr, silent: boolean, text = h.site.text): void => { h.emit({ op: 'assign', local: slot, value, silent }, at(text)); };
  const old = h.temp();
  // flush_work() and cancel_work_sync() begin with might_sleep() whether or not they wait
  // (kernel/workqueue.c flush_work(), __cancel_work_sync()).
  if (kind === 'flush_work' || kind === 'cancel_work_sync') h.emit({ op: 'sched', kind: 'might_sleep', task: 0 }, at('might_sleep()'));
  switch (kind) {
    case 'queue_work': {
      // queue_work_on(): `if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work)))`
      // { __queue_work(); ret = true; }: a fully ordered RMW, then insert_work() under
      // pool->lock, which wakes an idle worker (kick_pool(): wake_up_process(worker->task)).
      assign(old, rmw('atomic_fetch_or', w, [c(WORK_PENDING)]), false, `test_and_set_bit(WORK_STRUCT_PENDING_BIT, ${w.name})`);
      assign(r, bin('==', bin('&', local(old), c(WORK_PENDING)), c(0)), true);
      const skip = h.emit({ op: 'branch', cond: local(r), to: -1, clear: [], silent: true }, h.site);
      h.emit({ op: 'sched', kind: 'wake_up_process', task: w.task }, at(`insert_work(): wake_up_process(kworker/${w.name})`));
      h.patch(skip, h.next());
      return r;
    }
    case 'cancel_work': case 'cancel_work_sync': {
      // try_to_grab_pending(): a pending instance is stolen off the worklist (PENDING cleared
      // under pool->lock), so it never runs; the kernel's flush barrier queued behind it still
      // runs and wakes its flushers, which the wake_up() here stands for.
      assign(old, rmw('atomic_fetch_andnot', w, [c(WORK_PENDING)]), false, `try_to_grab_pending(${w.name})`);
      assign(r, flag(local(old), WORK_PENDING), true);
      const skip = h.emit({ op: 'branch', cond: local(r), to: -1, clear: [], silent: true }, h.site);
      h.emit({ op: 'sched', kind: 'wake_up', task: 0, at: w.flush }, at(`${w.name}: flushers of the cancelled instance`));
      h.patch(skip, h.next());
      // __cancel_work_sync(): then __flush_work(), which waits for a running instance (the
      // pending one is gone): until the count passes the one seen.
      if (kind === 'cancel_work_sync') {
        const target = h.temp();
        assign(target, bin('+', done(local(old)), bin('>>', bin('&', local(old), c(WORK_RUNNING)), c(1))), true);
        sleepUntilDone(h, w, target, e);
      }
      return r;
    }
    case 'flush_work': {
      // start_flush_work() reads, under pool->lock, whether the work is pending (the barrier goes
      // after it) or running (the barrier goes next in line): the instance to wait for is the
      // last one queued, whose finish the count reaches at `target`; nothing to wait for: false.
      assign(old, rmw('atomic_fetch_or', w, [c(0)]), false, `start_flush_work(${w.name})`);
      const target = h.temp();
      assign(target, bin('+', done(local(old)), bin('+', bin('&', local(old), c(WORK_PENDING)), bin('>>', bin('&', local(old), c(WORK_RUNNING)), c(1)))), true);
      assign(r, bin('!=', bin('&', local(old), c(WORK_PENDING | WORK_RUNNING)), c(0)), true);
      const skip = h.emit({ op: 'branch', cond: local(r), to: -1, clear: [], silent: true }, h.site);
      sleepUntilDone(h, w, target, e);
      h.patch(skip, h.next());
      return r;
    }
    default: return assertNever(kind);
  }
}

/**
 * __flush_work(): wait_for_completion(&barr.done), which the barrier work completes after the
 * instance waited for. Here: sleep on the work's flush queue until the count reaches `target`,
 * or the work is neither pending nor running (its pending instance was cancelled).
 */
function sleepUntilDone(h: WorkHost, w: WorkItem, target: number, e: Call): void {
  if (!h.task) {
    // An interrupt handler's call: might_sleep() above faults first at run time; the compile error says why.
    h.x.error(e, `${e.callee}() outside a task`, "a call in a task's program, not in an interrupt handler: it sleeps", "a 'cpu N:' program is a task once the scenario has a 'task NAME on cpu N:', a 'preemptions:' line or a work item");
    return;
  }
  const seen = h.temp();
  const test = (): Expr => {
    h.emit({ op: 'assign', local: seen, value: { kind: 'load', loc: cellLoc(w.object), order: 'once' }, silent: false }, { ...h.site, text: `READ_ONCE(${w.name}->data)` });
    return bin('||', bin('>=', done(local(seen)), local(target)), bin('==', bin('&', local(seen), c(WORK_PENDING | WORK_RUNNING)), c(0)));
  };
 waitEvent(h, h.task, { object: w.object + 1, loc: w.flush }, test, `&${w.name}.flush`);
}

/**
 * A kworker's code, worker_thread() for one work item (kernel/workqueue.c): it sleeps until the
 * work is pending (it starts asleep at the top: ops/sched.ts startTasks), takes it under
 * pool->lock (process_one_work(): PENDING cleared and the work marked running in one step, a
 * cmpxchg that fails only when a cancel took the work meanwhile), calls the function, and
 * marks it finished (RUNNING off, the count up: one add) and wakes its flushers, then loops.
 */
export function lowerWorker(h: WorkHost, e: Call, func: Named, scope: Scope): void {
  const w = h.work(e.args[0]!, KWORKER_STATEMENT);
  if (!w || !h.task) return;
  const at = (text: string) => ({ ...h.site, text });
  const state = cellLoc(h.task.stateCell);
  const v = h.temp();
  const r = h.temp();
  const head = h.next();
  // worker_thread(): set_current_state(TASK_IDLE) is TASK_UNINTERRUPTIBLE | TASK_NOLOAD; then sleep when no work is pending.
  h.emit({ op: 'store', loc: state, value: c(TASK_UNINTERRUPTIBLE), order: 'once' }, at('set_current_state(TASK_IDLE)'));
  h.emit({ op: 'fence', kind: 'smp_mb' }, at('set_current_state(TASK_IDLE)'));
  h.emit({ op: 'assign', local: v, value: { kind: 'load', loc: cellLoc(w.object), order: 'once' }, silent: false }, at(`need_more_worker(): READ_ONCE(${w.name}->data)`));
  const pending = h.emit({ op: 'branch', cond: bin('==', bin('&', local(v), c(WORK_PENDING)), c(0)), to: -1, clear: [], silent: true }, h.site);
  h.emit({ op: 'sched', kind: 'schedule', task: 0 }, at('schedule()'));
  h.emit({ op: 'jump', to: head, clear: [v, r] }, h.site);
  h.patch(pending, h.next());
  h.emit({ op: 'store', loc: state, value: c(TASK_RUNNING), order: 'once' }, at('__set_current_state(TASK_RUNNING)'));
  // process_one_work(): set_work_pool_and_clear_pending() and worker->current_work = work.
  const next = bin('+', bin('-', local(v), c(WORK_PENDING)), c(WORK_RUNNING));
  h.emit({ op: 'assign', local: r, value: { kind: 'rmw', op: 'cmpxchg', loc: cellLoc(w.object), args: [local(v), next] }, silent: false }, at(`process_one_work(${w.name}): clear PENDING, run it`));
  h.emit({ op: 'branch', cond: bin('==', local(r), local(v)), to: head, clear: [v, r], silent: true }, h.site);
  h.call(func.name, [], { k: 'call', callee: func.name, calleeEnd: func.span.end, args: [], start: func.span.start, end: func.span.end }, scope);
  // The instance is over: worker->current_work = NULL, and the flush barrier behind it completes.
  h.emit({ op: 'eval', value: { kind: 'rmw', op: 'atomic_add', loc: cellLoc(w.object), args: [c(WORK_DONE_ONE - WORK_RUNNING)] } }, at(`process_one_work(${w.name}) done`));
  h.emit({ op: 'sched', kind: 'wake_up', task: 0, at: w.flush }, at(`${w.name}: wake its flushers`));
  h.emit({ op: 'jump', to: head, clear: [v, r] }, h.site);
}
