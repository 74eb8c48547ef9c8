// Test support: a C litmus test's program under the LKMM, and a budget with a counting clock, for
// the property tests of src/explore/lkmm/ that compare two ways of searching one test.
import type { Budget } from '../explore/explorer.js';
import { loadLitmus } from '../litmus/load.js';
import type { Program } from '../machine/program.js';

/** The program of litmus `text` under `memory_model: lkmm`; a text that does not load throws. */
export function lkmmProgram(text: string): Program {
  const l = loadLitmus('t.litmus', text, { memoryModel: 'lkmm' });
  if (l.kind !== 'ok') throw new Error(`${l.kind}: ${JSON.stringify(l)}\n${text}`);
  return l.value.program;
}

/** A budget no search here meets, with a clock that counts calls (deterministic, never a deadline). */
export function countingBudget(): Budget {
  let t = 0;
  return { maxStates: 1_000_000, now: () => t++, seed: 0 };
}
