// What a search covered, as the verdict line of `raceway check` says it. Pure.
import type { Stats } from '../explore/explorer.js';

/**
 * `1500 runs` (random), `52341 states` (exhaustive). For `--mode both`, whether random search ran,
 * the one case where the seed matters to its result: after the quick budget ran out (the exact
 * search then ran again with the whole budget), or after the exact search hit a bound of its own.
 */
export function coverageText(s: Stats): string {
  if (s.mode === 'random') return `${s.runs} runs`;
  if (s.randomRuns === undefined) return `${s.states} states`;
  if (s.quickStates === undefined) return `${s.states} states, then ${s.randomRuns} random runs`;
  return `over ${s.quickStates} states, so ${s.randomRuns} random runs first, then ${s.states} states`;
}
