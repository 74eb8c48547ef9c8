// How machine things are named in reports: contexts, values, locations. Pure.
import { memoByObject } from '../common/memo.js';
import { waitersOf } from '../machine/ops/completion.js';
import { MAX_WAITQUEUE_TASKS, entryBit } from '../machine/ops/waitqueue.js';
import { LEVEL_NAMES, PTR_BASE, type Level, type Program } from '../machine/program.js';
import { contextOf } from '../machine/violation.js';

/** "CPU 0 task", "CPU 0 IRQ lookup", "CPU 1 NMI lookup", "CPU 0 softirq rx". */
export function contextName(p: Program, cpu: number, level: Level, handler?: number): string {
  if (level === 0) return `CPU ${cpu} task`;
  const h = handler !== undefined ? p.handlers[handler] : undefined;
  return `CPU ${cpu} ${level === 1 ? 'IRQ' : level === 2 ? 'NMI' : 'softirq'}${h ? ` '${h.name}'` : ''}`;
}

export function contextIdName(p: Program, id: number): string {
  const { cpu, level } = contextOf(id);
  return contextName(p, cpu, level);
}

export function levelName(level: Level): string {
  return LEVEL_NAMES[level];
}

/**
 * The words that hold a queue of tasks: a wait queue head's (a set, one bit a task: ops/waitqueue.ts)
 * and a completion's second word (a FIFO, four bits a task: ops/completion.ts), found by the
 * instructions that take them, with the tasks each holds in the order the kernel wakes them.
 */
const queueWords = memoByObject((p: Program): Map<number, (v: number) => number[]> => {
  const out = new Map<number, (v: number) => number[]>();
  const set = (v: number): number[] => [...Array(MAX_WAITQUEUE_TASKS).keys()].filter((t) => (v & entryBit(t)) !== 0);
  for (const c of p.codes) {
    for (const i of c.instrs) {
      if (i.op !== 'sched' || i.at === undefined) continue;
      if (i.kind === 'prepare_to_wait' || i.kind === 'finish_wait' || i.kind === 'wake_up') out.set(i.at, set);
      if (i.kind === 'wait_for_completion' || i.kind === 'complete' || i.kind === 'complete_all' || i.kind === 'try_wait_for_completion') out.set(i.at + 1, waitersOf);
    }
  }
  return out;
});

/**
 * A value as the user would write it: a pointer by its object's name, a queue of tasks by their
 * names (`done.wait=[a,b]`, first to be woken first), else the integer.
 */
export function valueName(p: Program, v: number, loc?: number): string {
  const queue = loc !== undefined ? queueWords(p).get(loc) : undefined;
  if (queue) return `[${queue(v).map((t) => p.sched?.tasks[t]?.name ?? `#${t}`).join(',')}]`;
  const o = v - PTR_BASE;
  if (o >= 0 && o < p.objects.length) return p.objects[o]!.name;
  if (v === 0 && loc !== undefined && p.pointerLocs[loc]) return 'NULL';
  return String(v);
}

export function locName(p: Program, loc: number): string {
  return p.locNames[loc] ?? `#${loc}`;
}
