// Spin as a check of raceway's own verdicts: every (variant, strategy) of the given files through
// both engines, compared on the verdict, the violation kinds and (for a final-state condition) the
// observation. A case the exporter refuses is listed with its reason, not compared.
import { LineIndex } from '../../common/span.js';
import { exhaustive } from '../../explore/exhaustive.js';
import type { Outcome } from '../../explore/explorer.js';
import { observation } from '../../explore/judge.js';
import { plain } from '../../report/paint.js';
import { fileCases } from '../commands/file-cases.js';
import { fileSource } from '../source-of.js';
import { spinOutcome, type SpinEngineOptions } from './engine.js';

export interface CrossRow {
  readonly file: string;
  readonly variant: string;
  readonly strategy: string;
  readonly raceway: string;
  readonly spin: string;
  readonly racewayStates: number;
  readonly spinStates: number | null;
  /** null: not compared (refused by the exporter). */
  readonly agree: boolean | null;
}

/** What the two engines are compared on: verdict, kinds (as a set), observation. */
export function resultWord(o: Outcome): string {
  const kinds = [...new Set(o.findings.map((f) => f.violation.kind))].sort().join('+');
  const obs = observation(o);
  return [o.verdict === 'inconclusive' ? `inconclusive (${o.bound})` : o.verdict, kinds, obs ? `final ${obs}` : ''].filter((s) => s !== '').join(' ');
}

/**
 * pan's memory cap in a crosscheck (MB): a random program can have a state space far beyond
 * raceway's 2,000,000-state bound, where an uncapped pan grows until the machine runs out (seen:
 * 10 GB after 33 minutes); capped, it stops with `inconclusive (max-memory)`.
 */
export const CROSSCHECK_PAN_MB = 2048;

/** Bounds that only say a search ran out of room or time: two such outcomes claim nothing to compare. */
const RESOURCE_BOUNDS: ReadonlySet<string> = new Set(['max-states', 'max-memory', 'deadline', 'bitstate', 'search-depth']);

/**
 * The two outcomes agree: the same words, or both inconclusive for want of room (each engine has
 * its own bound) with the same violation kinds found.
 */
export function outcomesAgree(ours: Outcome, theirs: Outcome): boolean {
  if (resultWord(ours) === resultWord(theirs)) return true;
  const room = (o: Outcome): boolean => o.verdict === 'inconclusive' && o.bound !== undefined && RESOURCE_BOUNDS.has(o.bound);
  const kinds = (o: Outcome): string => [...new Set(o.findings.map((f) => f.violation.kind))].sort().join('+');
  return room(ours) && room(theirs) && kinds(ours) === kinds(theirs);
}

export async function crosscheck(files: readonly string[], o: SpinEngineOptions, each?: (r: CrossRow) => void): Promise<CrossRow[]> {
  const rows: CrossRow[] = [];
  let tick = 0;
  const now = (): number => tick++;
  for (const file of files) {
    const src = fileSource(file);
    if (!src.ok) throw new Error(src.message);
    const lines = new LineIndex(src.text);
    const loaded = fileCases(src, { strategies: [] }, plain, false, 'crosscheck');
    if (!loaded.ok) throw new Error(loaded.stderr);
    for (const c of loaded.cases) {
      // Spin's models do not look for data races (docs/spin.md): raceway is asked the same question.
      const ours = exhaustive.explore({ ...c.program, dataRaces: false }, { maxStates: 2_000_000, now, seed: 0 });
      const theirs = await spinOutcome(c.program, lines, { maxMemoryMb: CROSSCHECK_PAN_MB, ...o }, now);
      const row: CrossRow = theirs.ok
        ? { file, variant: c.variant, strategy: c.strategy, raceway: resultWord(ours), spin: resultWord(theirs.outcome), racewayStates: ours.stats.states, spinStates: theirs.spin.states, agree: outcomesAgree(ours, theirs.outcome) }
        : { file, variant: c.variant, strategy: c.strategy, raceway: resultWord(ours), spin: theirs.message, racewayStates: ours.stats.states, spinStates: null, agree: /cannot export to Promela/.test(theirs.message) ? null : false };
      rows.push(row);
      each?.(row);
    }
  }
  return rows;
}
