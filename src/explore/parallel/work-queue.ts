// The parallel search's shared frontier and control words: a small stack of states that threads
// with work hand to threads without, the count of idle threads (termination), and the stop word.
// Work is shared, not stolen from a thread's own stack (a JavaScript thread cannot read another's
// objects): a thread that sees an idle one moves states from the bottom of its search stack, the
// roots of the largest subtrees it has not entered, into this stack (Holzmann and Bošnački, "The
// design of a multicore extension of the SPIN model checker", IEEE TSE 2007, hand states off at
// a depth; here at the shallowest). Every state here was stored in the shared table by the thread
// that put it here, and is expanded by the thread that takes it: so every stored state is
// expanded exactly once. Guarded by one spin lock: it is held for a copy of one state. Pure.
import type { State } from '../../machine/state.js';

/** Why the search stopped (the stop word); NONE while it runs. The first reason set stays. */
export const Stop = {
  NONE: 0,
  /** A violation: the search is done here, and the sequential search finds it again with its trace. */
  VIOLATION: 1,
  MAX_STATES: 2,
  /** The shared table or arena is full before --max-states. */
  NO_ROOM: 3,
  CANCELLED: 4,
  DEADLINE: 5,
  MAX_MEMORY: 6,
  /** A thread failed (an exception, or it exited): what it held was never searched. */
  FAILED: 7,
} as const;
export type Stop = (typeof Stop)[keyof typeof Stop];

// The control words, in order: the lock, the queue's length, idle threads, threads that joined,
// the search is complete, the stop word, and LIMITS: bits of what some stored state showed (a
// store waiting for buffer room, a preemption refused).
const [LOCK, LENGTH, IDLE, ACTIVE, DONE, STOP, LIMITS, WORDS] = [0, 1, 2, 3, 4, 5, 6, 7] as const;

/** The bits of LIMITS. */
export const [BUFFER_LIMITED, TASK_PREEMPTION_LIMITED] = [1, 2] as const;

/** The control words, and `capacity` entries of [depth, `width` words]. */
export interface WorkQueueBuffers { readonly control: SharedArrayBuffer; readonly items: SharedArrayBuffer; readonly width: number; readonly capacity: number }

export function workQueueBuffers(width: number, capacity: number): WorkQueueBuffers {
  return { width, capacity, control: new SharedArrayBuffer(WORDS * 4), items: new SharedArrayBuffer(capacity * (width + 1) * 4) };
}

export class WorkQueue {
  private readonly c: Int32Array;
  private readonly items: Int32Array;
  private readonly width: number;
  readonly capacity: number;

  constructor(b: WorkQueueBuffers) {
    this.c = new Int32Array(b.control);
    this.items = new Int32Array(b.items);
    this.width = b.width;
    this.capacity = b.capacity;
  }

  private lock(): void {
    while (Atomics.compareExchange(this.c, LOCK, 0, 1) !== 0);
  }

  private unlock(): void {
    Atomics.store(this.c, LOCK, 0);
  }

  /**
   * A thread joins the search; false when the search is over already (it came too late to help).
   * A thread counts towards termination only once it has joined: the search ends when every thread
   * that joined is idle and the queue is empty, and then no thread holds any work.
   */
  join(): boolean {
    this.lock();
    const over = Atomics.load(this.c, DONE) === 1;
    if (!over) Atomics.add(this.c, ACTIVE, 1);
    this.unlock();
    return !over;
  }

  /** Hands `s`, reached at `depth`, to another thread; false when the queue is full. */
  put(s: State, depth: number): boolean {
    this.lock();
    const n = Atomics.load(this.c, LENGTH);
    const ok = n < this.capacity;
    if (ok) {
      const at = n * (this.width + 1);
      this.items[at] = depth;
      this.items.set(s, at + 1);
      Atomics.store(this.c, LENGTH, n + 1);
    }
    this.unlock();
    return ok;
  }

  /**
   * Takes a state into `out` and returns its depth; or, with nothing to take, -1 (and this thread
   * now counts as idle) or -2 when every thread that joined is idle: the search is complete.
   * `idle` says whether this thread counts as idle already (after an earlier -1).
   */
  take(out: State, idle: boolean): number {
    this.lock();
    const n = Atomics.load(this.c, LENGTH);
    let r: number;
    if (n > 0) {
      const at = (n - 1) * (this.width + 1);
      r = this.items[at]!;
      out.set(this.items.subarray(at + 1, at + 1 + this.width));
      Atomics.store(this.c, LENGTH, n - 1);
      if (idle) Atomics.sub(this.c, IDLE, 1);
    } else {
      const now = idle ? Atomics.load(this.c, IDLE) : Atomics.add(this.c, IDLE, 1) + 1;
      if (Atomics.load(this.c, DONE) === 1 || now === Atomics.load(this.c, ACTIVE)) { Atomics.store(this.c, DONE, 1); r = -2; }
      else r = -1;
    }
    this.unlock();
    return r;
  }

  /** Whether some thread waits for work and the queue has little for it. */
  hungry(): boolean {
    return Atomics.load(this.c, IDLE) > 0 && Atomics.load(this.c, LENGTH) < Atomics.load(this.c, IDLE) * 2;
  }

  get length(): number {
    return Atomics.load(this.c, LENGTH);
  }

  stop(why: Stop): void {
    Atomics.compareExchange(this.c, STOP, Stop.NONE, why);
  }

  get stopped(): Stop {
    return Atomics.load(this.c, STOP) as Stop;
  }

  /** Whether the search ended with every thread idle (complete), rather than stopped. */
  get complete(): boolean {
    return Atomics.load(this.c, DONE) === 1;
  }

  noteLimit(bit: number): void {
    Atomics.or(this.c, LIMITS, bit);
  }

  get limits(): number {
    return Atomics.load(this.c, LIMITS);
  }
}
