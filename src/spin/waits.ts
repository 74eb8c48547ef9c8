// Wait queues and completions in the exported model, as machine/ops/waitqueue.ts and
// ops/completion.ts have them (their comments give the kernel sources): each step is one
// critical section of the queue's or completion's spinlock, so its store buffer is empty (the
// guard waits for it: guard.ts drainsFirst via ops/sched.ts schedDrains) and it reads and writes
// memory directly. A wait queue head is one word, a bit per queued task; a completion is `done`
// (-1 after complete_all()) and its FIFO queue, four bits a waiter (task + 1, the first lowest).
// The words are cells of their own (scenario/lower/symbols.ts), never in a heap object, so no
// step here can meet a freed one (refuse.ts refuses a program where one would be). Pure.
import { assertNever } from '../common/assert-never.js';
import { MAX_COMPLETION_TASKS } from '../machine/ops/completion.js';
import { entryBit } from '../machine/ops/waitqueue.js';
import { TASK_UNINTERRUPTIBLE } from '../machine/ops/wake.js';
import type { CompletionOp, Instr, Program, WaitQueueOp } from '../machine/program.js';
import type { StepCx } from './expr.js';
import { mayNotSleep } from './may-sleep.js';
import { asleepVar, curTask, freshVar, lit, localVar, memVar } from './model-names.js';

type SchedInstr = Extract<Instr, { op: 'sched' }>;

/** ops/completion.ts COMPLETION_ALL: UINT_MAX in a 32-bit word. */
const ALL = -1;

const stateOf = (p: Program, t: number): string => memVar(String(p.sched!.tasks[t]!.stateLoc));

/**
 * ops/wake.ts tryToWakeUp of task t when `when` holds: a task not TASK_RUNNING is set running (a
 * locked write) and runnable, and `then` runs; a TASK_RUNNING one is left alone.
 */
export function wakeTask(p: Program, t: number, when = 'true', then = ''): string {
  const st = stateOf(p, t);
  return `if :: ${when === 'true' ? '' : `${when} && `}${st} != 0 -> ${st} = 0; ${asleepVar(t)} = 0${then === '' ? '' : `; ${then}`} :: else -> skip fi;`;
}

/** prepare_to_wait() and wait_for_completion() name the task they queue; outside one they are misuses. */
function checkTask(x: StepCx, i: SchedInstr): boolean {
  if (x.p.sched?.tasks[i.task] !== undefined) return true;
  x.e.line(`${x.fault('misuse')};`);
  x.e.whileLive();
  return false;
}

/** ops/waitqueue.ts waitQueueStep. */
export function emitWaitQueue(x: StepCx, i: SchedInstr, kind: WaitQueueOp): void {
  const { e, p } = x;
  const head = memVar(String(i.at!));
  const bit = entryBit(i.task);
  switch (kind) {
    case 'prepare_to_wait':
      // Queue the entry unless it is queued, then set_current_state(state).
      if (!checkTask(x, i)) return;
      e.line(`${head} = ${head} | ${bit}; ${stateOf(p, i.task)} = ${i.state ?? 0};`);
      return;
    case 'finish_wait': e.line(`${head} = ${head} & ${lit(~bit)};`); return;
    case 'wake_up':
      // Every queued task: try_to_wake_up(), and the entry leaves the queue only when that woke it.
      (p.sched?.tasks ?? []).forEach((_, t) => {
        const b = entryBit(t);
        if (b !== 0) e.line(wakeTask(p, t, `(${head} & ${b}) != 0`, `${head} = ${head} & ${lit(~b)}`));
      });
      return;
    default: assertNever(kind);
  }
}

/** Whether waiter `v` (task + 1) is in the queue word `q` (ops/completion.ts waitersOf). */
function queued(q: string, v: number): string {
  return `(${[...Array(MAX_COMPLETION_TASKS).keys()].map((k) => `((${q} >> ${4 * k}) & 15) == ${v}`).join(' || ')})`;
}

/** ops/completion.ts completionStep. */
export function emitCompletion(x: StepCx, i: SchedInstr, kind: CompletionOp): void {
  const { e, c, p } = x;
  const done = memVar(String(i.at!));
  const queue = memVar(String(i.at! + 1));
  const local = (v: number): string => (i.local === undefined ? '' : ` ${localVar(c, i.local)} = ${v};`);
  // `if (x->done != UINT_MAX) x->done--;`
  const take = `if :: ${done} != ${lit(ALL)} -> ${done} = ${done} - 1 :: else -> skip fi;`;
  switch (kind) {
    case 'wait_for_completion': {
      // __wait_for_common(): might_sleep() first.
      e.check(mayNotSleep(p, c), x.fault('misuse'));
      if (!checkTask(x, i)) return;
      const t = i.task;
      const v = t + 1;
      const [kept, shift] = [x.temp(), x.temp()];
      // Unrolled over the queue's nibbles (contiguous from the lowest), so the step has no loop of
      // its own (a `do` is safe inside a d_step unless it ends it: promela.ts closeStep).
      const nib = (k: number): string => `((${queue} >> ${4 * k}) & 15)`;
      const nibbles = [...Array(MAX_COMPLETION_TASKS).keys()];
      const keep = nibbles.map((k) => `if :: ${nib(k)} != 0 && ${nib(k)} != ${v} -> ${kept} = ${kept} | (${nib(k)} << ${shift}); ${shift} = ${shift} + 4 :: else -> skip fi;`).join(' ');
      const tail = nibbles.map((k) => `if :: ${nib(k)} != 0 -> ${shift} = ${4 * (k + 1)} :: else -> skip fi;`).join(' ');
      e.line('if');
      // done: off the queue if a wakeup by another path left it there (__finish_swait()), take one.
      e.line(`:: ${done} != 0 -> ${kept} = 0; ${shift} = 0; ${keep}`);
      e.line(`   ${queue} = ${kept}; ${take}${local(1)}`);
      // Not done: queue at the tail unless queued, TASK_UNINTERRUPTIBLE, and sleep (the task leaves the CPU).
      e.line(`:: else -> if :: !${queued(queue, v)} -> ${shift} = 0; ${tail} ${queue} = ${queue} | (${v} << ${shift}) :: else -> skip fi;`);
      e.line(`   ${stateOf(p, t)} = ${TASK_UNINTERRUPTIBLE}; ${asleepVar(t)} = 1; ${curTask(c.cpu)} = -1; ${freshVar(c.cpu)} = 0;${local(0)}`);
      e.line('fi;');
      return;
    }
    case 'try_wait_for_completion': e.line(`if :: ${done} == 0 ->${local(0)} skip :: else -> ${take}${local(1)} fi;`); return;
    case 'complete': {
      // done++ (unless UINT_MAX), then the first waiter is dequeued and woken (swake_up_locked()).
      const first = x.temp();
      e.line(`if :: ${done} != ${lit(ALL)} -> ${done} = ${done} + 1 :: else -> skip fi; ${first} = ${queue} & 15; ${queue} = ${queue} >> 4;`);
      (p.sched?.tasks ?? []).forEach((_, t) => e.line(wakeTask(p, t, `${first} == ${t + 1}`)));
      return;
    }
    case 'complete_all':
      // done = UINT_MAX, then every waiter is woken and the queue emptied (swake_up_all_locked()).
      e.line(`${done} = ${lit(ALL)};`);
      (p.sched?.tasks ?? []).forEach((_, t) => e.line(wakeTask(p, t, queued(queue, t + 1))));
      e.line(`${queue} = 0;`);
      return;
    default: assertNever(kind);
  }
}
