// RCU as the machine sees it: grace periods wait for the read-side critical sections that were
// in progress when they started, and for no others (Documentation/RCU/Design/Requirements).
// Pure helpers over a state being built.
import type { Layout } from '../layout.js';
import { inRcuReader, type State } from '../state.js';

/**
 * Note in the frame every CPU the grace period must wait for: those inside a read-side section,
 * and (under TSO) those whose store buffer still holds stores, which may come from a section that
 * just ended. RCU's guarantee is that an updater sees every store of every pre-existing reader
 * once synchronize_rcu() returns (tools/memory-model/litmus-tests RCU+sync+read); the kernel gets
 * it from the full barriers on its quiescent-state path, the machine by waiting for the drain.
 */
export function startGracePeriod(l: Layout, s: State, frame: number, cpus: number, flushed: (cpu: number) => boolean): void {
  for (let w = 0; w < l.gpWords; w++) s[frame + l.gpOffset + w] = 0;
  for (let c = 0; c < cpus; c++) {
    if (inRcuReader(l, s, c) || !flushed(c)) s[frame + l.gpOffset + (c >> 5)]! |= 1 << (c & 31);
  }
}

export function gracePeriodPending(l: Layout, s: State, frame: number): boolean {
  for (let w = 0; w < l.gpWords; w++) if (s[frame + l.gpOffset + w] !== 0) return true;
  return false;
}

/** The CPUs a grace period still waits for, ascending. */
export function pendingCpus(l: Layout, s: State, frame: number, cpus: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < cpus; c++) if ((s[frame + l.gpOffset + (c >> 5)]! >>> (c & 31)) & 1) out.push(c);
  return out;
}

/**
 * Called after every move on `cpu`: a CPU outside any read-side section has passed a quiescent
 * state, so no grace period has to wait for it any longer.
 */
export function noteQuiescence(l: Layout, s: State, cpu: number, cpus: number): void {
  if (inRcuReader(l, s, cpu)) return;
  const word = l.gpOffset + (cpu >> 5);
  const clear = ~(1 << (cpu & 31));
  for (let f = 0; f < cpus * 3; f++) s[l.frameBase + f * l.frameWords + word]! &= clear;
}
