// What a run can find. Findings are values (the product), never exceptions. Pure data.
import type { Level } from './program.js';

/** Where a context stood when something happened. */
export interface Where {
  readonly cpu: number;
  readonly level: Level;
  readonly code: number;
  readonly pc: number;
}

/** Why a context cannot take its next step. */
export type BlockedOn =
  | { readonly kind: 'wait_until' }
  | { readonly kind: 'spinlock'; readonly lock: number; readonly holder: number }
  | {
      readonly kind: 'rwlock';
      readonly lock: number;
      readonly want: 'read' | 'write-queue' | 'write';
      readonly writerHolds: number; // context id, 0 when none
      readonly writerWaits: number;
      readonly readers: number;
    }
  | { readonly kind: 'grace-period'; readonly cpus: readonly number[] }
  /** rcu_barrier(): callbacks it waits for are still queued on these CPUs (ops/rcu-callbacks.ts). */
  | { readonly kind: 'rcu-barrier'; readonly cpus: readonly number[] }
  | { readonly kind: 'store-buffer' }
  /**
   * A grace period of an srcu_struct with semaphore-like readers (ops/srcu-down.ts): `behind`, it
   * waits for another grace period of it to end first; else for `readers` srcu_down_read()
   * sections its start found still open, whose srcu_up_read() any context may run, and for the
   * srcu_read_lock() sections of `cpus`.
   */
  | { readonly kind: 'srcu-readers'; readonly srcu: number; readonly behind: boolean; readonly readers: number; readonly cpus: readonly number[] };

export interface Blocked {
  readonly at: Where;
  readonly on: BlockedOn;
}

export type ViolationKind =
  | 'use-after-free'
  | 'double-free'
  | 'invalid-access'
  | 'misuse'
  | 'assertion'
  | 'deadlock'
  | 'livelock'
  | 'data-race'
  | 'pool-exhausted'
  | 'lost-wakeup';

/**
 * The kinds a scenario's `expect` may name. 'data-race' is last, so that the Spin exporter's
 * violation codes (spin/model-names.ts, an index in this list) of the others stay as they were.
 */
export const VIOLATION_KINDS: readonly ViolationKind[] = [
  'use-after-free',
  'double-free',
  'invalid-access',
  'misuse',
  'assertion',
  'deadlock',
  'livelock',
  'lost-wakeup',
  'data-race',
];

export type Violation =
  | {
      readonly kind: 'use-after-free';
      readonly at: Where;
      readonly object: number;
      readonly loc: number;
      readonly access: 'read' | 'write';
    }
  | { readonly kind: 'double-free'; readonly at: Where; readonly object: number }
  | { readonly kind: 'invalid-access'; readonly at: Where; readonly reason: string }
  | { readonly kind: 'misuse'; readonly at: Where; readonly reason: string }
  | { readonly kind: 'assertion'; readonly at: Where }
  | { readonly kind: 'deadlock'; readonly blocked: readonly Blocked[] }
  /**
   * A run that cannot go on with a task asleep (ops/sched.ts): nothing left to run can wake it.
   * `tasks`: the sleeping tasks (Program.sched indexes); `blocked`: the contexts still waiting.
   */
  | { readonly kind: 'lost-wakeup'; readonly tasks: readonly number[]; readonly blocked: readonly Blocked[] }
  /** `at` is the loop whose bound was passed, or null when the per-run step bound was. */
  | { readonly kind: 'livelock'; readonly at: Where | null; readonly bound: number }
  /**
   * An allocation found every object of its pool already handed out in this run: the scenario's
   * bound was too small, not a bug of the code (judge.ts treats it as a bound: inconclusive).
   */
  | { readonly kind: 'pool-exhausted'; readonly at: Where; readonly pool: number }
  /**
   * linux-kernel.cat's data-race flag: a plain access and another access to the same location
   * on another CPU, not ordered by the model (found by the LKMM search; its trace is empty).
   */
  | { readonly kind: 'data-race'; readonly at: Where & { readonly access: 'read' | 'write' }; readonly other: Where & { readonly access: 'read' | 'write' }; readonly loc: number; readonly name: string };

/**
 * Context ids name a context in lock words: 1 + cpu * 3 + level; 0 means nobody. A softirq
 * context (level 3) is SOFTIRQ_IDS + cpu, past every other id, so theirs stay as they were.
 */
export function contextId(cpu: number, level: Level): number {
  return level === 3 ? SOFTIRQ_IDS + cpu : 1 + cpu * 3 + level;
}
const SOFTIRQ_IDS = 1 << 20;

export function contextOf(id: number): { cpu: number; level: Level } {
  if (id >= SOFTIRQ_IDS) return { cpu: id - SOFTIRQ_IDS, level: 3 };
  const n = id - 1;
  return { cpu: Math.floor(n / 3), level: (n % 3) as Level };
}
