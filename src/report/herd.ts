// A litmus test's result in herd7's layout (Test, States, Ok/No, Witnesses, Condition,
// Observation, Hash), in raceway's own text with counts, and as one JSON object. herd7's shape
// is kept so scripts that read herd7 output (herdtools7's msort7, mcompare7) read ours. Pure.
import type { Outcome } from '../explore/explorer.js';
import type { Program } from '../machine/program.js';
import { valueName } from './names.js';
import type { Paint } from './paint.js';

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
  /** 'kernel' Result (one-way), 'raceway' expect (exact), or none. */
  readonly expectedSource: 'kernel' | 'raceway' | 'none';
  readonly expected: string | null;
  readonly judgement: 'met' | 'unmet' | 'inconclusive';
  readonly why: string;
}

/** `0:r0=1; x=2;` as herd7 prints a state: pointers by the name of what they point to. */
export function stateLine(p: Program, values: readonly number[]): string {
  return (p.final?.observe ?? []).map((o, i) => `${o.name}=${valueName(p, values[i] ?? 0)};`).join(' ');
}

function keptStates(r: LitmusResult) {
  return (r.outcome.finals?.states ?? []).filter((_, i) => r.kept[i]);
}

export function renderHerd(r: LitmusResult): string {
  const f = r.program.final;
  const states = keptStates(r);
  const kind = f?.quantifier === 'exists' ? 'Allowed' : 'Required';
  return [
    `Test ${r.name} ${kind}`,
    `States ${states.length}`,
    ...states.map((s) => stateLine(r.program, s.values)),
    r.validated ? 'Ok' : 'No',
    'Witnesses',
    `Positive: ${r.positive} Negative: ${r.negative}`,
    `Condition ${f?.text ?? ''}`,
    `Observation ${r.name} ${r.observation ?? 'Never'} ${r.positive} ${r.negative}`,
    `Hash=${r.program.fingerprint}`,
    '',
  ].join('\n') + '\n';
}

/** The final states, one per line, with how many distinct final machine states show each. */
export function renderLitmusStates(r: LitmusResult, paint: Paint): string {
  const all = r.outcome.finals?.states ?? [];
  const width = Math.max(1, ...all.map((s) => String(s.count ?? 1).length));
  const lines = all.map((s, i) => {
    const mark = !r.kept[i] ? paint.dim('  (filtered out)') : s.holds ? paint.yellow('  <- satisfies the condition') : '';
    return `      ${String(s.count ?? 1).padStart(width)}  ${stateLine(r.program, s.values)}${mark}`;
  });
  const head = paint.dim(`      final states (count: distinct final machine states, memory and every register, showing these values); condition: ${r.program.final?.text ?? ''}`);
  return [head, ...lines].join('\n');
}

export function litmusResultJson(r: LitmusResult): Record<string, unknown> {
  const o = r.outcome;
  const f = r.program.final;
  return {
    file: r.file,
    scenario: r.name,
    format: 'litmus',
    verdict: o.verdict,
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
    states: (o.finals?.states ?? []).map((s, i) => ({
      values: Object.fromEntries((f?.observe ?? []).map((ob, k) => [ob.name, valueName(r.program, s.values[k] ?? 0)])),
      count: s.count ?? 1,
      holds: s.holds,
      kept: r.kept[i] ?? true,
    })),
    hash: r.program.fingerprint,
    stats: { mode: o.stats.mode, states: o.stats.states, transitions: o.stats.transitions, ms: Math.round(o.stats.ms), max_depth: o.stats.maxDepth },
  };
}
