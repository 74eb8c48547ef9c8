// One candidate execution: the events of every CPU plus an initial write per location, and the
// relations herd7 gives a cat model (po, rf, co, rmw, addr, data, ctrl, loc, int/ext). Pure.
import type { AccessTag, FenceTag, LockTag, ThreadEvent } from './events.js';
import { EventSet, Relation } from './relation.js';

/** A thread's event placed in the execution (its dependencies become relations). */
export interface ExecEvent extends Pick<ThreadEvent, 'kind' | 'loc' | 'value' | 'tag' | 'lock' | 'rmwInstr' | 'level' | 'handler' | 'freeOf'> {
  /** CPU, or -1 for an initial write (herd's IW). */
  readonly thread: number;
  /** Index in its thread's path, or -1 for an initial write. */
  readonly index: number;
  readonly at: ThreadEvent['at'] | null;
}

export interface Execution {
  readonly events: readonly ExecEvent[];
  readonly po: Relation;
  readonly rf: Relation;
  readonly co: Relation;
  readonly rmw: Relation;
  readonly addr: Relation;
  readonly data: Relation;
  readonly ctrl: Relation;
}

/** The sets and derived relations every cat file starts from (herd7's predefined names). */
export class Base {
  readonly n: number;
  readonly all: EventSet;
  readonly R: EventSet;
  readonly W: EventSet;
  readonly M: EventSet;
  readonly F: EventSet;
  readonly IW: EventSet;
  readonly id: Relation;
  readonly loc: Relation;
  readonly int: Relation;
  readonly ext: Relation;
  readonly poLoc: Relation;

  /** What the paths alone fix: built once for every rf and co of one combination of paths. */
  constructor(readonly x: Pick<Execution, 'events' | 'po'>) {
    const ev = x.events;
    const n = (this.n = ev.length);
    this.all = EventSet.where(n, () => true);
    this.R = EventSet.where(n, (i) => ev[i]!.kind === 'R');
    this.W = EventSet.where(n, (i) => ev[i]!.kind === 'W');
    this.M = this.R.union(this.W);
    this.F = EventSet.where(n, (i) => ev[i]!.kind === 'F');
    this.IW = EventSet.where(n, (i) => ev[i]!.thread < 0);
    this.id = Relation.id(this.all);
    this.loc = Relation.where(n, (a, b) => ev[a]!.loc >= 0 && ev[a]!.loc === ev[b]!.loc);
    this.int = Relation.where(n, (a, b) => ev[a]!.thread >= 0 && ev[a]!.thread === ev[b]!.thread);
    this.ext = Relation.where(n, (a, b) => !this.int.has(a, b)).minus(this.id);
    this.poLoc = x.po.inter(this.loc);
  }

  /** Events with one of these tags. */
  tagged(...tags: readonly (AccessTag | FenceTag)[]): EventSet {
    return EventSet.where(this.n, (i) => tags.includes(this.x.events[i]!.tag));
  }

  locks(...tags: readonly LockTag[]): EventSet {
    return EventSet.where(this.n, (i) => {
      const l = this.x.events[i]!.lock;
      return l !== null && tags.includes(l);
    });
  }

  /** herd7's fencerel(S) = po ; [S] ; po. */
  fencerel(s: EventSet): Relation {
    return this.x.po.restrict(this.all, s).seq(this.x.po);
  }
}
