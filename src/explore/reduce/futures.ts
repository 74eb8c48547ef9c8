// What a CPU may still do from a state, for the persistent sets (persistent.ts): for each context,
// the instruction it stands at, with its pointers resolved from the context's own locals, then the
// static future of the code after it (static-footprint.ts), narrowed to the objects the CPU can
// still name (reach.ts) and cut at a grace-period wait that cannot end (docs/reduction.md). Pure.
import { CB_CPU, CB_DECL, FRAME_LOCALS, FRAME_PC, frameOf, layoutOf, usesSoftirq } from '../../machine/layout.js';
import { cbWord } from '../../machine/ops/rcu-callbacks.js';
import { unlockedWord } from '../../machine/memory/buffer-entry.js';
import { pendingMask } from '../../machine/ops/rcu.js';
import { freedWordOf, regionsOf } from '../../machine/footprint/regions.js';
import {
  canForgePointers, codeReach, framesHold, MAX_REACH_OBJECTS, objectBit, pointerOperands, type CodeReach,
} from '../../machine/footprint/reach.js';
import {
  ALL_OBJECTS, emptyFootprint, futureFootprints, instrFootprint, sealedGpWaits, successors, unionInto, type StaticFootprint,
} from '../../machine/footprint/static-footprint.js';
import { handlerLevel, type Instr, type Level, type Program } from '../../machine/program.js';
import { codeOf, pcOf, type State } from '../../machine/state.js';
import { taskWaitsOnLock, waitWords } from '../../machine/ops/sleeping-lock.js';
import { asleepWord, currentTask, savedFrame, taskDone, taskMayRun, tasksOn, usedWord } from '../../machine/task-words.js';

/** What one CPU may still do from a state, as parts to test against (never unioned: cheaper). */
export interface Future {
  readonly parts: StaticFootprint[];
  /** Shared bits of the locations waiting in its store buffer (a drain will write them). */
  readonly buffered: number[];
}

/** A code's futures on one CPU for one object mask: from each pc on, and after each pc. */
interface CodeFutures {
  /** from[pc]: everything from pc on (pc = length: nothing). */
  readonly from: StaticFootprint[];
  /** after[pc]: everything after the instruction at pc (its successors' futures). */
  readonly after: StaticFootprint[];
}

/**
 * How to resolve the objects an instruction's pointers name (CpuFutures.head): literals give
 * `constMask`, locals are read from the frame, anything else names every object the CPU can reach.
 */
interface HeadPlan {
  readonly constMask: number;
  readonly slots: readonly number[];
  readonly anyObject: boolean;
  /** The footprint by the mask it was made for. */
  readonly byMask: Map<number, StaticFootprint>;
}

function headPlan(p: Program, instr: Instr): HeadPlan {
  let constMask = 0;
  const slots: number[] = [];
  let anyObject = false;
  for (const ptr of pointerOperands(instr)) {
    if (ptr.kind === 'const') constMask |= objectBit(p, ptr.v);
    else if (ptr.kind === 'local') slots.push(ptr.slot);
    else anyObject = true;
  }
  return { constMask, slots, anyObject, byMask: new Map() };
}

/**
 * A cache by object mask: masks are small integers (ALL_OBJECTS is -1, which no real mask is:
 * they have at most 31 bits), so a Map keyed by the mask alone stays on V8's fast integer keys,
 * where a key that mixed the mask with other numbers went past 2^31 and hashed as a double.
 */
type ByMask<T> = Map<number, T>;

const NO_BITS: readonly number[] = [];

export class CpuFutures {
  private readonly levelOf: Level[];
  private readonly sealed: Uint8Array[];
  /** Whether some code starts a grace period (only then can a future be cut at a wait). */
  readonly graceWaits: boolean;
  /** Whether futures are narrowed to the objects a CPU can still name (reach.ts). */
  private readonly reach: boolean;
  private readonly leave: StaticFootprint;
  /** codeFutures[((stopAtGp ? 1 : 0) * codes + code) * cpus + cpu], by object mask. */
  private readonly codeFutures: ByMask<CodeFutures>[];
  /** heads[(cpu * 4 + level) * codes + code][pc], made on first use. */
  private readonly heads: (HeadPlan | undefined)[][];
  /** fires[i * cpus + cpu], by object mask. */
  private readonly fires: ByMask<StaticFootprint>[];
  private readonly reachOf: CodeReach[];
  /** The levels a handler may run at in this program: IRQ and NMI, and softirq when it has one. */
  private readonly handlerLevels: readonly Level[];
  /** handlersOn[cpu]: the handlers that may fire on it. */
  private readonly handlersOn: number[][];

  constructor(private readonly p: Program) {
    const r = regionsOf(p);
    this.levelOf = p.codes.map((_, i): Level => {
      const h = p.handlers.find((x) => x.code === i);
      return h ? handlerLevel(h.kind) : 0;
    });
    this.sealed = p.codes.map(sealedGpWaits);
    this.heads = Array.from({ length: p.cpus * 4 * p.codes.length }, () => []);
    this.codeFutures = Array.from({ length: 2 * p.codes.length * p.cpus }, () => new Map());
    this.fires = Array.from({ length: p.handlers.length * p.cpus }, () => new Map());
    this.handlerLevels = usesSoftirq(p) ? [1, 2, 3] : [1, 2];
    this.reachOf = p.codes.map((c) => codeReach(p, c));
    this.handlersOn = Array.from({ length: p.cpus }, (_, c) => p.handlers.flatMap((h, i) => (h.cpus.includes(c) ? [i] : [])));
    this.graceWaits = p.codes.some((c) => c.instrs.some((i) => i.op === 'synchronize_rcu_start'));
    this.reach = p.objects.length <= MAX_REACH_OBJECTS && !canForgePointers(p);
    // Leaving a handler ends a context (it may end the run) and changes the CPU's reader state.
    this.leave = { ...emptyFootprint(r), reader: true, any: true };
    this.leave.writes[r.liveBit >>> 5]! |= 1 << (r.liveBit & 31);
  }

  /**
   * For each CPU, the objects it can still name in runs from `s` (reach.ts): those its frames
   * hold or its code still names, and those any CPU can get from memory: the ones memory and the
   * store buffers hold now, and the ones every CPU that may still store to memory can name.
   * Without pointer arithmetic nothing else ever becomes a pointer. ALL_OBJECTS when off.
   */
  namesOf(s: State): number[] {
    const p = this.p;
    if (!this.reach) return new Array<number>(p.cpus).fill(ALL_OBJECTS);
    const l = layoutOf(p);
    let published = 0;
    for (let w = l.memBase; w < l.memBase + l.memSize; w++) published |= objectBit(p, s[w]!);
    if (l.sbWords > 0) {
      for (let c = 0; c < p.cpus; c++) {
        const b = l.sbBase + c * l.sbWords;
        for (let k = 0; k < (s[b] ?? 0); k++) published |= objectBit(p, s[b + 2 + 2 * k]!);
      }
    }
    const own: number[] = new Array<number>(p.cpus);
    for (let c = 0; c < p.cpus; c++) {
      let named = framesHold(p, s, c);
      let stores = 0;
      // The running task (with several tasks per CPU, the one the CPU runs now: codeOf), and the
      // switched-out ones from their saved pcs: any of them may run again (ops/sched.ts).
      const task = codeOf(p, l, s, c, 0);
      if (task >= 0) {
        const cr = this.reachOf[task]!;
        const pc = pcOf(l, s, c, 0);
        named |= cr.named[pc]!;
        stores |= cr.stores[pc]!;
      }
      for (const [code, pc] of this.waitingTasks(s, c)) {
        const cr = this.reachOf[code]!;
        named |= cr.named[pc]!;
        stores |= cr.stores[pc]!;
      }
      for (const level of this.handlerLevels) {
        const code = codeOf(p, l, s, c, level);
        if (code < 0) continue;
        const cr = this.reachOf[code]!;
        const pc = pcOf(l, s, c, level);
        named |= cr.named[pc]!;
        stores |= cr.stores[pc]!;
      }
      for (const i of this.handlersOn[c]!) {
        const h = p.handlers[i]!;
        if ((s[l.fireBase + i] ?? 0) >= h.max) continue;
        const cr = this.reachOf[h.code]!;
        named |= cr.named[0]!;
        stores |= cr.stores[0]!;
      }
      own[c] = named;
      if (stores) published |= named;
    }
    for (let c = 0; c < p.cpus; c++) own[c]! |= published;
    return own;
  }

  /**
   * What CPU e may still do, in runs from `s` in which the CPUs of `inC` do not move. `readers`:
   * the CPUs inside an RCU read-side section in `s`; `objects`: the objects e can name (namesOf).
   */
  futureOf(s: State, e: number, inC: number, readers: number, objects: number): Future {
    const p = this.p;
    const l = layoutOf(p);
    const parts: StaticFootprint[] = [];
    // The running task (contextFuture leaves out one that has finished).
    const task = codeOf(p, l, s, e, 0);
    if (task >= 0) this.contextFuture(parts, s, e, 0, task, inC, readers, objects);
    if (p.sched) this.taskFutures(parts, s, e, objects);
    for (const level of this.handlerLevels) {
      const code = codeOf(p, l, s, e, level);
      if (code >= 0) { this.contextFuture(parts, s, e, level, code, inC, readers, objects); parts.push(this.leave); }
    }
    // Handlers may fire on an idle CPU too, while the run is live (ops/interrupts.ts).
    for (const i of this.handlersOn[e]!) if ((s[l.fireBase + i] ?? 0) < p.handlers[i]!.max) parts.push(this.fire(e, i, objects));
    const buffered: number[] = [];
    if (l.sbWords > 0) {
      const r = regionsOf(p);
      const b = l.sbBase + e * l.sbWords;
      for (let k = 0; k < (s[b] ?? 0); k++) {
        const loc = s[b + 1 + 2 * k] ?? 0;
        const word = unlockedWord(loc);
        if (word >= 0) { buffered.push(r.sharedBit[word]!); continue; }
        buffered.push(r.sharedBit[l.memBase + loc]!);
        const f = freedWordOf(p, l, loc);
        if (f >= 0) buffered.push(r.sharedBit[f]!);
      }
      // Draining the buffer changes what a grace period waits for (ops/rcu.ts): a reader change.
      if ((s[b] ?? 0) > 0) parts.push(this.leave);
    }
    return { parts, buffered };
  }

  /**
   * The future of the context at `level` of CPU e, running `code`, as two parts: the instruction
   * it stands at, then what follows it. While the CPUs of `inC` stand still, a grace period that
   * waits for one of them never ends, so e does nothing past its wait: the wait it stands at, if
   * the CPUs that period still waits for include one of `inC` (only their own moves clear their
   * bits: ops/rcu.ts); every wait further on, if one of `inC` is inside a read-side section now
   * (it stays inside, so the period started before that wait, at the synchronize_rcu_start just before it,
   * waits for it). The quiescent states that end grace periods are the waited-for CPUs' own
   * moves, so this holds for waits on any CPU (docs/reduction.md).
   */
  private contextFuture(
    parts: StaticFootprint[], s: State, e: number, level: Level, code: number, inC: number, readers: number, objects: number,
  ): void {
    const l = layoutOf(this.p);
    const pc = pcOf(l, s, e, level);
    const atWait = this.sealed[code]![pc] === 1;
    const cut = this.graceWaits &&
      (atWait ? (pendingMask(l, s, frameOf(l, e, level)) & inC) !== 0 : (readers & inC) !== 0);
    // A handler past its last instruction waits to return (its stores still buffered): `leave`.
    if (pc >= this.p.codes[code]!.instrs.length) return;
    const futures = this.futures(e, code, cut, objects);
    const head = this.head(s, e, level, code, pc, objects);
    // A head that takes no pointer from a local is the static footprint: one part does.
    if (head === null) parts.push(futures.from[pc]!);
    else {
      parts.push(head);
      // A sealed wait's successors are what the cut leaves out (futureFootprints(..., stopAtGp)).
      if (!(cut && atWait)) parts.push(futures.after[pc]!);
    }
  }

  /**
   * The instruction a context stands at, when it takes a pointer from a local: its locals change
   * only by its own steps, so that pointer names one object now (`free(key)` frees that key, not
   * any object). Null when it takes none (a literal pointer names its object in the static
   * footprint too), or when some pointer is computed otherwise (it names any of `objects`, as in
   * the static footprint: after lowering this does not happen, as a statement's loads are steps of
   * their own).
   */
  private head(s: State, e: number, level: Level, code: number, pc: number, objects: number): StaticFootprint | null {
    const p = this.p;
    const plans = this.heads[(e * 4 + level) * p.codes.length + code]!;
    const plan = plans[pc] ?? (plans[pc] = headPlan(p, p.codes[code]!.instrs[pc]!));
    if (plan.slots.length === 0 || plan.anyObject) return null;
    let mask = plan.constMask;
    const f = frameOf(layoutOf(p), e, level) + FRAME_LOCALS;
    for (const slot of plan.slots) mask |= objectBit(p, s[f + slot]!);
    let fp = plan.byMask.get(mask);
    if (!fp) {
      const r = regionsOf(p);
      fp = instrFootprint(p, p.codes[code]!.instrs[pc]!, { cpu: e, level }, mask);
      fp.writes[r.liveBit >>> 5]! |= 1 << (r.liveBit & 31);
      plan.byMask.set(mask, fp);
    }
    return fp;
  }

  /** The futures of `code` on `cpu`, narrowed to `objects`, cut or not at sealed waits. */
  private futures(cpu: number, code: number, stopAtGp: boolean, objects: number): CodeFutures {
    const p = this.p;
    const byMask = this.codeFutures[((stopAtGp ? 1 : 0) * p.codes.length + code) * p.cpus + cpu]!;
    let f = byMask.get(objects);
    if (!f) {
      const c = p.codes[code]!;
      const from = futureFootprints(p, c, { cpu, level: this.levelOf[code]! }, stopAtGp, objects);
      const r = regionsOf(p);
      const after = c.instrs.map((instr, pc) => {
        const a = emptyFootprint(r);
        for (const next of successors(instr, pc)) unionInto(a, from[Math.min(next, c.instrs.length)]!);
        return a;
      });
      f = { from, after };
      byMask.set(objects, f);
    }
    return f;
  }

  /**
   * The tasks of CPU e that are switched out and may still run (taskMayRun), as [code, saved pc]:
   * each may be switched in again (a sleeping one once something wakes it), and then run from where
   * it stopped.
   */
  private waitingTasks(s: State, e: number): [number, number][] {
    const p = this.p;
    if (!p.sched) return [];
    const l = layoutOf(p);
    const cur = currentTask(p, l, s, e);
    const out: [number, number][] = [];
    for (const t of tasksOn(p)[e]!) {
      // An idle kworker too: a queue_work() may wake it to run its code from the top (taskMayRun).
      if (t === cur || !taskMayRun(p, l, s, t)) continue;
      out.push([p.sched.tasks[t]!.code, s[savedFrame(p, l, t) + FRAME_PC] ?? 0]);
    }
    return out;
  }

  /**
   * What the tasks of CPU e do besides the running one's own steps (ops/sched.ts): the switched-out
   * ones' code from their saved pcs, whole (no head narrowing, no cut at a grace-period wait: their
   * locals are in the save slot, and a bigger future is only coarser), and the switches. A switch
   * reads the sleep flags of e's tasks, and a preemption reads and adds to the count of
   * preemptions used, which only grows: once it has met the scenario's bound no preemption is left
   * to any CPU, and the part leaves the count out (docs/reduction.md, "Tasks").
   */
  private taskFutures(parts: StaticFootprint[], s: State, e: number, objects: number): void {
    const p = this.p;
    const l = layoutOf(p);
    let live = false;
    for (const [code, pc] of this.waitingTasks(s, e)) {
      live = true;
      parts.push(this.futures(e, code, false, objects).from[pc]!);
    }
    const cur = currentTask(p, l, s, e);
    if (cur >= 0 && !taskDone(p, l, s, cur)) live = true;
    if (!live) return;
    const preempts = (s[usedWord(l)] ?? 0) < p.sched!.preemptions;
    parts.push(this.switchPart(e, preempts));
  }

  private readonly switchParts = new Map<number, StaticFootprint>();

  /** A switch on `cpu`: the sleep flags of its tasks, and with `preempts` the preemption count. */
  private switchPart(cpu: number, preempts: boolean): StaticFootprint {
    const key = cpu * 2 + (preempts ? 1 : 0);
    let f = this.switchParts.get(key);
    if (!f) {
      const r = regionsOf(this.p);
      const l = layoutOf(this.p);
      f = { ...emptyFootprint(r), any: true };
      const set = (bits: Uint32Array, w: number): void => { const b = r.sharedBit[w]!; bits[b >>> 5]! |= 1 << (b & 31); };
      for (const t of tasksOn(this.p)[cpu]!) set(f.reads, asleepWord(l, t));
      if (preempts) { set(f.reads, usedWord(l)); set(f.writes, usedWord(l)); }
      this.switchParts.set(key, f);
    }
    return f;
  }

  /**
   * The shared bits whose change may enable a move of CPU c that is disabled now: the sleep flags
   * of its sleeping tasks (a wakeup by any CPU makes the switch to one possible), and the words
   * of the lock each switched-out task sleeps on (a mutex or rw_semaphore: canSwitch does not pick
   * it until the lock lets it go on, which an unlock by any CPU, or a free of the lock's owner,
   * may do: ops/sleeping-lock.ts). A persistent set that holds c must hold every CPU whose future
   * writes one (persistent.ts), as it holds the CPUs that may unblock c's running context.
   * Leaving out the lock words lost final states and the preemption bound (task-programs.test.ts).
   */
  wakeBits(s: State, c: number): readonly number[] {
    const p = this.p;
    if (!p.sched) return NO_BITS;
    const l = layoutOf(p);
    const r = regionsOf(p);
    const out: number[] = [];
    const cur = currentTask(p, l, s, c);
    for (const t of tasksOn(p)[c]!) {
      if (s[asleepWord(l, t)] !== 0) out.push(r.sharedBit[asleepWord(l, t)]!);
      else if (t !== cur && taskWaitsOnLock(p, l, s, t)) for (const w of waitWords(p, l, s, [t])) out.push(r.sharedBit[w]!);
    }
    return out;
  }

  private readonly slots = new Map<number, StaticFootprint>();

  /** Reading and writing the callback slot of object `o` (ops/rcu-callbacks.ts). */
  private slotPart(o: number): StaticFootprint {
    let f = this.slots.get(o);
    if (!f) {
      const r = regionsOf(this.p);
      const l = layoutOf(this.p);
      f = { ...emptyFootprint(r), any: true };
      for (const k of [CB_DECL, CB_CPU]) {
        const w = r.sharedBit[cbWord(l, o, k)]!;
        f.reads[w >>> 5]! |= 1 << (w & 31);
        f.writes[w >>> 5]! |= 1 << (w & 31);
      }
      this.slots.set(o, f);
    }
    return f;
  }

  /** Firing handler i on `cpu` and everything its code may then do, narrowed to `objects`. */
  private fire(cpu: number, i: number, objects: number): StaticFootprint {
    const p = this.p;
    const byMask = this.fires[i * p.cpus + cpu]!;
    let f = byMask.get(objects);
    if (!f) {
      const r = regionsOf(p);
      const l = layoutOf(p);
      f = emptyFootprint(r);
      unionInto(f, this.futures(cpu, p.handlers[i]!.code, false, objects).from[0]!);
      const b = r.sharedBit[l.fireBase + i]!;
      f.reads[b >>> 5]! |= 1 << (b & 31);
      f.writes[b >>> 5]! |= 1 << (b & 31);
      // An RCU callback reads its slot to start, and marks and empties it (ops/rcu-callbacks.ts).
      const cb = p.handlers[i]!.callback;
      if (cb) unionInto(f, this.slotPart(cb.object));
      // Once its task is done the CPU fires only while the run is live.
      f.reads[r.liveBit >>> 5]! |= 1 << (r.liveBit & 31);
      f.reader = true;
      f.any = true;
      byMask.set(objects, f);
    }
    return f;
  }
}
