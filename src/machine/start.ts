// The state every run begins in: memory initialised, and each task past any silent instructions
// at its start (a program may open with a test of a local). Pure.
import { Fault, type Exec } from './exec.js';
import { layoutOf } from './layout.js';
import { memoryOf } from './memory/select.js';
import { blankState, type State } from './state.js';
import { settle } from './step.js';
import type { Program } from './program.js';
import { currentTask, freshWord, startTasks, switchTo, tasksOn } from './ops/sched.js';

export function initialState(p: Program): State {
  const l = layoutOf(p);
  const s = blankState(p);
  startTasks(p, l, s);
  const settleAt = (cpu: number, code: number): void => {
    const c = p.codes[code];
    if (!c) return;
    const x: Exec = { program: p, layout: l, memoryModel: memoryOf(p), state: s, cpu, level: 0, code, pc: 0, dry: false, observer: undefined };
    try {
      settle(x, c);
    } catch (e) {
      // Only a purely local loop or assert could fault here; it faults again on the first step of that CPU.
      if (!(e instanceof Fault)) throw e;
    }
  };
  p.tasks.forEach((code, cpu) => settleAt(cpu, code));
  // A CPU's other tasks wait in their saved frames, settled the same way: switched in there.
  p.sched?.tasks.forEach((t, i) => {
    // A kworker waits asleep at the start of its code (startTasks), which no silent step opens.
    if (currentTask(p, l, s, t.cpu) === i || t.worker) return;
    switchTo(p, l, s, t.cpu, i);
    settleAt(t.cpu, t.code);
    switchTo(p, l, s, t.cpu, tasksOn(p)[t.cpu]![0]!);
  });
  if (p.sched) s.fill(0, l.schedBase, l.schedBase + 1); // the switches above used no preemption
  if (p.sched) for (let cpu = 0; cpu < p.cpus; cpu++) s[freshWord(p, l, cpu)] = 0;
  return s;
}
