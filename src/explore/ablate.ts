// "Verify the verification" (McKenney, perfbook, on validation): remove one synchronization
// operation (or pair) at a time and re-check, to learn which of them the verdict rests on. Pure: the
// caller picks the explorer and budget; nothing here reads files or the clock.
import type { Span } from '../common/span.js';
import { isSilent, type Code, type DependencyKind, type Instr, type InstrBody, type Program } from '../machine/program.js';
import { assertNever } from '../common/assert-never.js';
import { fenceAblation } from '../machine/ops/barriers.js';
import { waitAblation } from '../machine/ops/checks.js';
import { irqAblation } from '../machine/ops/interrupts.js';
import { lockAblation } from '../machine/ops/locks.js';
import { rcuAblation } from '../machine/ops/rcu.js';
import { dependencySitesOf } from './ablate-dependency.js';
import { unmarked } from './ablate-marking.js';
import { weakened } from './ablate-ordering.js';
import { bracketOf, procedurePairs, type Bracket } from './ablate-pairs.js';
import type { Budget, Explorer, Outcome } from './explorer.js';
import { judge, type Judgement } from './judge.js';

/** One statement a site removes. */
export interface SiteStatement {
  readonly span: Span;
  readonly text: string;
  /** The procedure the statement sits in, innermost last (empty: a program or handler body). */
  readonly via: readonly string[];
}

/**
 * What one ablation removes: a statement, or a pair (a lock and its unlocks, an IRQ save and its
 * restore, a scenario's reader_enter() and reader_exit()) removed together, since removing one
 * half alone only breaks the other (ablate-pairs.ts).
 */
export interface AblationSite {
  /** In source order; a pair's opener first. */
  readonly statements: readonly SiteStatement[];
  /** What kind of synchronization it is, for the table. */
  readonly what: 'barrier' | 'wait' | 'irq' | 'preempt' | 'lock' | 'rcu' | 'procedures' | 'ordering' | 'marking' | DependencyKind;
  /** 'unpaired': half of a pair whose other half is not in the same code (so removed alone). */
  readonly pairing: 'single' | 'pair' | 'unpaired';
  /** Every instruction removed (a procedure inlined twice gives two of each), as [code, pc]. */
  readonly instrs: readonly (readonly [number, number])[];
}

function what(i: InstrBody): Exclude<AblationSite['what'], 'procedures' | 'ordering' | 'marking' | DependencyKind> | null {
  switch (i.op) {
    case 'fence': return fenceAblation(i.kind);
    case 'wait_until': return waitAblation();
    case 'rcu': case 'synchronize_rcu_start': case 'synchronize_rcu_wait': return rcuAblation(i);
    case 'irq': case 'preempt': return irqAblation(i);
    case 'lock': return lockAblation(i);
    // rcu_barrier() waits for callbacks, like a grace period; call_rcu()/kfree_rcu() are the free itself.
    case 'rcu_callback': return i.kind === 'rcu_barrier_start' || i.kind === 'rcu_barrier_wait' ? 'rcu' : null;
    // No synchronization of its own: an access, control flow, a check, SRCU (not ablated yet), the heap.
    case 'assign': case 'store': case 'eval': case 'branch': case 'jump': case 'loop': case 'assert': case 'srcu': case 'free': case 'alloc': case 'nop':
    // Sleeping and waking are the program's logic, not an ordering to remove (set_current_state's barrier is a fence of its own).
    case 'sched':
      return null;
    default: return assertNever(i);
  }
}

/** One statement as lowered into one code: its instructions (consecutive pcs, one span). */
interface Instance {
  readonly code: number;
  readonly pcs: number[];
  readonly first: Instr;
  what: Exclude<AblationSite['what'], 'procedures' | 'ordering' | 'marking' | DependencyKind>;
}

const spanKey = (s: Span): string => `${s.file}\u0000${s.start}\u0000${s.end}`;

/**
 * The statements of a code that hold synchronization, in pc order. A loop unrolled with the
 * statement in its body repeats its span: the statement's first instruction coming again
 * starts the next one.
 */
function instances(code: Code, c: number): Instance[] {
  const out: Instance[] = [];
  let cur: Instance | null = null;
  code.instrs.forEach((ins, pc) => {
    const w = what(ins);
    const same = cur !== null && cur.pcs[cur.pcs.length - 1] === pc - 1 && spanKey(cur.first.span) === spanKey(ins.span) && ins.op !== cur.first.op;
    if (same && cur) {
      if (w !== null) { cur.pcs.push(pc); if (ins.op === 'lock') cur.what = 'lock'; }
      else cur.pcs.push(pc);
      return;
    }
    cur = w === null ? null : { code: c, pcs: [pc], first: ins, what: w };
    if (cur) out.push(cur);
  });
  return out;
}

/** The bracket a statement is half of: its lock operation's, else its one instruction's. */
function statementBracket(code: Code, inst: Instance): Bracket | null {
  const instrs = inst.pcs.map((pc) => code.instrs[pc]!);
  const lock = instrs.find((i) => i.op === 'lock');
  return bracketOf(lock ?? instrs[0]!);
}

interface Unit { statements: Instance[]; what: AblationSite['what']; pairing: AblationSite['pairing'] }

/**
 * Pairs within one code: a closer matches the innermost open opener of its family; a closer
 * with none open joins the pair closed last (the unlock on an early-return path); what stays
 * unmatched is removed alone and marked unpaired.
 */
function unitsOf(code: Code, list: readonly Instance[]): Unit[] {
  const units: Unit[] = [];
  const open = new Map<string, Unit[]>();
  const closed = new Map<string, Unit>();
  for (const inst of list) {
    const b = statementBracket(code, inst);
    if (b === null) { units.push({ statements: [inst], what: inst.what, pairing: 'single' }); continue; }
    if (b.role === 'open') {
      const u: Unit = { statements: [inst], what: inst.what, pairing: 'unpaired' };
      units.push(u);
      open.set(b.family, [...(open.get(b.family) ?? []), u]);
      continue;
    }
    const stack = open.get(b.family) ?? [];
    const u = stack.pop() ?? closed.get(b.family);
    if (u) { u.statements.push(inst); u.pairing = 'pair'; closed.set(b.family, u); continue; }
    units.push({ statements: [inst], what: inst.what, pairing: 'unpaired' });
  }
  return units;
}

/**
 * The sites of a program in source order (by first span), each listed once. `markings`: also each
 * statement's READ_ONCE()/WRITE_ONCE() made plain (ablate-marking.ts), to show which markings keep
 * the program free of data races.
 */
export function ablationSites(p: Program, o: { readonly markings?: boolean } = {}): AblationSite[] {
  const byKey = new Map<string, { statements: Map<string, { span: Span; texts: Set<string>; via: readonly string[] }>; what: AblationSite['what']; pairing: AblationSite['pairing']; instrs: (readonly [number, number])[] }>();
  const add = (key: string, what: AblationSite['what'], pairing: AblationSite['pairing'], statements: readonly Instr[], instrs: readonly (readonly [number, number])[]): void => {
    let site = byKey.get(key);
    if (!site) { site = { statements: new Map(), what, pairing, instrs: [] }; byKey.set(key, site); }
    for (const s of statements) {
      const k = spanKey(s.span);
      const st = site.statements.get(k);
      if (st) st.texts.add(s.text);
      else site.statements.set(k, { span: s.span, texts: new Set([s.text]), via: s.via });
    }
    site.instrs.push(...instrs);
  };
  p.codes.forEach((code, c) => {
    for (const u of unitsOf(code, instances(code, c))) {
      const key = `${u.pairing}\u0001${u.statements.map((i) => spanKey(i.first.span)).join('\u0001')}`;
      add(key, u.what, u.pairing, u.statements.map((i) => i.first), u.statements.flatMap((i) => i.pcs.map((pc) => [c, pc] as const)));
    }
  });
  const sites = [...byKey.values()].map((site): AblationSite => ({
    // One statement unrolled by `for c in cpus` lowers to several texts (slot[0], slot[1]...):
    // removing the statement removes them all, and the row says so.
    statements: [...site.statements.values()]
      .map((st) => ({ span: st.span, via: st.via, text: st.texts.size > 1 ? `${[...st.texts][0]!} (and ${st.texts.size - 1} more unrolled)` : [...st.texts][0]! }))
      .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end),
    what: site.what, pairing: site.pairing, instrs: site.instrs,
  }));
  sites.push(...procedureSites(p, sites));
  if (p.memoryModel === 'lkmm') sites.push(...rewriteSites(p, 'ordering'), ...dependencySites(p));
  if (o.markings) sites.push(...rewriteSites(p, 'marking'));
  return sites.sort((a, b) => a.statements[0]!.span.start - b.statements[0]!.span.start || a.statements[0]!.span.end - b.statements[0]!.span.end || a.statements.length - b.statements.length);
}

/**
 * A scenario's bracket procedures (reader_enter()/reader_exit()), bodies whole, when they do
 * more than a pair already listed removes (a hazard-pointer store, a reference count).
 */
function procedureSites(p: Program, listed: readonly AblationSite[]): AblationSite[] {
  const names: string[] = [];
  for (const code of p.codes) for (const ins of code.instrs) for (const v of ins.via) if (!names.includes(v)) names.push(v);
  const out: AblationSite[] = [];
  for (const pair of procedurePairs(names)) {
    const instrs: [number, number][] = [];
    const firsts = new Map<string, Instr>();
    p.codes.forEach((code, c) => code.instrs.forEach((ins, pc) => {
      const name = pair.find((n) => ins.via.includes(n));
      if (name === undefined) return;
      instrs.push([c, pc]);
      if (!firsts.has(name)) firsts.set(name, ins);
    }));
    const acting = (xs: readonly (readonly [number, number])[]): string => xs.filter(([c, pc]) => !isSilent(p.codes[c]!.instrs[pc]!)).map(([c, pc]) => `${c}:${pc}`).sort().join(' ');
    const mine = acting(instrs);
    if (firsts.size < 2 || mine === '' || listed.some((s) => acting(s.instrs) === mine)) continue;
    out.push({
      statements: pair.map((n) => {
        const ins = firsts.get(n)!;
        return { span: ins.span, text: `${n}()`, via: ins.via.slice(0, ins.via.indexOf(n)) };
      }),
      what: 'procedures', pairing: 'pair', instrs,
    });
  }
  return out;
}

/**
 * The sites that keep their accesses and rewrite only their orders: under lkmm each acquire or
 * release weakened (ablate-ordering.ts), with --markings each READ_ONCE()/WRITE_ONCE() made plain
 * (ablate-marking.ts). `tag` marks the statement's text in the table.
 */
const REWRITES = {
  ordering: { rewrite: weakened, tag: 'relaxed' },
  marking: { rewrite: unmarked, tag: 'plain' },
} as const;

/** Each statement that `what`'s rewrite changes, one site each. */
function rewriteSites(p: Program, what: keyof typeof REWRITES): AblationSite[] {
  const hits: [number, number][] = [];
  p.codes.forEach((code, c) => code.instrs.forEach((ins, pc) => { if (REWRITES[what].rewrite(ins) !== null) hits.push([c, pc]); }));
  return statementSites(p, hits, what);
}

/** Under lkmm: each statement's address, data or control dependency, dropped (ablate-dependency.ts). */
function dependencySites(p: Program): AblationSite[] {
  const all = dependencySitesOf(p.codes);
  return (['addr', 'data', 'ctrl'] as const).flatMap((kind) => statementSites(p, all.filter((d) => d.kind === kind).map((d) => [d.code, d.pc]), kind));
}

/** One single site per statement (span) among the instructions `hits`, in every code it was inlined into. */
function statementSites(p: Program, hits: readonly (readonly [number, number])[], what: AblationSite['what']): AblationSite[] {
  const bySpan = new Map<string, { first: Instr; texts: Set<string>; instrs: [number, number][] }>();
  for (const [c, pc] of hits) {
    const ins = p.codes[c]!.instrs[pc]!;
    const k = spanKey(ins.span);
    const s = bySpan.get(k) ?? { first: ins, texts: new Set<string>(), instrs: [] };
    s.texts.add(ins.text);
    s.instrs.push([c, pc]);
    bySpan.set(k, s);
  }
  return [...bySpan.values()].map((s) => ({
    statements: [{ span: s.first.span, via: s.first.via, text: s.texts.size > 1 ? `${[...s.texts][0]!} (and ${s.texts.size - 1} more unrolled)` : [...s.texts][0]! }],
    what, pairing: 'single', instrs: s.instrs,
  }));
}

/**
 * The program with the site's instructions replaced by `nop`s that keep their span, labels and
 * pcs, so every jump target stays valid. An unpaired half removed alone may make its other half
 * (in another code) a misuse: that is a finding, reported like any other.
 */
export function ablate(p: Program, site: AblationSite): Program {
  const hit = new Set(site.instrs.map(([c, pc]) => `${c}:${pc}`));
  const codes: Code[] = p.codes.map((code, c) => ({
    ...code,
    instrs: code.instrs.map((ins, pc): Instr => {
      if (!hit.has(`${c}:${pc}`)) return ins;
      // An ordering or marking site keeps its accesses and rewrites only their orders.
      if (site.what === 'ordering' || site.what === 'marking') {
        const { rewrite, tag } = REWRITES[site.what];
        const out = rewrite(ins);
        if (out) return { ...out, span: ins.span, text: `(${tag}) ${ins.text}`, via: ins.via, labels: ins.labels };
      }
      // A dependency site keeps the instruction and drops only that dependency (ablate-dependency.ts).
      if (site.what === 'addr' || site.what === 'data' || site.what === 'ctrl') return { ...ins, dropDep: site.what, text: `(no ${site.what}) ${ins.text}` };
      return { op: 'nop', span: ins.span, text: `(removed) ${ins.text}`, via: ins.via, labels: ins.labels };
    }),
  }));
  return { ...p, codes, fingerprint: `${p.fingerprint}-a${site.what}${site.statements.map((st) => st.span.start).join('.')}` };
}

export interface AblationResult {
  readonly site: AblationSite;
  readonly program: Program;
  readonly outcome: Outcome;
  readonly judgement: Judgement;
  /** Removing the site changed the result: the expectation (or the original verdict) no longer holds. */
  readonly breaks: boolean;
}

/** What "unchanged" means without an expectation: the same violation kinds and observation. */
function sameResult(a: Outcome, b: Outcome): boolean {
  const kinds = (o: Outcome): string => [...new Set(o.findings.map((f) => f.violation.kind))].sort().join(',');
  const holds = (o: Outcome): string => (o.finals?.states ?? []).filter((s) => s.holds).length > 0 ? 'yes' : 'no';
  return kinds(a) === kinds(b) && holds(a) === holds(b) && a.verdict === b.verdict;
}

/** Judge an explored ablation against the expectation, or the original outcome when there is none. */
export function assessAblation(p: Program, site: AblationSite, expected: readonly string[] | null, original: Outcome, outcome: Outcome): AblationResult {
  const judgement = judge(outcome, expected);
  const breaks = expected !== null ? judgement === 'unmet' : !sameResult(original, outcome) && outcome.verdict !== 'inconclusive';
  return { site, program: ablate(p, site), outcome, judgement, breaks };
}

/** Explore and judge one ablation. */
export function checkAblation(p: Program, site: AblationSite, expected: readonly string[] | null, original: Outcome, explorer: Explorer, b: Budget): AblationResult {
  return assessAblation(p, site, expected, original, explorer.explore(ablate(p, site), b));
}
