// Statement lists -> one flat instruction list per context (a task program or a handler), with
// procedures inlined at each call, `for` over constants unrolled, and loops given iteration
// counters. Inlining keeps the machine free of call stacks: a step is one instruction.
import type { Diagnostic } from '../../common/diagnostic.js';
import { suggest } from '../../common/suggest.js';
import { assertNever } from '../../common/assert-never.js';
import type { PrimitiveName } from '../../machine/ops/family.js';
import { primitiveNamed, primitiveNames } from '../../machine/ops/registry.js';
import { isSilent, pointerTo, readsOnlyLocals, type Code, type Expr, type Instr, type InstrBody, type Loc, type LockOp } from '../../machine/program.js';
import { someExpr } from '../../machine/visit.js';
import type { Named, ProcedureAst, StatementNode } from '../ast.js';
import type { ExprAst, StmtAst } from '../syntax/ast.js';
import { ExprCompiler, isValuePrimitive, lockWanted, type LockRef, type LockWanted, type Scope } from './compile-expr.js';
import { rmwFailureIsSilent } from '../../machine/ops/atomics.js';
import { lowerHoisted, type HoistHost } from './compile-hoisted.js';
import { lowerWaitStatement } from './compile-wait.js';
import { KWORKER_STATEMENT, lowerWorker, type WorkHost } from './compile-work.js';
import { plainBitValue } from '../../machine/ops/bitops.js';
import { splitAccesses, unsequenced, type Part, type SplitHost } from './split-accesses.js';
import type { Symbols } from './symbols.js';
import { UnrollSteps } from './unroll-steps.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Draft = Mutable<Instr> & Record<string, unknown>;

interface LoopCtx { breaks: number[]; continues: number[]; clear: number[] }
interface ProcCtx { name: string; returns: number[]; target: number | null }
interface Site { text: string; span: Instr['span'] }

/** Primitives that are statements only (smp_mb, spin_lock, ...): every registry name without a value. */
export const BUILTIN_STATEMENTS: readonly string[] = primitiveNames().filter((n) => !isValuePrimitive(n));

const STATEMENT_OPS: ReadonlySet<string> = new Set(BUILTIN_STATEMENTS);

/**
 * The flags locals an expression's _irqsave calls save into: spin_lock_irqsave(l, flags) as a
 * statement, and spin_trylock_irqsave(l, flags) as a value (`r = ...`, `if spin_trylock_irqsave(l, flags)`).
 */
function savedFlags(e: ExprAst, out: Set<string>): void {
  if (e.k === 'unary') savedFlags(e.arg, out);
  else if (e.k === 'binary') { savedFlags(e.left, out); savedFlags(e.right, out); }
  else if (e.k === 'call') {
    const flags = e.args[e.args.length - 1];
    if (/_irqsave$|^local_irq_save$/.test(e.callee) && flags?.k === 'name') out.add(flags.name);
    for (const a of e.args) savedFlags(a, out);
  }
}

/** Names a body assigns (its locals), and which of `params` it assigns. */
function scanAssigned(body: readonly StatementNode[], out: Set<string>): void {
  for (const s of body) {
    if (s.k === 'simple') {
      const st = s.stmt;
      if (st.k === 'assign' && st.target.k === 'name' && st.target.name !== 'this_cpu' && st.target.name !== 'this_context') out.add(st.target.name);
      if (st.k === 'expr') savedFlags(st.expr, out);
      else if (st.k === 'assign') savedFlags(st.value, out);
    } else if (s.k === 'if') { savedFlags(s.cond, out); scanAssigned(s.then, out); scanAssigned(s.else, out); }
    else if (s.k === 'while') { savedFlags(s.cond, out); scanAssigned(s.body, out); }
    else if (s.k === 'for') {
      if (s.header.iter.k === 'list') out.add(s.header.variable);
      scanAssigned(s.body, out);
    }
  }
}

/**
 * The most instructions one context's code may have after unrolling and inlining. Nested range
 * loops and procedures that call others many times multiply: a one-kilobyte file can ask for
 * 10^9 inlined calls. Past this the compile stops at once with an error, in bounded time and memory.
 */
export const MAX_INSTRUCTIONS = 100_000;

/**
 * The most steps of unrolling one context's code may take: every statement compiled and every
 * iteration of a `for` counts one, whether or not it emits an instruction. The instruction cap
 * alone never trips on loops around a call of an empty procedure, a label or a line that failed
 * to parse (10^9 iterations that emit nothing), and lowering runs on the main thread, where no
 * signal is seen until it returns. Ten steps per instruction the cap allows is more than real
 * code takes (a `for` body of one statement takes two), and the cap is reached in well under a second.
 */
export const MAX_UNROLL_STEPS = 5 * MAX_INSTRUCTIONS;

/** The most values a range loop may have: it is unrolled. */
const MAX_RANGE = 1024;

class TooLarge {
  constructor(readonly site: Site, readonly what: 'instructions' | 'steps') {}
}

/** The error a TooLarge becomes; `who` names the code (`CPU 0`, `procedure 'f'`). */
function tooLargeMessage(who: string, e: TooLarge): string {
  return e.what === 'instructions'
    ? `${who} is more than ${MAX_INSTRUCTIONS} instructions once its loops are unrolled and its procedures inlined`
    : `${who} takes more than ${MAX_UNROLL_STEPS} steps to unroll and inline (every loop iteration and every statement counts, even one that emits no instruction)`;
}

export class CodeCompiler {
  private readonly instrs: Draft[] = [];
  private readonly localNames: string[] = [];
  private readonly free: number[] = [];
  private readonly loops: LoopCtx[] = [];
  private readonly procs: ProcCtx[] = [];
  private pendingLabels: string[] = [];
  readonly labels = new Set<string>();
  /** Every procedure inlined, shared across the compilers of one lowering (see lower.ts). */
  inlined = new Set<ProcedureAst>();
  /**
   * The handler declaration that runs callback `fn` (a procedure name; null: kfree) on `object`,
   * made on first request (lower.ts): call_rcu() and kfree_rcu() lower to a queue of one of them.
   */
  callbackDecl: (fn: string | null, object: number, span: Instr['span']) => number = () => -1;
  /** The cell holding the __state of the task this code is (ops/sched.ts); undefined: no task's. */
  taskState: number | undefined;
  /** Names bound before the code's first statement (an RCU callback on a pool's object: lower.ts). */
  rootBound: ReadonlyMap<string, Expr> | undefined;
  /** A kworker's code (ops/workqueue.ts): the function of its work item; undefined for any other code. */
  worker: Named | undefined;
  private readonly x: ExprCompiler;

  constructor(
    private readonly sym: Symbols,
    private readonly procedures: ReadonlyMap<string, ProcedureAst>,
    private readonly file: string,
    errors: Diagnostic[],
    private readonly cpus: number,
    /** The procedures' names, built once per lowering (a compiler is made per context). */
    procedureNames: ReadonlySet<string> = new Set(procedures.keys()),
  ) {
    this.x = new ExprCompiler(sym, file, errors, procedureNames);
    this.x.statementOps = STATEMENT_OPS;
    this.x.hoist = (prim, low, e, scope) => lowerHoisted(this.hoistHost(), prim, low.kind, low.order, e, scope);
    this.ahead = new UnrollSteps({
      procedures, cpus, limit: MAX_UNROLL_STEPS + 1, maxRange: MAX_RANGE,
      constant: (n) => { const g = sym.globals.get(n); return g?.kind === 'constant' ? g.value : undefined; },
      assigned: (body) => { const out = new Set<string>(); scanAssigned(body, out); return out; },
    });
  }

  compile(name: string, body: readonly StatementNode[]): Code {
    const names = new Set<string>();
    scanAssigned(body, names);
    const locals = new Map<string, number>();
    for (const n of names) if (!this.isGlobalCell(n)) locals.set(n, this.alloc(n));
    const scope: Scope = { locals, bound: new Map(this.rootBound ?? []) };
    this.procs.push({ name: '', returns: [], target: null });
    try {
      this.block(body, scope);
    } catch (e) {
      if (!(e instanceof TooLarge)) throw e;
      this.x.error(e.site.span, tooLargeMessage(name, e), 'smaller ranges or fewer nested calls');
      return { name, instrs: [], localNames: [] };
    }
    const ctx = this.procs.pop()!;
    this.patch(ctx.returns, this.instrs.length);
    if (this.pendingLabels.length > 0) this.emit({ op: 'nop' }, { text: `label ${this.pendingLabels.join(', ')}`, span: { file: this.file, start: 0, end: 0 } });
    this.propagateLabels();
    return { name, instrs: this.instrs as Instr[], localNames: this.localNames };
  }

  /**
   * Compiles a procedure on its own, its parameters as locals, only to find its mistakes: one
   * that no code calls (or that a strategy replaces) is never inlined, and would go unchecked.
   */
  checkAlone(proc: ProcedureAst): void {
    const names = new Set<string>();
    scanAssigned(proc.body, names);
    const locals = new Map<string, number>();
    for (const p of proc.params) locals.set(p.name, this.alloc(p.name));
    for (const n of names) if (!locals.has(n) && !this.isGlobalCell(n)) locals.set(n, this.alloc(n));
    this.procs.push({ name: proc.name, returns: [], target: null });
    // Alone, a parameter may stand for a lock a caller passes: a lock op on it is no mistake.
    this.x.aloneParams = new Set(proc.params.map((p) => p.name));
    this.alone = true;
    try {
      this.within(proc, () => this.block(proc.body, { locals, bound: new Map() }));
    } catch (e) {
      if (!(e instanceof TooLarge)) throw e;
      this.x.error(e.site.span, tooLargeMessage(`procedure '${proc.name}'`, e), 'smaller ranges or fewer nested calls');
    } finally {
      this.x.aloneParams = new Set();
    }
    this.procs.pop();
  }

  private isGlobalCell(n: string): boolean {
    const g = this.sym.globals.get(n);
    return g !== undefined && g.kind !== 'constant';
  }

  /** Slots allocated while inlining each active procedure, to clear when it returns. */
  private readonly allocLog: number[][] = [];

  private alloc(name: string): number {
    let s = this.free.pop();
    if (s !== undefined) this.localNames[s] = name;
    else { this.localNames.push(name); s = this.localNames.length - 1; }
    this.allocLog[this.allocLog.length - 1]?.push(s);
    return s;
  }

  private via(): string[] {
    return this.procs.map((p) => p.name).filter((n) => n !== '');
  }

  private emit(body: InstrBody, site: Site): number {
    const i = this.instrs.length;
    if (i >= MAX_INSTRUCTIONS) throw new TooLarge(site, 'instructions');
    this.instrs.push({ ...body, span: site.span, text: site.text, via: this.via(), labels: this.pendingLabels } as Draft);
    this.pendingLabels = [];
    return i;
  }

  private patch(at: readonly number[], to: number): void {
    for (const i of at) (this.instrs[i] as Draft).to = to;
  }

  /** A silent instruction carries no row, so labels on it move to where it leads. */
  private propagateLabels(): void {
    for (let round = 0; round < this.instrs.length; round++) {
      let moved = false;
      this.instrs.forEach((ins, i) => {
        const silent = isSilent(ins);
        if (!silent || ins.labels.length === 0) return;
        const targets = ins.op === 'branch' ? [i + 1, ins.to as number] : ins.op === 'jump' || ins.op === 'loop' ? [ins.to as number] : [i + 1];
        for (const t of targets) {
          const d = this.instrs[t];
          if (d) d.labels = [...new Set([...d.labels, ...ins.labels])];
        }
        ins.labels = [];
        moved = true;
      });
      if (!moved) break;
    }
  }

  private block(body: readonly StatementNode[], scope: Scope): void {
    for (const s of body) this.statement(s, scope);
  }

  /** Steps of unrolling so far (MAX_UNROLL_STEPS). */
  private steps = 0;

  private step(site: Site): void {
    if (++this.steps > MAX_UNROLL_STEPS) throw new TooLarge(site, 'steps');
  }

  /** Lower bounds of the steps still to come, so a nest too large to unroll trips before it starts. */
  private readonly ahead: UnrollSteps;

  /** Trips now when at least `steps` more are certain to come. */
  private expect(steps: number, site: Site): void {
    if (this.steps + steps > MAX_UNROLL_STEPS) throw new TooLarge(site, 'steps');
  }

  /** Values of the `for` variables being unrolled, shown in row texts: slot[1], not slot[c]. */
  private readonly unrolled = new Map<string, number>();

  /**
   * Source text as a row shows it: unrolled loop variables replaced by their values. One pass over
   * the words, not one regular expression per variable: thirty nested loops made that the cost
   * of lowering.
   */
  private display(source: string): string {
    if (this.unrolled.size === 0) return source;
    return source.replace(/(?<![\w.>])[A-Za-z_]\w*/g, (w) => {
      const v = this.unrolled.get(w);
      return v === undefined ? w : String(v);
    });
  }

  /**
   * The operands of one statement, with every shared access but the last made a step of its own
   * (split-accesses.ts); `own` is 1 when the statement's instruction itself accesses memory after
   * them (a store, a free). The temporaries come back for release() once the statement is done.
   * Accesses C leaves unordered are reported, and the operands are then kept as they are.
   */
  private operands(parts: Part[], own: 0 | 1, site: Site): { parts: Part[]; temps: number[] } {
    const u = unsequenced(parts);
    if (u) {
      this.x.error(this.x.accessSites.get(u) ?? site.span, 'C leaves the order of this shared access and another in the statement unspecified',
        'at most one shared access among the operands of one operator or call', 'read each into a local on a line of its own, in the order you mean', 'unsequenced');
      return { parts, temps: [] };
    }
    // A hoisted primitive's steps ran first: another shared access of the statement would be
    // ordered after them, an order C does not give.
    const hoisted = this.hoisted.splice(0);
    if (hoisted.length > 0 && parts.some((p) => (p.k === 'expr' ? !readsOnlyLocals(p.e) : p.loc.kind === 'deref' ? !readsOnlyLocals(p.loc.ptr) : !p.loc.index.every(readsOnlyLocals)))) {
      this.x.error(site.span, 'a primitive of several steps and another shared access in one statement: C does not order them so', 'the primitive on a line of its own: r = atomic_try_cmpxchg(...)');
    }
    const temps: number[] = [...hoisted];
    const host: SplitHost = {
      emit: (body, access) => {
        const at = access ? this.x.accessSites.get(access) : undefined;
        return this.emit(body, at ? { text: this.display(this.sourceText.slice(at.start, at.end)), span: site.span } : site);
      },
      next: () => this.instrs.length,
      patch: (at, to) => this.patch([at], to),
      temp: () => { const t = this.alloc('(tmp)'); temps.push(t); return t; },
    };
    return { parts: splitAccesses(parts, own, host), temps };
  }

  /** The statement being compiled, for the rows of the instructions a hoisted primitive emits. */
  private site: Site = { text: '', span: { file: '', start: 0, end: 0 } };
  /** Temporaries of hoisted primitives in the statement being compiled (operands() takes them). */
  private hoisted: number[] = [];

  /** Compiling a procedure alone (checkAlone): whoever calls it may be a task. */
  private alone = false;

  /** The calling task, as the wait queue and workqueue lowerings take it (alone: a stand-in, the code is dropped). */
  private ownTask(): { index: number; stateCell: number } | undefined {
    if (this.alone && this.taskState === undefined) return { index: 0, stateCell: 0 };
    const t = this.taskState === undefined ? -1 : [...this.sym.taskStates.values()].indexOf(this.taskState);
    return t < 0 ? undefined : { index: t, stateCell: this.taskState! };
  }

  /** The hoisting host with the calling task and the work items (compile-work.ts). */
  private workHost(): WorkHost {
    return {
      ...this.hoistHost(), task: this.ownTask(), tasks: this.sym.taskStates.size,
      work: (e, callee) => {
        const name = e.k === 'name' ? e.name : e.k === 'addr' && e.of.k === 'name' ? e.of.name : null;
        const g = name === null ? undefined : this.sym.globals.get(name);
        if (g?.kind === 'work' && name !== null) return { name, object: g.object, loc: g.loc, flush: g.flush, task: g.task };
        const s = name === null ? undefined : suggest(name, [...this.sym.globals].filter(([, v]) => v.kind === 'work').map(([k]) => k));
        this.x.error(e, name !== null && !g ? `undefined work item '${name}'` : `${callee}() takes a work item`, 'a work item declared under state: works, as &w', s ? `did you mean '${s}'?` : undefined);
        return null;
      },
    };
  }

  private hoistHost(): HoistHost {
    const site = this.site;
    return {
      x: this.x, site,
      emit: (body, at) => this.emit(body, at),
      next: () => this.instrs.length,
      patch: (at, to) => this.patch([at], to),
      temp: () => { const t = this.alloc('(tmp)'); this.hoisted.push(t); return t; },
      operand: (e) => {
        // The primitive's own access, not another one of the statement: set its temporaries aside.
        const own = this.hoisted.splice(0);
        const r = this.value(e, 0, site);
        this.hoisted.push(...own, ...r.temps);
        return r.value;
      },
      asWork: () => this.workHost(),
      call: (name, args, at, scope) => {
        const proc = this.procedures.get(name);
        if (!proc) { this.x.error(at, `undefined procedure '${name}'`, 'a procedure of this scenario'); return; }
        // The procedure's statements are statements of their own: they must not take this one's temporaries.
        const own = this.hoisted.splice(0);
        this.inline(proc, { k: 'call', callee: name, calleeEnd: at.end, args, start: at.start, end: at.end }, site, scope, null);
        this.hoisted.push(...own);
      },
    };
  }

  /** One operand that is a value. */
  private value(e: Expr, own: 0 | 1, site: Site): { value: Expr; temps: number[] } {
    const r = this.operands([{ k: 'expr', e }], own, site);
    return { value: (r.parts[0] as { e: Expr }).e, temps: r.temps };
  }

  /** Temporaries are dead once their statement's instruction has run: clear them (a silent step). */
  private release(temps: number[], site: Site): void {
    if (temps.length === 0) return;
    this.emit({ op: 'jump', to: this.instrs.length + 1, clear: temps }, site);
    this.free.push(...temps);
  }

  private statement(s: StatementNode, scope: Scope): void {
    const site: Site = { text: s.k === 'label' ? '' : this.display(s.text), span: s.span };
    const outer = this.site;
    this.site = site;
    try {
      this.statementAt(s, site, scope);
    } finally {
      this.site = outer;
    }
  }

  private statementAt(s: StatementNode, site: Site, scope: Scope): void {
    this.step(site);
    switch (s.k) {
      case 'label':
        this.labels.add(s.name);
        this.pendingLabels = [...this.pendingLabels, s.name];
        return;
      case 'simple': return this.simple(s.stmt, site, scope);
      case 'if': {
        const { value: cond, temps } = this.value(this.x.expr(s.cond, scope), 0, site);
        const br = this.emit({ op: 'branch', cond, to: -1, clear: temps, silent: readsOnlyLocals(cond) }, site);
        this.release(temps, site);
        this.block(s.then, scope);
        if (s.else.length > 0) {
          const j = this.emit({ op: 'jump', to: -1, clear: [] }, site);
          this.patch([br], this.instrs.length);
          this.block(s.else, scope);
          this.patch([j], this.instrs.length);
        } else this.patch([br], this.instrs.length);
        return;
      }
      case 'while': {
        const counter = this.alloc('(loop)');
        if (s.doWhile) { this.doWhile(s, site, scope, counter); this.free.push(counter); return; }
        const head = this.instrs.length;
        const { value: cond, temps } = this.value(this.x.expr(s.cond, scope), 0, site);
        const br = this.emit({ op: 'branch', cond, to: -1, clear: [counter, ...temps], silent: readsOnlyLocals(cond) }, site);
        this.release(temps, site);
        this.loopBody(s.body, scope, [counter], () => this.emit({ op: 'loop', counter, bound: s.bound, to: head }, site), [br]);
        this.free.push(counter);
        return;
      }
      case 'for': return this.forLoop(s, site, scope);
    }
  }

  /**
   * C's do-while: the body, then the condition; while it holds, the back-edge counts a repeat
   * (past `bound` the run is a livelock). `continue` goes to the condition, as in C.
   */
  private doWhile(s: Extract<StatementNode, { k: 'while' }>, site: Site, scope: Scope, counter: number): void {
    const head = this.instrs.length;
    const ctx: LoopCtx = { breaks: [], continues: [], clear: [counter] };
    this.loops.push(ctx);
    this.block(s.body, scope);
    this.loops.pop();
    this.patch(ctx.continues, this.instrs.length);
    const { value: cond, temps } = this.value(this.x.expr(s.cond, scope), 0, site);
    const br = this.emit({ op: 'branch', cond, to: -1, clear: [counter, ...temps], silent: readsOnlyLocals(cond) }, site);
    this.release(temps, site);
    this.emit({ op: 'loop', counter, bound: s.bound, to: head }, site);
    this.patch([...ctx.breaks, br], this.instrs.length);
  }

  /** Compile a loop body; `backEdge` emits the instruction `continue` goes to. */
  private loopBody(body: readonly StatementNode[], scope: Scope, clear: number[], backEdge: () => number, exits: number[]): void {
    const ctx: LoopCtx = { breaks: [], continues: [], clear };
    this.loops.push(ctx);
    this.block(body, scope);
    this.loops.pop();
    const back = this.instrs.length;
    backEdge();
    this.patch(ctx.continues, back);
    this.patch([...ctx.breaks, ...exits], this.instrs.length);
  }

  private forLoop(s: Extract<StatementNode, { k: 'for' }>, site: Site, scope: Scope): void {
    const { variable, iter } = s.header;
    if (iter.k === 'list') {
      const k = scope.locals.get(variable)!;
      const field = this.sym.fieldIds.get(iter.field);
      if (field === undefined) this.x.error({ start: iter.fieldStart, end: iter.end }, `no object has a field '${iter.field}'`, 'a field declared under state: objects');
      const headLoc = this.x.loc(iter.head, scope);
      const headSite = { ...site, text: `${variable} = READ_ONCE(${this.sourceOf(iter.head)})` };
      const first = this.value({ kind: 'load', loc: headLoc, order: 'once' }, 0, headSite);
      this.emit({ op: 'assign', local: k, value: first.value, silent: false }, headSite);
      this.release(first.temps, headSite);
      const counter = this.alloc('(walk)');
      const head = this.instrs.length;
      const bound = s.bound ?? this.sym.objects.length + 1;
      const br = this.emit({ op: 'branch', cond: { kind: 'bin', op: '!=', a: { kind: 'local', slot: k }, b: { kind: 'const', v: 0 } }, to: -1, clear: [counter], silent: true }, site);
      this.loopBody(s.body, scope, [counter], () => {
        const adv = this.emit({ op: 'assign', local: k, value: { kind: 'load', loc: { kind: 'deref', ptr: { kind: 'local', slot: k }, field: field ?? 0 }, order: 'once' }, silent: false }, { ...site, text: `${variable} = READ_ONCE(${variable}->${iter.field})` });
        this.emit({ op: 'loop', counter, bound, to: head }, site);
        return adv;
      }, [br]);
      this.free.push(counter);
      return;
    }
    const from = iter.k === 'cpus' ? 0 : this.constant(iter.from, scope);
    const to = iter.k === 'cpus' ? this.cpus - 1 : this.constant(iter.to, scope);
    if (to - from > MAX_RANGE) { this.x.error(iter, `a range loop is unrolled and may have at most ${MAX_RANGE} values`); return; }
    // The loop statement itself is counted already.
    this.expect(this.ahead.statement(s, new Set([...scope.locals.keys(), ...scope.bound.keys()])) - 1, site);
    const breaks: number[] = [];
    // One copy of the scope per loop, its variable set anew each iteration: nothing keeps a scope.
    const bound = new Map(scope.bound);
    for (let v = from; v <= to; v++) {
      this.step(site);
      bound.set(variable, { kind: 'const', v });
      const ctx: LoopCtx = { breaks: [], continues: [], clear: [] };
      this.loops.push(ctx);
      const outer = this.unrolled.get(variable);
      this.unrolled.set(variable, v);
      this.block(s.body, { locals: scope.locals, bound });
      if (outer === undefined) this.unrolled.delete(variable);
      else this.unrolled.set(variable, outer);
      this.loops.pop();
      this.patch(ctx.continues, this.instrs.length);
      breaks.push(...ctx.breaks);
    }
    this.patch(breaks, this.instrs.length);
  }

  private sourceOf(e: ExprAst): string {
    return this.sourceText.slice(e.start, e.end);
  }
  sourceText = '';
  /** The text of every file a procedure may come from (imports.ts), by file name. */
  sources: ReadonlyMap<string, string> = new Map();

  /**
   * Runs `f` with the procedure's file as the current one: an imported procedure's expressions
   * have offsets into its own file, so their spans and source text must come from that file.
   */
  private within(proc: ProcedureAst, f: () => void): void {
    const file = proc.span.file;
    const text = this.sources.get(file);
    if (file === this.x.file || text === undefined) { f(); return; }
    const [outerFile, outerText] = [this.x.file, this.sourceText];
    this.x.file = file;
    this.sourceText = text;
    try {
      f();
    } finally {
      this.x.file = outerFile;
      this.sourceText = outerText;
    }
  }

  private constant(e: ExprAst, scope: Scope): number {
    const v = this.x.expr(e, scope);
    if (v.kind === 'const') return v.v;
    this.x.error(e, 'a range bound must be a constant', 'an integer, a constant or nr_cpus');
    return 0;
  }

  private simple(st: StmtAst, site: Site, scope: Scope): void {
    switch (st.k) {
      case 'break':
      case 'continue': {
        const loop = this.loops[this.loops.length - 1];
        if (!loop) { this.x.error(st, `'${st.k}' outside a loop`, "a 'while' or 'for' around it"); return; }
        const j = this.emit({ op: 'jump', to: -1, clear: st.k === 'break' ? loop.clear : [] }, site);
        (st.k === 'break' ? loop.breaks : loop.continues).push(j);
        return;
      }
      case 'return': {
        const proc = this.procs[this.procs.length - 1]!;
        if (st.value) {
          const { value: v, temps } = this.value(this.x.expr(st.value, scope), 0, site);
          if (proc.target !== null) this.emit({ op: 'assign', local: proc.target, value: v, silent: readsOnlyLocals(v) }, site);
          else if (!readsOnlyLocals(v)) this.emit({ op: 'eval', value: v }, site);
          this.release(temps, site);
        }
        proc.returns.push(this.emit({ op: 'jump', to: -1, clear: [] }, site));
        return;
      }
      case 'assign': return this.assign(st, site, scope);
      case 'expr': return this.call(st.expr as Extract<ExprAst, { k: 'call' }>, site, scope, null);
    }
  }

  private assign(st: Extract<StmtAst, { k: 'assign' }>, site: Site, scope: Scope): void {
    const t = st.target;
    if (t.k === 'name' && (t.name === 'this_cpu' || t.name === 'this_context' || this.sym.globals.get(t.name)?.kind === 'constant')) {
      this.x.error(t, `'${t.name}' is a constant and cannot be assigned`, 'a local, a cell, p->field, *p or a[i]');
      return;
    }
    const isLocal = t.k === 'name' && scope.locals.has(t.name);
    if (st.value.k === 'call' && primitiveNamed(st.value.callee)?.lower.to === 'alloc' && !this.procedures.has(st.value.callee)) {
      const e = st.value;
      if (!isLocal) { this.x.error(t, `the object ${e.callee}() allocates goes into a local`, `a local name on the left of '=', then rcu_assign_pointer() or WRITE_ONCE() to publish it`); return; }
      if (!this.arity(e, 1)) return;
      const pool = this.poolArg(e.args[0]!);
      if (pool !== undefined) this.emit({ op: 'alloc', local: scope.locals.get((t as { name: string }).name)!, pool }, site);
      return;
    }
    if (st.value.k === 'call' && this.procedures.has(st.value.callee)) {
      if (!isLocal) { this.x.error(t, 'the result of a procedure goes into a local', `a local name on the left of '='`); return; }
      this.call(st.value, site, scope, scope.locals.get((t as { name: string }).name)!);
      return;
    }
    const waits = st.value.k === 'call' ? primitiveNamed(st.value.callee) : undefined;
    if (st.value.k === 'call' && waits?.lower.to === 'cond_load') {
      // The value a wait returns is the one that ended it: it goes into a local in that step.
      if (!isLocal) { this.x.error(t, `the value of ${st.value.callee}() goes into a local`, `a local name on the left of '='`); return; }
      this.condLoad(waits, st.value, scope, site, scope.locals.get((t as { name: string }).name)!);
      return;
    }
    const value = this.x.expr(st.value, scope);
    if (isLocal) {
      const v = this.value(value, 0, site);
      this.emit({ op: 'assign', local: scope.locals.get((t as { name: string }).name)!, value: v.value, silent: readsOnlyLocals(v.value) }, site);
      this.release(v.temps, site);
      return;
    }
    if (t.k === 'name' && scope.bound.has(t.name)) { this.x.error(t, `'${t.name}' is a loop variable or constant parameter and cannot be assigned`); return; }
    this.store(this.x.loc(t, scope), value, 'plain', site);
  }

  private arity(e: Extract<ExprAst, { k: 'call' }>, n: number): boolean {
    if (e.args.length === n) return true;
    this.x.error(e, `${e.callee}() takes ${n} argument${n === 1 ? '' : 's'}, not ${e.args.length}`, `${n} argument${n === 1 ? '' : 's'}`);
    return false;
  }

  private flagsSlot(e: ExprAst | undefined, scope: Scope): number {
    if (e?.k === 'name' && scope.locals.has(e.name)) return scope.locals.get(e.name)!;
    const alias = e?.k === 'name' ? scope.bound.get(e.name) : undefined;
    if (alias?.kind === 'local') return alias.slot; // a parameter bound to the caller's local
    if (e) this.x.error(e, 'the flags argument must be a local name', 'a name such as flags');
    return 0;
  }

  private call(e: Extract<ExprAst, { k: 'call' }>, site: Site, scope: Scope, target: number | null): void {
    const c = e.callee;
    // A kworker's one statement (lower.ts), which no scenario can write: its loop (compile-work.ts).
    if (c === KWORKER_STATEMENT && this.worker) {
      lowerWorker(this.workHost(), e, this.worker, scope);
      this.release(this.hoisted.splice(0), site);
      return;
    }
    const prim = primitiveNamed(c);
    if (prim && !isValuePrimitive(c)) { this.primitive(prim, e, site, scope); return; }
    const proc = this.procedures.get(c);
    if (proc) { this.inline(proc, e, site, scope, target); return; }
    if (!prim) {
      const s = suggest(c, [...primitiveNames(), ...this.procedures.keys()]);
      this.x.error({ start: e.start, end: e.calleeEnd }, `unknown operation '${c}'`, 'a kernel primitive or a procedure of this scenario', s ? `did you mean '${s}'?` : undefined);
      return;
    }
    // A hoisted primitive as a statement: its steps run, its value is dropped.
    if (prim.lower.to === 'hoist') {
      this.x.expr(e, scope);
      this.release(this.hoisted.splice(0), site);
      return;
    }
    // Loads and atomics used as statements: their value is dropped, their access happens.
    const v = this.value(this.x.expr(e, scope), 0, site);
    this.emit({ op: 'eval', value: v.value }, site);
    this.release(v.temps, site);
  }

  /** A statement primitive, lowered as its family says (PrimitiveName.lower). */
  private primitive(prim: PrimitiveName, e: Extract<ExprAst, { k: 'call' }>, site: Site, scope: Scope): void {
    const c = e.callee;
    const low = prim.lower;
    if (!this.arity(e, prim.roles.length)) return;
    switch (low.to) {
      case 'instr':
        // An argument the instruction does not use is still checked (write_seqcount_latch_end(&s)).
        prim.roles.forEach((r, i) => { if (r === 'pointer') this.x.loc(e.args[i]!, scope); });
        this.emit(low.body, site);
        return;
      case 'store':
        this.store(prim.roles[0] === 'percpu' ? this.x.percpuLoc(e.args[0]!, scope, c) : this.x.loc(e.args[0]!, scope), low.value !== undefined ? { kind: 'const', v: low.value } : this.x.expr(e.args[1]!, scope), low.order, site);
        if (low.fence) this.emit({ op: 'fence', kind: low.fence }, site);
        return;
      case 'irq_flags': this.emit({ op: 'irq', kind: low.kind, flags: this.flagsSlot(e.args[0], scope) }, site); return;
      case 'lock': this.lockStatement(low, prim, e, this.lockOperand(e.args[0]!, lockWanted(prim.roles[0]), c, scope, site), scope, site); return;
      case 'seqlock': {
        // ops/seqcount.ts: the spinlock is taken before the count goes odd, released after it is even.
        const ref = this.lockOperand(e.args[0]!, 'seqlock', c, scope, site);
        const taking = !low.lock.ops.includes('spin_unlock');
        const bump = (): void => { if (low.write) this.seqWrite(this.x.seqLoc(e.args[0]!, 'seqlock', c, scope), site); };
        if (!taking) bump();
        this.lockStatement(low.lock, prim, e, ref, scope, site);
        if (taking) bump();
        return;
      }
      case 'seq_write': this.seqWrite(this.x.seqLoc(e.args[0]!, prim.roles[0], c, scope), site); return;
      case 'cond_load': this.condLoad(prim, e, scope, site, null); return;
      case 'call_rcu': case 'kfree_rcu':
        // kfree_rcu_mightsleep(ptr) may sleep (kernel/rcu/tree.c, kvfree_call_rcu(): might_sleep()
        // when no head is given, for it may fall back to synchronize_rcu()).
        if (low.to === 'kfree_rcu' && low.mightSleep) this.emit({ op: 'sched', kind: 'might_sleep', task: 0 }, site);
        this.queueCallback(low.to, prim, e, site, scope);
        return;
      case 'rcu_barrier': {
        // kvfree_rcu_barrier() waits for the kfree_rcu() frees, rcu_barrier() for the call_rcu() callbacks (ops/rcu-callbacks.ts).
        const kv = low.kvfree ? { kvfree: true as const } : {};
        const what = low.kvfree ? 'kfree_rcu() free' : 'call_rcu() callback';
        this.emit({ op: 'rcu_callback', kind: 'rcu_barrier_start', ptr: { kind: 'const', v: 0 }, decls: [], ...kv }, site);
        this.emit({ op: 'rcu_callback', kind: 'rcu_barrier_wait', ptr: { kind: 'const', v: 0 }, decls: [], ...kv }, { ...site, text: `${c}() returns: every ${what} queued before it has run` });
        return;
      }
      case 'grace_period':
        this.emit({ op: 'synchronize_rcu_start', expedited: low.expedited }, site);
        this.emit({ op: 'synchronize_rcu_wait', expedited: low.expedited }, { ...site, text: `${c}() returns: grace period over` });
        return;
      case 'wait_until':
      case 'assert': {
        // Both test their condition in one step: assert checks one instant; wait_until observes
        // memory once per try, as smp_cond_load_acquire() reads VAL once, so it may read only one
        // location (several, read at different times, are a loop the user must write out).
        const hoist = this.x.hoist;
        this.x.hoist = undefined; // one step: no primitive of several
        const cond = this.x.expr(e.args[0]!, scope);
        this.x.hoist = hoist;
        if (low.to === 'wait_until') this.oneLocation(cond, e.args[0]!);
        this.emit({ op: low.to, cond }, site);
        return;
      }
      case 'free': {
        // kmem_cache_free(cache, p): the object must be one of the cache's (ops/pool.ts).
        const pool = low.fromPool ? this.poolArg(e.args[0]!) : undefined;
        const obj = e.args[low.fromPool ? 1 : 0]!;
        if (this.freeable(obj, c, scope)) {
          const v = this.value(this.x.expr(obj, scope), 1, site);
          this.emit({ op: 'free', ptr: v.value, ...(pool !== undefined ? { pool } : {}) }, site);
          this.release(v.temps, site);
        }
        return;
      }
      case 'alloc':
        this.x.error(e, `${c}() returns the object it allocates`, `p = ${c}(pool), with p a local`);
        return;
      case 'srcu': {
        const ss = this.x.srcuArg(e.args[0]!, c);
        const none: Expr = { kind: 'const', v: 0 };
        if (low.kind === 'srcu_read_unlock' || low.kind === 'srcu_up_read') {
          const v = this.value(this.x.expr(e.args[1]!, scope), 0, site);
          this.emit({ op: 'srcu', kind: low.kind, ss, local: -1, idx: v.value, expedited: false }, site);
          this.release(v.temps, site);
          return;
        }
        const expedited = low.expedited ?? false;
        this.emit({ op: 'srcu', kind: 'synchronize_srcu_start', ss, local: -1, idx: none, expedited }, site);
        this.emit({ op: 'srcu', kind: 'synchronize_srcu_wait', ss, local: -1, idx: none, expedited }, { ...site, text: `${c}() returns: grace period over` });
        return;
      }
      case 'percpu_add': {
        // include/asm-generic/percpu.h, this_cpu_generic_to_op(): raw_local_irq_save(flags);
        // *raw_cpu_ptr(&pcp) += val; raw_local_irq_restore(flags). The load and the store are
        // steps of their own, so another CPU may write the slot between them (x86 does it in one
        // non-LOCKed instruction, which no IRQ splits but which is no more atomic than this
        // against other CPUs; an NMI may run between the two here, not there).
        const loc = this.x.percpuLoc(e.args[0]!, scope, c);
        const amount: Expr = low.add !== undefined ? { kind: 'const', v: low.add } : this.x.expr(e.args[1]!, scope);
        // The value first (an argument of the macro), then the IRQ-off window.
        const v = this.value(low.negate ? { kind: 'un', op: '-', a: amount } : amount, 0, site);
        const flags = this.alloc('(flags)');
        const t = this.alloc('(tmp)');
        this.emit({ op: 'irq', kind: 'local_irq_save', flags }, site);
        this.emit({ op: 'assign', local: t, value: { kind: 'load', loc, order: 'plain' }, silent: false }, site);
        this.emit({ op: 'store', loc, value: { kind: 'bin', op: '+', a: { kind: 'local', slot: t }, b: v.value }, order: 'plain' }, site);
        this.emit({ op: 'irq', kind: 'local_irq_restore', flags }, site);
        this.release([flags, t, ...v.temps], site);
        return;
      }
      case 'plain_bit': {
        // ops/bitops.ts: `*p |= mask` and kin, a plain load and a plain store, steps of their own.
        const loc = this.x.loc(e.args[1]!, scope);
        this.store(loc, plainBitValue(low.op, { kind: 'load', loc, order: 'plain' }, 1 << this.x.bitNumber(e.args[0]!, scope, c)), 'plain', site);
        return;
      }
      case 'task_state': {
        // include/linux/sched.h: set_current_state(s) is smp_store_mb(current->__state, s);
        // __set_current_state(s) is WRITE_ONCE(current->__state, s).
        if (this.taskState === undefined) { this.x.error(e, `${c}() outside a task`, "a call in the program of a task ('cpu N:' or 'task NAME on cpu N:'), not in an interrupt handler"); return; }
        const v = this.value(this.x.expr(e.args[0]!, scope), 0, site);
        this.store({ kind: 'deref', ptr: { kind: 'const', v: pointerTo(this.taskState) }, field: 0 }, v.value, 'once', site);
        this.release(v.temps, site);
        if (low.barrier) this.emit({ op: 'fence', kind: 'smp_mb' }, site);
        return;
      }
      case 'wake_up_process': {
        const arg = e.args[0]!;
        const g = arg.k === 'name' ? this.sym.globals.get(arg.name) : undefined;
        if (g?.kind !== 'task') {
          const tasks = [...this.sym.globals].filter(([, v]) => v.kind === 'task').map(([k]) => k);
          this.x.error(arg, 'not a task', tasks.length > 0 ? tasks.join(', ') : "a task declared as 'task NAME on cpu N:' under programs");
          return;
        }
        this.emit({ op: 'sched', kind: 'wake_up_process', task: g.task }, site);
        return;
      }
      case 'sleeping_lock': {
        // ops/sleeping-lock.ts: each op a step on the lock, a scheduler instruction (it may sleep);
        // mutex_init() and init_rwsem() have none and are one step that changes nothing.
        const ref = this.lockOperand(e.args[0]!, lockWanted(prim.roles[0]), c, scope, site);
        this.onLock(ref.ref, (lock) => {
          if (low.ops.length === 0) this.emit({ op: 'nop' }, site);
          for (const kind of low.ops) this.emit({ op: 'sched', kind, task: 0, lock }, site);
        }, site);
        this.release(ref.temps, site);
        return;
      }
      case 'wait': {
        // ops/waitqueue.ts, ops/completion.ts; the lowering is compile-wait.ts's.
        lowerWaitStatement({ ...this.hoistHost(), task: this.ownTask(), tasks: this.sym.taskStates.size }, low.kind, e, scope);
        this.release(this.hoisted.splice(0), site);
        return;
      }
      case 'load': case 'rmw': case 'lock_value': case 'seq_retry': case 'hoist': case 'context_test':
        throw new Error(`${c} has a value: call() lowers it as an expression`);
      default:
        assertNever(low);
    }
  }

  /** A lock statement's IRQ op, preemption-disable and lock ops on `ref`, in the kernel's order. */
  private lockStatement(low: Extract<PrimitiveName['lower'], { to: 'lock' }>, prim: PrimitiveName, e: Extract<ExprAst, { k: 'call' }>, ref: { ref: LockRef; temps: number[] }, scope: Scope, site: Site): void {
    const irq = (): void => {
      if (low.irq) this.emit({ op: 'irq', kind: low.irq, flags: prim.roles[1] === 'flags' ? this.flagsSlot(e.args[1], scope) : -1 }, site);
    };
    if (!low.irqAfter) irq();
    // spin_lock(), read_lock() and write_lock() disable preemption before they spin
    // (include/linux/spinlock_api_smp.h, rwlock_api_smp.h), so a CPU waiting for a lock is
    // already an RCU reader that a grace period waits for. The unlocks enable it again in the
    // same step as the release: nothing can run between the two.
    if (!low.irqAfter && !low.ops.some((k) => k === 'spin_unlock' || k === 'read_unlock' || k === 'write_unlock')) {
      this.emit({ op: 'preempt', kind: 'preempt_disable', ofLock: true }, site);
    }
    this.lockOps(ref.ref, low.ops, site);
    this.release(ref.temps, site);
    if (low.irqAfter) irq();
  }

  /**
   * A sequence count's `s->sequence++` (ops/seqcount.ts): a plain load, then a plain store, which
   * include/linux/seqlock.h wraps in kcsan_nestable_atomic_begin()/_end(): not a data race.
   */
  private seqWrite(loc: Loc, site: Site): void {
    this.store(loc, { kind: 'bin', op: '+', a: { kind: 'load', loc, order: 'plain' }, b: { kind: 'const', v: 1 } }, 'plain', site, true);
  }

  /**
   * smp_cond_load_*(ptr, cond on VAL) and a sequence count's begin (ops/cond-load.ts): a wait on
   * the location whose condition reads it once per try as VAL, the value that satisfied it going
   * to `target` in the same step.
   */
  private condLoad(prim: PrimitiveName, e: Extract<ExprAst, { k: 'call' }>, scope: Scope, site: Site, target: number | null): void {
    const low = prim.lower;
    if (low.to !== 'cond_load' || !this.arity(e, prim.roles.length)) return;
    const val: Expr = { kind: 'load', loc: this.x.seqLoc(e.args[0]!, prim.roles[0], e.callee, scope), order: 'once' };
    let cond: Expr;
    if (low.even) cond = { kind: 'bin', op: '==', a: { kind: 'bin', op: '&', a: val, b: { kind: 'const', v: 1 } }, b: { kind: 'const', v: 0 } };
    else {
      cond = this.x.expr(e.args[1]!, { ...scope, bound: new Map([...scope.bound, ['VAL', val]]) });
      this.oneLocation(cond, e.args[1]!);
    }
    this.emit({ op: 'wait_until', cond, ...(target === null ? {} : { into: { local: target, value: val } }) }, site);
  }

  /**
   * A statement's lock argument (LockRef). A lock field reached through a pointer known only at
   * run time has its pointer read into a local first, so it is read once, before the call acts.
   */
  private lockOperand(arg: ExprAst, wanted: LockWanted | null, callee: string, scope: Scope, site: Site): { ref: LockRef; temps: number[] } {
    const ref = this.x.lockRef(arg, wanted, callee, scope);
    if (ref.kind === 'static' || ref.ptr.kind === 'local') return { ref, temps: [] };
    const v = this.value(ref.ptr, 0, site);
    const t = this.alloc('(lock)');
    this.emit({ op: 'assign', local: t, value: v.value, silent: readsOnlyLocals(v.value) }, site);
    this.release(v.temps, site);
    return { ref: { ...ref, ptr: { kind: 'local', slot: t } }, temps: [t] };
  }

  /**
   * The lock ops on a LockRef. A dynamic one tests its pointer (a local: silent branches) against
   * each object that has the lock field and runs the ops on that object's lock; a pointer to
   * anything else reads the field, which faults as the access would (NULL, not an object, no such
   * field), as spin_lock(&p->lock) does in the kernel.
   */
  private lockOps(ref: LockRef, ops: readonly LockOp[], site: Site): void {
    this.onLock(ref, (lock) => { for (const kind of ops) this.emit({ op: 'lock', kind, lock }, site); }, site);
  }

  /** Emit `each(lock)` for the lock a LockRef names: at run time, for a dynamic one (lockOps). */
  private onLock(ref: LockRef, each: (lock: number) => void, site: Site): void {
    if (ref.kind === 'static') {
      each(ref.lock);
      return;
    }
    const ends: number[] = [];
    for (const [obj, lock] of ref.candidates) {
      const br = this.emit({ op: 'branch', cond: { kind: 'bin', op: '==', a: ref.ptr, b: { kind: 'const', v: pointerTo(obj) } }, to: -1, clear: [], silent: true }, site);
      each(lock);
      ends.push(this.emit({ op: 'jump', to: -1, clear: [] }, site));
      this.patch([br], this.instrs.length);
    }
    this.emit({ op: 'eval', value: { kind: 'load', loc: { kind: 'deref', ptr: ref.ptr, field: ref.field }, order: 'once' } }, site);
    this.patch(ends, this.instrs.length);
  }

  /** A store after its operands, each access of which is a step of its own. */
  private store(loc: Loc, value: Expr, order: 'plain' | 'once' | 'release', site: Site, kcsanAtomic = false): void {
    const r = this.operands([{ k: 'loc', loc }, { k: 'expr', e: value }], 1, site);
    this.emit({ op: 'store', loc: (r.parts[0] as { loc: Loc }).loc, value: (r.parts[1] as { e: Expr }).e, order, ...(kcsanAtomic ? { kcsanAtomic: true as const } : {}) }, site);
    this.release(r.temps, site);
  }

  /** wait_until's condition: one location, and no atomic whose failed try would have an effect. */
  private oneLocation(cond: Expr, at: ExprAst): void {
    const seen = new Set<string>();
    let sideEffect: string | null = null;
    someExpr(cond, (e) => {
      // A failed try of the spin it stands for must change nothing, as it does not here.
      if (e.kind === 'rmw' && !rmwFailureIsSilent(e.op)) sideEffect ??= e.op;
      if (e.kind === 'load' || e.kind === 'rmw') seen.add(JSON.stringify(e.loc));
      if (e.kind === 'lock_value') seen.add(`lock ${e.lock}`);
      return false;
    });
    if (sideEffect !== null) {
      this.x.error(at, `wait_until() with ${sideEffect}(): a spin would run it on every failed try, and wait_until() runs it once, when the condition holds`,
        'an atomic that changes nothing when it fails: cmpxchg(), atomic_add_unless(), atomic_inc_not_zero(), a trylock', 'write the loop out with a bound, or wait for the value first');
    }
    if (seen.size > 1) {
      this.x.error(at, `wait_until() observes one location, and this condition reads ${seen.size}`, 'a condition on one location, as smp_cond_load_acquire() has',
        'wait for each location with a wait_until of its own, in the order the code reads them');
    }
  }

  /**
   * free() of something that can never hold a heap object: a plain cell's address, a cell declared
   * with an integer, a constant other than NULL. Locals and pointer cells are judged at run time.
   */
  /** The pool a `kmalloc(pool)` or `kmem_cache_free(pool, p)` names, or undefined (reported). */
  private poolArg(arg: ExprAst): number | undefined {
    const g = arg.k === 'name' ? this.sym.globals.get(arg.name) : undefined;
    if (g?.kind === 'pool') return g.pool;
    const pools = [...this.sym.globals].filter(([, v]) => v.kind === 'pool').map(([k]) => k);
    const s = arg.k === 'name' ? suggest(arg.name, pools) : undefined;
    this.x.error(arg, arg.k === 'name' && g === undefined ? `no pool '${arg.name}'` : 'not a pool', pools.length > 0 ? pools.join(', ') : "a pool declared under state: pools", s ? `did you mean '${s}'?` : undefined);
    return undefined;
  }

  /**
   * call_rcu(&obj->head, fn) / kfree_rcu(obj, head) / kfree_rcu_mightsleep(obj): the object
   * pointer, and for each declared object that has the head field the callback declaration that
   * would run on it (ops/rcu-callbacks.ts). The callback procedure takes the object.
   */
  private queueCallback(kind: 'call_rcu' | 'kfree_rcu', prim: PrimitiveName, e: Extract<ExprAst, { k: 'call' }>, site: Site, scope: Scope): void {
    const c = e.callee;
    let ptrAst: ExprAst | undefined;
    let field: string | undefined;
    let fn: string | null = null;
    if (kind === 'call_rcu') {
      const head = e.args[0]!;
      const of = head.k === 'addr' ? head.of : head;
      if (of.k !== 'field') { this.x.error(head, `${c}() takes the callback head as &obj->field`, '&obj->rcu, a field of a heap object'); return; }
      ptrAst = of.obj;
      field = of.field;
      const f = e.args[1]!;
      if (f.k !== 'name' || !this.procedures.has(f.name)) { this.x.error(f, `${c}() takes the name of a procedure of this scenario as its callback`, 'a procedure that takes the object'); return; }
      const params = this.procedures.get(f.name)!.params.length;
      if (params !== 1) { this.x.error(f, `the callback '${f.name}' takes ${params} parameters; ${c}() passes it the object`, `${f.name}(obj)`); return; }
      fn = f.name;
    } else {
      ptrAst = e.args[0]!;
      const h = e.args[1];
      if (prim.roles.length > 1) {
        if (h?.k !== 'name') { this.x.error(h ?? e, `${c}() takes the name of the callback head field`, 'a field name such as rcu'); return; }
        field = h.name;
      }
    }
    const fieldId = field === undefined ? undefined : this.sym.fieldIds.get(field);
    if (field !== undefined && fieldId === undefined) { this.x.error(e, `no object has a field '${field}'`, 'a field declared under state: objects'); return; }
    // A pool's objects have callbacks too: lower.ts compiles each on the slot's address.
    const decls = this.sym.objects.map((o, k) => (o.heap && (fieldId === undefined || o.fields.has(fieldId)) ? this.callbackDecl(fn, k, site.span) : -1));
    if (!this.freeable(ptrAst, c, scope)) return;
    const v = this.value(this.x.expr(ptrAst, scope), 1, site);
    this.emit({ op: 'rcu_callback', kind, ptr: v.value, decls }, site);
    this.release(v.temps, site);
  }

  private freeable(arg: ExprAst, callee: string, scope: Scope): boolean {
    const expected = 'a pointer to a heap object: an object name, or a local or cell holding one';
    const name = arg.k === 'name' ? arg.name : arg.k === 'addr' && arg.of.k === 'name' ? arg.of.name : null;
    if (arg.k === 'num' && arg.value !== 0) { this.x.error(arg, `${callee}() of the integer ${arg.value}, not an object`, expected); return false; }
    if (name === null || scope.locals.has(name) || scope.bound.has(name)) return true;
    const g = this.sym.globals.get(name);
    if (g === undefined) return true; // expr() reports the undefined name
    if (g.kind === 'cell' && (arg.k === 'addr' || this.sym.scalarCells.has(name))) {
      this.x.error(arg, `${callee}() of '${name}', a plain cell, not an object`, expected, `declare '${name}' under state: objects to allocate it on the heap`);
      return false;
    }
    if (g.kind === 'constant' && g.value !== 0) { this.x.error(arg, `${callee}() of the constant '${name}', not an object`, expected); return false; }
    if (g.kind === 'lock' || g.kind === 'array') { this.x.error(arg, `${callee}() of the ${g.kind} '${name}', not an object`, expected); return false; }
    return true;
  }

  private inline(proc: ProcedureAst, e: Extract<ExprAst, { k: 'call' }>, site: Site, scope: Scope, target: number | null): void {
    if (this.procs.some((p) => p.name === proc.name)) {
      this.x.error({ start: e.start, end: e.calleeEnd }, `procedure '${proc.name}' calls itself (${[...this.via(), proc.name].join(' -> ')})`, 'no recursion: procedures are inlined');
      return;
    }
    if (!proc.broken && e.args.length !== proc.params.length) {
      this.x.error(e, `${proc.name}() takes ${proc.params.length} argument${proc.params.length === 1 ? '' : 's'}, not ${e.args.length}`);
      return;
    }
    this.expect(this.ahead.procedure(proc), site);
    this.inlined.add(proc);
    const assigned = new Set<string>();
    scanAssigned(proc.body, assigned);
    const locals = new Map<string, number>();
    const bound = new Map<string, Expr>();
    const owned: number[] = [];
    this.allocLog.push([]);
    const args = proc.params.map((_, i) => (e.args[i] === undefined || this.x.isLockArg(e.args[i]!, scope) ? undefined : this.x.expr(e.args[i]!, scope)));
    // The arguments of a call are evaluated in no fixed order (C11 6.5.2.2p10).
    const argParts = args.filter((a): a is Expr => a !== undefined).map((a): Part => ({ k: 'expr', e: a }));
    const clash = unsequenced(argParts);
    if (clash) this.operands(argParts, 0, site);
    const lockParams = new Map<string, LockRef>();
    proc.params.forEach((param, i) => {
      const argAst = e.args[i];
      if (argAst !== undefined && this.x.isLockArg(argAst, scope)) {
        // A lock passed to a procedure (`f(&b->lock)`, `f(graph_lock)`): the parameter names it.
        const r = this.lockOperand(argAst, null, proc.name, scope, site);
        lockParams.set(param.name, r.ref);
        owned.push(...r.temps);
        return;
      }
      const arg = args[i];
      if (arg === undefined) return;
      if (!assigned.has(param.name) && (arg.kind === 'const' || arg.kind === 'local')) { bound.set(param.name, arg); return; }
      const slot = this.alloc(param.name);
      owned.push(slot);
      locals.set(param.name, slot);
      const v = clash ? { value: arg, temps: [] } : this.value(arg, 0, site);
      this.emit({ op: 'assign', local: slot, value: v.value, silent: readsOnlyLocals(v.value) }, site);
      this.release(v.temps, site);
    });
    for (const n of assigned) {
      if (locals.has(n) || bound.has(n) || this.isGlobalCell(n)) continue;
      const slot = this.alloc(n);
      owned.push(slot);
      locals.set(n, slot);
    }
    this.procs.push({ name: proc.name, returns: [], target });
    this.within(proc, () => this.block(proc.body, { locals, bound, locks: lockParams }));
    const ctx = this.procs.pop()!;
    const exit = this.instrs.length;
    this.patch(ctx.returns, exit);
    // Leaving the procedure clears every slot it used (locals, and loop counters a `return` may
    // have left mid-count), so dead values neither tell states apart nor leak into a reuse.
    const used = [...new Set(this.allocLog.pop())].sort((a, b) => a - b);
    if (used.length > 0) this.emit({ op: 'jump', to: exit + 1, clear: used }, { ...site, text: `return from ${proc.name}` });
    this.free.push(...owned);
  }
}
