// One JSON object per (file, scenario, variant, strategy). Keys come out in one fixed order,
// built here and nowhere else, so output is byte-stable. Pure.
import type { LineIndex } from '../common/span.js';
import type { Finding, Outcome } from '../explore/explorer.js';
import { observation, type Judgement } from '../explore/judge.js';
import type { Program } from '../machine/program.js';
import type { Violation } from '../machine/violation.js';
import type { FindingRenderer } from './finding-formats.js';
import { finalsJson } from './finals.js';
import { levelName } from './names.js';
import { sentence } from './sentence.js';
import { isHandlerEntry, lineOf, traceRows } from './trace-rows.js';
import { verdictJson } from './verdict-json.js';

export interface ResultInput {
  readonly file: string;
  readonly program: Program;
  readonly outcome: Outcome;
  readonly expected: readonly string[] | null;
  readonly judgement: Judgement;
  readonly lines: LineIndex | undefined;
  /** Extra per-finding fields (replay tokens), keyed by finding index. */
  readonly tokens?: readonly string[];
}

export function findingJson(p: Program, f: Finding, lines: LineIndex | undefined, token?: string): Record<string, unknown> {
  const { rows, steps } = traceRows(p, f, lines);
  return {
    kind: f.violation.kind,
    message: sentence(p, f.violation, steps, lines),
    mode: f.mode,
    steps: f.trace.length,
    ...(token !== undefined ? { token } : {}),
    ...(f.violation.kind === 'data-race' ? { race: raceJson(p, f.violation, lines) } : {}),
    trace: rows.filter((r) => r.step !== null).map((r) => ({
      step: r.step,
      cpu: r.cpu,
      context: isHandlerEntry(r) ? r.kind : r.kind === 'drain' ? 'store-buffer' : r.kind === 'switch' ? 'scheduler' : levelName(contextLevel(r.context)),
      op: r.text,
      ...(r.task ? { task: r.task } : {}),
      ...(r.event ? { event: r.event.kind, event_task: r.event.task } : {}),
      ...(r.note ? { note: r.note } : {}),
      line: r.line,
    })),
  };
}

/** A data race's two accesses, as a script would read a KCSAN report: where, and which access. */
function raceJson(p: Program, v: Extract<Violation, { kind: 'data-race' }>, lines: LineIndex | undefined): Record<string, unknown> {
  return {
    location: v.name,
    accesses: [v.at, v.other].map((w) => {
      const instr = p.codes[w.code]?.instrs[w.pc];
      return { cpu: w.cpu, context: levelName(w.level), access: w.access, op: instr?.text ?? null, line: instr ? lineOf(p, instr.span, lines) : null };
    }),
  };
}

function contextLevel(context: string): 0 | 1 | 2 | 3 {
  return context.includes(' NMI') ? 2 : context.includes(' IRQ') ? 1 : context.includes(' softirq') ? 3 : 0;
}

export function resultJson(r: ResultInput): Record<string, unknown> {
  const o = r.outcome;
  return {
    file: r.file,
    scenario: r.program.scenario,
    variant: r.program.variant,
    strategy: r.program.strategy,
    verdict: verdictJson(o, r.program.final ? observation(o) : null),
    kinds: o.findings.map((f) => f.violation.kind),
    ...(o.bound ? { bound: o.bound } : {}),
    expected: r.expected === null ? null : r.expected.length === 0 ? 'safe' : r.expected.join(','),
    met: r.judgement === 'met',
    judgement: r.judgement,
    memory_model: r.program.memoryModel,
    violations: o.findings.map((f, i) => findingJson(r.program, f, r.lines, r.tokens?.[i])),
    ...finalsJson(r.program, o, r.lines),
    stats: {
      mode: o.stats.mode, states: o.stats.states, transitions: o.stats.transitions, ms: Math.round(o.stats.ms), max_depth: o.stats.maxDepth,
      // --mode both, only where random search ran (report/coverage.ts says when).
      ...(o.stats.randomRuns !== undefined ? { random_runs: o.stats.randomRuns } : {}),
      ...(o.stats.quickStates !== undefined ? { quick_states: o.stats.quickStates } : {}),
    },
  };
}

/** A counterexample as one line of JSON (the finding object above). */
export const jsonFinding: FindingRenderer = (p, f, lines) => JSON.stringify(findingJson(p, f, lines)) + '\n';
