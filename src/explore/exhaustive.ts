// The exact search for a program of any memory model: the LKMM's candidate executions
// (lkmm/lkmm-explorer.ts) for an LKMM program, the search over moves (machine-search.ts)
// otherwise. The command line does not load this module: cli/search/request.ts makes the same
// choice and loads the LKMM's explorer only for an LKMM program (issue 22, start-up). Pure.
import type { Explorer } from './explorer.js';
import { exploreLkmm } from './lkmm/lkmm-explorer.js';
import { machineExplorer, type ExhaustiveOptions } from './machine-search.js';

export type { ExhaustiveOptions } from './machine-search.js';

export function exhaustiveExplorer(opts: ExhaustiveOptions): Explorer {
  const machine = machineExplorer(opts);
  return { mode: 'exhaustive', explore: (p, b) => (p.memoryModel === 'lkmm' ? exploreLkmm(p, b) : machine.explore(p, b)) };
}

/** The plain search (no reduction): every enabled move from every state. */
export const exhaustive: Explorer = exhaustiveExplorer({ reduction: false });
