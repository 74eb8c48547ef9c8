// Phase 2 of the front end: (ScenarioAst, variant, strategy) -> Program, the machine's form.
// Resolves every name, inlines procedures, and gathers every mistake it finds. Pure.
import { fail, ok, type Diagnostic, type Result } from '../../common/diagnostic.js';
import { fnv1a } from '../../common/hash.js';
import { suggest } from '../../common/suggest.js';
import type { Span } from '../../common/span.js';
import { pointerTo, type Code, type Expr, type HandlerDecl, type MemoryModelName, type Program, type TaskDecl } from '../../machine/program.js';
import { defaultStoreBufferSize } from './store-buffer-size.js';
import type { InterruptAst, Named, ProcedureAst, ProgramAst, ScenarioAst, StateAst } from '../ast.js';
import { calledNames } from './called-names.js';
import { BUILTIN_STATEMENTS, CodeCompiler } from './compile-code.js';
import { isValuePrimitive } from './compile-expr.js';
import { compileFinal } from './compile-final.js';
import { buildSymbols, kworkerName, taskNameOf } from './symbols.js';
import { KWORKER_STATEMENT } from './compile-work.js';
import type { FileNames } from '../variant-view.js';

export interface LowerOptions {
  readonly variant: string;
  readonly strategy: string;
  /** Overrides from the command line. */
  readonly cpus?: number;
  readonly memoryModel?: MemoryModelName;
  /** Procedure names declared and called anywhere in the file (every variant), for the hook check. */
  readonly fileNames?: FileNames;
  /** The text of every imported file (imports.ts), for the source of the procedures they define. */
  readonly sources?: ReadonlyMap<string, string>;
}

export const DEFAULT_STRATEGY = 'default';

/** The preemption bound of a scenario with tasks that gives none (`preemptions:`): CHESS finds most bugs within two (Musuvathi and Qadeer, PLDI 2007). */
export const DEFAULT_PREEMPTIONS = 2;

/** Strategy names in file order; a scenario without strategies has one, 'default'. */
export function strategyNames(ast: ScenarioAst): string[] {
  return ast.strategies.length > 0 ? ast.strategies.map((s) => s.name) : [DEFAULT_STRATEGY];
}

const EMPTY_STATE: StateAst = { cells: [], arrays: [], objects: [], locks: [] };

function isPrimitive(name: string): boolean {
  return BUILTIN_STATEMENTS.includes(name) || isValuePrimitive(name);
}

export function lower(ast: ScenarioAst, text: string, o: LowerOptions): Result<Program> {
  const errors: Diagnostic[] = [];
  const variant = ast.variants.find((v) => v.name === o.variant);
  if (!variant) return fail([{ span: ast.span, message: `no variant '${o.variant}'`, expected: ast.variants.map((v) => v.name).join(', ') }]);
  const strategy = ast.strategies.find((s) => s.name === o.strategy);
  if (!strategy && !(ast.strategies.length === 0 && o.strategy === DEFAULT_STRATEGY)) {
    return fail([{ span: ast.span, message: `no strategy '${o.strategy}'`, expected: strategyNames(ast).join(', ') }]);
  }
  const cpus = o.cpus ?? variant.cpus ?? ast.cpus;
  // Tasks (ops/sched.ts): each CPU's program first, then its `task NAME on cpu N` programs.
  const star = ast.programs.find((p) => p.cpu === '*');
  const ownTasks = ast.programs.filter((p) => p.task !== undefined);
  const cpuProgram = (cpu: number): ProgramAst | undefined =>
    ast.programs.find((p) => p.cpu === cpu && p.task === undefined) ?? (ownTasks.some((t) => t.cpu === cpu) ? undefined : star);
  // Work items (ops/workqueue.ts): each has a kworker task on its CPU, after every other task.
  const works = [...(ast.state.works ?? []), ...(strategy?.state.works ?? [])];
  const withTasks = ownTasks.length > 0 || (ast.preemptions ?? null) !== null || works.length > 0;
  const taskList: ProgramAst[] = [];
  if (withTasks) {
    for (let cpu = 0; cpu < cpus; cpu++) {
      const first = cpuProgram(cpu);
      if (first) taskList.push({ ...first, cpu });
      taskList.push(...ownTasks.filter((t) => t.cpu === cpu));
    }
    for (const w of works) {
      if (w.cpu >= cpus) { errors.push({ span: w.span, message: `work '${w.name}' runs on CPU ${w.cpu}, but the machine has ${cpus} CPU${cpus === 1 ? '' : 's'}`, expected: `cpu 0 to cpu ${cpus - 1}` }); continue; }
      const node = { k: 'name', name: w.name, start: w.span.start, end: w.span.end } as const;
      const call = { k: 'call', callee: KWORKER_STATEMENT, calleeEnd: w.span.start, args: [node], start: w.span.start, end: w.span.end } as const;
      const body = [{ k: 'simple', stmt: { k: 'expr', expr: call, start: w.span.start, end: w.span.end }, text: `worker_thread(): ${w.name}`, span: w.span } as const];
      taskList.push({ cpu: w.cpu, task: { name: kworkerName(w.name), span: w.span }, body, span: w.span });
    }
  }
  const sym = buildSymbols(ast, strategy?.state ?? EMPTY_STATE, cpus, errors, taskList.map(taskNameOf));

  const procedures = new Map<string, ProcedureAst>();
  for (const p of [...ast.procedures, ...(strategy?.procedures ?? [])]) {
    // A call names the primitive first (compile-code.ts), so the procedure would never run.
    if (isPrimitive(p.name)) errors.push({ span: p.span, message: `procedure '${p.name}' has the name of a kernel primitive, which a call to it would run instead`, expected: 'a name of its own' });
  }
  for (const p of ast.procedures) {
    if (procedures.has(p.name)) errors.push({ span: p.span, message: `procedure '${p.name}' is declared twice` });
    procedures.set(p.name, p);
  }
  // A strategy's procedure replaces the scenario's of that name; one with a new name must be called
  // from somewhere (in any variant), or it is a misspelt hook that silently changes nothing.
  if (strategy) {
    const own = new Set(ast.procedures.map((p) => p.name));
    const called = calledNames([...ast.procedures, ...strategy.procedures].map((p) => p.body)
      .concat(ast.programs.map((p) => p.body), ast.interrupts.map((i) => i.body), ast.variants.flatMap((v) => (v.interrupts ?? []).map((i) => i.body))));
    for (const p of strategy.procedures) {
      if (own.has(p.name) || called.has(p.name) || o.fileNames?.declared.has(p.name) || o.fileNames?.called.has(p.name)) continue;
      const s = suggest(p.name, [...own]);
      errors.push({ span: p.span, message: `strategy '${strategy.name}' defines '${p.name}()', which replaces no procedure of the scenario and is never called`, expected: `one of ${[...own].join(', ')}`, ...(s ? { hint: `did you mean '${s}'?` } : {}) });
    }
  }
  for (const p of strategy?.procedures ?? []) {
    const base = procedures.get(p.name);
    if (base && !base.broken && !p.broken && base.params.length !== p.params.length) {
      errors.push({ span: p.span, message: `strategy '${o.strategy}' gives '${p.name}' ${p.params.length} parameter${p.params.length === 1 ? '' : 's'}, the scenario ${base.params.length}`, expected: `${p.name}(${base.params.map((q) => q.name).join(', ')})` });
    }
    procedures.set(p.name, p);
  }

  const procedureNames: ReadonlySet<string> = new Set(procedures.keys());
  const codes: Code[] = [];
  const labelsOf: Set<string>[] = [];
  const inlined = new Set<ProcedureAst>();
  const interrupts: readonly InterruptAst[] = variant.interrupts ?? ast.interrupts;
  // RCU callbacks (ops/rcu-callbacks.ts): a handler declaration per callback and object, after
  // the scenario's interrupts (so theirs keep their indexes), made as call_rcu() asks for them.
  const callbacks: { fn: string | null; object: number; span: Span }[] = [];
  const callbackIndex = new Map<string, number>();
  const callbackDecl = (fn: string | null, object: number, span: Span): number => {
    const key = `${fn ?? ''}\u0000${object}`;
    let i = callbackIndex.get(key);
    if (i === undefined) {
      i = interrupts.length + callbacks.length;
      callbackIndex.set(key, i);
      callbacks.push({ fn, object, span });
    }
    return i;
  };
  const compile = (name: string, body: ProcedureAst['body'], taskState?: number, rootBound?: ReadonlyMap<string, Expr>, worker?: Named): number => {
    const c = new CodeCompiler(sym, procedures, ast.file, errors, cpus, procedureNames);
    c.taskState = taskState;
    c.worker = worker;
    c.rootBound = rootBound;
    c.sourceText = text;
    if (o.sources) c.sources = o.sources;
    c.inlined = inlined;
    c.callbackDecl = callbackDecl;
    codes.push(c.compile(name, body));
    labelsOf.push(c.labels);
    return codes.length - 1;
  };

  const tasks: number[] = [];
  for (const p of ast.programs) {
    if (p.cpu !== '*' && p.cpu >= cpus) errors.push({ span: p.span, message: `CPU ${p.cpu} does not exist: the machine has ${cpus} CPU${cpus === 1 ? '' : 's'}`, expected: `cpu 0 to cpu ${cpus - 1}` });
  }
  const taskDecls: TaskDecl[] = [];
  if (withTasks) {
    for (const t of ownTasks) if (t.cpu !== '*' && t.cpu >= cpus) errors.push({ span: t.span, message: `task '${t.task!.name}' is on CPU ${t.cpu}, but the machine has ${cpus} CPU${cpus === 1 ? '' : 's'}`, expected: `cpu 0 to cpu ${cpus - 1}` });
    if (sym.srcus.length > 0) errors.push({ span: ast.span, message: 'tasks and SRCU together are not supported yet', expected: 'a scenario without srcu_structs, or without tasks and preemptions' });
    for (const t of taskList) {
      const name = taskNameOf(t);
      const cell = sym.taskStates.get(name)!;
      const work = works.find((w) => kworkerName(w.name) === name);
      const code = compile(t.task ? `task ${name}` : `CPU ${String(t.cpu)}`, t.body, cell, undefined, work?.func);
      taskDecls.push({ name, cpu: t.cpu as number, code, stateLoc: sym.objects[cell]!.fields.get(0)!, ...(work ? { worker: { flush: sym.objects[(sym.globals.get(work.name) as { object: number }).object + 1]!.fields.get(0)! } } : {}) });
    }
  }
  for (let cpu = 0; cpu < cpus; cpu++) {
    if (withTasks) { tasks.push(taskDecls.find((t) => t.cpu === cpu && !t.worker)?.code ?? -1); continue; }
    const prog = cpuProgram(cpu);
    tasks.push(prog ? compile(`CPU ${cpu}`, prog.body) : -1);
  }

  const handlers: HandlerDecl[] = interrupts.map((it) => {
    const onCpus = it.cpus === 'all' ? [...Array(cpus).keys()] : [...it.cpus];
    for (const c of onCpus) if (c >= cpus) errors.push({ span: it.span, message: `interrupt '${it.name}' names CPU ${c}, but the machine has ${cpus}`, expected: `CPUs 0 to ${cpus - 1}` });
    const code = compile(`${it.kind} ${it.name}`, it.body);
    return { kind: it.kind, name: it.name, cpus: onCpus.filter((c) => c < cpus), at: it.at?.map((a) => a.name) ?? null, max: it.max, code, span: it.span };
  });
  // Each callback's code is its procedure called on the object (or kfree() of it), which may queue
  // callbacks of its own: compiled until none is left.
  for (let k = 0; k < callbacks.length; k++) {
    const { fn, object, span } = callbacks[k]!;
    const obj = sym.objects[object]!.name;
    const callee = fn ?? 'kfree';
    const node = { k: 'name', name: obj, start: span.start, end: span.end } as const;
    const call = { k: 'call', callee, calleeEnd: span.start, args: [node], start: span.start, end: span.end } as const;
    const body = [{ k: 'simple', stmt: { k: 'expr', expr: call, start: span.start, end: span.end }, text: `${callee}(${obj})`, span } as const];
    // A pool's slot (`pl[0]`) has no name a scenario can write: its address is bound to that text.
    const slot = sym.objects[object]!.pool !== undefined ? new Map([[obj, { kind: 'const', v: pointerTo(object) } as const]]) : undefined;
    const code = compile(`callback ${callee}(${obj})`, body, undefined, slot);
    handlers.push({ kind: 'softirq', name: `${callee}(${obj})`, cpus: [...Array(cpus).keys()], at: null, max: 1, code, span, callback: fn === null ? { object, kfree: true } : { object } });
  }
  // A nesting point must name a label of code it can interrupt.
  interrupts.forEach((it, h) => {
    const reachable = new Set<string>();
    for (const c of handlers[h]!.cpus) {
      const t = tasks[c];
      if (t !== undefined && t >= 0) labelsOf[t]!.forEach((l) => reachable.add(l));
      for (const d of taskDecls) if (d.cpu === c) labelsOf[d.code]!.forEach((l) => reachable.add(l));
      if (it.kind === 'nmi') handlers.forEach((hd, i) => { if (hd.kind === 'irq' && hd.cpus.includes(c)) labelsOf[hd.code]!.forEach((l) => reachable.add(l)); void i; });
      // IRQs and NMIs interrupt softirqs too (ops/softirq.ts); a softirq interrupts only the task.
      if (it.kind !== 'softirq') handlers.forEach((hd) => { if (hd.kind === 'softirq' && hd.cpus.includes(c)) labelsOf[hd.code]!.forEach((l) => reachable.add(l)); });
    }
    for (const a of it.at ?? []) {
      if (!reachable.has(a.name)) {
        const s = suggest(a.name, reachable);
        errors.push({ span: a.span, message: `no label '${a.name}' in the code ${it.kind} '${it.name}' can interrupt`, expected: reachable.size ? [...reachable].sort().join(', ') : "a '- label: NAME' line in a program or procedure", ...(s ? { hint: `did you mean '${s}'?` } : {}) });
      }
    }
  });

  // Procedures this lowering never inlined still get their mistakes reported. Alone, a parameter
  // is not a constant, so "a range bound must be a constant" there is not the author's mistake.
  for (const p of [...ast.procedures, ...(strategy?.procedures ?? [])]) {
    if (inlined.has(p)) continue;
    const own: Diagnostic[] = [];
    const c = new CodeCompiler(sym, procedures, ast.file, own, cpus, procedureNames);
    c.sourceText = text;
    if (o.sources) c.sources = o.sources;
    c.checkAlone(p);
    errors.push(...own.filter((d) => !d.message.startsWith('a range bound must be a constant')));
  }

  const finalAst = variant.final ?? ast.final;
  const final = finalAst ? compileFinal(finalAst, sym, codes, tasks, ast.file, errors) : null;
  if (errors.length > 0) return fail(errors);
  const memoryModel = o.memoryModel ?? variant.memoryModel ?? ast.memoryModel;
  const body = {
    scenario: ast.name, variant: variant.name, strategy: o.strategy, file: ast.file, cpus, memoryModel,
    storeBufferSize: ast.storeBufferSize ?? defaultStoreBufferSize(codes), fieldNames: sym.fieldNames, objects: sym.objects, arrays: sym.arrays,
    locks: sym.locks, ...(sym.pools.length > 0 ? { pools: sym.pools } : {}), ...(sym.srcus.length > 0 ? { srcus: sym.srcus } : {}), memInit: sym.memInit, locOwner: sym.locOwner, locNames: sym.locNames, pointerLocs: sym.pointerLocs, codes, tasks, handlers,
    maxSteps: ast.maxSteps, final, ...(ast.dataRaces === false ? { dataRaces: false } : {}),
    ...(withTasks ? { sched: { tasks: taskDecls, preemptions: ast.preemptions ?? DEFAULT_PREEMPTIONS } } : {}),
  };
  return ok({ ...body, fingerprint: fingerprint(body) });
}

/** A hash of what the machine executes (not of spans or comments), for replay tokens. */
function fingerprint(p: Omit<Program, 'fingerprint'>): string {
  const text = JSON.stringify({
    v: 1, s: p.scenario, variant: p.variant, strategy: p.strategy, cpus: p.cpus, m: p.memoryModel, sb: p.storeBufferSize,
    mem: p.memInit, locks: p.locks, ...(p.pools ? { pools: p.pools } : {}), srcus: p.srcus, steps: p.maxSteps, final: p.final,
    codes: p.codes.map((c) => c.instrs.map((i) => ({ ...i, span: undefined, via: undefined }))),
    tasks: p.tasks, handlers: p.handlers.map((h) => ({ ...h, span: undefined })), ...(p.sched ? { sched: p.sched } : {}),
  }, (_k, v) => (v instanceof Map ? [...v.entries()] : v));
  return (fnv1a(text).toString(36) + fnv1a(text, 0x1234567).toString(36)).padStart(14, '0');
}
