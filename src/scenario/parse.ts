// Phase 1 of the front end: scenario text -> ScenarioAst with spans, gathering every mistake it
// can find. Names are not resolved here (lower.ts does that). Pure: the text comes in.
import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { fail, ok, type Diagnostic, type Result } from '../common/diagnostic.js';
import type { Span } from '../common/span.js';
import { suggest } from '../common/suggest.js';
import { VIOLATION_KINDS } from '../machine/violation.js';
import type { MemoryModelName } from '../machine/program.js';
import type { ExpectAst, InterruptAst, Named, ProcedureAst, ProgramAst, ScenarioAst, StrategyAst, VariantAst } from './ast.js';
import { readFinal } from './read-final.js';
import { checkLength, checkMemorySize, named, readState } from './read-state.js';
import { readBody } from './read-statements.js';
import { readWorkload } from './read-workload.js';
import { parseSignature } from './syntax/parse-statement.js';
import { NO_CHANGES } from './variant-view.js';
import { readYaml } from './yaml-document.js';
import { shown, YamlReader } from './yaml-reader.js';
import { MAX_CPUS } from './max-cpus.js';

export { MAX_CPUS };
const TOP_KEYS = ['scenario', 'description', 'imports', 'cpus', 'memory_model', 'max_steps', 'store_buffer_size', 'data_races', 'constants', 'state', 'procedures', 'programs', 'interrupts', 'strategies', 'variants', 'expect', 'final', 'workload', 'preemptions'];
/** Observations of a final-state condition: at most one per expectation, and only with a condition. */
export const OBSERVATION_WORDS: readonly string[] = ['sometimes', 'never', 'always'];
/** Words an expectation may use: safe, a violation kind, or a final-state observation. */
export const VERDICT_WORDS = ['safe', ...VIOLATION_KINDS, ...OBSERVATION_WORDS];

/** What the reader made of a file: the tree (null when YAML itself failed) and every mistake. */
export interface ReadScenario {
  readonly ast: ScenarioAst | null;
  readonly errors: readonly Diagnostic[];
  /** False when a mistake outside statement bodies made the reader guess: do not lower. */
  readonly lowerable: boolean;
  /** Ranges whose lowering errors are cascades of a parse error (from it to its body's end). */
  readonly poisoned: readonly Span[];
}

export function parseScenario(file: string, text: string): Result<ScenarioAst> {
  const r = readScenario(file, text);
  return r.errors.length > 0 || !r.ast ? fail(r.errors) : ok(r.ast);
}

export function readScenario(file: string, text: string): ReadScenario {
  const none = (errors: readonly Diagnostic[]): ReadScenario => ({ ast: null, errors, lowerable: false, poisoned: [] });
  const doc = readYaml(file, text);
  if (!doc.ok) return none(doc.errors);
  const r = new YamlReader(file, text);
  // Duplicate keys do not stop the reading, but lowering would have to guess which value counts.
  r.errors.push(...doc.duplicates);
  const root = doc.root;
  if (root === null || (isScalar(root) && root.value === null)) {
    r.error({ file, start: 0, end: 0 }, 'the file is empty', 'a scenario: a mapping with cpus, programs, ...');
    return none(r.errors);
  }
  const top = r.map(root, 'a scenario', TOP_KEYS, ['cpus', 'programs']);
  if (!top) return none(r.errors);
  const v = (k: string): Node | undefined => top.get(k)?.value ?? undefined;
  const baseName = file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '') || 'stdin';
  const name = v('scenario') !== undefined ? (r.string(v('scenario'), "'scenario'") ?? baseName) : baseName;
  const description = v('description') !== undefined ? (r.string(v('description'), "'description'") ?? '') : '';
  const cpus = v('cpus') !== undefined ? (r.int(v('cpus'), "'cpus'", 1, MAX_CPUS) ?? 1) : 1;
  const memoryModel = readModel(r, v('memory_model')) ?? 'sc';
  const maxSteps = v('max_steps') !== undefined ? (r.int(v('max_steps'), "'max_steps'", 1, 1_000_000) ?? 1000) : 1000;
  const storeBufferSize = v('store_buffer_size') !== undefined ? (r.int(v('store_buffer_size'), "'store_buffer_size'", 1, 64) ?? null) : null;
  const dataRaces = readDataRaces(r, v('data_races'));
  const preemptions = v('preemptions') !== undefined ? (r.int(v('preemptions'), "'preemptions'", 0, 64) ?? null) : null;
  const constants = r.entries(v('constants'), "'constants'").map((p) => {
    const n = named(r, p.key, 'a constant');
    const value = r.int(p.value, `constant ${shown(n.name)}`, -(2 ** 31), 2 ** 31 - 1) ?? 0;
    return { ...n, value };
  });
  const imports = readImports(r, v('imports'));
  const state = readState(r, v('state'));
  const procedures = readProcedures(r, v('procedures'));
  const programs = v('programs') !== undefined ? readPrograms(r, v('programs')) : [];
  const interrupts = v('interrupts') !== undefined ? readInterrupts(r, v('interrupts')) : [];
  const strategies = readStrategies(r, v('strategies'));
  const variants = readVariants(r, v('variants'), name, v('expect'), v('final') !== undefined);
  const final = v('final') !== undefined ? readFinal(r, v('final')) : null;
  const workload = v('workload') !== undefined ? readWorkload(r, v('workload'), MAX_CPUS) : null;
  const mostCpus = variants.reduce((n, x) => Math.max(n, x.cpus ?? 0), cpus);
  for (const st of [state, ...strategies.map((x) => x.state)]) checkMemorySize(r, st, strategies.length > 0 ? state : null, mostCpus);
  // A variant's state counts with the scenario's (it mostly adds to it), and so does its strategies'.
  for (const x of variants) for (const st of [x.state, ...x.strategies.map((y) => y.state)]) checkMemorySize(r, st, state, mostCpus);
  const ast: ScenarioAst = { file, name, description, imports, cpus, memoryModel, maxSteps, storeBufferSize, ...(dataRaces ? {} : { dataRaces: false }), ...(preemptions !== null ? { preemptions } : {}), constants, state, procedures, programs, interrupts, strategies, final, variants, workload, span: r.span(root) };
  return { ast, errors: r.errors, lowerable: !r.blocking && doc.duplicates.length === 0, poisoned: r.poisoned };
}

/** `imports:` a list of paths, each relative to the importing file (imports.ts reads them). */
export function readImports(r: YamlReader, node: unknown): Named[] {
  if (node === undefined) return [];
  return r.seq(node, "'imports'").map((n) => ({ name: r.string(n, 'an import', "a path such as 'shared.yaml'") ?? '', span: r.span(n) }));
}

/** `data_races: report | ignore` (machine/race.ts): whether sc and tso look for data races. */
function readDataRaces(r: YamlReader, node: unknown): boolean {
  if (node === undefined) return true;
  const s = r.string(node, "'data_races'", "'report' or 'ignore'");
  if (s === 'report' || s === 'ignore') return s === 'report';
  if (s !== null) r.error(r.span(node), `unknown data_races value ${shown(s)}`, "'report' or 'ignore'");
  return true;
}

function readModel(r: YamlReader, node: unknown): MemoryModelName | null {
  if (node === undefined) return null;
  const s = r.string(node, "'memory_model'", "'sc', 'tso' or 'lkmm'");
  if (s === 'sc' || s === 'tso' || s === 'lkmm') return s;
  if (s !== null) r.error(r.span(node), `unknown memory model ${shown(s)}`, "'sc', 'tso' or 'lkmm'");
  return null;
}

export function readProcedures(r: YamlReader, node: unknown): ProcedureAst[] {
  const out: ProcedureAst[] = [];
  for (const p of r.entries(node, "'procedures'")) {
    const key = p.key as Scalar;
    const text = String(key.value);
    const sig = parseSignature(text, r.source(key), r.file);
    const sp = r.span(key);
    if (!sig.ok) {
      r.errors.push(...sig.errors);
      // Keep the procedure under the name it seems to have, so its calls are not reported as
      // unknown, and still read its body for mistakes of its own.
      const guess = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(text)?.[1];
      if (guess === undefined) { r.blocking = true; continue; }
      const params = [...(/\(([^)]*)/.exec(text)?.[1] ?? '').matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)].map((m) => ({ name: m[0], span: sp }));
      out.push({ name: guess, span: sp, params, body: readBody(r, p.value, `procedure ${shown(guess)}`), broken: true });
      continue;
    }
    out.push({
      name: sig.value.name,
      span: sp,
      params: sig.value.params.map((q) => ({ name: q.name, span: { file: r.file, start: q.start, end: q.end } })),
      body: readBody(r, p.value, `procedure ${shown(sig.value.name)}`),
    });
  }
  return out;
}

function readPrograms(r: YamlReader, node: unknown): ProgramAst[] {
  const out: ProgramAst[] = [];
  const seen = new Map<number | '*', string>();
  const entries = r.entries(node, "'programs'");
  if (entries.length === 0 && (node === null || isMap(node) || isScalar(node) && (node as Scalar).value === null)) {
    r.benign(r.span(node), "'programs' is empty", "a program for at least one CPU: 'cpu N:' or 'cpu *:'");
  }
  for (const p of entries) {
    const key = r.keyText(p) ?? '';
    const t = /^task\s+([A-Za-z_][A-Za-z0-9_]*)\s+on\s+cpu\s+(\d+)$/.exec(key.trim());
    if (t) {
      // Another task of the CPU (ops/sched.ts): its name is unique among the tasks.
      if (out.some((q) => q.task?.name === t[1])) { r.error(r.span(p.key), `task '${t[1]}' is declared twice`, 'one program for each task'); continue; }
      out.push({ cpu: Number(t[2]), body: readBody(r, p.value, `the program of ${key}`), span: r.span(p.key), task: { name: t[1]!, span: r.span(p.key) } });
      continue;
    }
    const m = /^cpu\s+(\d+|\*)$/.exec(key.trim());
    if (!m) {
      r.error(r.span(p.key), `${shown(key)} does not name a CPU`, "'cpu N' (N from 0), 'cpu *' for every other CPU, or 'task NAME on cpu N'");
      continue;
    }
    const cpu = m[1] === '*' ? '*' : Number(m[1]);
    const body = readBody(r, p.value, `the program of ${key}`);
    // `cpu 0` and `cpu 00` are different YAML keys for one CPU: which program counts is a guess.
    const before = seen.get(cpu);
    if (before === key) continue; // the same key twice: reported as a duplicate key
    if (before !== undefined) {
      r.error(r.span(p.key), `${shown(key)} names ${cpu === '*' ? "'cpu *'" : `CPU ${cpu}`} again, after ${shown(before)}`, "one program for each CPU in 'programs'");
      continue;
    }
    seen.set(cpu, key);
    out.push({ cpu, body, span: r.span(p.key) });
  }
  return out;
}

export function readInterrupts(r: YamlReader, node: unknown): InterruptAst[] {
  const names = new Set<string>();
  return r.seq(node, "'interrupts'").flatMap((item, index): InterruptAst[] => {
    const m = r.map(item, 'an interrupt', ['kind', 'name', 'cpus', 'at', 'max', 'run'], ['kind', 'run']);
    if (!m) return [];
    const kindText = m.get('kind') ? r.string(m.get('kind')!.value, "'kind'", "'irq', 'nmi' or 'softirq'") : null;
    if (kindText !== null && kindText !== 'irq' && kindText !== 'nmi' && kindText !== 'softirq') r.error(r.span(m.get('kind')!.value), `unknown interrupt kind ${shown(kindText)}`, "'irq', 'nmi' or 'softirq'");
    const kind = kindText === 'nmi' ? 'nmi' : kindText === 'softirq' ? 'softirq' : 'irq';
    const name = m.get('name') ? (r.string(m.get('name')!.value, "'name'") ?? '') : `${kind}${index}`;
    // Traces, tokens and `at` errors tell handlers apart by name.
    if (names.has(name)) {
      r.benign(m.get('name') ? r.span(m.get('name')!.value) : r.span(item), `two interrupts are named ${shown(name)}`, 'a name of its own for each interrupt', m.get('name') ? undefined : `an interrupt without 'name' is named after its kind and its index, here ${shown(name)}`);
    }
    names.add(name);
    let cpus: number[] | 'all' = 'all';
    const c = m.get('cpus')?.value;
    if (c !== undefined) {
      if (isScalar(c) && (c as Scalar).value === 'all') cpus = 'all';
      else if (isSeq(c)) {
        cpus = r.seq(c, "'cpus'").map((n) => r.int(n, 'a CPU number', 0, MAX_CPUS - 1) ?? 0);
        if (cpus.length === 0) r.benign(r.span(c), "'cpus' names no CPU: the interrupt would never fire", "CPU numbers, or 'all'");
      }
      else cpus = [r.int(c, "'cpus'", 0, MAX_CPUS - 1) ?? 0];
    }
    let at: Named[] | null = null;
    const a = m.get('at')?.value;
    if (a !== undefined && !(isScalar(a) && (a as Scalar).value === 'anywhere')) {
      at = (isSeq(a) ? r.seq(a, "'at'") : [a]).map((n) => ({ name: r.string(n, 'a label', "a label's name, or 'anywhere'") ?? '', span: r.span(n) }));
      if (at.length === 0) r.benign(r.span(a), "'at' names no label: the interrupt would never fire", "labels of the code it interrupts, or 'anywhere'");
    }
    const max = m.get('max') ? (r.int(m.get('max')!.value, "'max'", 0, 16) ?? 1) : 1;
    const body = readBody(r, m.get('run')?.value, `the handler ${shown(name)}`);
    return [{ kind, name, cpus, at, max, body, span: r.span(item) }];
  });
}

export function readStrategies(r: YamlReader, node: unknown): StrategyAst[] {
  const out: StrategyAst[] = [];
  for (const p of r.entries(node, "'strategies'")) {
    const n = { name: String((p.key as Scalar).value), span: r.span(p.key) };
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(n.name)) r.error(n.span, `${shown(n.name)} is not a valid strategy name`, 'letters, digits, -, _ and .');
    else checkLength(r, n.span, n.name);
    const empty = p.value === null || (isScalar(p.value) && (p.value as Scalar).value === null);
    const m = empty ? new Map() : r.map(p.value, `strategy ${shown(n.name)}`, ['description', 'state', 'procedures']);
    if (!m) continue;
    const description = m.get('description') ? (r.string(m.get('description').value, "'description'") ?? '') : '';
    out.push({ ...n, description, state: readState(r, m.get('state')?.value), procedures: readProcedures(r, m.get('procedures')?.value) });
  }
  return out;
}

/** `final`: whether the variant (or the scenario) has a final-state condition to observe. */
function readExpect(r: YamlReader, node: unknown, final: boolean): ExpectAst[] {
  return r.entries(node, "'expect'").map((p) => {
    const strategy = { name: String((p.key as Scalar).value), span: r.span(p.key) };
    const items = isSeq(p.value) ? r.seq(p.value, 'an expectation') : [p.value as Node];
    const kinds: Named[] = [];
    let safe: Node | null = null;
    for (const it of items) {
      const w = r.string(it, 'an expected verdict', VERDICT_WORDS.map((x) => `'${x}'`).join(', '));
      if (w === null) continue;
      if (!VERDICT_WORDS.includes(w)) {
        const s = suggest(w, VERDICT_WORDS);
        r.benign(r.span(it), `unknown verdict ${shown(w)}`, VERDICT_WORDS.map((x) => `'${x}'`).join(', '), s ? `did you mean '${s}'?` : undefined);
      } else if (w === 'safe') safe = it;
      else kinds.push({ name: w, span: r.span(it) });
    }
    // [safe, deadlock] was read as deadlock; and an observation needs a condition to observe.
    if (safe !== null && kinds.length > 0) r.benign(r.span(safe), "'safe' cannot be combined with other verdicts", "'safe' alone, or the violation kinds expected without it");
    const observed = kinds.filter((k) => OBSERVATION_WORDS.includes(k.name));
    if (observed.length > 1) r.benign(observed[1]!.span, `'${observed[1]!.name}' and '${observed[0]!.name}' in one expectation`, "at most one of 'sometimes', 'never' and 'always'");
    if (!final) {
      for (const o of observed) r.benign(o.span, `'${o.name}' needs a final condition`, "a 'final:' (exists, never or forall) in the scenario or the variant");
    }
    return { strategy, kinds, span: r.span(p.value) };
  });
}

const VARIANT_KEYS = ['description', 'cpus', 'memory_model', 'interrupts', 'expect', 'final', 'programs', 'procedures', 'state', 'strategies'];

function readVariants(r: YamlReader, node: unknown, scenario: string, topExpect: Node | undefined, topFinal: boolean): VariantAst[] {
  if (node === undefined) {
    return [{ name: scenario, span: { file: r.file, start: 0, end: 0 }, description: '', interrupts: null, cpus: null, memoryModel: null, expect: readExpect(r, topExpect, topFinal), final: null, ...NO_CHANGES }];
  }
  if (topExpect !== undefined) r.error(r.span(topExpect), "top-level 'expect' cannot be used with 'variants'", "an 'expect' inside each variant");
  const out: VariantAst[] = [];
  for (const p of r.entries(node, "'variants'")) {
    const n = { name: String((p.key as Scalar).value), span: r.span(p.key) };
    const empty = p.value === null || (isScalar(p.value) && (p.value as Scalar).value === null);
    const m = empty ? new Map() : r.map(p.value, `variant ${shown(n.name)}`, VARIANT_KEYS);
    if (!m) continue;
    out.push({
      ...n,
      description: m.get('description') ? (r.string(m.get('description').value, "'description'") ?? '') : '',
      interrupts: m.get('interrupts') ? readInterrupts(r, m.get('interrupts').value) : null,
      cpus: m.get('cpus') ? r.int(m.get('cpus').value, "'cpus'", 1, MAX_CPUS) : null,
      memoryModel: readModel(r, m.get('memory_model')?.value),
      expect: readExpect(r, m.get('expect')?.value, topFinal || m.has('final')),
      final: m.get('final') ? readFinal(r, m.get('final').value) : null,
      programs: m.has('programs') ? readPrograms(r, m.get('programs').value) : [],
      procedures: readProcedures(r, m.get('procedures')?.value),
      state: readState(r, m.get('state')?.value),
      strategies: readStrategies(r, m.get('strategies')?.value),
    });
  }
  if (out.length === 0) r.error(r.span(node), "'variants' is empty", 'at least one variant');
  return out;
}
