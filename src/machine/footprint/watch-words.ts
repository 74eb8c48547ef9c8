// The words a run move at one instruction can change that its CPU does not own, from the
// instruction's text: what move-footprint.ts compares before and after the step instead of every
// word of the other CPUs and every shared word (the comparison was half of a footprint's cost,
// issue 22 item 3). Made once per program and site, the way Spin's partial-order reduction
// tables what each statement can touch before the search (Holzmann and Peled, "An improvement in
// formal verification", FORTE 1994), and Flanagan and Godefroid (POPL 2005) start from static
// per-statement footprints. Pure.
import { layoutOf } from '../layout.js';
import { gpFrames } from '../ops/rcu.js';
import { isSilent, type Code, type Instr, type Program } from '../program.js';
import { UNKNOWN_WORD, regionsOf } from './regions.js';
import { hasBit, instrFootprint, successors, type Site } from './static-footprint.js';

/**
 * Instructions whose step changes, outside its own CPU's words, only shared words its static
 * footprint writes, adds to or counts (the footprint property checks the static footprint holds
 * every dynamic one), and the grace-period bits a quiescent state clears (a step outside a
 * read-side section, or one that ends it: rcu_read_unlock(), local_irq_restore(), a handler's
 * return). For most of them the observer and the lock words already give every shared write, and
 * the comparison finds nothing more; `free`, `alloc` and `srcu` write words (a freed flag, a pool
 * slot, an SRCU count) only the comparison sees. Left out: the grace-period ops, RCU callbacks and
 * the scheduler's, whose steps write words of other contexts.
 */
const PLAIN = new Set<Instr['op']>([
  'assign', 'store', 'eval', 'branch', 'jump', 'loop', 'nop', 'wait_until', 'assert', 'fence', 'lock', 'free', 'alloc', 'srcu',
  'irq', 'preempt', 'rcu',
]);

/**
 * The words to compare for a run move at `code`'s instruction `pc` on `site`, or null when the
 * move may do more than its text says and every word must be compared: a program with tasks
 * (switches, parking, wakeups), an instruction that starts or waits for a grace period, or a
 * softirq's step after which it may return (through the silent instructions settle() runs after
 * it): an RCU callback's return marks its slot (ops/interrupts.ts leaveHandler). A hardirq's or
 * NMI's return changes only its CPU's own words, and the reader state, which the footprint takes
 * from the states themselves.
 */
export function watchWords(p: Program, code: Code, pc: number, site: Site): Int32Array | null {
  const instr = code.instrs[pc];
  if (!instr || p.sched || !PLAIN.has(instr.op) || (site.level === 3 && mayFinish(code, pc))) return null;
  const st = instrFootprint(p, instr, site);
  if (st.gp) return null;
  const r = regionsOf(p);
  const l = layoutOf(p);
  const out: number[] = [];
  for (let w = 0; w < l.size; w++) {
    const b = r.sharedBit[w]!;
    const o = r.owner[w]!;
    if (b >= 0 ? hasBit(st.writes, b) || hasBit(st.adds, b) || hasBit(st.counts, b) : o === UNKNOWN_WORD) out.push(w);
  }
  // A step of a CPU outside a read-side section is a quiescent state (step.ts noteQuiescence,
  // noteCallbackQuiescence): it clears its bit in every other CPU's pending grace periods.
  const gpSpan = l.gpWords * l.gpSets;
  for (const f of gpFrames(p)) {
    const at = l.frameBase + f * l.frameWords + l.gpOffset;
    for (let k = 0; k < gpSpan; k++) if (r.owner[at + k] !== site.cpu) out.push(at + k);
  }
  const cbEnd = l.cbGpBase + p.cpus * l.cbObjects * gpSpan;
  for (let w = l.cbGpBase; w < cbEnd; w++) if (r.owner[w] !== site.cpu) out.push(w);
  return Int32Array.from(new Set(out)).sort();
}

/** Whether control may pass the end of `code` after the instruction at pc, through silent ones only. */
function mayFinish(code: Code, pc: number): boolean {
  const seen = new Set<number>();
  const todo = successors(code.instrs[pc]!, pc);
  while (todo.length > 0) {
    const at = todo.pop()!;
    if (at >= code.instrs.length) return true;
    const i = code.instrs[at]!;
    if (seen.has(at) || !isSilent(i)) continue;
    seen.add(at);
    todo.push(...successors(i, at));
  }
  return false;
}
