// A litmus test's result in herd7's layout (Test, States, Ok/No, Witnesses, Condition,
// Observation, Hash), in raceway's own text with counts, and as one JSON object. herd7's shape
// is kept so scripts that read herd7 output (herdtools7's msort7, mcompare7) read ours. Pure.
import type { Outcome } from '../explore/explorer.js';
import { pointee, type Program } from '../machine/program.js';
import { valueName } from './names.js';
import type { Paint } from './paint.js';
import { verdictJson } from './verdict-json.js';

/** What the litmus judgement decided, as plain data (report does not import the front end). */
export interface LitmusResult {
  readonly file: string;
  readonly name: string;
  readonly program: Program;
  readonly outcome: Outcome;
  /** Per finals.states index: kept by the test's filter. */
  readonly kept: readonly boolean[];
  readonly positive: number;
  readonly negative: number;
  readonly validated: boolean;
  readonly observation: 'Never' | 'Sometimes' | 'Always' | null;
  /** 'kernel' Result (one-way), 'raceway' expect (exact), 'final' the quantifier's claim (exact), or none. */
  readonly expectedSource: 'kernel' | 'raceway' | 'final' | 'none';
  readonly expected: string | null;
  readonly judgement: 'met' | 'unmet' | 'inconclusive';
  readonly why: string;
  /** The condition as herd7 prints it (`exists (0:r0=0 /\\ [x]=1)`). */
  readonly herdCondition: string;
  /** How many of program.final.observe, from the first, herd7 displays (the rest only the filter reads). */
  readonly displayed: number;
}

/** `0:r0=1; x=2;`, pointers by the name of what they point to; `[x]=2;` in herd7's brackets. */
export function stateLine(p: Program, values: readonly number[], brackets = false): string {
  return (p.final?.observe ?? []).slice(0, values.length).map((o, i) => {
    const name = brackets && !/^\d+:/.test(o.name) ? `[${o.name}]` : o.name;
    return `${name}=${valueName(p, values[i] ?? 0)};`;
  }).join(' ');
}

/**
 * herd7's order of final states (herd/archExtra_herd.ml, StateSet over `RState.compare
 * I.V.compare`): by the values in location order, integers before addresses (lib/constant.ml,
 * Concrete before Symbolic), integers by value, addresses by the name of the location.
 */
function herdCompare(p: Program, a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x === y) continue;
    const px = pointee(p, x);
    const py = pointee(p, y);
    if ((px >= 0) !== (py >= 0)) return px >= 0 ? 1 : -1;
    if (px < 0) return x - y;
    const nx = p.objects[px]!.name;
    const ny = p.objects[py]!.name;
    if (nx !== ny) return nx < ny ? -1 : 1;
  }
  return 0;
}

/** Indices into finals.states in herd7's order. */
function herdOrder(r: LitmusResult): number[] {
  const states = r.outcome.finals?.states ?? [];
  return states.map((_, i) => i).sort((i, j) => herdCompare(r.program, states[i]!.values, states[j]!.values));
}

/** The kept states as herd7 lists them: only the values it displays, each distinct set once, in its order. */
function herdStates(r: LitmusResult): (readonly number[])[] {
  const states = r.outcome.finals?.states ?? [];
  const seen = new Set<string>();
  const out: (readonly number[])[] = [];
  for (const i of herdOrder(r)) {
    if (!r.kept[i]) continue;
    const values = states[i]!.values.slice(0, r.displayed);
    const key = values.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(values);
  }
  return out; // already in order: the displayed values lead each state
}

/**
 * herd7's result layout (herd/top_herd.ml, `pp_stats`). The kind is ConstrGen's `pp_kind`
 * (lib/constrGen.ml): exists Allowed, ~exists Forbidden, forall Required. `Ok` when the quantified
 * condition is validated (`check_cond`). The Witnesses line is `check_wit`: for exists and forall
 * `Positive: pos Negative: neg`, but for ~exists herd7 swaps them, printing first the count where
 * the proposition fails (the states that agree with ~exists) and then the count where it holds;
 * herd's own test C15 (herd/tests/instructions/C/C15.litmus.expected) shows `Ok`, `Positive: 2
 * Negative: 0` beside `Observation C15 Never 0 2`. The Observation line is never swapped.
 *
 * One line herd7 never prints, `Model lkmm (raceway)`, follows the Test line: the words are
 * herd7's, the search is not, and under `sc` or `tso` neither is the model (herd7 runs the
 * kernel's, LKMM), so a script that reads the layout as herd7's must be able to tell. herdtools7's
 * log reader skips every line between `Test` and `States` (tools/lexLog_tools.mll, `pstate`:
 * litmus logs put the generated code there), so msort7 and mcompare7 still read the result.
 */
export function renderHerd(r: LitmusResult): string {
  const f = r.program.final;
  // A search that stopped early (a bound, a deadline, a construct it cannot answer) has no
  // Observation (its counts would be partial, and `Never` or `Always` unfounded): herd7 prints none for a test it did not finish either, and the kernel's
  // judgelitmus.sh reads a block without one as not run, where `Never` from the states found so
  // far would be read as an answer.
  if (r.outcome.bound !== undefined) {
    return [`Test ${r.name} ${f?.quantifier === 'exists' ? 'Allowed' : f?.quantifier === 'never' ? 'Forbidden' : 'Required'}`, `Model ${r.program.memoryModel} (raceway)`,
      `Inconclusive ${r.outcome.bound}: the search stopped before it covered every execution, so there is no Observation`, `Hash=${r.program.fingerprint}`, ''].join('\n') + '\n';
  }
  const states = herdStates(r);
  const kind = f?.quantifier === 'exists' ? 'Allowed' : f?.quantifier === 'never' ? 'Forbidden' : 'Required';
  const [pos, neg] = f?.quantifier === 'never' ? [r.negative, r.positive] : [r.positive, r.negative];
  return [
    `Test ${r.name} ${kind}`,
    `Model ${r.program.memoryModel} (raceway)`,
    `States ${states.length}`,
    ...states.map((v) => stateLine(r.program, v, true)),
    r.validated ? 'Ok' : 'No',
    'Witnesses',
    `Positive: ${pos} Negative: ${neg}`,
    ...herdFlags(r),
    `Condition ${r.herdCondition}`,
    `Observation ${r.name} ${r.observation ?? 'Never'} ${r.positive} ${r.negative}`,
    // herd7's `Time NAME 0.01` line is left out: raceway's output is the same on every run.
    `Hash=${r.program.fingerprint}`,
    '',
  ].join('\n') + '\n';
}

/**
 * herd7's `Flag NAME` lines, after the witnesses (top_herd.ml prints each flag a consistent
 * execution raised): under the LKMM, linux-kernel.cat's `flag ~empty ... as data-race`. SC and
 * TSO are raceway's models, with no .cat flags: their data races are violations, not flags.
 */
function herdFlags(r: LitmusResult): string[] {
  if (r.program.memoryModel !== 'lkmm') return [];
  return r.outcome.findings.some((f) => f.violation.kind === 'data-race') ? ['Flag data-race'] : [];
}

/** The final states, one per line, with how many distinct final machine states show each. */
export function renderLitmusStates(r: LitmusResult, paint: Paint): string {
  const all = r.outcome.finals?.states ?? [];
  const width = Math.max(1, ...all.map((s) => String(s.count ?? 1).length));
  const lines = herdOrder(r).map((i) => {
    const s = all[i]!;
    const mark = !r.kept[i] ? paint.dim('  (filtered out)') : s.holds ? paint.yellow('  <- satisfies the condition') : '';
    return `      ${String(s.count ?? 1).padStart(width)}  ${stateLine(r.program, s.values)}${mark}`;
  });
  // Under the LKMM a count is of consistent executions, as herd7's Positive and Negative are.
  const counted = r.program.memoryModel === 'lkmm' ? 'LKMM executions' : 'distinct final machine states, memory and every register,';
  const head = paint.dim(`      final states (count: ${counted} showing these values); condition: ${r.program.final?.text ?? ''}`);
  return [head, ...lines].join('\n');
}

export function litmusResultJson(r: LitmusResult): Record<string, unknown> {
  const o = r.outcome;
  const f = r.program.final;
  return {
    file: r.file,
    scenario: r.name,
    format: 'litmus',
    verdict: verdictJson(o, r.observation),
    kinds: o.findings.map((x) => x.violation.kind),
    ...(o.bound ? { bound: o.bound } : {}),
    expected: r.expected,
    expected_from: r.expectedSource,
    met: r.judgement === 'met',
    judgement: r.judgement,
    why: r.why,
    memory_model: r.program.memoryModel,
    condition: f?.text ?? null,
    observation: r.observation,
    validated: r.validated,
    positive: r.positive,
    negative: r.negative,
    states: herdOrder(r).map((i) => {
      const s = o.finals!.states[i]!;
      return {
        values: Object.fromEntries((f?.observe ?? []).map((ob, k) => [ob.name, valueName(r.program, s.values[k] ?? 0)])),
        count: s.count ?? 1,
        holds: s.holds,
        kept: r.kept[i] ?? true,
      };
    }),
    hash: r.program.fingerprint,
    stats: { mode: o.stats.mode, states: o.stats.states, transitions: o.stats.transitions, ms: Math.round(o.stats.ms), max_depth: o.stats.maxDepth },
  };
}
