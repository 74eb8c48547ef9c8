// Phase 2 of the C litmus front end: LitmusAst -> Program, through the scenario language's own
// lowering (one Code per P<n>, a task on CPU n; registers are task locals; shared locations are
// scalar cells), then the final condition over those cells and locals. Nothing downstream can
// tell which front end a Program came from. Pure.
import { assertNever } from '../common/assert-never.js';
import type { Diagnostic } from '../common/diagnostic.js';
import { fnv1a } from '../common/hash.js';
import type { Span } from '../common/span.js';
import { pointerTo, type FinalExpr, type MemoryModelName, type FinalSpec, type Program } from '../machine/program.js';
import type { CellDecl, InterruptAst, LockDeclAst, ProgramAst, ScenarioAst, ValueAst } from '../scenario/ast.js';
import { lower } from '../scenario/lower/lower.js';
import { NO_CHANGES } from '../scenario/variant-view.js';
import type { ExprAst } from '../scenario/syntax/ast.js';
import type { CondAst, CondLoc, LitmusAst, ProcAst, Unsupported } from './ast.js';
import { BodyConverter } from './convert.js';

export interface Lowered {
  readonly program: Program | null;
  /** The `filter` clause over the same observed values as the condition, or null. */
  readonly filter: FinalExpr | null;
  /** How many of program.final.observe, from the first, herd7 would show (the rest only the filter reads). */
  readonly displayed: number;
  readonly errors: readonly Diagnostic[];
  readonly unsupported: readonly Unsupported[];
}

export interface LitmusLowerOptions {
  readonly memoryModel?: MemoryModelName;
}

const isLock = (type: string): boolean => /\b(raw_)?spinlock_t\b/.test(type);
const isSrcu = (type: string): boolean => /\bstruct\s+srcu_struct\b/.test(type);

export function lowerLitmus(ast: LitmusAst, text: string, o: LitmusLowerOptions = {}): Lowered {
  const errors: Diagnostic[] = [];
  const unsupported: Unsupported[] = [];
  const file = ast.file;
  const at = (s: Span): Span => s;

  // Shared locations: the init block's, then any parameter not declared there (herd's default 0).
  const cells: CellDecl[] = [];
  const all: ProcAst[] = [...ast.procs, ...ast.handlers];
  const locks: LockDeclAst[] = [];
  const srcu: { name: string; span: Span }[] = [];
  const seen = new Set<string>();
  for (const d of ast.init) {
    if (seen.has(d.name)) { errors.push({ span: d.span, message: `'${d.name}' is declared twice` }); continue; }
    seen.add(d.name);
    if (isLock(d.type)) { locks.push({ name: d.name, span: d.span, kind: 'spinlock', readers: 'qrwlock' }); continue; }
    const init: ValueAst | null = d.value === null ? null : d.value.k === 'int' ? { k: 'int', v: d.value.v | 0, span: d.value.span } : { k: 'name', name: d.value.name, span: d.value.span };
    cells.push({ name: d.name, span: d.span, init });
  }
  for (const p of all) {
    for (const q of p.params) {
      if (seen.has(q.name)) {
        const declaredLock = locks.some((l) => l.name === q.name);
        if (declaredLock !== isLock(q.type)) errors.push({ span: q.span, message: `'${q.name}' is a ${isLock(q.type) ? 'lock' : 'location'} here but not in the init block` });
        continue;
      }
      seen.add(q.name);
      if (isLock(q.type)) locks.push({ name: q.name, span: q.span, kind: 'spinlock', readers: 'qrwlock' });
      else if (isSrcu(q.type)) srcu.push({ name: q.name, span: q.span });
      else cells.push({ name: q.name, span: q.span, init: null });
    }
  }
  // A location named only as an initial value (`int *x = &a;`, `x1=y1;`, `0:r1=a;`) exists in
  // herd7 all the same, at 0 (lib/stateParser.mly reads `a` there as a symbol).
  for (const v of [...ast.init.map((d) => d.value), ...ast.regInit.map((r) => r.value)]) {
    if (v?.k !== 'addr' || seen.has(v.name) || all.some((p) => p.params.some((q) => q.name === v.name))) continue;
    seen.add(v.name);
    cells.push({ name: v.name, span: v.span, init: null });
  }
  const locations = new Set([...cells.map((c) => c.name), ...locks.map((l) => l.name)]);
  const regInit = registerInits(ast, errors);
  const bodyOf = (p: ProcAst, owner: string, regs: ReadonlyMap<string, ExprAst> = new Map()) => {
    const params = new Map(p.params.map((q) => [q.name, isLock(q.type) ? 'lock' as const : isSrcu(q.type) ? 'srcu' as const : 'loc' as const]));
    const r = new BodyConverter({ owner, params, locations, regInit: regs }, file, text, errors, unsupported).convert(p.body);
    return r;
  };
  const programs: ProgramAst[] = ast.procs.map((p) => {
    const r = bodyOf(p, `P${p.cpu}`, regInit.get(p.cpu));
    return { cpu: p.cpu, body: r.body, span: p.span };
  });
  const cpus = Math.max(1, ast.procs.length);
  const interrupts: InterruptAst[] = ast.handlers.map((h) => {
    for (const c of h.cpus) if (c >= cpus) errors.push({ span: h.span, message: `${h.kind} '${h.name}' names CPU ${c}, but the test has ${cpus}`, expected: `CPUs 0 to ${cpus - 1}` });
    return { kind: h.kind, name: h.name, cpus: h.cpus, at: null, max: h.max, body: bodyOf(h, `${h.kind} ${h.name}`).body, span: h.span };
  });
  if (errors.length > 0 || unsupported.length > 0) return { program: null, filter: null, displayed: 0, errors, unsupported };

  const span = at({ file, start: 0, end: 0 });
  const scenario: ScenarioAst = {
    file, name: ast.name, description: '', imports: [], cpus, memoryModel: o.memoryModel === 'tso' ? 'tso' : 'sc', maxSteps: 1000, storeBufferSize: null,
    constants: [], state: { cells, arrays: [], objects: [], locks, ...(srcu.length > 0 ? { srcu } : {}) }, procedures: [], programs, interrupts, strategies: [], final: null, workload: null,
    variants: [{ name: ast.name, span, description: '', interrupts: null, cpus: null, memoryModel: null, final: null, expect: [], ...NO_CHANGES }], span,
  };
  const r = lower(scenario, text, { variant: ast.name, strategy: 'default' });
  if (!r.ok) {
    // herd7 explores both orders of accesses C leaves unsequenced; raceway runs one order per
    // step, so such a statement is not something it can run yet.
    const unordered = r.errors.filter((d) => d.code === 'unsequenced');
    for (const d of unordered) unsupported.push({ what: 'two shared accesses whose order C leaves unspecified (herd7 tries both)', span: d.span });
    return { program: null, filter: null, displayed: 0, errors: r.errors.filter((d) => d.code !== 'unsequenced'), unsupported };
  }
  // The scenario compiler knows the machine's models; the LKMM reads the same program.
  const p = o.memoryModel === 'lkmm' ? { ...r.value, memoryModel: 'lkmm' as const } : r.value;

  const leaves: { name: string; expr: FinalExpr; loc: CondLoc; displayed: boolean }[] = [];
  let displaying = true;
  const leaf = (l: CondLoc): FinalExpr => {
    const name = l.k === 'reg' ? `${l.cpu}:${l.name}` : l.name;
    const known = leaves.find((x) => x.name === name);
    if (known) return known.expr;
    const expr = locExpr(p, l, regInit, errors, unsupported);
    leaves.push({ name, expr, loc: l, displayed: displaying });
    return expr;
  };
  for (const l of ast.locations) leaf(l);
  const cond = condExpr(p, ast.cond, leaf, errors);
  displaying = false;
  const filter = ast.filter ? condExpr(p, ast.filter, leaf, errors) : null;
  if (errors.length > 0 || unsupported.length > 0) return { program: null, filter: null, displayed: 0, errors, unsupported };
  // herd7 shows the locations of `locations` and the condition, not the filter's (herd/test_herd.ml,
  // `displayed`), each state's in its location order (lib/location.ml, `location_compare`):
  // registers by process, then by name, then shared locations by name. The filter's own leaves
  // are observed too (it is evaluated on observed values) and come last.
  const observe = leaves.sort((a, b) => Number(b.displayed) - Number(a.displayed) || herdOrder(a.loc, b.loc)).map(({ name, expr }) => ({ name, expr }));
  const final: FinalSpec = { quantifier: ast.quantifier, cond, text: ast.condText, span: ast.condSpan, observe, ...(filter ? { filter } : {}) };
  const fp = fnv1a(p.fingerprint + JSON.stringify({ final: { q: final.quantifier, cond, observe }, filter, ...(p.memoryModel === 'lkmm' ? { m: 'lkmm' } : {}) })).toString(36);
  return { program: { ...p, final, fingerprint: `${p.fingerprint}${fp}` }, filter, displayed: leaves.filter((l) => l.displayed).length, errors: [], unsupported: [] };
}

/** Per process, its registers' init-block values as expressions (`5`, `&x`). */
type RegisterInits = ReadonlyMap<number, ReadonlyMap<string, ExprAst>>;

function registerInits(ast: LitmusAst, errors: Diagnostic[]): RegisterInits {
  const out = new Map<number, Map<string, ExprAst>>();
  for (const r of ast.regInit) {
    if (r.cpu >= ast.procs.length) { errors.push({ span: r.span, message: `no process P${r.cpu}`, expected: `a register of P0 to P${ast.procs.length - 1}` }); continue; }
    const v = r.value;
    const at = { start: (v ?? r).span.start, end: (v ?? r).span.end };
    const e: ExprAst = v?.k === 'addr' ? { k: 'addr', of: { k: 'name', name: v.name, ...at }, ...at } : { k: 'num', value: v?.k === 'int' ? v.v | 0 : 0, ...at };
    const regs = out.get(r.cpu) ?? new Map<string, ExprAst>();
    regs.set(r.name, e);
    out.set(r.cpu, regs);
  }
  return out;
}

const codeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function herdOrder(a: CondLoc, b: CondLoc): number {
  if (a.k === 'reg' && b.k === 'reg') return a.cpu - b.cpu || codeUnits(a.name, b.name);
  if (a.k !== b.k) return a.k === 'reg' ? -1 : 1;
  return codeUnits(a.name, b.name);
}

function locExpr(p: Program, l: CondLoc, regInit: RegisterInits, errors: Diagnostic[], unsupported: Unsupported[]): FinalExpr {
  if (l.k === 'reg') {
    const code = p.codes[p.tasks[l.cpu] ?? -1];
    if (!code) { errors.push({ span: l.span, message: `no process P${l.cpu}`, expected: `P0 to P${p.cpus - 1}` }); return { kind: 'const', v: 0 }; }
    const slot = code.localNames.indexOf(l.name);
    if (slot >= 0) return { kind: 'local', cpu: l.cpu, slot };
    // A register the process never assigns ends as it started: its init-block value, else 0
    // (herd7 only checks that the process exists, lib/genParserUtils.ml `check_regs`).
    const v = regInit.get(l.cpu)?.get(l.name);
    if (v?.k === 'addr' && v.of.k === 'name') return { kind: 'const', v: pointerTo(p.objects.findIndex((x) => x.name === (v.of as { name: string }).name)) };
    return { kind: 'const', v: v?.k === 'num' ? v.value : 0 };
  }
  const obj = p.objects.findIndex((x) => x.name === l.name && !x.heap);
  const loc = obj >= 0 ? p.objects[obj]!.fields.get(0) : undefined;
  if (loc !== undefined) return { kind: 'mem', loc };
  if (p.locks.some((k) => k.name === l.name)) unsupported.push({ what: `the value of lock '${l.name}' in a condition`, span: l.span });
  else errors.push({ span: l.span, message: `no shared location '${l.name}'`, expected: p.objects.map((x) => x.name).join(', ') || 'a location of the init block or a parameter' });
  return { kind: 'const', v: 0 };
}

function condExpr(p: Program, c: CondAst, leaf: (l: CondLoc) => FinalExpr, errors: Diagnostic[]): FinalExpr {
  switch (c.k) {
    case 'true': return { kind: 'const', v: 1 };
    case 'false': return { kind: 'const', v: 0 };
    case 'not': return { kind: 'un', op: '!', a: condExpr(p, c.a, leaf, errors) };
    case 'and': return { kind: 'bin', op: '&&', a: condExpr(p, c.a, leaf, errors), b: condExpr(p, c.b, leaf, errors) };
    case 'or': return { kind: 'bin', op: '||', a: condExpr(p, c.a, leaf, errors), b: condExpr(p, c.b, leaf, errors) };
    case 'implies': return { kind: 'bin', op: '||', a: { kind: 'un', op: '!', a: condExpr(p, c.a, leaf, errors) }, b: condExpr(p, c.b, leaf, errors) };
    case 'cmp': {
      const a = leaf(c.loc);
      if (c.value.k === 'loc') return { kind: 'bin', op: c.op, a, b: leaf(c.value.loc) };
      let v = 0;
      if (c.value.k === 'int') v = c.value.v | 0;
      else {
        const name = c.value.name;
        const obj = p.objects.findIndex((x) => x.name === name);
        if (obj >= 0) v = pointerTo(obj);
        else errors.push({ span: c.value.span, message: `no shared location '${name}' to point to`, expected: 'an integer or a location name' });
      }
      return { kind: 'bin', op: c.op, a, b: { kind: 'const', v } };
    }
    default:
      return assertNever(c);
  }
}
