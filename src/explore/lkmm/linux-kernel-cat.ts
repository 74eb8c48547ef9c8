// The Linux-kernel memory model, transliterated from the kernel's tools/memory-model/
// linux-kernel.bell, linux-kernel.cat and lock.cat (lkmmv2, Linux 6.x: Mb tags on fully ordered
// RMWs, po-unlock-lock-po, rcu-order). Each `const` is the cat definition of the same name,
// written beside it; `let x = ...` in a cat file is sequential, so a redefinition (fence,
// strong-fence) is a new const here. SRCU as in Linux 6.4 on (srcu-lock a read and srcu-unlock a
// write of the srcu_struct, paired by data flow). Pure: one candidate execution in, consistency
// and flags out.
import { Base, type Execution } from './execution.js';
import { EventSet, Relation } from './relation.js';

export type Axiom = 'coherence' | 'atomic' | 'happens-before' | 'propagation' | 'rcu' | 'plain-coherence';

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

export function judge(x: Execution, b: Base = new Base(x)): Judged {
  const { n, M, R: R0, W: W0, IW, all, id, ext, int, loc, poLoc } = b;
  const rf = x.rf, co = x.co;
  const fr = rf.inverse().seq(co).minus(id); // let fr = rf^-1 ; co
  // Most candidates are incoherent: this axiom first, before anything else is built.
  const com = rf.union(co, fr); // let com = rf | co | fr
  if (!poLoc.union(com).acyclic()) return { failed: 'coherence', races: [], unmatchedRcu: false }; // acyclic po-loc | com as coherence
  const po = x.po;
  const none = new Relation(n);
  const S = (s: EventSet): Relation => Relation.id(s);
  const seq = Relation.seqAll;

  // ---- linux-kernel.bell ----
  const RMW = EventSet.where(n, (i) => x.events[i]!.rmwInstr);
  const rmw0 = x.rmw.restrict(RMW, RMW);
  const FailedRMW = RMW.minus(rmw0.domain().union(rmw0.range())); // let FailedRMW = RMW \ (domain(rmw) | range(rmw))
  const LKR = b.locks('LKR'), LKW = b.locks('LKW'), UL = b.locks('UL'), LF = b.locks('LF'), RL = b.locks('RL'), RU = b.locks('RU');
  // lock.cat: let Release = Release | UL; let Acquire = Acquire | LKR
  const Acquire = b.tagged('acquire').minus(W0).minus(FailedRMW).union(LKR); // let Acquire = ACQUIRE \ W \ FailedRMW
  const Release = b.tagged('release').minus(R0).minus(FailedRMW).union(UL); // let Release = RELEASE \ R \ FailedRMW
  const Mb = b.tagged('mb').minus(FailedRMW); // let Mb = MB \ FailedRMW (smp_mb() fences and fully ordered RMWs)
  const Noreturn = b.tagged('noreturn').minus(W0); // let Noreturn = NORETURN \ W
  const SrcuLock = b.tagged('srcu-lock'), SrcuUnlock = b.tagged('srcu-unlock'), SyncSrcu = b.tagged('sync-srcu');
  // let Marked = (~M) | IW | ONCE | RELEASE | ACQUIRE | MB | RMW | LKR | LKW | UL | LF | RL | RU | Srcu-lock | Srcu-unlock
  const Marked = all.minus(M).union(IW).union(b.tagged('once', 'release', 'acquire', 'mb', 'noreturn')).union(RMW)
    .union(LKR).union(LKW).union(UL).union(LF).union(RL).union(RU).union(SrcuLock).union(SrcuUnlock);
  const Plain = M.minus(Marked); // let Plain = M \ Marked
  const { rscs, unmatched } = rcuRscs(b);

  // lock.cat: rmw = rmw | lk-rmw (x.rmw pairs LKR with its LKW already); R and W include lock events.
  const rmw = x.rmw;
  const R = R0, W = W0;
  const rfe = rf.inter(ext), rfi = rf.inter(int), coe = co.inter(ext), fre = fr.inter(ext);

  // linux-kernel.bell: let carry-dep = (data ; [~ Srcu-unlock] ; rfi)*, then addr, ctrl, data through it
  const notUnlock = S(all.minus(SrcuUnlock));
  const carryDep = seq(x.data, notUnlock, rfi).star();
  // let carry-srcu-data = (data ; [~ Srcu-unlock] ; rf)*
  // let srcu-rscs = ([Srcu-lock] ; carry-srcu-data ; data ; [Srcu-unlock]) & loc
  const srcuRscs = seq(S(SrcuLock), seq(x.data, notUnlock, rf).star(), x.data, S(SrcuUnlock)).inter(loc);
  const addr = carryDep.seq(x.addr);
  const ctrl = carryDep.seq(x.ctrl);
  const data = carryDep.seq(x.data);

  // ---- linux-kernel.cat: basic relations ----
  const acqPo = seq(S(Acquire), po, S(M)); // let acq-po = [Acquire] ; po ; [M]
  const poRel = seq(S(M), po, S(Release)); // let po-rel = [M] ; po ; [Release]
  const poUnlockLockPo = seq(po, S(UL), po.union(rf), S(LKR), po); // let po-unlock-lock-po = po ; [UL] ; (po|rf) ; [LKR] ; po
  const R4rmb = R.minus(Noreturn); // let R4rmb = R \ Noreturn
  const rmb = seq(S(R4rmb), b.fencerel(b.tagged('rmb')), S(R4rmb)); // let rmb = [R4rmb] ; fencerel(Rmb) ; [R4rmb]
  const wmb = seq(S(W), b.fencerel(b.tagged('wmb')), S(W)); // let wmb = [W] ; fencerel(Wmb) ; [W]
  const mb = seq(S(M), b.fencerel(Mb), S(M)).union( // [M] ; fencerel(Mb) ; [M]
    seq(S(M), po, S(Mb.inter(R))), // [M] ; po ; [Mb & R]
    seq(S(Mb.inter(W)), po, S(M)), // [Mb & W] ; po ; [M]
    seq(S(M), b.fencerel(b.tagged('before-atomic')), S(RMW), po.opt(), S(M)), // [M] ; fencerel(Before-atomic) ; [RMW] ; po? ; [M]
    seq(S(M), po.opt(), S(RMW), b.fencerel(b.tagged('after-atomic')), S(M)), // [M] ; po? ; [RMW] ; fencerel(After-atomic) ; [M]
    seq(S(M), po.opt(), S(LKW), b.fencerel(b.tagged('after-spinlock')), S(M)), // [M] ; po? ; [LKW] ; fencerel(After-spinlock) ; [M]
    seq(S(M), poUnlockLockPo, S(b.tagged('after-unlock-lock')), po, S(M)), // [M] ; po-unlock-lock-po ; [After-unlock-lock] ; po ; [M]
    seq(S(M), po.opt(), S(SrcuUnlock), b.fencerel(b.tagged('after-srcu-read-unlock')), S(M)), // [M] ; po? ; [Srcu-unlock] ; fencerel(After-srcu-read-unlock) ; [M]
  );
  const gp = seq(po, S(b.tagged('sync-rcu').union(SyncSrcu)), po.opt()); // let gp = po ; [Sync-rcu | Sync-srcu] ; po?
  const strongFence0 = mb.union(gp); // let strong-fence = mb | gp
  const nonrwFence = strongFence0.union(poRel, acqPo); // let nonrw-fence = strong-fence | po-rel | acq-po
  const fence0 = nonrwFence.union(wmb, rmb); // let fence = nonrw-fence | wmb | rmb

  // ---- coherence and atomicity ----
  if (!rmw.inter(fre.seq(coe)).isEmpty()) return fail('atomic'); // empty rmw & (fre ; coe) as atomic

  // ---- instruction execution ordering ----
  const dep = addr.union(data); // let dep = addr | data
  const rwdep = dep.union(ctrl).seq(S(W)); // let rwdep = (dep | ctrl) ; [W]
  const overwrite = co.union(fr); // let overwrite = co | fr
  const toW = rwdep.union(overwrite.inter(int), seq(addr, S(Plain), wmb)); // let to-w = rwdep | (overwrite & int) | (addr ; [Plain] ; wmb)
  const toR = addr.seq(S(R)).union(seq(dep, S(Marked), rfi)); // let to-r = (addr ; [R]) | (dep ; [Marked] ; rfi)
  const ppo = toR.union(toW, fence0.inter(int), poUnlockLockPo.inter(int)); // let ppo = to-r | to-w | (fence & int) | (po-unlock-lock-po & int)

  // ---- propagation ----
  const aCumul = (r: Relation): Relation => rfe.seq(S(Marked)).opt().seq(r); // let A-cumul(r) = (rfe ; [Marked])? ; r
  const rmwSequence = rf.seq(rmw).star(); // let rmw-sequence = (rf ; rmw)*
  // let cumul-fence = [Marked] ; (A-cumul(strong-fence | po-rel) | wmb | po-unlock-lock-po) ; [Marked] ; rmw-sequence
  const cumulFence = seq(S(Marked), aCumul(strongFence0.union(poRel)).union(wmb, poUnlockLockPo), S(Marked), rmwSequence);
  // let prop = [Marked] ; (overwrite & ext)? ; cumul-fence* ; [Marked] ; rfe? ; [Marked]
  const prop = seq(S(Marked), overwrite.inter(ext).opt(), cumulFence.star(), S(Marked), rfe.opt(), S(Marked));
  // let hb = [Marked] ; (ppo | rfe | ((prop \ id) & int)) ; [Marked]
  const hb = seq(S(Marked), ppo.union(rfe, prop.minus(id).inter(int)), S(Marked));
  if (!hb.acyclic()) return fail('happens-before'); // acyclic hb as happens-before
  const hbStar = hb.star();
  const pb = seq(prop, strongFence0, hbStar, S(Marked)); // let pb = prop ; strong-fence ; hb* ; [Marked]
  if (!pb.acyclic()) return fail('propagation'); // acyclic pb as propagation

  // ---- RCU ----
  const rcuGp = S(b.tagged('sync-rcu')); // let rcu-gp = [Sync-rcu]
  const srcuGp = S(SyncSrcu); // let srcu-gp = [Sync-srcu]
  const rcuRscsi = rscs.inverse(); // let rcu-rscsi = rcu-rscs^-1
  const srcuRscsi = srcuRscs.inverse(); // let srcu-rscsi = srcu-rscs^-1
  const pbStar = pb.star();
  const rcuLink = seq(po.opt(), hbStar, pbStar, prop, po); // let rcu-link = po? ; hb* ; pb* ; prop ; po
  // let rec rcu-order = rcu-gp | srcu-gp | (rcu-gp ; rcu-link ; rcu-rscsi) | ((srcu-gp ; rcu-link ; srcu-rscsi) & loc)
  //   | (rcu-rscsi ; rcu-link ; rcu-gp) | ((srcu-rscsi ; rcu-link ; srcu-gp) & loc)
  //   | (rcu-gp ; rcu-link ; rcu-order ; rcu-link ; rcu-rscsi) | ((srcu-gp ; rcu-link ; rcu-order ; rcu-link ; srcu-rscsi) & loc)
  //   | (rcu-rscsi ; rcu-link ; rcu-order ; rcu-link ; rcu-gp) | ((srcu-rscsi ; rcu-link ; rcu-order ; rcu-link ; srcu-gp) & loc)
  //   | (rcu-order ; rcu-link ; rcu-order)
  let rcuOrder = none;
  for (;;) {
    const next = rcuGp.union(
      srcuGp,
      seq(rcuGp, rcuLink, rcuRscsi),
      seq(srcuGp, rcuLink, srcuRscsi).inter(loc),
      seq(rcuRscsi, rcuLink, rcuGp),
      seq(srcuRscsi, rcuLink, srcuGp).inter(loc),
      seq(rcuGp, rcuLink, rcuOrder, rcuLink, rcuRscsi),
      seq(srcuGp, rcuLink, rcuOrder, rcuLink, srcuRscsi).inter(loc),
      seq(rcuRscsi, rcuLink, rcuOrder, rcuLink, rcuGp),
      seq(srcuRscsi, rcuLink, rcuOrder, rcuLink, srcuGp).inter(loc),
      seq(rcuOrder, rcuLink, rcuOrder),
    );
    if (next.minus(rcuOrder).isEmpty()) break;
    rcuOrder = next.union(rcuOrder);
  }
  const rcuFence = seq(po, rcuOrder, po.opt()); // let rcu-fence = po ; rcu-order ; po?
  const fence = fence0.union(rcuFence); // let fence = fence | rcu-fence
  const strongFence = strongFence0.union(rcuFence); // let strong-fence = strong-fence | rcu-fence
  const rb = seq(prop, rcuFence, hbStar, pbStar, S(Marked)); // let rb = prop ; rcu-fence ; hb* ; pb* ; [Marked]
  if (!rb.irreflexive()) return fail('rcu'); // irreflexive rb as rcu

  // ---- plain accesses and data races ----
  const xbstar = hb.union(pb, rb).star(); // let xbstar = (hb | pb | rb)*
  // let vis = cumul-fence* ; rfe? ; [Marked] ; ((strong-fence ; [Marked] ; xbstar) | (xbstar & int))
  const vis = seq(cumulFence.star(), rfe.opt(), S(Marked), seq(strongFence, S(Marked), xbstar).union(xbstar.inter(int)));
  const rmbNoNoreturn = seq(S(R4rmb), b.fencerel(b.tagged('rmb')), S(all.minus(Noreturn)));
  const wPreBounded = S(Marked).seq(addr.union(fence).opt()); // let w-pre-bounded = [Marked] ; (addr | fence)?
  // let r-pre-bounded = [Marked] ; (addr | nonrw-fence | ([R4rmb] ; fencerel(Rmb) ; [~Noreturn]))?
  const rPreBounded = S(Marked).seq(addr.union(nonrwFence, rmbNoNoreturn).opt());
  const wPostBounded = seq(fence.opt(), S(Marked), rmwSequence); // let w-post-bounded = fence? ; [Marked] ; rmw-sequence
  // let r-post-bounded = (nonrw-fence | ([~Noreturn] ; fencerel(Rmb) ; [R4rmb]))? ; [Marked]
  const rPostBounded = nonrwFence.union(seq(S(all.minus(Noreturn)), b.fencerel(b.tagged('rmb')), S(R4rmb))).opt().seq(S(Marked));
  // let ww-vis = fence | (strong-fence ; xbstar ; w-pre-bounded) | (w-post-bounded ; vis ; w-pre-bounded)
  const wwVis = fence.union(seq(strongFence, xbstar, wPreBounded), seq(wPostBounded, vis, wPreBounded));
  // let wr-vis = fence | (strong-fence ; xbstar ; r-pre-bounded) | (w-post-bounded ; vis ; r-pre-bounded)
  const wrVis = fence.union(seq(strongFence, xbstar, rPreBounded), seq(wPostBounded, vis, rPreBounded));
  const rwXbstar = fence.union(seq(rPostBounded, xbstar, wPreBounded)); // let rw-xbstar = fence | (r-post-bounded ; xbstar ; w-pre-bounded)
  // let pre-race = ext & ((Plain * M) | ((M \ IW) * Plain))
  const preRace = ext.inter(Relation.cross(Plain, M).union(Relation.cross(M.minus(IW), Plain)));
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
