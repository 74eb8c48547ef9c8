// The Promela model of one lowered Program (machine/program.ts), the same Program raceway's
// machine runs: one proctype per CPU, whose `do` loop offers every raceway Move of that CPU as one
// `d_step` (one atomic transition, so one shared access per step as in the machine): the
// innermost context's next instruction, guarded on the CPU's current level, its pc and the
// instruction's blocking condition; and each handler's firing, guarded as ops/interrupts.ts
// canFire. docs/spin.md gives every rule and why it keeps raceway's semantics. Pure.
import { assertNever } from '../common/assert-never.js';
import type { LineIndex } from '../common/span.js';
import { frameOf, layoutOf, usesSoftirq } from '../machine/layout.js';
import { currentTask, savedFrame, tasksOn } from '../machine/task-words.js';
import type { Move } from '../machine/moves.js';
import { gpFrames } from '../machine/ops/rcu.js';
import { handlerLevel, isSilent, type Code, type FinalExpr, type Instr, type Level, type Program } from '../machine/program.js';
import { initialState } from '../machine/start.js';
import type { ViolationKind } from '../machine/violation.js';
import { Emitter } from './emitter.js';
import type { StepCx } from './expr.js';
import { emitBody, guardOf } from './instr.js';
import { inRcuReader } from './rcu-reader.js';
import { srcuGlobals } from './srcu.js';
import {
  barrierVar, callbackObjects, cbDecl, ctxOf, curTask, firedVar, frameCount, frameIndex, freshVar, gpVar, gpbVar, handlerVar,
  heldVar, irqHandler, irqOff, lit, localVar, localsPerFrame, nmiHandler, pcVar, MODEL_KINDS, savedOff, softHandler, taskCtx, violCode, type Ctx,
} from './model-names.js';
import { barrierFrames, callbackGlobals, callbackGpWords, callbackReady, finishCallback, startCallback } from './callbacks.js';
import { lostSleeper, schedGlobals, schedInits, taskDone } from './sched.js';
import { noSoftirq, softirqGlobals, softirqMayStart } from './softirq.js';
import { preemptionLimited, switchBody, switchGuard, switchMisuse } from './switch.js';
import { freedType, poolInits } from './pool.js';
import { refusal } from './refuse.js';
import { flushed, isTso, sbCount, sbLoc, sbVal, shiftEntries } from './tso.js';

export interface ExportOptions {
  /** Violation kinds that stop the search with an assertion (default: all). Others end the run quietly. */
  readonly report?: ReadonlySet<ViolationKind>;
  /** Assert at the end of every finished run that the final condition does not hold ('hold') or holds ('fail'). */
  readonly final?: 'hold' | 'fail' | null;
  /** Line numbers for the comments that map steps to the source (the text of Program.file). */
  readonly lines?: LineIndex;
  /**
   * A planted mistake, for the crosscheck's own test: 'no-freeze' lets a context run while a
   * handler interrupts it; 'no-fire-drain' delivers an interrupt over a non-empty store buffer
   * (TSO). Never set outside that test.
   */
  readonly mutation?: 'no-freeze' | 'no-fire-drain';
  /**
   * Scratch variables as ordinary globals, zeroed at the end of every step so they never split a
   * state: pan's multi-core mode (-DNCORE) refuses hidden variables.
   */
  readonly visibleScratch?: boolean;
  /**
   * Assert in every state the search reaches that no CPU could be preempted but for the scenario's
   * `preemptions:` (ops/sched.ts preemptionLimited): pan's error then says raceway's search is
   * bounded there (bound task-preemptions). A program with tasks only.
   */
  readonly preemptionBound?: boolean;
}

export type ExportResult =
  | { readonly ok: true; readonly text: string; readonly moves: ReadonlyMap<number, Move> }
  | { readonly ok: false; readonly reason: string };

export function exportPromela(p: Program, opts: ExportOptions = {}): ExportResult {
  const why = refusal(p);
  if (why !== null) return { ok: false, reason: why };
  return new ModelWriter(p, opts).write();
}

/**
 * Ends the `d_step` of a step with `body`. Spin 6.5.2 (dstep.c, Mopup) writes the target of a
 * `break` out of a d_step's last statement, a `do`, only in the first d_step of the proctype that
 * it writes the proctype's loop label after; when an earlier d_step of the same CPU ends otherwise
 * (a step with no silent instructions after it), pan.c jumps to a label it never defines and gcc
 * rejects it ("label 'S_NNN_0' used but not defined"). A `skip` after the loop gives the `break` a
 * target inside the d_step and changes no variable.
 */
function closeStep(e: Emitter, body: Emitter): void {
  if (body.lines.at(-1)?.trim() === 'od;') body.line('skip');
  e.lines.push(...body.lines);
  e.line('   }');
}

const FAULT_COMMENT = MODEL_KINDS.map((k) => `${violCode(k)} ${k}`).join(', ');

class ModelWriter {
  private readonly out: string[] = [];
  private readonly moves = new Map<number, Move>();
  private maxTemps = 1;
  private readonly nl: number;
  private readonly gp: Int32Array;
  private readonly rw: boolean;
  private readonly frames: number;
  private readonly bars: readonly number[];

  constructor(private readonly p: Program, private readonly o: ExportOptions) {
    this.nl = localsPerFrame(p);
    // The machine's frame numbers are the model's (model-names.ts frameIndex): a task's saved frame is its own frame.
    this.gp = gpFrames(p);
    this.rw = p.locks.some((k) => k.kind === 'rwlock');
    this.frames = frameCount(p);
    this.bars = barrierFrames(p);
  }

  write(): ExportResult {
    const p = this.p;
    this.header();
    const procs: string[][] = [];
    for (let cpu = 0; cpu < p.cpus; cpu++) procs.push(this.proctype(cpu));
    this.globals();
    this.init();
    for (const lines of procs) {
      const at = this.out.length + 1;
      for (const [k, m] of this.pendingMoves.get(lines) ?? []) this.moves.set(at + k, m);
      this.out.push(...lines, '');
    }
    return { ok: true, text: this.out.join('\n'), moves: this.moves };
  }

  /** Moves by their line inside a proctype's lines (0-based), until the proctype is placed. */
  private readonly pendingMoves = new Map<string[], [number, Move][]>();

  private header(): void {
    const p = this.p;
    this.out.push(
      `/* raceway: Promela model of ${p.scenario}, variant ${p.variant}, strategy ${p.strategy} (${p.file}).`,
      ` * Generated by \`raceway export --promela\`; docs/spin.md explains the encoding.`,
      ` * Every option of a CPU's do loop is one raceway move (one atomic step); its comment gives the`,
      ` * source line. viol is the ghost fault: ${FAULT_COMMENT}. */`,
      '',
    );
  }

  private globals(): void {
    const p = this.p;
    const n = (k: number): number => Math.max(1, k);
    this.out.push(
      `#define PTR_BASE ${0x40000000}`,
      `int m[${n(p.memInit.length)}];            /* memory words (Program.memInit) */`,
      `${freedType(p)} fr[${n(p.objects.length)}];           /* ghost: object freed${p.pools ? ' (0 live, 1 freed, 2 never allocated)' : ''} */`,
      `int lk[${n(p.locks.length * 3)}];         /* lock words: holder, or readers/writer/waiting writer */`,
      `byte irqoff[${p.cpus}]; short pre[${p.cpus}]; short rcu[${p.cpus}];`,
      `byte irqh[${p.cpus}]; byte nmih[${p.cpus}]; byte irqsv[${p.cpus}]; byte nmisv[${p.cpus}];`,
      `short pc[${this.frames}];                  /* per frame (cpu * 3 + level${this.frames > p.cpus * 3 ? '; then each task\'s, each softirq level\'s' : ''}) */`,
      `int lc[${this.frames * this.nl}];          /* locals, ${this.nl} per frame */`,
      `int gp[${this.frames}];                    /* CPUs a grace period still waits for, per frame */`,
      `short held[${n(this.rw ? this.frames * p.locks.length : 0)}]; /* read locks held, per frame and lock */`,
      `byte fired[${n(p.handlers.length)}];      /* firings of each handler declaration */`,
      `byte viol;                                /* ghost: the fault that ended the run, 0 while none */`,
      `${this.o.visibleScratch ? '' : 'hidden '}int tmp[${this.maxTemps}];         /* scratch within one step */`,
      ...srcuGlobals(p),
      ...softirqGlobals(p),
      ...callbackGlobals(p),
      ...schedGlobals(p),
    );
    if (isTso(p)) {
      const k = p.storeBufferSize;
      this.out.push(
        `byte sbn[${p.cpus}];                      /* TSO: entries in each CPU's store buffer (memory/tso.ts) */`,
        `int sbl[${p.cpus * k}]; int sbv[${p.cpus * k}]; /* ${k} per CPU, oldest first: location (an unlock: -1 - lk index), value */`,
        `int gpb[${this.frames}];                   /* CPUs a grace period waits for until their buffer drains, per frame */`,
      );
    }
    this.out.push('');
  }

  private init(): void {
    const p = this.p;
    const s = initialState(p);
    const l = layoutOf(p);
    const sets: string[] = [];
    for (let i = 0; i < p.memInit.length; i++) if (s[l.memBase + i] !== 0) sets.push(`m[${i}] = ${lit(s[l.memBase + i]!)}`);
    sets.push(...poolInits(p));
    // Each task's pc and locals as the machine starts them: the running one's in its CPU's frame,
    // the others' in their saved frames (start.ts).
    const starts: [number, Ctx][] = p.sched
      ? p.sched.tasks.map((t, i) => [currentTask(p, l, s, t.cpu) === i ? frameOf(l, t.cpu, 0) : savedFrame(p, l, i), taskCtx(p, i)])
      : [...Array(p.cpus).keys()].map((cpu) => [l.frameBase + cpu * 3 * l.frameWords, ctxOf(p, cpu, 0)]);
    for (const [f, c] of starts) {
      if (s[f] !== 0) sets.push(`${pcVar(c.frame)} = ${s[f]}`);
      for (let k = 0; k < this.nl && 1 + k < l.frameWords; k++) {
        if (s[f + 1 + k] !== 0) sets.push(`${localVar(c, k)} = ${lit(s[f + 1 + k]!)}`);
      }
    }
    sets.push(...schedInits(p));
    this.out.push('init {');
    if (sets.length > 0) this.out.push(`  d_step { ${sets.join('; ')} };`);
    // The preemption-bound monitor starts with the CPUs, after the initial state is set.
    const monitor = this.o.preemptionBound && p.sched ? '; run bound()' : '';
    this.out.push(`  atomic { ${[...Array(p.cpus).keys()].map((c) => `run cpu${c}()`).join('; ')}${monitor} }`, '}', '');
    if (monitor) {
      const limited = [...Array(p.cpus).keys()].map((c) => `(${this.idle(c)} && ${flushed(p, c)} && ${preemptionLimited(p, c)})`).join(' || ');
      this.out.push('/* ops/sched.ts preemptionLimited: a CPU that could be preempted but for `preemptions:` */', 'proctype bound() {', `end_bound: atomic { viol == 0 && (${limited}) -> assert(false) }`, '}', '');
    }
  }

  private sourceOf(i: Instr): string {
    const where = this.o.lines ? `${i.span.file}:${this.o.lines.lineCol(i.span.start).line}` : i.span.file;
    return `/* ${where}: ${i.text.replace(/\*\//g, '* /').replace(/\s+/g, ' ')} */`;
  }

  private faultText(kind: ViolationKind): string {
    const code = violCode(kind);
    return (this.o.report ?? new Set(MODEL_KINDS)).has(kind) ? `viol = ${code}; assert(viol != ${code})` : `viol = ${code}`;
  }

  private stepCx(e: Emitter, c: Ctx): StepCx & { temps: number } {
    const self = this;
    const cx = {
      p: this.p, c, e, temps: 0,
      temp(): string { const t = `tmp[${cx.temps++}]`; self.maxTemps = Math.max(self.maxTemps, cx.temps); return t; },
      fault: (kind: ViolationKind) => this.faultText(kind),
    };
    return cx;
  }

  /** No handler runs on `cpu` (state.ts innermost is 0). */
  private idle(cpu: number): string {
    const soft = noSoftirq(this.p, cpu);
    return `${irqHandler(cpu)} == 0 && ${nmiHandler(cpu)} == 0${soft === 'true' ? '' : ` && ${soft}`}`;
  }

  /** The task's pc past its code (all done; with tasks, every task of the CPU done) and no handler running. */
  private cpuDone(cpu: number): string {
    const p = this.p;
    const idle = this.idle(cpu);
    if (p.sched) return [idle, ...tasksOn(p)[cpu]!.map((t) => taskDone(p, t))].join(' && ');
    const t = p.codes[p.tasks[cpu] ?? -1];
    return t ? `${idle} && ${pcVar(cpu * 3)} >= ${t.instrs.length}` : idle;
  }

  /** Every CPU done, and no RCU callback queued (ops/interrupts.ts runLive). */
  private allDone(): string {
    const queued = callbackObjects(this.p).map((_, k) => ` && ${cbDecl(k)} == 0`).join('');
    return `(${this.cpusDone()}${queued})`;
  }

  /** Every CPU done, callbacks or not (state.ts allFinished), as a conjunction. */
  private cpusDone(): string {
    return [...Array(this.p.cpus).keys()].map((c) => `(${this.cpuDone(c)})`).join(' && ');
  }

  /**
   * With RCU callbacks: a state with no move left whose contexts have all finished is a final
   * state, not a deadlock, even with a callback queued that can never run (its grace period waits
   * for a CPU whose code ended inside a read-side section): machine-search.ts ends the run there
   * by allFinished, which leaves queued callbacks out. `timeout` is pan's "no move left".
   */
  private strandedCallbacksEnd(): string | null {
    return callbackObjects(this.p).length > 0 ? `timeout && viol == 0 && ${this.cpusDone()}` : null;
  }

  /** Guard that the frame at `level` holds the innermost context running `code` (handler h, or the task). */
  private runs(cpu: number, level: Level, h: number): string {
    const frozen = this.o.mutation === 'no-freeze';
    switch (level) {
      // h: the task, with several tasks per CPU (Program.sched); -1 without.
      case 0: return `${h >= 0 ? `${curTask(cpu)} == ${h} && ` : ''}${frozen ? 'true' : this.idle(cpu)}`;
      case 1: return frozen ? `${irqHandler(cpu)} == ${h + 1}` : `${nmiHandler(cpu)} == 0 && ${irqHandler(cpu)} == ${h + 1}`;
      case 2: return `${nmiHandler(cpu)} == ${h + 1}`;
      case 3: return frozen ? `${softHandler(cpu)} == ${h + 1}` : `${nmiHandler(cpu)} == 0 && ${irqHandler(cpu)} == 0 && ${softHandler(cpu)} == ${h + 1}`;
      default: return assertNever(level);
    }
  }

  private proctype(cpu: number): string[] {
    const p = this.p;
    const e = new Emitter(1);
    const moves: [number, Move][] = [];
    // With tasks a stuck state is a lost wakeup or a deadlock (stuckOption tells them apart), so
    // the loop's end is always valid; without, pan's invalid end state is the deadlock.
    const deadlockReported = !p.sched && (this.o.report ?? new Set(MODEL_KINDS)).has('deadlock');
    e.line(`${deadlockReported ? '' : `end_cpu${cpu}: `}do`);
    const run: Move = { kind: 'run', cpu };
    const task = p.tasks[cpu] ?? -1;
    if (p.sched) for (const t of tasksOn(p)[cpu]!) this.runOptions(e, moves, run, taskCtx(p, t), p.codes[p.sched.tasks[t]!.code]!, -1, this.runs(cpu, 0, t));
    else if (task >= 0) this.runOptions(e, moves, run, ctxOf(p, cpu, 0), p.codes[task]!, -1, this.runs(cpu, 0, -1));
    p.handlers.forEach((h, hi) => {
      if (!h.cpus.includes(cpu)) return;
      const level = handlerLevel(h.kind);
      this.runOptions(e, moves, run, ctxOf(p, cpu, level), p.codes[h.code]!, hi, this.runs(cpu, level, hi));
    });
    // moves.ts's canonical order: IRQs, NMIs, softirqs; then the drain; then the switches.
    for (const kind of ['irq', 'nmi', 'softirq'] as const) p.handlers.forEach((h, hi) => { if (h.kind === kind && h.cpus.includes(cpu)) this.fireOption(e, moves, cpu, hi); });
    if (isTso(p)) this.drainOption(e, moves, cpu);
    if (p.sched) for (const t of tasksOn(p)[cpu]!) this.switchOption(e, moves, cpu, t);
    if (p.sched && cpu === 0) this.stuckOption(e);
    e.line(':: viol != 0 -> break');
    // A final state has every context finished and every store buffer drained (enabled.ts: a drain
    // is a move while a buffer holds anything).
    const drained = isTso(p) ? [...Array(p.cpus).keys()].map((c) => ` && ${flushed(p, c)}`).join('') : '';
    e.line(`:: viol == 0 && ${this.allDone()}${drained} -> break`);
    const stranded = this.strandedCallbacksEnd();
    if (stranded !== null) e.line(`:: ${stranded}${drained} -> break`);
    e.line('od;');
    if (cpu === 0 && p.final && this.o.final) {
      const cond = finalExpr(p, p.final.cond);
      e.line(`/* ${p.final.quantifier} ${p.final.text.replace(/\*\//g, '* /')} */`);
      e.line(`if :: viol == 0 -> assert(${this.o.final === 'hold' ? `!(${cond})` : `(${cond}) != 0`}) :: else -> skip fi`);
    }
    const lines = [`proctype cpu${cpu}() {`, ...e.lines, '}'];
    this.pendingMoves.set(lines, moves.map(([k, m]) => [k + 1, m]));
    return lines;
  }

  /**
   * One option per instruction a context of this code can stop at (non-silent ones); `handler`:
   * the handler declaration whose code it is, -1 for a task.
   */
  private runOptions(e: Emitter, moves: [number, Move][], move: Move, c: Ctx, code: Code, handler: number, runs: string): void {
    code.instrs.forEach((instr, pc) => {
      if (isSilent(instr)) return;
      const guard = guardOf(this.p, c, instr);
      moves.push([e.lines.length, move]);
      e.line(`:: d_step { viol == 0 && ${runs} && ${pcVar(c.frame)} == ${pc}${guard === 'true' ? '' : ` && ${guard}`} -> ${this.sourceOf(instr)}`);
      const body = new Emitter(2);
      // step.ts runInnermost: a task's step clears its CPU's fresh flag (ops/sched.ts canSwitch).
      if (c.task >= 0) body.line(`${freshVar(c.cpu)} = 0;`);
      const x = this.stepCx(body, c);
      emitBody(x, instr, pc);
      body.closeTo(0);
      this.afterStep(x, code, handler);
      this.clearScratch(x);
      closeStep(e, body);
    });
  }

  private fireOption(e: Emitter, moves: [number, Move][], cpu: number, hi: number): void {
    const p = this.p;
    const h = p.handlers[hi]!;
    const level = handlerLevel(h.kind);
    const c = ctxOf(p, cpu, level);
    // An RCU callback is bounded by its queue, not by a firing count (ops/interrupts.ts canFire).
    const g = [`viol == 0`, ...(h.callback ? [] : [`${firedVar(hi)} < ${h.max}`]), `${nmiHandler(cpu)} == 0`];
    if (h.kind === 'irq') g.push(`${irqHandler(cpu)} == 0`, `${irqOff(cpu)} == 0`);
    // A softirq starts over the task only, with IRQs on and bottom halves enabled (ops/softirq.ts).
    if (h.kind === 'softirq') g.push(`${irqHandler(cpu)} == 0`, softirqMayStart(cpu));
    if (h.callback) g.push(callbackReady(p, cpu, hi));
    g.push(`!${this.allDone()}`);
    // Delivering an interrupt drains the store buffer first (ops/interrupts.ts canFire); a softirq
    // is a function call from irq_exit() or local_bh_enable(), which waits for no drain.
    if (isTso(p) && h.kind !== 'softirq' && this.o.mutation !== 'no-fire-drain') g.push(flushed(p, cpu));
    if (h.at !== null) g.push(this.firePoints(cpu, h.at));
    moves.push([e.lines.length, { kind: h.kind, cpu, handler: hi }]);
    e.line(`:: d_step { ${g.join(' && ')} -> /* ${h.kind} handler ${h.name} fires on CPU ${cpu} */`);
    const body = new Emitter(2);
    if (level === 3) {
      body.line(`${h.callback ? startCallback(p, hi) + ' ' : ''}${softHandler(cpu)} = ${hi + 1};${h.callback ? '' : ` ${firedVar(hi)} = ${firedVar(hi)} + 1;`}`);
    } else {
      const sv = savedOff(cpu, level as 1 | 2);
      body.line(`${sv} = ${irqOff(cpu)}; ${irqOff(cpu)} = 1; ${handlerVar(cpu, level as 1 | 2)} = ${hi + 1}; ${firedVar(hi)} = ${firedVar(hi)} + 1;`);
    }
    this.clearFrame(body, c);
    const x = this.stepCx(body, c);
    this.afterStep(x, p.codes[h.code]!, hi);
    this.clearScratch(x);
    closeStep(e, body);
  }

  /** `at:` labels (ops/interrupts.ts firePoints): the interrupted context's next instruction carries one. */
  private firePoints(cpu: number, at: readonly string[]): string {
    const p = this.p;
    const pcsOf = (code: Code, frame: number): string[] =>
      code.instrs.flatMap((i, pc) => (i.labels.some((l) => at.includes(l)) ? [`${pcVar(frame)} == ${pc}`] : []));
    const alts: string[] = [];
    // The innermost context's next instruction: the task's (each task's, with several), a softirq's, an IRQ handler's.
    const taskLevel = `${irqHandler(cpu)} == 0${usesSoftirq(p) ? ` && ${softHandler(cpu)} == 0` : ''}`;
    if (p.sched) {
      for (const t of tasksOn(p)[cpu]!) {
        const tp = pcsOf(p.codes[p.sched.tasks[t]!.code]!, taskCtx(p, t).frame);
        if (tp.length > 0) alts.push(`(${taskLevel} && ${curTask(cpu)} == ${t} && (${tp.join(' || ')}))`);
      }
    } else {
      const task = p.codes[p.tasks[cpu] ?? -1];
      const tp = task ? pcsOf(task, cpu * 3) : [];
      if (tp.length > 0) alts.push(`(${taskLevel} && (${tp.join(' || ')}))`);
    }
    p.handlers.forEach((h, hi) => {
      if (h.kind !== 'softirq' || !h.cpus.includes(cpu)) return;
      const hp = pcsOf(p.codes[h.code]!, frameIndex(p, cpu, 3));
      if (hp.length > 0) alts.push(`(${irqHandler(cpu)} == 0 && ${softHandler(cpu)} == ${hi + 1} && (${hp.join(' || ')}))`);
    });
    p.handlers.forEach((h, hi) => {
      if (h.kind !== 'irq' || !h.cpus.includes(cpu)) return;
      const hp = pcsOf(p.codes[h.code]!, cpu * 3 + 1);
      if (hp.length > 0) alts.push(`(${irqHandler(cpu)} == ${hi + 1} && (${hp.join(' || ')}))`);
    });
    return alts.length === 0 ? 'false' : `(${alts.join(' || ')})`;
  }

  private clearScratch(x: StepCx & { temps: number }): void {
    if (!this.o.visibleScratch || x.temps === 0) return;
    x.e.line([...Array(x.temps).keys()].map((i) => `tmp[${i}] = 0`).join('; ') + ';');
  }

  private clearFrame(e: Emitter, c: Ctx): void {
    const parts = [`${pcVar(c.frame)} = 0`];
    for (let k = 0; k < this.nl; k++) parts.push(`${localVar(c, k)} = 0`);
    if (this.gp.includes(c.frame)) parts.push(`${gpVar(c.frame)} = 0`);
    if (this.gp.includes(c.frame) && isTso(this.p)) parts.push(`${gpbVar(c.frame)} = 0`);
    if (this.rw) this.p.locks.forEach((_, lock) => parts.push(`${heldVar(this.p, c.frame, lock)} = 0`));
    if (this.bars.includes(c.frame)) parts.push(`${barrierVar(c.frame)} = 0`);
    e.line(parts.join('; ') + ';');
  }

  /**
   * step.ts settle: the silent instructions after a step run within it; a handler whose code is
   * done returns (retireHandlers); then the CPU may have passed a quiescent state (noteQuiescence).
   */
  private afterStep(x: StepCx, code: Code, handler: number): void {
    const { e, c } = x;
    const silent = code.instrs.map((i, pc) => [i, pc] as const).filter(([i]) => isSilent(i));
    if (silent.length > 0) {
      e.line('do');
      for (const [i, pc] of silent) {
        e.line(`:: viol == 0 && ${pcVar(c.frame)} == ${pc} -> ${this.sourceOf(i)}`);
        const mark = e.mark();
        e.open('');
        emitBody(x, i, pc);
        e.closeTo(mark);
      }
      e.line(':: else -> break');
      e.line('od;');
    }
    if (c.level === 3) this.retireSoftirq(e, c, handler, `${pcVar(c.frame)} >= ${code.instrs.length}`);
    else if (c.level !== 0) this.retire(e, c, `${pcVar(c.frame)} >= ${code.instrs.length}`);
    this.quiescence(e, c.cpu);
  }

  /**
   * ops/interrupts.ts retireHandlers for the handler of `c`, when `finished` holds: it returns
   * (IRET), which under TSO completes only once the CPU's store buffer has drained.
   */
  private retire(e: Emitter, c: Ctx, finished: string): void {
    const lv = c.level as 1 | 2;
    const drained = isTso(this.p) ? ` && ${flushed(this.p, c.cpu)}` : '';
    e.line(`if`);
    e.line(`:: viol == 0 && ${finished}${drained} -> /* the handler returns */`);
    e.line(`   ${irqOff(c.cpu)} = ${savedOff(c.cpu, lv)}; ${savedOff(c.cpu, lv)} = 0; ${handlerVar(c.cpu, lv)} = 0;`);
    this.clearFrame(e, c);
    e.line(':: else -> skip');
    e.line('fi;');
  }

  /**
   * ops/interrupts.ts leaveHandler for the softirq level: a function return (no IRET, so no drain
   * to wait for); a callback's return tells every rcu_barrier() that waits for it (finishCallback).
   */
  private retireSoftirq(e: Emitter, c: Ctx, h: number, finished: string): void {
    const p = this.p;
    e.line('if');
    e.line(`:: viol == 0 && ${finished} -> /* the softirq handler returns */`);
    const told = p.handlers[h]?.callback ? ` ${finishCallback(p, h)}` : '';
    e.line(`   ${softHandler(c.cpu)} = 0;${told}`);
    this.clearFrame(e, c);
    e.line(':: else -> skip');
    e.line('fi;');
  }

  /**
   * ops/sched.ts canSwitch and switchTo: `cpu` switches to task t, with no handler active and its
   * store buffer drained (the runqueue lock). Then RCU notes the CPU, as after every move.
   */
  private switchOption(e: Emitter, moves: [number, Move][], cpu: number, t: number): void {
    const p = this.p;
    moves.push([e.lines.length, { kind: 'switch', cpu, task: t }]);
    const drained = isTso(p) ? ` && ${flushed(p, cpu)}` : '';
    e.line(`:: d_step { viol == 0 && ${this.idle(cpu)}${drained} && ${switchGuard(p, cpu, t)} -> /* CPU ${cpu} switches to task ${p.sched!.tasks[t]!.name} */`);
    const body = new Emitter(2);
    const x = this.stepCx(body, ctxOf(p, cpu, 0));
    body.check(switchMisuse(p, cpu), x.fault('misuse'));
    body.line(switchBody(p, cpu, t));
    this.quiescence(body, cpu);
    body.closeTo(0);
    e.lines.push(...body.lines);
    e.line('   }');
  }

  /**
   * enabled.ts stuck: no move anywhere (pan's timeout) with a context unfinished is a lost wakeup
   * when a task sleeps, else a deadlock. Not a raceway move: the trail ends there.
   */
  private stuckOption(e: Emitter): void {
    // An idle kworker's sleep, and flush_work() on a stuck kworker, are no lost wakeup (sched.ts lostSleeper).
    const asleep = this.p.sched!.tasks.map((_, t) => lostSleeper(this.p, t)).join(' || ');
    const stranded = this.strandedCallbacksEnd();
    e.line(`:: d_step { timeout && viol == 0${stranded !== null ? ` && !(${stranded})` : ''} -> /* stuck: ${asleep === '' ? 'a deadlock' : 'a lost wakeup when a task sleeps, else a deadlock'} */`);
    e.line(`     if :: ${asleep === '' ? 'false' : asleep} -> ${this.faultText('lost-wakeup')} :: else -> ${this.faultText('deadlock')} fi`);
    e.line('   }');
  }

  /**
   * ops/rcu.ts noteQuiescence after every move of `cpu`: once its buffer is empty (TSO), no grace
   * period waits for the buffer, and a CPU outside every read-side section has passed a quiescent state.
   */
  private quiescence(e: Emitter, cpu: number): void {
    // The callbacks' grace periods (ops/rcu-callbacks.ts noteCallbackQuiescence) end the same way.
    const cb = callbackGpWords(this.p);
    if (this.gp.length === 0 && cb.readers.length === 0) return;
    const bit = lit(~(1 << cpu));
    const clear = [...[...this.gp].map(gpVar), ...cb.readers].map((w) => `${w} = ${w} & ${bit}`).join('; ');
    if (!isTso(this.p)) {
      e.line(`if :: viol == 0 && !${inRcuReader(this.p, cpu)} -> ${clear} :: else -> skip fi;`);
      return;
    }
    const clearBuffers = [...[...this.gp].map(gpbVar), ...cb.buffers].map((w) => `${w} = ${w} & ${bit}`).join('; ');
    e.line(`if :: viol == 0 && ${flushed(this.p, cpu)} -> if :: !${inRcuReader(this.p, cpu)} -> ${clear} :: else -> skip fi; ${clearBuffers} :: else -> skip fi;`);
  }

  /**
   * The drain move (memory/tso.ts drain): the oldest entry of `cpu`'s buffer reaches memory, or,
   * for an unlock, its lock word; a store whose object was freed while it waited is a
   * use-after-free of the drain. Then a finished handler may return, and RCU notes the CPU.
   */
  private drainOption(e: Emitter, moves: [number, Move][], cpu: number): void {
    const p = this.p;
    moves.push([e.lines.length, { kind: 'drain', cpu }]);
    e.line(`:: d_step { viol == 0 && ${sbCount(cpu)} > 0 -> /* CPU ${cpu}'s store buffer drains its oldest entry */`);
    const body = new Emitter(2);
    const loc = sbLoc(p, cpu, 0);
    const heapFields = p.objects.flatMap((o, i) => (o.heap ? [...o.fields.values()].map((at) => `(${loc} == ${at} && fr[${i}])`) : []));
    body.line('if');
    body.line(`:: ${loc} < 0 -> lk[-1 - ${loc}] = 0; ${shiftEntries(p, cpu)}`);
    body.line(':: else ->');
    const mark = body.mark();
    body.open('');
    if (heapFields.length > 0) body.check(heapFields.join(' || '), this.faultText('use-after-free'));
    body.line(`m[${loc}] = ${sbVal(p, cpu, 0)}; ${shiftEntries(p, cpu)}`);
    body.closeTo(mark);
    body.line('fi;');
    p.handlers.forEach((h, hi) => {
      if (!h.cpus.includes(cpu) || h.kind !== 'nmi') return;
      this.retire(body, ctxOf(p, cpu, 2), `${nmiHandler(cpu)} == ${hi + 1} && ${pcVar(cpu * 3 + 2)} >= ${p.codes[h.code]!.instrs.length}`);
    });
    p.handlers.forEach((h, hi) => {
      if (!h.cpus.includes(cpu) || h.kind !== 'irq') return;
      this.retire(body, ctxOf(p, cpu, 1), `${nmiHandler(cpu)} == 0 && ${irqHandler(cpu)} == ${hi + 1} && ${pcVar(cpu * 3 + 1)} >= ${p.codes[h.code]!.instrs.length}`);
    });
    this.quiescence(body, cpu);
    e.lines.push(...body.lines);
    e.line('   }');
  }
}

/** A condition on a final state (machine/final.ts evalFinal): a division by zero is 0 there. */
function finalExpr(p: Program, e: FinalExpr): string {
  switch (e.kind) {
    case 'const': return lit(e.v);
    case 'mem': return `m[${e.loc}]`;
    case 'local': {
      // machine/final.ts reads the CPU's live task frame: with tasks, the running task's (0 with none).
      if (!p.sched) return localVar(ctxOf(p, e.cpu, 0), e.slot);
      return tasksOn(p)[e.cpu]!.reduceRight((rest, t) => `(${curTask(e.cpu)} == ${t} -> ${localVar(taskCtx(p, t), e.slot)} : ${rest})`, '0');
    }
    case 'un': return e.op === '!' ? `(!(${finalExpr(p, e.a)}))` : `(${e.op}(${finalExpr(p, e.a)}))`;
    case 'bin': {
      const a = finalExpr(p, e.a);
      const b = finalExpr(p, e.b);
      if (e.op === '/' || e.op === '%') return `((${b}) == 0 -> 0 : ((${a}) ${e.op} (${b})))`;
      if (e.op === '<<' || e.op === '>>') return `((${a}) ${e.op} ((${b}) & 31))`;
      return `((${a}) ${e.op} (${b}))`;
    }
    default: return assertNever(e);
  }
}
