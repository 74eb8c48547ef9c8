// A counterexample as rows: one per step, in the column of the CPU that took it, with the source
// line it executed and what it read. Built by replaying the trace (explore/replay.ts). Pure.
import type { LineIndex } from '../common/span.js';
import type { Finding } from '../explore/explorer.js';
import { replay, type ReplayedStep } from '../explore/replay.js';
import { frameOf, layoutOf } from '../machine/layout.js';
import type { Program } from '../machine/program.js';
import { pendingCpus } from '../machine/ops/rcu.js';
import type { Blocked } from '../machine/violation.js';
import { contextName, locName, valueName } from './names.js';

export interface Row {
  readonly step: number | null; // null for the closing rows of a deadlock
  readonly cpu: number;
  /** Handler nesting: 0 task, 1 inside one handler, 2 inside two. */
  readonly depth: number;
  readonly kind: 'step' | 'irq' | 'nmi' | 'drain' | 'blocked';
  readonly context: string;
  readonly text: string;
  /** What the step read or did, e.g. "bucket->first=oldkey". */
  readonly note: string;
  readonly line: number | null;
  readonly violating: boolean;
  /** The innermost procedure the step ran in ('' outside any), and the statement alone. */
  readonly proc?: string;
  readonly stmt?: string;
}

export interface RowsResult {
  readonly rows: readonly Row[];
  readonly steps: readonly ReplayedStep[];
}


export function traceRows(p: Program, f: Finding, lines: LineIndex | undefined): RowsResult {
  const r = replay(p, f.trace);
  if (!r.ok) throw new Error(`trace does not replay at move ${r.at}`);
  const l = layoutOf(p);
  const rows: Row[] = r.steps.map((s, i): Row => {
    const last = i === r.steps.length - 1 && f.violation.kind !== 'deadlock' && !(f.violation.kind === 'livelock' && f.violation.at === null);
    if (s.move.kind === 'irq' || s.move.kind === 'nmi') {
      const h = p.handlers[s.move.handler]!;
      return { step: s.index, cpu: s.cpu, depth: s.depth - 1, kind: s.move.kind, context: contextName(p, s.cpu, s.level, s.move.handler), text: `${s.move.kind === 'irq' ? '<Interrupt>' : '<NMI>'} ${h.name}`, note: '', line: lines ? lines.lineCol(h.span.start).line : null, violating: last };
    }
    if (s.move.kind === 'drain') {
      const w = s.accesses.find((a) => a.kind === 'write');
      return { step: s.index, cpu: s.cpu, depth: 0, kind: 'drain', context: `CPU ${s.cpu} store buffer`, text: w ? `(drain) ${locName(p, w.loc)} = ${valueName(p, w.value, w.loc)}` : '(drain)', note: 'store reaches memory', line: null, violating: last };
    }
    const instr = s.instr!;
    const notes: string[] = [];
    for (const a of s.accesses) {
      if (a.kind === 'read') notes.push(`${locName(p, a.loc)}=${valueName(p, a.value, a.loc)}${a.from === 'buffer' ? ' (from store buffer)' : ''}`);
    }
    if (s.freed.length > 0) notes.push(`${s.freed.map((o) => p.objects[o]!.name).join(', ')} freed`);
    if (instr.op === 'gp_start') {
      const next = r.steps[i + 1]?.before;
      if (next) {
        const cpus = pendingCpus(l, next, frameOf(l, s.cpu, s.level), p.cpus);
        notes.push(cpus.length ? `waits for ${cpus.map((c) => `CPU ${c}`).join(', ')}` : 'no reader to wait for');
      }
    }
    if (instr.op === 'lock' && instr.kind === 'write_lock') notes.push('queued as the waiting writer');
    if (instr.op === 'lock' && instr.kind === 'write_lock_acquire') notes.push('readers gone: write lock held');
    if (instr.op === 'store' && s.accesses.length === 0 && p.memoryModel === 'tso') notes.push('into the store buffer');
    const via = instr.via.length > 0 ? `${instr.via[instr.via.length - 1]}: ` : '';
    return {
      step: s.index, cpu: s.cpu, depth: s.depth, kind: 'step', context: contextName(p, s.cpu, s.level, handlerOf(p, s)),
      text: via + instr.text, note: notes.join(', '), line: lines ? lines.lineCol(instr.span.start).line : null, violating: last,
      proc: instr.via[instr.via.length - 1] ?? '', stmt: instr.text,
    };
  });
  if (f.violation.kind === 'deadlock') rows.push(...blockedRows(p, f.violation.blocked, lines, r.steps));
  return { rows, steps: r.steps };
}

function handlerOf(p: Program, s: ReplayedStep): number | undefined {
  if (s.level === 0) return undefined;
  const h = p.handlers.findIndex((d) => d.code === s.code);
  return h >= 0 ? h : undefined;
}

function blockedRows(p: Program, blocked: readonly Blocked[], lines: LineIndex | undefined, steps: readonly ReplayedStep[]): Row[] {
  return blocked.map((b) => {
    const instr = p.codes[b.at.code]?.instrs[b.at.pc];
    const depth = b.at.level === 0 ? 0 : steps.filter((s) => s.cpu === b.at.cpu).at(-1)?.depth ?? b.at.level;
    const h = p.handlers.findIndex((d) => d.code === b.at.code);
    return {
      step: null, cpu: b.at.cpu, depth, kind: 'blocked', context: contextName(p, b.at.cpu, b.at.level, h >= 0 ? h : undefined),
      text: `waits: ${instr ? (instr.via.length ? `${instr.via[instr.via.length - 1]}: ` : '') + instr.text : '?'}`, note: '', line: instr && lines ? lines.lineCol(instr.span.start).line : null, violating: true,
      ...(instr ? { proc: instr.via[instr.via.length - 1] ?? '', stmt: `waits: ${instr.text}` } : {}),
    };
  });
}
