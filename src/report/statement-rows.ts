// A counterexample one row per statement, as kernel developers draw races on the list and as
// the kernel's lock validator prints its scenarios (print_circular_lock_scenario() in kernel/locking/): a
// lock call appears once, with what it did, not once per machine step. The machine takes a
// spin_lock_irqsave() in three steps (IRQs off, preemption off, the acquisition); a row per step
// reads as recursive locking. Pure: rows in, rows out, no step is dropped, none reordered.
import type { Instr, Program } from '../machine/program.js';
import type { Row, RowSite } from './trace-rows.js';

interface Part {
  readonly instr: Instr;
  readonly note: string;
}

interface Group {
  row: Row;
  readonly parts: Part[];
}

/** Where a context's last statement stands: its first instruction, and the pc it has reached. */
interface Open {
  readonly first: Instr;
  readonly code: number;
  pc: number;
  group: Group;
}

/**
 * Steps of one statement by one context fold into one row when nothing came between them (the
 * row's step is the first, `lastStep` the last). When another CPU's steps or a handler came
 * between, the rest of the statement gets a row marked `continues`, whose note says what it did:
 * the order of steps is the run's, and stays so.
 */
export function statementRows(p: Program, rows: readonly Row[]): Row[] {
  const groups: (Group | Row)[] = [];
  const open = new Map<string, Open>();
  for (const r of rows) {
    const instr = r.site ? instrAt(p, r.site) : undefined;
    if (!instr || !r.site || (r.kind !== 'step' && r.kind !== 'blocked')) { groups.push(r); continue; }
    const key = `${r.cpu}:${r.site.level}`;
    const o = open.get(key);
    if (r.kind === 'blocked') {
      // A context stuck inside a statement it began above waits there: not a second call.
      groups.push(o && sameStatement(o, r.site, instr) && instr.text === o.first.text ? { ...r, continues: true } : r);
      continue;
    }
    const part = { instr, note: r.note };
    if (o && sameStatement(o, r.site, instr)) {
      o.pc = r.site.pc;
      if (groups[groups.length - 1] === o.group) {
        o.group.parts.push(part);
        o.group.row = { ...o.group.row, lastStep: r.step ?? undefined, violating: o.group.row.violating || r.violating };
        continue;
      }
      // A step with a text of its own (synchronize_rcu()'s "returns: grace period over") is an
      // event to show as it is; the rest of a statement shows only what it did.
      o.group = { row: instr.text === o.first.text ? { ...r, continues: true } : r, parts: [part] };
      groups.push(o.group);
      continue;
    }
    const group = { row: r, parts: [part] };
    open.set(key, { first: instr, code: r.site.code, pc: r.site.pc, group });
    groups.push(group);
  }
  return groups.map((g) => ('parts' in g ? { ...g.row, note: partsNote(p, g.row, g.parts) } : g));
}

function instrAt(p: Program, s: RowSite): Instr | undefined {
  return p.codes[s.code]?.instrs[s.pc];
}

/**
 * The next instruction of the statement a context is in: the same source statement further on
 * in the same code. A loop unrolled with the statement in its body repeats the span, so the
 * statement's first instruction coming again starts a new one.
 */
function sameStatement(o: Open, s: RowSite, instr: Instr): boolean {
  const a = o.first.span;
  const b = instr.span;
  return s.code === o.code && s.pc > o.pc && a.file === b.file && a.start === b.start && a.end === b.end && opOf(instr) !== opOf(o.first);
}

function opOf(i: Instr): string {
  return 'kind' in i ? `${i.op}:${String(i.kind)}` : i.op;
}

/**
 * What a row's steps did, once: taking a lock implies the preemption it turned off first, and a
 * write lock queued and then held in one row is simply write-locked.
 */
function partsNote(p: Program, row: Row, parts: readonly Part[]): string {
  if (parts.length === 1) return row.note;
  const takes = parts.some((x) => x.instr.op === 'lock');
  const queued = parts.find((x) => x.instr.op === 'lock' && x.instr.kind === 'write_lock');
  const held = parts.find((x) => x.instr.op === 'lock' && x.instr.kind === 'write_lock_acquire');
  const notes: string[] = [];
  for (const x of parts) {
    const i = x.instr;
    if (i.op === 'preempt' && i.ofLock && takes) continue;
    if (queued && held && x === queued) continue;
    if (queued && held && x === held && i.op === 'lock') notes.push(`${p.locks[i.lock]?.name ?? '?'} write-locked`);
    else if (x !== parts[0] && i.text !== parts[0]!.instr.text) notes.push(x.note ? `${i.text}: ${x.note}` : i.text);
    else if (x.note) notes.push(x.note);
  }
  return [...new Set(notes)].join(', ');
}

/** The step column of a row: "7", "8-9" for a row of two steps, null for a deadlock's closing rows. */
export function stepLabel(r: Row, dash = '-'): string | null {
  if (r.step === null) return null;
  return r.lastStep !== undefined && r.lastStep !== r.step ? `${r.step}${dash}${r.lastStep}` : String(r.step);
}

/** A row's statement, marked when it continues one shown above rather than calling it again. */
export function rowText(r: Row): string {
  return r.continues ? `… ${r.text}` : r.text;
}
