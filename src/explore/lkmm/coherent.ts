// rf and co one location at a time, keeping only the coherent ones: coherence (acyclic po-loc |
// rf | co | fr, linux-kernel.cat) and atomicity (empty rmw & (fre ; coe)) relate events of one
// location only, so the coherent candidates of an execution are exactly the products of the
// coherent choices of its locations. co is built as interleavings of each CPU's writes in
// program order (any other order breaks coherence, CoWW), which keeps six writes to one
// location from being 720 orders. Pure.
import type { ExecEvent } from './execution.js';
import { Relation } from './relation.js';

/** One location's rf edges [write, read] and co order (initial write first), as event indices. */
export interface LocationChoice {
  readonly rf: readonly (readonly [number, number])[];
  readonly co: readonly number[];
}

/** Every way to interleave the lists, each kept in its own order. */
function merges(lists: readonly (readonly number[])[]): number[][] {
  const live = lists.filter((l) => l.length > 0);
  if (live.length <= 1) return [[...(live[0] ?? [])]];
  return live.flatMap((l, i) => merges(live.map((m, j) => (j === i ? m.slice(1) : m))).map((rest) => [l[0]!, ...rest]));
}

function cartesian<T>(choices: readonly (readonly T[])[]): T[][] {
  return choices.reduce<T[][]>((acc, cs) => acc.flatMap((a) => cs.map((c) => [...a, c])), [[]]);
}

/**
 * The coherent choices for location `loc`. `po(a, b)`: a before b on one CPU; `rmw(r, w)`: an
 * atomic's (or spin_lock's) read and write.
 */
export function coherentChoices(events: readonly ExecEvent[], loc: number, po: (a: number, b: number) => boolean, rmw: (r: number, w: number) => boolean): LocationChoice[] {
  return [...eachCoherentChoice(events, loc, po, rmw)];
}

/** Whether location `loc` has a coherent choice at all (stops at the first). */
export function hasCoherentChoice(events: readonly ExecEvent[], loc: number, po: (a: number, b: number) => boolean, rmw: (r: number, w: number) => boolean): boolean {
  return !eachCoherentChoice(events, loc, po, rmw).next().done;
}

function* eachCoherentChoice(events: readonly ExecEvent[], loc: number, po: (a: number, b: number) => boolean, rmw: (r: number, w: number) => boolean): Generator<LocationChoice> {
  const mine = events.flatMap((e, i) => (e.loc === loc ? [i] : []));
  const local = new Map(mine.map((g, i) => [g, i]));
  const m = mine.length;
  const init = mine.find((i) => events[i]!.thread < 0)!;
  const threads = [...new Set(mine.map((i) => events[i]!.thread).filter((t) => t >= 0))];
  const writesBy = threads.map((t) => mine.filter((i) => events[i]!.thread === t && events[i]!.kind === 'W'));
  const reads = mine.filter((i) => events[i]!.kind === 'R');
  const sources = reads.map((r) => mine.filter((w) => events[w]!.kind === 'W' && events[w]!.value === events[r]!.value && !po(r, w)));
  if (sources.some((s) => s.length === 0)) return;
  const L = (g: number): number => local.get(g)!;
  const poLoc = Relation.where(m, (a, b) => po(mine[a]!, mine[b]!));
  const ext = (a: number, b: number): boolean => events[a]!.thread < 0 || events[a]!.thread !== events[b]!.thread;
  const rmwRel = Relation.where(m, (a, b) => rmw(mine[a]!, mine[b]!));
  const rfChoices = cartesian(sources);
  for (const order of merges(writesBy)) {
    const co = [init, ...order];
    const coRel = Relation.of(m, co.flatMap((a, i) => co.slice(i + 1).map((b) => [L(a), L(b)] as [number, number])));
    const coe = Relation.of(m, coRel.pairs().filter(([a, b]) => ext(mine[a]!, mine[b]!)));
    for (const choice of rfChoices) {
      const rfPairs = choice.map((w, k) => [w, reads[k]!] as const);
      const rf = Relation.of(m, rfPairs.map(([w, r]) => [L(w), L(r)] as [number, number]));
      const fr = rf.inverse().seq(coRel);
      if (!poLoc.union(rf, coRel, fr).acyclic()) continue; // acyclic po-loc | com as coherence
      const fre = Relation.of(m, fr.pairs().filter(([a, b]) => ext(mine[a]!, mine[b]!)));
      if (!rmwRel.inter(fre.seq(coe)).isEmpty()) continue; // empty rmw & (fre ; coe) as atomic
      yield { rf: rfPairs, co };
    }
  }
}
