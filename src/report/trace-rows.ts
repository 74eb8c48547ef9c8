// A counterexample as rows: one per step, in the column of the CPU that took it, with the source
// line it executed and what it read. Built by replaying the trace (explore/replay.ts). Pure.
import type { LineIndex, Span } from '../common/span.js';
import type { Finding } from '../explore/explorer.js';
import { callbackQueueName } from '../explore/lkmm/callback-queue.js';
import { FREED_VALUE } from '../explore/lkmm/freed-value.js';
import type { GraphEvent, LkmmGraph } from '../explore/lkmm/graph.js';
import { replay, type ReplayedStep } from '../explore/replay.js';
import { CPU_IRQ_OFF, LOCK_WORDS, SOFT_BH, cpuWord, frameOf, layoutOf, softWord } from '../machine/layout.js';
import { bhNote } from '../machine/ops/softirq.js';
import type { Move } from '../machine/moves.js';
import type { Level, Program, SchedOp } from '../machine/program.js';
import { asleepWord, currentTask, taskDone } from '../machine/ops/sched.js';
import { assertNever } from '../common/assert-never.js';
import { irqFlagNote } from '../machine/ops/interrupts.js';
import { drainedUnlockRow, lockNote, lockPreemptNote } from '../machine/ops/locks.js';
import { isSleepingLock, sleepingLockNote } from '../machine/ops/sleeping-lock.js';
import { gracePeriodNote, startsGracePeriod } from '../machine/ops/rcu.js';
import { unlockedWord } from '../machine/memory/buffer-entry.js';
import { step } from '../machine/step.js';
import { waitNote } from '../machine/ops/wait-note.js';
import type { Blocked } from '../machine/violation.js';
import { contextName, locName, valueName } from './names.js';

export interface Row {
  readonly step: number | null; // null for the closing rows of a deadlock
  readonly cpu: number;
  /** Handler nesting: 0 task, 1 inside one handler, 2 inside two. */
  readonly depth: number;
  /** `switch`: the CPU's scheduler switched tasks (ops/sched.ts). */
  readonly kind: 'step' | 'irq' | 'nmi' | 'softirq' | 'drain' | 'blocked' | 'switch';
  readonly context: string;
  readonly text: string;
  /** What the step read or did, e.g. "bucket->first=oldkey". */
  readonly note: string;
  readonly line: number | null;
  readonly violating: boolean;
  /** The innermost procedure the step ran in ('' outside any), and the statement alone. */
  readonly proc?: string;
  readonly stmt?: string;
  /** The instruction the step ran (or a blocked context waits at), for statement-rows.ts. */
  readonly site?: RowSite;
  /** A row that stands for several steps of one statement (statement-rows.ts): its last step. */
  readonly lastStep?: number;
  /** The rest of a statement whose first steps have a row above, after other steps came between. */
  readonly continues?: boolean;
  /** A task went to sleep in this step (schedule()), or this step woke one (wake_up_process()): ops/sched.ts. */
  readonly event?: SchedEvent;
  /** With several tasks per CPU (ops/sched.ts): the task that took a task-context step. */
  readonly task?: string;
}

/** What a scheduler step did, marked in every format: `<Sleep>`, `<Wakeup> task NAME`. */
export interface SchedEvent {
  readonly kind: 'sleep' | 'wakeup';
  /** The task that went to sleep or was woken. */
  readonly task: string;
}

/** The mark of a scheduler event, as the formats print it beside the step. */
export function eventText(e: SchedEvent): string {
  return e.kind === 'sleep' ? '<Sleep>' : `<Wakeup> task ${e.task}`;
}

/** Whether a row is a handler's entry (an IRQ, an NMI, a softirq): it opens a nested frame. */
export function isHandlerEntry(r: Row): r is Row & { kind: 'irq' | 'nmi' | 'softirq' } {
  return r.kind === 'irq' || r.kind === 'nmi' || r.kind === 'softirq';
}

/** The tag of a step inside a handler, by its context's name (names.ts contextName). */
export function handlerTag(r: Row): string {
  return r.context.includes(' NMI') ? '[NMI] ' : r.context.includes(' softirq') ? '[SOFTIRQ] ' : '[IRQ] ';
}

const ENTRY_TEXT = { irq: '<Interrupt>', nmi: '<NMI>', softirq: '<Softirq>' } as const;

export interface RowSite {
  readonly level: Level;
  readonly code: number;
  readonly pc: number;
}

export interface RowsResult {
  readonly rows: readonly Row[];
  readonly steps: readonly ReplayedStep[];
}


export function traceRows(p: Program, f: Finding, lines: LineIndex | undefined): RowsResult {
  // An LKMM execution need not be an interleaving: its rows come from its rf and co.
  if (f.graph) return { rows: graphRows(p, f.graph, lines), steps: [] };
  const v = f.violation;
  // A machine data race (machine/race.ts) ends with its racing steps, when they could be taken:
  // each of the last two steps that is one of the two accesses is marked.
  const highlight: Highlight = v.kind === 'data-race'
    ? (step, i, n) => i >= n - 2 && [v.at, v.other].some((w) => w.cpu === step.cpu && w.code === step.code && w.pc === step.pc && step.move.kind === 'run')
    : v.kind !== 'deadlock' && !(v.kind === 'livelock' && v.at === null);
  // A drain ends a run in a violation of its own only when it reaches freed memory (memory/tso.ts);
  // a drain that ends it otherwise (the last store before a lost wakeup) is an ordinary one.
  const out = rowsOf(p, f.trace, highlight, lines, f.violation.kind === 'use-after-free');
  if (f.violation.kind === 'deadlock') return { rows: [...out.rows, ...blockedRows(p, f.violation.blocked, lines, out.steps)], steps: out.steps };
  if (v.kind === 'data-race') {
    // A racing context blocked in wait_until() took no step: it polls, and its row says so.
    const last = out.steps.slice(-2);
    const polling = [v.at, v.other].filter((w) => p.codes[w.code]?.instrs[w.pc]?.op === 'wait_until' &&
      !last.some((st) => st.move.kind === 'run' && st.cpu === w.cpu && st.code === w.code && st.pc === w.pc));
    if (polling.length > 0) return { rows: [...out.rows, ...blockedRows(p, polling.map((w) => ({ at: { cpu: w.cpu, level: w.level, code: w.code, pc: w.pc }, on: { kind: 'wait_until' as const } })), lines, out.steps)], steps: out.steps };
  }
  return out;
}

/** The rows of a run that ends well (a final-state witness): nothing highlighted. */
export function witnessRows(p: Program, trace: readonly Move[], lines: LineIndex | undefined): RowsResult {
  return rowsOf(p, trace, false, lines);
}

/** Which steps a trace marks: the last one (true), none (false), or those a predicate picks. */
type Highlight = boolean | ((step: ReplayedStep, index: number, steps: number) => boolean);

function rowsOf(p: Program, trace: readonly Move[], highlight: Highlight, lines: LineIndex | undefined, endsFreed = false): RowsResult {
  const r = replay(p, trace);
  if (!r.ok) throw new Error(`trace does not replay at move ${r.at}`);
  const l = layoutOf(p);
  const rows: Row[] = r.steps.map((s, i): Row => {
    const last = typeof highlight === 'function' ? highlight(s, i, r.steps.length) : i === r.steps.length - 1 && highlight;
    if (s.move.kind === 'irq' || s.move.kind === 'nmi' || s.move.kind === 'softirq') {
      const h = p.handlers[s.move.handler]!;
      return { step: s.index, cpu: s.cpu, depth: s.depth - 1, kind: s.move.kind, context: contextName(p, s.cpu, s.level, s.move.handler), text: `${h.callback ? '<RCU callback>' : ENTRY_TEXT[s.move.kind]} ${h.name}`, note: '', line: lineOf(p, h.span, lines), violating: last };
    }
    if (s.move.kind === 'drain') {
      const e = drained(p, s);
      const word = unlockedWord(e.loc);
      const lock = word >= 0 ? Math.floor((word - l.lockBase) / LOCK_WORDS) : undefined;
      const unlock = lock !== undefined ? drainedUnlockRow(p.locks[lock]?.name ?? '?') : null;
      const text = unlock ? unlock.text : `(drain) ${locName(p, e.loc)} = ${valueName(p, e.value, e.loc)}`;
      const note = unlock ? unlock.note : last && endsFreed ? 'store reaches freed memory' : 'store reaches memory';
      return { step: s.index, cpu: s.cpu, depth: 0, kind: 'drain', context: `CPU ${s.cpu} store buffer`, text, note, line: null, violating: last };
    }
    if (s.move.kind === 'switch') {
      const to = p.sched?.tasks[s.move.task]?.name ?? '?';
      return { step: s.index, cpu: s.cpu, depth: 0, kind: 'switch', context: `CPU ${s.cpu} scheduler`, text: `<Context switch> to task ${to}`, note: switchNote(p, s), line: null, violating: last };
    }
    const instr = s.instr!;
    const notes: string[] = [];
    const buffered = l.sbWords > 0 && (s.before[l.sbBase + s.cpu * l.sbWords] ?? 0) > 0;
    for (const a of s.accesses) {
      // Under TSO, say where a load was served from whenever its CPU had stores buffered.
      const source = a.from === 'buffer' ? ' (from store buffer)' : buffered ? ' (from memory)' : '';
      if (a.kind === 'read') notes.push(`${locName(p, a.loc)}=${valueName(p, a.value, a.loc)}${source}`);
    }
    if (s.allocated.length > 0) notes.push(`${s.allocated.map((o) => p.objects[o]!.name).join(', ')} allocated`);
    if (s.freed.length > 0) notes.push(`${s.freed.map((o) => p.objects[o]!.name).join(', ')} freed`);
    if (startsGracePeriod(instr)) {
      const next = r.steps[i + 1]?.before;
      if (next) notes.push(gracePeriodNote(l, next, frameOf(l, s.cpu, s.level), p.cpus));
    }
    // Each step of a lock statement says what it did (ops/locks.ts, lockNote).
    const lockDid = instr.op === 'lock' ? lockNote(instr.kind, p.locks[instr.lock]?.name ?? '?', p.memoryModel === 'tso')
      : instr.op === 'sched' && isSleepingLock(instr) ? sleepingLockNote(instr.kind, p.locks[instr.lock]?.name ?? '?') : null;
    if (lockDid) notes.push(lockDid);
    const lockPreempt = lockPreemptNote(instr);
    if (lockPreempt) notes.push(lockPreempt);
    if (instr.op === 'irq') notes.push(irqNote(p, s));
    if (s.accesses.some((a) => a.kind === 'buffer')) notes.push('into the store buffer');
    const sched = instr.op === 'sched' && !isSleepingLock(instr) ? schedNote(p, s, instr.kind, instr.task) : null;
    if (sched) notes.push(sched.note);
    const via = instr.via.length > 0 ? `${instr.via[instr.via.length - 1]}: ` : '';
    const task = taskSuffix(p, s);
    return {
      step: s.index, cpu: s.cpu, depth: s.depth, kind: 'step', context: contextName(p, s.cpu, s.level, handlerOf(p, s)) + task,
      text: via + instr.text, note: notes.join(', '), line: lineOf(p, instr.span, lines), violating: last,
      proc: instr.via[instr.via.length - 1] ?? '', stmt: instr.text, site: { level: s.level, code: s.code, pc: s.pc },
      ...(sched?.event ? { event: sched.event } : {}), ...(task ? { task: task.slice(1) } : {}),
    };
  });
  return { rows, steps: r.steps };
}

/** With tasks (ops/sched.ts), a task step's context names its task: `CPU 0 task other`. */
function taskSuffix(p: Program, s: ReplayedStep): string {
  if (!p.sched || s.level !== 0) return '';
  const t = currentTask(p, layoutOf(p), s.before, s.cpu);
  return t >= 0 ? ` ${p.sched.tasks[t]!.name}` : '';
}

/** What a context switch did to the task it switched out. */
function switchNote(p: Program, s: ReplayedStep): string {
  const l = layoutOf(p);
  const t = currentTask(p, l, s.before, s.cpu);
  if (t < 0) return 'the CPU was idle';
  const name = p.sched!.tasks[t]!.name;
  return taskDone(p, l, s.before, t) ? `task ${name} has finished` : `preempts task ${name}`;
}

/** What schedule() or wake_up_process() did: whether a task went to sleep or woke. */
function schedNote(p: Program, s: ReplayedStep, kind: SchedOp, task: number): { note: string; event?: SchedEvent } {
  const l = layoutOf(p);
  const next = step(p, s.before, s.move);
  if (next.kind !== 'next') return { note: '' };
  switch (kind) {
    case 'schedule': {
      const t = currentTask(p, l, s.before, s.cpu);
      return t >= 0 && next.state[asleepWord(l, t)] !== 0
        ? { note: 'the task sleeps', event: { kind: 'sleep', task: p.sched!.tasks[t]!.name } }
        : { note: 'state is TASK_RUNNING: returns at once' };
    }
    case 'wake_up_process': {
      const name = p.sched?.tasks[task]?.name ?? '?';
      return s.accesses.some((a) => a.kind === 'write')
        ? { note: `wakes task ${name}`, event: { kind: 'wakeup', task: name } }
        : { note: `task ${name} is TASK_RUNNING: nothing to do` };
    }
    case 'might_sleep': return { note: '' };
    // The sleeping locks say what they did with the lock ops (ops/sleeping-lock.ts sleepingLockNote).
    case 'mutex_lock': case 'mutex_unlock': case 'mutex_trylock': case 'down_read': case 'up_read': case 'down_write':
    case 'down_write_acquire': case 'up_write': case 'downgrade_write': case 'down_read_trylock': case 'down_write_trylock': return { note: '' };
    // Wait queues and completions (ops/waitqueue.ts, ops/completion.ts) say it themselves.
    case 'prepare_to_wait': case 'finish_wait': case 'wake_up': case 'wait_for_completion': case 'complete': case 'complete_all': case 'try_wait_for_completion':
      return { note: s.instr?.op === 'sched' ? waitNote(p, l, s.before, next.state, s.instr) : '' };
    default: return assertNever(kind);
  }
}

/** The entry a drain moved: the oldest of its CPU's buffer; a negative loc is a lock word (memory/tso.ts). */
function drained(p: Program, s: ReplayedStep): { loc: number; value: number } {
  const l = layoutOf(p);
  const b = l.sbBase + s.cpu * l.sbWords;
  return { loc: s.before[b + 1] ?? 0, value: s.before[b + 2] ?? 0 };
}

/** What an IRQ-flag step did to its CPU's flag (ops/interrupts.ts, irqFlagNote), or a bottom-half step to its count. */
function irqNote(p: Program, s: ReplayedStep): string {
  const instr = s.instr;
  if (instr?.op === 'irq' && (instr.kind === 'local_bh_disable' || instr.kind === 'local_bh_enable')) {
    const bh = softWord(layoutOf(p), s.cpu, SOFT_BH);
    const next = step(p, s.before, s.move);
    const before = s.before[bh] ?? 0;
    return bhNote(before, next.kind === 'next' ? (next.state[bh] ?? 0) : before);
  }
  const word = cpuWord(layoutOf(p), s.cpu, CPU_IRQ_OFF);
  const next = step(p, s.before, s.move);
  const before = s.before[word] !== 0;
  return irqFlagNote(before, next.kind === 'next' ? next.state[word] !== 0 : before);
}

function handlerOf(p: Program, s: ReplayedStep): number | undefined {
  if (s.level === 0) return undefined;
  const h = p.handlers.findIndex((d) => d.code === s.code);
  return h >= 0 ? h : undefined;
}

function blockedRows(p: Program, blocked: readonly Blocked[], lines: LineIndex | undefined, steps: readonly ReplayedStep[]): Row[] {
  return blocked.map((b) => {
    const instr = p.codes[b.at.code]?.instrs[b.at.pc];
    // A waiting handler is as deep as its own last step (or its entry): an NMI that came and went
    // on top of it since must not lend it its depth.
    const depth = b.at.level === 0 ? 0 : steps.filter((s) => s.cpu === b.at.cpu && s.level === b.at.level).at(-1)?.depth ?? (b.at.level === 3 ? 1 : b.at.level);
    const h = p.handlers.findIndex((d) => d.code === b.at.code);
    return {
      step: null, cpu: b.at.cpu, depth, kind: 'blocked', context: contextName(p, b.at.cpu, b.at.level, h >= 0 ? h : undefined),
      text: `waits: ${instr ? (instr.via.length ? `${instr.via[instr.via.length - 1]}: ` : '') + instr.text : '?'}`, note: '', line: instr ? lineOf(p, instr.span, lines) : null, violating: true,
      ...(instr ? { proc: instr.via[instr.via.length - 1] ?? '', stmt: `waits: ${instr.text}`, site: { level: b.at.level, code: b.at.code, pc: b.at.pc } } : {}),
    };
  });
}

/**
 * The line of a span in the scenario file, or null: one in a file the scenario imports has no
 * line in `lines`, which index the scenario's own text.
 */
export function lineOf(p: Program, span: Span, lines: LineIndex | undefined): number | null {
  return lines && span.file === p.file ? lines.lineCol(span.start).line : null;
}

// An LKMM execution's counterexample (explore/lkmm/graph.ts) as trace rows, so every format
// prints it as it prints a machine trace: one row per statement in its CPU's column, in an order
// that shows a write before the reads of it where one exists. A read's note says which write it
// read from (rf: the row of that write, or the initial value); a write's note its place in its
// location's coherence order (co). A read of a row further down is the mark of an execution no
// interleaving has: the memory model, not a schedule, allowed it.
function graphRows(p: Program, g: LkmmGraph, lines: LineIndex | undefined): Row[] {
  // Consecutive events of one statement on one CPU make one row (an RMW, a lock, a kfree()).
  const groups: GraphEvent[][] = [];
  const rowOf: number[] = [];
  for (const e of g.events) {
    const last = groups.at(-1);
    const same = last && last[0]!.cpu === e.cpu && last[0]!.level === e.level && last[0]!.code === e.code && last[0]!.pc === e.pc && e.kind !== 'stop' && last[0]!.kind !== 'stop';
    if (same) last.push(e);
    else groups.push([e]);
    rowOf.push(groups.length);
  }
  const value = (v: number, loc: number): string => (v === FREED_VALUE ? '(freed)' : valueName(p, v, loc));
  // A lock's word comes after memory (explore/lkmm/events.ts): named by its lock.
  const where = (loc: number): string => (loc >= p.memInit.length ? p.locks[loc - p.memInit.length]?.name ?? callbackQueueName(p, loc) : locName(p, loc));
  const writer = (w: GraphEvent): string => `CPU ${w.cpu}'s ${p.codes[w.code]?.instrs[w.pc]?.text ?? '?'}`;
  const note = (e: GraphEvent, row: number, k: number): string => {
    switch (e.kind) {
      case 'R': {
        const src = e.from === null || e.from < 0 ? null : g.events[e.from]!;
        const from = src === null ? 'the initial value' : `${writer(src)}${rowOf[e.from!]! > row ? ', shown below: no interleaving has this' : ''}`;
        // A newer write shown above that the read did not see: the ordering that was missing.
        const newer = g.events.slice(0, k).find((w) => w.kind === 'W' && w.loc === e.loc && w.cpu !== e.cpu && (w.co ?? 0) > (src?.co ?? 0));
        return `${where(e.loc)}=${value(e.value, e.loc)} (rf: ${from}${newer ? `; not ${writer(newer)} above, which is later in co` : ''})`;
      }
      case 'W': return e.free ? `${where(e.loc)} freed (co ${e.co})` : `${where(e.loc)}:=${value(e.value, e.loc)} (co ${e.co})`;
      // An RCU callback's grace period (explore/lkmm/callbacks.ts) opens its row.
      case 'F': return e.tag === 'sync-rcu' && p.handlers[e.handler]?.callback ? 'after a grace period that began after its call' : '';
      case 'stop':
        return e.tag === 'assertion' ? 'assertion fails' : e.tag === 'blocked' ? 'waits for ever: it read the last values' : e.tag === 'livelock' ? 'past the loop bound' : '';
      default: return assertNever(e.kind);
    }
  };
  return groups.map((grp, k): Row => {
    const e = grp[0]!;
    const instr = p.codes[e.code]?.instrs[e.pc];
    const via = instr && instr.via.length > 0 ? `${instr.via[instr.via.length - 1]}: ` : '';
    const text = `${e.kind === 'stop' ? 'stops: ' : ''}${via}${instr?.text ?? '?'}`;
    return {
      step: k + 1, cpu: e.cpu, depth: e.level, kind: e.kind === 'stop' ? 'blocked' : 'step',
      context: contextName(p, e.cpu, e.level, e.handler >= 0 ? e.handler : undefined),
      text, note: grp.map((x) => note(x, k + 1, g.events.indexOf(x))).filter((s) => s !== '').join(', '),
      line: instr ? lineOf(p, instr.span, lines) : null, violating: grp.some((x) => x.violating),
      ...(instr ? { proc: instr.via[instr.via.length - 1] ?? '', stmt: instr.text, site: { level: e.level, code: e.code, pc: e.pc } } : {}),
    };
  });
}
