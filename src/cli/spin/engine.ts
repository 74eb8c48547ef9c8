// `--engine spin`: raceway's Outcome for one Program, found by Spin instead of raceway's search.
// Spin stops at the first error it meets, and raceway reports one finding per violation kind, so
// the search runs again with every kind found so far made quiet (it still ends its run, as in
// raceway, but no longer stops the search), until a search finds nothing new. A final-state
// condition takes two more searches: for a final state where it holds, and one where it fails.
// Every trail is replayed through raceway's machine (explore/replay.ts): the counterexample
// printed is raceway's own, and a trail that does not replay is an error.
import type { LineIndex } from '../../common/span.js';
import { verdictOf, type Bound, type Finding, type FinalState, type Outcome } from '../../explore/explorer.js';
import { replay } from '../../explore/replay.js';
import { runLengthBound } from '../../machine/code-bounds.js';
import { observe, evalFinal } from '../../machine/final.js';
import type { Move } from '../../machine/moves.js';
import type { Program } from '../../machine/program.js';
import type { Violation, ViolationKind } from '../../machine/violation.js';
import type { PanResult } from '../../spin/pan-output.js';
import { MODEL_KINDS } from '../../spin/model-names.js';
import { exportPromela, type ExportOptions } from '../../spin/promela.js';
import { trailMoves } from '../../spin/trail.js';
import { modelRunBound } from '../../spin/run-bound.js';
import { UserError } from '../io.js';
import { INTERRUPTED, runPan, type PanOptions } from './run-pan.js';

export interface SpinEngineOptions {
  readonly bitstate?: boolean;
  readonly cores?: number;
  readonly maxMemoryMb?: number;
  /** Absolute deadline on the `now` clock (check --timeout): past it the outcome is inconclusive (deadline). */
  readonly deadlineMs?: number;
  /** Asked before each search and each of its children (run-pan.ts): true once the user pressed Ctrl-C (the check then stops). */
  readonly cancelled?: () => boolean;
  /** For the crosscheck's own test only (ExportOptions.mutation). */
  readonly mutation?: ExportOptions['mutation'];
}

export interface SpinSummary {
  /** States pan stored in the search that covered the whole model (the last one); a swarm's sum. */
  readonly states: number;
  /** A swarm: how many runs were read. */
  readonly swarmRuns?: number;
  readonly stateVector: number | null;
  readonly hashFactor: number | null;
  readonly searches: number;
}

export type SpinOutcome =
  | { readonly ok: true; readonly outcome: Outcome; readonly spin: SpinSummary }
  | { readonly ok: false; readonly message: string };

type Search = { ok: true; pan: PanResult; moves: Move[] | null } | { ok: false; message: string; deadline?: true };

/** pan's depth bound (-m): above the longest run the model can make (its do-loop exits included). */
export function panDepth(p: Program): number {
  return (modelRunBound(p) ?? runLengthBound(p)) + 4 * p.cpus + 16;
}

/**
 * The violation a pan trail (as raceway moves) ends in when replayed through raceway's machine, or
 * the error line when it does not replay, or replays to another end: `whose` names the trail.
 */
export function trailViolation(p: Program, moves: readonly Move[], whose: string): Violation | string {
  const r = replay(p, moves);
  if (!r.ok) return `${whose} does not replay in raceway's machine (move ${r.at + 1} of ${moves.length} is not enabled)`;
  if (r.end.kind !== 'violation') return `${whose} replays in raceway's machine to a ${r.end.kind} run, not to a violation`;
  return r.end.violation;
}

export async function spinOutcome(p: Program, lines: LineIndex, o: SpinEngineOptions, now: () => number): Promise<SpinOutcome> {
  const start = now();
  const pan: PanOptions = {
    depth: panDepth(p),
    ...(o.bitstate ? { bitstate: true } : {}),
    ...(o.cores ? { cores: o.cores } : {}),
    ...(o.maxMemoryMb !== undefined ? { maxMemoryMb: o.maxMemoryMb } : {}),
    ...(o.deadlineMs !== undefined ? { deadlineMs: o.deadlineMs } : {}),
    ...(o.cancelled ? { cancelled: o.cancelled } : {}),
  };
  let searches = 0;
  const search = async (eo: ExportOptions): Promise<Search> => {
    const model = exportPromela(p, { ...eo, lines, ...(o.mutation ? { mutation: o.mutation } : {}), ...((o.cores ?? 1) > 1 ? { visibleScratch: true } : {}) });
    if (!model.ok) return { ok: false, message: `cannot export to Promela: ${model.reason}` };
    if (o.cancelled?.()) throw new UserError(INTERRUPTED, 3);
    searches++;
    const r = await runPan(model.text, pan, now);
    if (!r.ok) return r;
    if (r.result.errors === 0) return { ok: true, pan: r.result, moves: null };
    if (r.trail === null) return { ok: false, message: 'pan found an error but wrote no trail' };
    return { ok: true, pan: r.result, moves: trailMoves(r.trail, model.moves) };
  };
  const findings: Finding[] = [];
  const quiet = new Set<ViolationKind>();
  let last: PanResult | null = null;
  let bound: Bound | undefined;
  // The outcome so far: at the end, or when a search was stopped at the deadline (what was found
  // before it stays found; the rest is not known, so never `safe`).
  const done = (finals?: Outcome['finals']): SpinOutcome => {
    const outcome: Outcome = {
      verdict: verdictOf(findings, bound),
      findings,
      ...(bound !== undefined ? { bound } : {}),
      stats: { mode: 'exhaustive', states: last?.states ?? 0, transitions: last?.transitions ?? 0, ms: now() - start, maxDepth: last?.depth ?? 0, runs: 0 },
      ...(finals ? { finals } : {}),
    };
    return { ok: true, outcome, spin: { states: last?.states ?? 0, stateVector: last?.stateVector ?? null, hashFactor: last?.hashFactor ?? null, searches } };
  };
  const failed = (s: { message: string; deadline?: true }, finals?: Outcome['finals']): SpinOutcome => {
    if (!s.deadline) return { ok: false, message: s.message };
    bound = 'deadline';
    return done(finals);
  };
  const boundOf = (r: PanResult): void => {
    if (r.truncated !== null) bound = r.truncated;
    else if (r.bitstate && bound === undefined) bound = 'bitstate';
  };
  for (;;) {
    const report = new Set(MODEL_KINDS.filter((k) => !quiet.has(k)));
    const s = await search({ report, final: null });
    if (!s.ok) return failed(s);
    last = s.pan;
    boundOf(s.pan);
    if (s.moves === null) break;
    const violation = trailViolation(p, s.moves, "Spin's trail");
    if (typeof violation === 'string') return { ok: false, message: violation };
    const kind = violation.kind;
    if (quiet.has(kind)) return { ok: false, message: `Spin reported a ${kind} again after it was made quiet` };
    quiet.add(kind);
    findings.push({ violation, trace: s.moves, mode: 'exhaustive' });
  }
  // With tasks and nothing found, whether the search was bounded by `preemptions:` (raceway's
  // exhaustive search says task-preemptions then, never safe): one more search, whose monitor
  // asserts in every state that no CPU could be preempted but for the bound. Its trail is no run.
  if (p.sched && findings.length === 0 && bound === undefined) {
    const s = await search({ report: new Set(), final: null, preemptionBound: true });
    if (!s.ok) return failed(s);
    if (s.pan.errors > 0) bound = 'task-preemptions';
    else boundOf(s.pan);
  }
  let finals: Outcome['finals'];
  if (p.final) {
    const states: FinalState[] = [];
    let witness: readonly Move[] | null = null;
    let failing: readonly Move[] | null = null;
    for (const want of ['hold', 'fail'] as const) {
      const s = await search({ report: new Set(), final: want });
      // Stopped at the deadline: the final states found so far, as raceway's own search keeps them.
      if (!s.ok) return failed(s, { states, witness, failing });
      boundOf(s.pan);
      if (s.moves === null) continue;
      const r = replay(p, s.moves);
      if (!r.ok || r.end.kind !== 'finished') return { ok: false, message: `Spin's trail to a final state does not replay to one in raceway's machine` };
      const holds = evalFinal(p, r.end.state, p.final.cond) !== 0;
      if (holds !== (want === 'hold')) return { ok: false, message: `Spin's final state ${holds ? 'satisfies' : 'fails'} the condition in raceway's machine, unlike in the model` };
      states.push({ values: observe(p, r.end.state), holds });
      if (holds) witness = s.moves;
      else failing = s.moves;
    }
    states.sort((a, b) => a.values.join(',').localeCompare(b.values.join(',')));
    finals = { states, witness, failing };
  }
  return done(finals);
}
