// The Linux-kernel memory model, transliterated from the kernel's tools/memory-model/
// linux-kernel.bell, linux-kernel.cat and lock.cat (lkmmv2, Linux 6.x: Mb tags on fully ordered
// RMWs, po-unlock-lock-po, rcu-order). Each `const` is the cat definition of the same name,
// written beside it; `let x = ...` in a cat file is sequential, so a redefinition (fence,
// strong-fence) is a new const here. SRCU as in Linux 6.4 on (srcu-lock a read and srcu-unlock a
// write of the srcu_struct, paired by data flow). Pure: one candidate execution in, consistency
// and flags out.
import { Base, type Execution } from './execution.js';
import { EventSet, Relation } from './relation.js';
import { ThreadLocal } from './thread-local.js';

export type Axiom = 'coherence' | 'atomic' | 'happens-before' | 'propagation' | 'rcu' | 'plain-coherence';

/**
 * Axioms a candidate cannot repair by more rf and co pairs: each asks that a relation built from
 * rf, co and fr by union, sequence, closure, intersection with fixed relations and difference
 * with id (no complement: thread-local.ts lists the relations) have no pair (atomic) or no cycle
 * (coherence, happens-before, propagation; rcu: no pair (a, a)), and more base pairs only add
 * derived pairs. So a candidate with only some locations' rf and co chosen that breaks one of
 * these breaks it with every choice for the rest (the explorer's prunedCombinations). Not
 * plain-coherence: its *-incoh relations have no complement either, but it is judged on whole
 * candidates only, with the data-race flag (whose *-race relations do take complements).
 */
export const MONOTONE: ReadonlySet<Axiom> = new Set<Axiom>(['coherence', 'atomic', 'happens-before', 'propagation', 'rcu']);

export interface Judged {
  /** The first axiom the execution breaks, or null when the LKMM allows it. */
  readonly failed: Axiom | null;
  /** linux-kernel.cat's data-race flag: the racing pairs (ww-race | wr-race | rw-race). */
  readonly races: readonly (readonly [number, number])[];
  /** linux-kernel.bell's flags on rcu_read_lock()/rcu_read_unlock() nesting. */
  readonly unmatchedRcu: boolean;
}

/** Matching pairs of nested rcu_read_lock()/rcu_read_unlock() (linux-kernel.bell, rcu-rscs). */
function rcuRscs(b: Base): { rscs: Relation; unmatched: boolean } {
  const ev = b.x.events;
  const pairs: [number, number][] = [];
  let unmatched = false;
  const threads = [...new Set(ev.map((e) => e.thread).filter((t) => t >= 0))];
  for (const t of threads) {
    // The bell's recursive `matched` pairs each unlock with the nearest unmatched lock before it:
    // a stack, since po within a thread is the order of its events here.
    const stack: number[] = [];
    ev.forEach((e, i) => {
      if (e.thread !== t || e.kind !== 'F') return;
      if (e.tag === 'rcu-lock') stack.push(i);
      else if (e.tag === 'rcu-unlock') {
        const l = stack.pop();
        if (l === undefined) unmatched = true;
        else pairs.push([l, i]);
      }
    });
    if (stack.length > 0) unmatched = true;
  }
  return { rscs: Relation.of(b.n, pairs), unmatched };
}

/**
 * Everything of the model that the paths alone fix (the events, po, rmw, addr, data and ctrl),
 * not rf or co: computed once per combination of paths (kept with its Base) and shared by every
 * candidate of it, so that a candidate pays only for what its rf and co change. herd7 does the
 * same: its cat interpreter evaluates the definitions that do not depend on rf and co once per
 * set of paths, before it enumerates the rf and co (herdtools7, herd/interpreter.ml, "unroll"
 * of the candidate's pre-execution). Each field is the cat definition of its name.
 */
class PathsPart {
  readonly none: Relation;
  readonly RMW: EventSet;
  readonly UL: EventSet;
  readonly LKR: EventSet;
  readonly LKW: EventSet;
  readonly Marked: EventSet;
  readonly Plain: EventSet;
  readonly SrcuLock: EventSet;
  readonly SrcuUnlock: EventSet;
  readonly SyncSrcu: EventSet;
  readonly Noreturn: EventSet;
  readonly R4rmb: EventSet;
  readonly rscs: Relation;
  readonly unmatched: boolean;
  /** Whether po-unlock-lock-po can be nonempty (an unlock and a lock): then it depends on rf. */
  readonly lockPairs: boolean;
  readonly acqPo: Relation;
  readonly poRel: Relation;
  readonly rmb: Relation;
  readonly wmb: Relation;
  /** mb without its po-unlock-lock-po term (the only one that reads rf). */
  readonly mbPaths: Relation;
  /** [After-unlock-lock] ; po ; [M], the end of that term. */
  readonly aulPo: Relation;
  readonly gp: Relation;
  /** po ; [UL] and [LKR] ; po: po-unlock-lock-po is their sequence through po | rf. */
  readonly poUL: Relation;
  readonly lkrPo: Relation;
  /** data ; [~ Srcu-unlock], the start of carry-dep and carry-srcu-data. */
  readonly dataNotUnlock: Relation;
  readonly SyncRcu: EventSet;
  /** rcu-gp | srcu-gp: [Sync-rcu | Sync-srcu]. */
  readonly gps: Relation;
  readonly rcuRscsi: Relation;
  readonly poOpt: Relation;
  /** Whether there is a grace period at all: without one rcu-order, rcu-fence and rb are empty. */
  readonly anyGp: boolean;
  readonly preRace: Relation;
  readonly rmbFence: Relation;
  /** When no lock event can make po-unlock-lock-po: strong-fence, nonrw-fence and fence. */
  readonly fixedFences: Fences | null;
  /** When data is empty (carry-dep = id): addr, ctrl and data as they are, and what they fix. */
  readonly fixedDeps: Deps | null;
  /**
   * Without a plain access or an srcu_read_lock(), the judgement of a candidate whose threads
   * are ordered only one way (thread-local.ts) by its thread-internal rf, co and fr; else null.
   */
  readonly local: ThreadLocal | null;
  /** The judgements made so far by ThreadLocal's key. */
  readonly byLocalKey = new Map<string, Judged>();

  constructor(readonly x: Pick<Execution, 'rmw' | 'addr' | 'data' | 'ctrl'>, b: Base) {
    const { n, M, R, W, IW, all, ext } = b;
    const po = b.x.po;
    const seq = Relation.seqAll;
    this.none = new Relation(n);
    // ---- linux-kernel.bell ----
    const RMW = (this.RMW = EventSet.where(n, (i) => b.x.events[i]!.rmwInstr));
    const rmw0 = x.rmw.restrict(RMW, RMW);
    const FailedRMW = RMW.minus(rmw0.domain().union(rmw0.range())); // let FailedRMW = RMW \ (domain(rmw) | range(rmw))
    const LKR = b.locks('LKR'), LKW = b.locks('LKW'), UL = b.locks('UL'), LF = b.locks('LF'), RL = b.locks('RL'), RU = b.locks('RU');
    this.LKR = LKR; this.LKW = LKW; this.UL = UL;
    // lock.cat: let Release = Release | UL; let Acquire = Acquire | LKR
    const Acquire = b.tagged('acquire').minus(W).minus(FailedRMW).union(LKR); // let Acquire = ACQUIRE \ W \ FailedRMW
    const Release = b.tagged('release').minus(R).minus(FailedRMW).union(UL); // let Release = RELEASE \ R \ FailedRMW
    const Mb = b.tagged('mb').minus(FailedRMW); // let Mb = MB \ FailedRMW (smp_mb() fences and fully ordered RMWs)
    const Noreturn = (this.Noreturn = b.tagged('noreturn').minus(W)); // let Noreturn = NORETURN \ W
    const SrcuLock = (this.SrcuLock = b.tagged('srcu-lock')), SrcuUnlock = (this.SrcuUnlock = b.tagged('srcu-unlock')), SyncSrcu = (this.SyncSrcu = b.tagged('sync-srcu'));
    // let Marked = (~M) | IW | ONCE | RELEASE | ACQUIRE | MB | RMW | LKR | LKW | UL | LF | RL | RU | Srcu-lock | Srcu-unlock
    const Marked = (this.Marked = all.minus(M).union(IW).union(b.tagged('once', 'release', 'acquire', 'mb', 'noreturn')).union(RMW)
      .union(LKR).union(LKW).union(UL).union(LF).union(RL).union(RU).union(SrcuLock).union(SrcuUnlock));
    const Plain = (this.Plain = M.minus(Marked)); // let Plain = M \ Marked
    const { rscs, unmatched } = rcuRscs(b);
    this.rscs = rscs; this.unmatched = unmatched;

    // ---- linux-kernel.cat: basic relations, those that do not read rf ----
    this.lockPairs = !UL.isEmpty() && !LKR.isEmpty();
    this.acqPo = po.restrict(Acquire, M); // let acq-po = [Acquire] ; po ; [M]
    this.poRel = po.restrict(M, Release); // let po-rel = [M] ; po ; [Release]
    this.poUL = po.restrict(all, UL);
    this.lkrPo = po.restrict(LKR, all);
    const R4rmb = (this.R4rmb = R.minus(Noreturn)); // let R4rmb = R \ Noreturn
    this.rmbFence = b.fencerel(b.tagged('rmb'));
    this.rmb = this.rmbFence.restrict(R4rmb, R4rmb); // let rmb = [R4rmb] ; fencerel(Rmb) ; [R4rmb]
    this.wmb = b.fencerel(b.tagged('wmb')).restrict(W, W); // let wmb = [W] ; fencerel(Wmb) ; [W]
    const poOpt = po.opt();
    this.mbPaths = b.fencerel(Mb).restrict(M, M).union( // [M] ; fencerel(Mb) ; [M]
      po.restrict(M, Mb.inter(R)), // [M] ; po ; [Mb & R]
      po.restrict(Mb.inter(W), M), // [Mb & W] ; po ; [M]
      seq(b.fencerel(b.tagged('before-atomic')).restrict(M, RMW), poOpt.restrict(RMW, M)), // [M] ; fencerel(Before-atomic) ; [RMW] ; po? ; [M]
      seq(poOpt.restrict(M, RMW), b.fencerel(b.tagged('after-atomic')).restrict(RMW, M)), // [M] ; po? ; [RMW] ; fencerel(After-atomic) ; [M]
      seq(poOpt.restrict(M, LKW), b.fencerel(b.tagged('after-spinlock')).restrict(LKW, M)), // [M] ; po? ; [LKW] ; fencerel(After-spinlock) ; [M]
      seq(poOpt.restrict(M, SrcuUnlock), b.fencerel(b.tagged('after-srcu-read-unlock')).restrict(SrcuUnlock, M)), // [M] ; po? ; [Srcu-unlock] ; fencerel(After-srcu-read-unlock) ; [M]
    );
    // the last term of mb, [M] ; po-unlock-lock-po ; [After-unlock-lock] ; po ; [M], is built per candidate from this
    this.aulPo = po.restrict(b.tagged('after-unlock-lock'), M);
    this.gp = po.restrict(all, b.tagged('sync-rcu').union(SyncSrcu)).seq(poOpt); // let gp = po ; [Sync-rcu | Sync-srcu] ; po?
    this.dataNotUnlock = x.data.restrict(all, all.minus(SrcuUnlock));
    this.SyncRcu = b.tagged('sync-rcu');
    this.gps = Relation.id(this.SyncRcu.union(SyncSrcu)); // rcu-gp | srcu-gp
    this.rcuRscsi = rscs.inverse(); // let rcu-rscsi = rcu-rscs^-1
    this.anyGp = !this.gps.isEmpty();
    this.poOpt = poOpt;
    // let pre-race = ext & ((Plain * M) | ((M \ IW) * Plain))
    this.preRace = ext.inter(Relation.cross(Plain, M).union(Relation.cross(M.minus(IW), Plain)));
    this.fixedFences = this.lockPairs ? null : fencesOf(this, b, this.mbPaths);
    if (x.data.isEmpty()) {
      // carry-dep = (data ; [~ Srcu-unlock] ; rfi)* = id, so addr, ctrl and data are as given.
      this.fixedDeps = depsOf(x.addr, x.data, x.ctrl, b, this);
    } else this.fixedDeps = null;
    this.local = Plain.isEmpty() && SrcuLock.isEmpty() ? new ThreadLocal({ events: b.x.events, po, rmw: x.rmw, addr: x.addr, data: x.data, ctrl: x.ctrl }) : null;
  }
}

interface Fences {
  readonly strongFence0: Relation;
  readonly nonrwFence: Relation;
  readonly fence0: Relation;
  /** fence & int, in ppo. */
  readonly fenceInt: Relation;
  /** strong-fence | po-rel, in cumul-fence. */
  readonly strongPoRel: Relation;
}

/** strong-fence, nonrw-fence and fence (before rcu-fence) from mb, and what ppo and cumul-fence take of them. */
function fencesOf(c: PathsPart, b: Base, mb: Relation): Fences {
  const strongFence0 = mb.union(c.gp); // let strong-fence = mb | gp
  const nonrwFence = strongFence0.union(c.poRel, c.acqPo); // let nonrw-fence = strong-fence | po-rel | acq-po
  const fence0 = nonrwFence.union(c.wmb, c.rmb); // let fence = nonrw-fence | wmb | rmb
  return { strongFence0, nonrwFence, fence0, fenceInt: fence0.inter(b.int), strongPoRel: strongFence0.union(c.poRel) };
}

interface Deps {
  readonly addr: Relation;
  readonly dep: Relation;
  /** rwdep = (dep | ctrl) ; [W] */
  readonly rwdep: Relation;
  /** addr ; [Plain] ; wmb, in to-w */
  readonly addrPlainWmb: Relation;
  /** addr ; [R], in to-r */
  readonly addrR: Relation;
  /** dep ; [Marked], in to-r */
  readonly depMarked: Relation;
}

/** What ppo takes of addr, data and ctrl (after carry-dep). */
function depsOf(addr: Relation, data: Relation, ctrl: Relation, b: Base, c: Pick<PathsPart, 'Plain' | 'Marked' | 'wmb'>): Deps {
  const dep = addr.union(data); // let dep = addr | data
  return { addr, dep, rwdep: dep.union(ctrl).restrict(b.all, b.W), addrPlainWmb: addr.restrict(b.all, c.Plain).seq(c.wmb), addrR: addr.restrict(b.all, b.R), depMarked: dep.restrict(b.all, c.Marked) };
}

/** Each Base's PathsPart, made by the first candidate judged with it. */
const pathsParts = new WeakMap<Base, PathsPart>();

function pathsPartOf(x: Execution, b: Base): PathsPart {
  const known = pathsParts.get(b);
  // The part holds for the dependencies it was made from; a Base judged with others gets its own.
  if (known && known.x.rmw === x.rmw && known.x.addr === x.addr && known.x.data === x.data && known.x.ctrl === x.ctrl) return known;
  const made = new PathsPart(x, b);
  pathsParts.set(b, made);
  return made;
}

/**
 * Judges one candidate. `b`, and the dependencies x.rmw, x.addr, x.data and x.ctrl, may be shared
 * by candidates that differ only in rf and co (and in the values of their events, which the model
 * never reads): what they fix is computed once (PathsPart).
 */
export function judge(x: Execution, b: Base = new Base(x)): Judged {
  const c = pathsPartOf(x, b);
  const key = c.local?.key(x.rf, x.co) ?? null;
  if (key === null) return judgeWhole(x, b);
  // The same for every candidate of this shape with this key (thread-local.ts says why).
  const known = c.byLocalKey.get(key);
  if (known !== undefined) return known;
  const made = judgeWhole(x, b);
  if (c.byLocalKey.size >= MAX_LOCAL_KEYS) c.byLocalKey.clear();
  c.byLocalKey.set(key, made);
  return made;
}

/** How many judgements one shape keeps by key before it starts again. */
const MAX_LOCAL_KEYS = 4096;

/** judge() without the judgements kept by thread-local key: every axiom computed (and for tests that compare the two). */
export function judgeWhole(x: Execution, b: Base = new Base(x)): Judged {
  const c = pathsPartOf(x, b);
  // What judgeWith makes lives only until it returns (Judged is plain data).
  return Relation.scratch(() => judgeWith(x, b, c));
}

function judgeWith(x: Execution, b: Base, c: PathsPart): Judged {
  const { M, W, all, id, ext, int, loc, poLoc } = b;
  const rf = x.rf, co = x.co;
  const fr = rf.inverse().seq(co).minus(id); // let fr = rf^-1 ; co
  // Most candidates are incoherent: this axiom first, before anything else is built.
  const com = rf.union(co, fr); // let com = rf | co | fr
  if (!poLoc.union(com).acyclic()) return { failed: 'coherence', races: [], unmatchedRcu: false }; // acyclic po-loc | com as coherence
  const { Marked, Plain, unmatched } = c;
  const po = b.x.po;
  const seq = Relation.seqAll;

  // lock.cat: rmw = rmw | lk-rmw (x.rmw pairs LKR with its LKW already); R and W include lock events.
  const rmw = x.rmw;
  const rfe = rf.inter(ext), rfi = rf.inter(int);

  // ---- coherence and atomicity ----
  if (!rmw.isEmpty() && !rmw.inter(fr.inter(ext).seq(co.inter(ext))).isEmpty()) return fail('atomic'); // empty rmw & (fre ; coe) as atomic

  // let po-unlock-lock-po = po ; [UL] ; (po|rf) ; [LKR] ; po
  const poUnlockLockPo = c.lockPairs ? seq(c.poUL, po.union(rf), c.lkrPo) : c.none;
  // mb's last term: [M] ; po-unlock-lock-po ; [After-unlock-lock] ; po ; [M]
  const { strongFence0, nonrwFence, fence0, fenceInt, strongPoRel } = c.fixedFences ?? fencesOf(c, b, c.mbPaths.union(poUnlockLockPo.restrict(M, all).seq(c.aulPo)));

  // linux-kernel.bell: let carry-dep = (data ; [~ Srcu-unlock] ; rfi)*, then addr, ctrl, data through it
  let deps = c.fixedDeps;
  if (deps === null) {
    const carryDep = c.dataNotUnlock.seq(rfi).star();
    const addr = carryDep.seq(x.addr);
    deps = depsOf(addr, carryDep.seq(x.data), carryDep.seq(x.ctrl), b, c);
  }
  const { addr, rwdep } = deps; // let rwdep = (dep | ctrl) ; [W]
  // let carry-srcu-data = (data ; [~ Srcu-unlock] ; rf)*
  // let srcu-rscs = ([Srcu-lock] ; carry-srcu-data ; data ; [Srcu-unlock]) & loc
  const srcuRscs = c.SrcuLock.isEmpty() ? c.none : seq(Relation.id(c.SrcuLock), c.dataNotUnlock.seq(rf).star(), x.data.restrict(all, c.SrcuUnlock)).inter(loc);

  // ---- instruction execution ordering ----
  const overwrite = co.union(fr); // let overwrite = co | fr
  const toW = rwdep.union(overwrite.inter(int), deps.addrPlainWmb); // let to-w = rwdep | (overwrite & int) | (addr ; [Plain] ; wmb)
  const toR = deps.addrR.union(deps.depMarked.seq(rfi)); // let to-r = (addr ; [R]) | (dep ; [Marked] ; rfi)
  const ppo = toR.union(toW, fenceInt, poUnlockLockPo.inter(int)); // let ppo = to-r | to-w | (fence & int) | (po-unlock-lock-po & int)

  // ---- propagation ----
  const rfeMarked = rfe.restrict(all, Marked);
  const aCumul = (r: Relation): Relation => r.union(rfeMarked.seq(r)); // let A-cumul(r) = (rfe ; [Marked])? ; r
  const rmwSequence = rmw.isEmpty() ? id : rf.seq(rmw).star(); // let rmw-sequence = (rf ; rmw)*
  // let cumul-fence = [Marked] ; (A-cumul(strong-fence | po-rel) | wmb | po-unlock-lock-po) ; [Marked] ; rmw-sequence
  const cumulFence0 = aCumul(strongPoRel).union(c.wmb, poUnlockLockPo).restrict(Marked, Marked);
  const cumulFence = rmw.isEmpty() ? cumulFence0 : cumulFence0.seq(rmwSequence);
  const cumulFenceStar = cumulFence.star();
  // let prop = [Marked] ; (overwrite & ext)? ; cumul-fence* ; [Marked] ; rfe? ; [Marked]
  const prop = seq(overwrite.inter(ext).opt().restrict(Marked, all), cumulFenceStar.restrict(all, Marked), rfe.opt().restrict(Marked, Marked));
  // let hb = [Marked] ; (ppo | rfe | ((prop \ id) & int)) ; [Marked]
  const hb = ppo.union(rfe, prop.minus(id).inter(int)).restrict(Marked, Marked);
  if (!hb.acyclic()) return fail('happens-before'); // acyclic hb as happens-before
  const hbStar = hb.star();
  const pb = seq(prop, strongFence0, hbStar.restrict(all, Marked)); // let pb = prop ; strong-fence ; hb* ; [Marked]
  if (!pb.acyclic()) return fail('propagation'); // acyclic pb as propagation

  // ---- RCU ----
  // Without a grace period rcu-order is empty (each of its terms has rcu-gp, srcu-gp or
  // rcu-order in it), and so are rcu-fence and rb: the axiom holds and fence is as it was.
  let fence = fence0, strongFence = strongFence0, rb = c.none;
  if (c.anyGp) {
    const pbStar = pb.star();
    const { SyncRcu, SyncSrcu, rcuRscsi } = c; // let rcu-gp = [Sync-rcu]; let srcu-gp = [Sync-srcu]; let rcu-rscsi = rcu-rscs^-1
    const srcuRscsi = srcuRscs.inverse(); // let srcu-rscsi = srcu-rscs^-1
    const rcuLink = seq(c.poOpt, hbStar, pbStar, prop, po); // let rcu-link = po? ; hb* ; pb* ; prop ; po
    // let rec rcu-order = rcu-gp | srcu-gp | (rcu-gp ; rcu-link ; rcu-rscsi) | ((srcu-gp ; rcu-link ; srcu-rscsi) & loc)
    //   | (rcu-rscsi ; rcu-link ; rcu-gp) | ((srcu-rscsi ; rcu-link ; srcu-gp) & loc)
    //   | (rcu-gp ; rcu-link ; rcu-order ; rcu-link ; rcu-rscsi) | ((srcu-gp ; rcu-link ; rcu-order ; rcu-link ; srcu-rscsi) & loc)
    //   | (rcu-rscsi ; rcu-link ; rcu-order ; rcu-link ; rcu-gp) | ((srcu-rscsi ; rcu-link ; rcu-order ; rcu-link ; srcu-gp) & loc)
    //   | (rcu-order ; rcu-link ; rcu-order)
    // Computed as the least fixpoint herd7 computes for `let rec`, from the empty relation. A
    // sequence with [S] on one side keeps the pairs that start (end) in S, so rcu-gp ; r is r
    // restricted, not a sequence. The terms without rcu-order are the same every round and are
    // computed once; the RCU (SRCU) terms are left out when there is no grace period or no
    // read-side critical section of that kind, as each has both and is empty without one.
    const rcuPairs = !SyncRcu.isEmpty() && !rcuRscsi.isEmpty();
    const srcuPairs = !SyncSrcu.isEmpty() && !srcuRscsi.isEmpty();
    const rcuGpLink = rcuLink.restrict(SyncRcu, all), srcuGpLink = rcuLink.restrict(SyncSrcu, all);
    const rcuRscsiLink = rcuPairs ? rcuRscsi.seq(rcuLink) : c.none, srcuRscsiLink = srcuPairs ? srcuRscsi.seq(rcuLink) : c.none;
    let first = c.gps; // rcu-gp | srcu-gp
    if (rcuPairs) first = first.union(rcuGpLink.seq(rcuRscsi), rcuRscsiLink.restrict(all, SyncRcu));
    if (srcuPairs) first = first.union(srcuGpLink.seq(srcuRscsi).inter(loc), srcuRscsiLink.restrict(all, SyncSrcu).inter(loc));
    let rcuOrder = c.none;
    for (;;) {
      const orderLink = rcuOrder.seq(rcuLink); // rcu-order ; rcu-link
      let next = first.union(orderLink.seq(rcuOrder));
      if (rcuPairs) next = next.union(seq(rcuGpLink, orderLink, rcuRscsi), rcuRscsiLink.seq(orderLink).restrict(all, SyncRcu));
      if (srcuPairs) next = next.union(seq(srcuGpLink, orderLink, srcuRscsi).inter(loc), srcuRscsiLink.seq(orderLink).restrict(all, SyncSrcu).inter(loc));
      if (next.within(rcuOrder)) break;
      rcuOrder = next.union(rcuOrder);
    }
    const rcuFence = seq(po, rcuOrder, c.poOpt); // let rcu-fence = po ; rcu-order ; po?
    fence = fence0.union(rcuFence); // let fence = fence | rcu-fence
    strongFence = strongFence0.union(rcuFence); // let strong-fence = strong-fence | rcu-fence
    rb = seq(prop, rcuFence, hbStar, pbStar.restrict(all, Marked)); // let rb = prop ; rcu-fence ; hb* ; pb* ; [Marked]
    if (!rb.irreflexive()) return fail('rcu'); // irreflexive rb as rcu
  }

  // ---- plain accesses and data races ----
  // pre-race relates only pairs with a Plain access: without one, every *-incoh and *-race below
  // is empty (each is pre-race & ...), plain-coherence holds and there is no data race.
  if (Plain.isEmpty()) return { failed: null, races: [], unmatchedRcu: unmatched };
  const S = (s: EventSet): Relation => Relation.id(s);
  const xbstar = hb.union(pb, rb).star(); // let xbstar = (hb | pb | rb)*
  // let vis = cumul-fence* ; rfe? ; [Marked] ; ((strong-fence ; [Marked] ; xbstar) | (xbstar & int))
  const vis = seq(cumulFenceStar, rfe.opt(), S(Marked), seq(strongFence, S(Marked), xbstar).union(xbstar.inter(int)));
  const notNoreturn = all.minus(c.Noreturn);
  const rmbNoNoreturn = c.rmbFence.restrict(c.R4rmb, notNoreturn);
  const wPreBounded = S(Marked).seq(addr.union(fence).opt()); // let w-pre-bounded = [Marked] ; (addr | fence)?
  // let r-pre-bounded = [Marked] ; (addr | nonrw-fence | ([R4rmb] ; fencerel(Rmb) ; [~Noreturn]))?
  const rPreBounded = S(Marked).seq(addr.union(nonrwFence, rmbNoNoreturn).opt());
  const wPostBounded = seq(fence.opt(), S(Marked), rmwSequence); // let w-post-bounded = fence? ; [Marked] ; rmw-sequence
  // let r-post-bounded = (nonrw-fence | ([~Noreturn] ; fencerel(Rmb) ; [R4rmb]))? ; [Marked]
  const rPostBounded = nonrwFence.union(c.rmbFence.restrict(notNoreturn, c.R4rmb)).opt().seq(S(Marked));
  // let ww-vis = fence | (strong-fence ; xbstar ; w-pre-bounded) | (w-post-bounded ; vis ; w-pre-bounded)
  const wwVis = fence.union(seq(strongFence, xbstar, wPreBounded), seq(wPostBounded, vis, wPreBounded));
  // let wr-vis = fence | (strong-fence ; xbstar ; r-pre-bounded) | (w-post-bounded ; vis ; r-pre-bounded)
  const wrVis = fence.union(seq(strongFence, xbstar, rPreBounded), seq(wPostBounded, vis, rPreBounded));
  const rwXbstar = fence.union(seq(rPostBounded, xbstar, wPreBounded)); // let rw-xbstar = fence | (r-post-bounded ; xbstar ; w-pre-bounded)
  const preRace = c.preRace; // let pre-race = ext & ((Plain * M) | ((M \ IW) * Plain))
  const wrIncoh = preRace.inter(rf).inter(rwXbstar.inverse()); // let wr-incoh = pre-race & rf & rw-xbstar^-1
  const rwIncoh = preRace.inter(fr).inter(wrVis.inverse()); // let rw-incoh = pre-race & fr & wr-vis^-1
  const wwIncoh = preRace.inter(co).inter(wwVis.inverse()); // let ww-incoh = pre-race & co & ww-vis^-1
  if (!wrIncoh.union(rwIncoh, wwIncoh).isEmpty()) return fail('plain-coherence'); // empty ... as plain-coherence
  // let ww-nonrace = ww-vis & ((Marked * W) | rw-xbstar) & ((W * Marked) | wr-vis)
  const wwNonrace = wwVis.inter(Relation.cross(Marked, W).union(rwXbstar)).inter(Relation.cross(W, Marked).union(wrVis));
  const wwRace = preRace.inter(co).minus(wwNonrace); // let ww-race = (pre-race & co) \ ww-nonrace
  const wrRace = preRace.inter(co.opt().seq(rf)).minus(wrVis).minus(rwXbstar.inverse()); // let wr-race = (pre-race & (co? ; rf)) \ wr-vis \ rw-xbstar^-1
  const rwRace = preRace.inter(fr).minus(rwXbstar); // let rw-race = (pre-race & fr) \ rw-xbstar
  const races = wwRace.union(wrRace, rwRace).inter(loc).pairs(); // flag ~empty (ww-race | wr-race | rw-race) as data-race
  return { failed: null, races, unmatchedRcu: unmatched };

  function fail(a: Axiom): Judged {
    return { failed: a, races: [], unmatchedRcu: unmatched };
  }
}
