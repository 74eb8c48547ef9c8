// One sentence that says what went wrong, for every kind of violation. Pure.
import { assertNever } from '../common/assert-never.js';
import type { LineIndex } from '../common/span.js';
import { lineOf } from './trace-rows.js';
import type { ReplayedStep } from '../explore/replay.js';
import type { Program } from '../machine/program.js';
import type { Blocked, BlockedOn, Violation, Where } from '../machine/violation.js';
import { contextIdName, contextName, locName } from './names.js';
import { taskOfCode } from '../machine/ops/sched.js';

function at(p: Program, w: Where, lines: LineIndex | undefined): string {
  const instr = p.codes[w.code]?.instrs[w.pc];
  if (!instr) return '';
  const n = lineOf(p, instr.span, lines);
  const line = n !== null ? `line ${n}: ` : instr.span.file !== p.file ? `${instr.span.file}: ` : '';
  return ` (${line}${instr.text})`;
}

function whereName(p: Program, w: Where): string {
  const h = p.handlers.findIndex((d) => d.code === w.code);
  // With tasks (ops/sched.ts) a task context is named by its task.
  const task = w.level === 0 ? taskOfCode(p, w.code) : undefined;
  return contextName(p, w.cpu, w.level, h >= 0 ? h : undefined) + (task ? ` ${task.name}` : '');
}

export function sentence(p: Program, v: Violation, steps: readonly ReplayedStep[], lines: LineIndex | undefined): string {
  switch (v.kind) {
    case 'use-after-free': {
      const obj = p.objects[v.object]?.name ?? '?';
      const freer = steps.find((s) => s.freed.includes(v.object));
      const by = freer ? ` after ${contextName(p, freer.cpu, freer.level)} freed it at step ${freer.index}${freer.instr ? at(p, { cpu: freer.cpu, level: freer.level, code: freer.code, pc: freer.pc }, lines) : ''}` : '';
      const stepNo = steps.length;
      // An LKMM execution has no steps: its rows say which write each read read from.
      const atStep = stepNo > 0 ? ` at step ${stepNo}` : '';
      if (v.at.code < 0) {
        // A drain (TSO): the store was made earlier and sat in the CPU's store buffer.
        const made = steps.filter((s) => s.cpu === v.at.cpu && s.accesses.some((a) => a.kind === 'buffer' && a.loc === v.loc)).at(-1);
        const origin = made ? ` made at step ${made.index}${made.instr ? at(p, { cpu: made.cpu, level: made.level, code: made.code, pc: made.pc }, lines) : ''}` : '';
        return `Use-after-free: the store to ${locName(p, v.loc)}${origin} waited in CPU ${v.at.cpu}'s store buffer and reached the freed object ${obj} at step ${stepNo}${by}.`;
      }
      return `Use-after-free: ${whereName(p, v.at)} ${v.access === 'read' ? 'read' : 'wrote'} ${locName(p, v.loc)} of the freed object ${obj}${atStep}${at(p, v.at, lines)}${by}.`;
    }
    case 'double-free':
      return `Double free: ${whereName(p, v.at)} freed ${p.objects[v.object]?.name ?? '?'} a second time${at(p, v.at, lines)}.`;
    case 'invalid-access':
      return `Invalid access by ${whereName(p, v.at)}${at(p, v.at, lines)}: ${v.reason}.`;
    case 'misuse':
      return `Misuse by ${whereName(p, v.at)}${at(p, v.at, lines)}: ${v.reason}.`;
    case 'assertion':
      return `Assertion failed in ${whereName(p, v.at)}${at(p, v.at, lines)}.`;
    case 'livelock':
      return v.at
        ? `Livelock: a loop in ${whereName(p, v.at)}${at(p, v.at, lines)} ran past its bound of ${v.bound} iterations.`
        : `Livelock: a run passed the bound of ${v.bound} steps (max_steps) without finishing.`;
    case 'deadlock':
      return `Deadlock: ${v.blocked.map((b) => blockedText(p, b, lines)).join('; ')}.`;
    case 'lost-wakeup': {
      const slept = v.tasks.map((t) => `task ${p.sched?.tasks[t]?.name ?? '?'}${sleptIn(p, t, steps, lines)}`);
      const others = v.blocked.length > 0 ? `; ${v.blocked.map((b) => blockedText(p, b, lines)).join('; ')}` : '';
      const it = slept.length > 1 ? 'them' : 'it';
      return `Lost wakeup: ${slept.join(' and ')}, and nothing left to run can wake ${it} (its waker ran before it slept, or saw it still TASK_RUNNING)${others}.`;
    }
    case 'pool-exhausted': {
      const name = p.pools?.[v.pool]?.name ?? '?';
      return `Pool exhausted: ${whereName(p, v.at)} allocated from ${name}${at(p, v.at, lines)} after all ${p.pools?.[v.pool]?.objects.length ?? '?'} of its objects were handed out in this run: the bound is too small to decide (raise its size, or say 'when_empty: NULL' to model kmalloc returning NULL).`;
    }
    case 'data-race': {
      const both = `${whereName(p, v.at)} ${v.at.access === 'read' ? 'reads' : 'writes'} it${at(p, v.at, lines)} and ${whereName(p, v.other)} ${v.other.access === 'read' ? 'reads' : 'writes'} it${at(p, v.other, lines)}, at least one of them a plain access`;
      // Under sc and tso the race is a state of the run (machine/race.ts), under the LKMM a pair
      // its relations leave unordered (linux-kernel.cat).
      return p.memoryModel === 'lkmm'
        ? `Data race on ${v.name}: ${both}, with nothing in the LKMM ordering them (linux-kernel.cat, data-race).`
        : `Data race on ${v.name}: ${both}, as each CPU's next step, with nothing to order them (what KCSAN reports at run time).`;
    }
    default:
      return assertNever(v);
  }
}

/**
 * Where task t went to sleep: its last step (a sleeping task steps no more), named by the call the
 * user wrote there, which may hold the schedule() (wait_event(), wait_for_completion()). The
 * statement's text is the one most of its instructions carry: the lowering gives its own text
 * only to the calls a macro expands to (scenario/lower/compile-wait.ts).
 */
function sleptIn(p: Program, t: number, steps: readonly ReplayedStep[], lines: LineIndex | undefined): string {
  const task = p.sched?.tasks[t];
  const last = [...steps].reverse().find((s) => s.move.kind === 'run' && s.level === 0 && task !== undefined && taskOfCode(p, s.code) === task);
  if (!last?.instr) return ' went to sleep';
  const span = last.instr.span;
  const count = new Map<string, number>();
  for (const i of p.codes[last.code]?.instrs ?? []) {
    if (i.span.file === span.file && i.span.start === span.start && i.span.end === span.end) count.set(i.text, (count.get(i.text) ?? 0) + 1);
  }
  const text = [...count].reduce((a, b) => (b[1] > a[1] ? b : a), [last.instr.text, 0])[0];
  const call = /^(?:[\w>.-]+\s*=\s*)?(\w+)\s*\(/.exec(text)?.[1] ?? 'schedule';
  const n = lineOf(p, span, lines);
  return ` went to sleep in ${call}()${n !== null ? ` (line ${n})` : ''}`;
}

function blockedText(p: Program, b: Blocked, lines: LineIndex | undefined): string {
  return `${whereName(p, b.at)} waits${at(p, b.at, lines)} ${onText(p, b.at, b.on)}`;
}

function onText(p: Program, w: Where, on: BlockedOn): string {
  const lock = (i: number): string => p.locks[i]?.name ?? '?';
  const who = (id: number): string => {
    const name = contextIdName(p, id);
    const nested = Math.floor((id - 1) / 3) === w.cpu && (id - 1) % 3 < w.level;
    return nested ? `${name}, which this handler interrupted` : name;
  };
  switch (on.kind) {
    case 'wait_until': return 'for a condition that no other context can make true';
    case 'spinlock': return `for spinlock ${lock(on.lock)}, held by ${who(on.holder)}`;
    case 'rwlock':
      if (on.want === 'read') {
        return on.writerHolds ? `to read-lock ${lock(on.lock)}, write-held by ${who(on.writerHolds)}` : `to read-lock ${lock(on.lock)}, behind the waiting writer ${who(on.writerWaits)} (a fair rwlock queues readers behind it)`;
      }
      if (on.want === 'write-queue') return `to queue on ${lock(on.lock)} as its writer (${on.writerHolds ? `write-held by ${who(on.writerHolds)}` : `another writer waits: ${who(on.writerWaits)}`})`;
      return `for ${on.readers} reader${on.readers === 1 ? '' : 's'} to leave ${lock(on.lock)}`;
    case 'rcu-barrier': return `for the RCU callbacks queued on ${on.cpus.map((c) => `CPU ${c}`).join(', ')} to run`;
    case 'grace-period': return `for a grace period: ${on.cpus.map((c) => `CPU ${c}`).join(', ')} still inside a read-side critical section`;
    case 'store-buffer': return 'for its store buffer to drain';
    case 'srcu-readers': {
      const ss = p.srcus?.[on.srcu] ?? '?';
      if (on.behind) return `behind another grace period of ${ss} (one at a time per srcu_struct)`;
      const also = on.cpus.length > 0 ? `, and ${on.cpus.map((c) => `CPU ${c}`).join(', ')} still inside srcu_read_lock()` : '';
      return `for a grace period of ${ss}: ${on.readers} srcu_down_read() section${on.readers === 1 ? '' : 's'} not yet ended by srcu_up_read()${also}`;
    }
    default: return assertNever(on);
  }
}
