// Test support: counterexample rows written by hand, for renderer tests that need a layout no
// small scenario produces on demand (an NMI inside an IRQ, a handler that waits forever). Only
// tests import this.
import type { Program } from '../machine/program.js';
import type { Row } from '../report/trace-rows.js';
import { programOf } from './inline.js';

/** Two CPUs, one statement each: the program hand-made rows are drawn against. */
export function twoCpuProgram(): Program {
  return programOf(`
cpus: 2
programs:
  cpu 0: ["x = 1"]
  cpu 1: ["y = 1"]
`);
}

/** A row of `cpu` at handler depth `depth` (2: inside an NMI), step 1 unless `extra` says. */
export function rowOf(cpu: number, depth: number, kind: Row['kind'], text: string, extra: Partial<Row> = {}): Row {
  const context = `CPU ${cpu} ${depth === 2 ? 'NMI' : depth === 1 ? 'IRQ' : 'task'}`;
  return { step: 1, cpu, depth, kind, context, text, note: '', line: null, violating: false, ...extra };
}
