// The counterexample of an LKMM execution, which need not be any interleaving of the CPUs' steps:
// the events of each CPU in program order, each read with the write it read from (rf), each write
// with its place in its location's coherence order (co). The order the events are listed in puts
// a write before every read of it when it can (a topological order of po | rf); where the
// execution has a cycle of po and rf (a load-buffering outcome), no order can, and the rf column
// says so. Reports turn it into rows (report/graph-rows.ts). Pure data.
import type { Level } from '../../machine/program.js';

export interface GraphEvent {
  readonly cpu: number;
  readonly level: Level;
  /** The handler that ran it, or -1 for the task. */
  readonly handler: number;
  readonly code: number;
  readonly pc: number;
  /** R, W, F (a fence), or `stop`: where a context stopped (a failed assert, a wait for ever). */
  readonly kind: 'R' | 'W' | 'F' | 'stop';
  readonly loc: number;
  readonly value: number;
  /** linux-kernel.bell's annotation (plain, once, acquire, release, mb ...) or the fence. */
  readonly tag: string;
  /** A read's source: the index in `events` of the write, -1 for the initial value. */
  readonly from: number | null;
  /** A write's place in its location's coherence order, 1 for the first write after the initial value. */
  readonly co: number | null;
  /** The write is a kfree() of the location's object. */
  readonly free: boolean;
  readonly violating: boolean;
}

export interface LkmmGraph {
  /** In the order they are shown: each CPU's in program order. */
  readonly events: readonly GraphEvent[];
}
