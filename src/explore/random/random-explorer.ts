// The random explorer: schedules are a fast-check arbitrary and runs go through fc.check, so
// fast-check's seed, path and shrinker are reused, not re-implemented (STYLE.md, Determinism).
// A counterexample is then shrunk once more by minimize.ts. Random search never gives `safe`:
// with nothing found the verdict is `inconclusive`, bound `random-only`. Pure: seed and clock
// come in through Budget.
import fc from 'fast-check';
import type { Program } from '../../machine/program.js';
import type { ViolationKind } from '../../machine/violation.js';
import type { Budget, Explorer, Finding, Outcome } from '../explorer.js';
import { FinalCollector } from '../finals.js';
import { minimizeTrace } from './minimize.js';
import { pct } from './pct.js';
import { pos } from './pos.js';
import { firstMove, runOnce, type RunResult } from './run-once.js';
import { DEFAULT_RANDOM, type RandomOptions } from './random-options.js';
import type { Scheduler, SchedulerName } from './scheduler.js';
import { uniform } from './uniform.js';

export { DEFAULT_RANDOM, type RandomOptions };

/** Schedules and steps spent before the first counterexample (for the benchmark). */
export interface FirstHit {
  readonly schedules: number;
}

function schedulerOf(name: SchedulerName): Scheduler<unknown> {
  switch (name) {
    case 'pct': return pct as Scheduler<unknown>;
    case 'uniform': return uniform as Scheduler<unknown>;
    case 'pos': return pos as Scheduler<unknown>;
  }
}

/** Seeds for the later rounds (one per kind already found), derived so the first seed decides all. */
function roundSeed(seed: number, round: number): number {
  return round === 0 ? seed : (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + round) | 0;
}

export function randomExplorer(o: RandomOptions = DEFAULT_RANDOM): Explorer {
  return { mode: 'random', explore: (p, b) => randomSearch(p, b, o).outcome };
}

/** The search itself, with the schedules spent before the first counterexample (for the benchmark). */
export function randomSearch(p: Program, b: Budget, o: RandomOptions): { outcome: Outcome; firstHit: FirstHit | undefined } {
  const t0 = b.now();
  const sched = schedulerOf(o.scheduler);
  // PCT's k: the length of the canonical run (first enabled move each step).
  const k = Math.max(1, runOnce(p, firstMove).trace.length);
  const arb = sched.arbitrary(p, { k, depth: o.depth });
  const findings: Finding[] = [];
  const seen = new Set<ViolationKind>();
  const finals = p.final ? new FinalCollector(p) : undefined;
  let transitions = 0;
  let maxDepth = 0;
  let runs = 0;
  let calls = 0;
  let stoppedBy: 'deadline' | 'cancelled' | undefined;
  let firstSchedules: number | undefined;
  // Asked every 64 calls of the property, while searching and while shrinking alike. Returning
  // true of the property would only skip a run: fast-check would still draw every schedule left
  // (--runs 10^9 never ended); a PreconditionFailure that interrupts stops its runner at once.
  // The clock is only read, so a search that is not stopped is the same whatever the clock says.
  const timeUp = (): 'deadline' | 'cancelled' | undefined => (b.cancelled?.() ? 'cancelled' : b.deadlineMs !== undefined && b.now() >= b.deadlineMs ? 'deadline' : undefined);

  for (let round = 0; runs < o.runs && stoppedBy === undefined; round++) {
    let target: ViolationKind | undefined;
    let last: RunResult | undefined;
    const property = fc.property(arb, (schedule) => {
      if ((++calls & 63) === 0 && (stoppedBy = timeUp()) !== undefined) throw new fc.PreconditionFailure(true);
      if (target === undefined) runs++;
      const r = runOnce(p, sched.chooser(p, schedule));
      transitions += r.trace.length;
      if (r.trace.length > maxDepth) maxDepth = r.trace.length;
      // A data race the run passed is a finding of its own; the run went on past it.
      if (r.race && (target === undefined ? !seen.has('data-race') : target === 'data-race')) { target = 'data-race'; last = r; return false; }
      if (r.end.kind === 'finished') { finals?.add(r.end.state, r.trace); return true; }
      const kind = r.end.violation.kind;
      // Before the first failure any new kind fails; while shrinking, only the same kind does.
      const fails = target === undefined ? !seen.has(kind) : kind === target;
      if (!fails) return true;
      target = kind;
      last = r;
      return false;
    });
    const left = o.runs - runs;
    const details = fc.check(property, { seed: roundSeed(b.seed, round), numRuns: left });
    if (!details.failed || last === undefined || target === undefined) break;
    if (firstSchedules === undefined) firstSchedules = runs;
    const hit: RunResult = last;
    const raced = target === 'data-race' ? hit.race : undefined;
    const shrunk = minimizeTrace(p, raced?.trace ?? hit.trace, target);
    const trace = shrunk?.trace ?? raced?.trace ?? hit.trace;
    const violation = shrunk?.violation ?? raced?.violation ?? (hit.end.kind === 'violation' ? hit.end.violation : undefined);
    if (violation) findings.push({ violation, trace, mode: 'random' });
    seen.add(target);
    if (b.first) break;
  }
  const outcome: Outcome = {
    verdict: findings.length > 0 ? 'violation' : 'inconclusive',
    findings,
    bound: stoppedBy ?? 'random-only',
    ...(finals ? { finals: finals.result() } : {}),
    // Random runs store no states: `states` stays 0 and `runs` counts schedules.
    stats: { mode: 'random', states: 0, transitions, ms: b.now() - t0, maxDepth, runs },
  };
  return { outcome, firstHit: firstSchedules === undefined ? undefined : { schedules: firstSchedules } };
}
