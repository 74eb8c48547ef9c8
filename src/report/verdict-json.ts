// The `verdict` of a JSON result, as the text's verdict line says it (docs/json.md). The outcome's
// own verdict speaks of violations only, so a complete search of a program with a final condition
// and no violation is `safe` there even when the condition's claim fails (a `never` condition
// reached): the JSON says the observation instead (`sometimes`, `never`, `always`), never `safe`
// for a run judged unmet on its final states. Pure.
import type { Outcome } from '../explore/explorer.js';

/** `observed`: the observation word over the final states (any case), null without a final condition. */
export function verdictJson(o: Outcome, observed: string | null): string {
  return o.verdict === 'safe' && observed !== null ? observed.toLowerCase() : o.verdict;
}
