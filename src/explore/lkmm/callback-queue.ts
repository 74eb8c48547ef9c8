// Where an RCU callback's queue entry lives among the LKMM's locations (callbacks.ts says why it
// exists), and how a trace names it: apart from callbacks.ts so that report/trace-rows.ts can name
// the location without loading the LKMM's callback rules into every check (check-loads.test.ts).
import type { Program } from '../../machine/program.js';

/** The location of object `o`'s callback queue entry: after memory, locks and srcu_structs. */
export function queueLoc(p: Program, o: number): number {
  return p.memInit.length + p.locks.length + (p.srcus?.length ?? 0) + o;
}

/** The object whose queue entry `loc` is, or -1. */
export function queueObject(p: Program, loc: number): number {
  const o = loc - queueLoc(p, 0);
  return o >= 0 && o < p.objects.length ? o : -1;
}

/** How a trace names a queue entry's location (report/trace-rows.ts). */
export function callbackQueueName(p: Program, loc: number): string {
  const o = queueObject(p, loc);
  return o < 0 ? '?' : `the callback queue of ${p.objects[o]!.name}`;
}

