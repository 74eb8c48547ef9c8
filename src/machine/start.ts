// The state every run begins in: memory initialised, and each task past any silent instructions
// at its start (a program may open with a test of a local). Pure.
import { Fault, type Exec } from './exec.js';
import { layoutOf } from './layout.js';
import { memoryOf } from './memory/select.js';
import { blankState, type State } from './state.js';
import { settle } from './step.js';
import type { Program } from './program.js';

export function initialState(p: Program): State {
  const l = layoutOf(p);
  const s = blankState(p);
  p.tasks.forEach((code, cpu) => {
    const c = p.codes[code];
    if (!c) return;
    const x: Exec = { program: p, layout: l, memoryModel: memoryOf(p), state: s, cpu, level: 0, code, pc: 0, dry: false, observer: undefined };
    try {
      settle(x, c);
    } catch (e) {
      // Only a purely local loop or assert could fault here; it faults again on the first step of that CPU.
      if (!(e instanceof Fault)) throw e;
    }
  });
  return s;
}
