// An LKMM execution as its counterexample (graph.ts): the CPUs' events in an order that puts each
// write before the reads of it where po | rf allows (a topological sort, lowest CPU first), and
// where a context stopped. Pure.
import type { ThreadPath } from './events.js';
import type { Execution } from './execution.js';
import type { GraphEvent, LkmmGraph } from './graph.js';

export function graphOf(x: Execution, combo: readonly ThreadPath[], base: readonly number[], violating: ReadonlySet<number>, stopped: ReadonlySet<number>): LkmmGraph {
  const ev = x.events;
  const n = ev.length;
  const source = new Int32Array(n).fill(-1);
  for (let w = 0; w < n; w++) for (let r = 0; r < n; r++) if (x.rf.has(w, r)) source[r] = w;
  const coPlace = new Int32Array(n).fill(0);
  for (let w = 0; w < n; w++) if (ev[w]!.kind === 'W') for (let v = 0; v < n; v++) if (x.co.has(v, w)) coPlace[w]!++;
  // Topological order of po | rf over the CPUs' events; a cycle is broken at the lowest CPU.
  const next = combo.map(() => 0);
  const shownAt = new Int32Array(n).fill(-1);
  const order: number[] = [];
  const ready = (t: number): boolean => {
    const i = base[t]! + next[t]!;
    const s = source[i]!;
    return ev[i]!.kind !== 'R' || s < 0 || ev[s]!.thread < 0 || shownAt[s]! >= 0;
  };
  for (;;) {
    const live = combo.map((path, t) => t).filter((t) => next[t]! < combo[t]!.events.length);
    if (live.length === 0) break;
    const t = live.find(ready) ?? live[0]!;
    const i = base[t]! + next[t]!;
    shownAt[i] = order.length;
    order.push(i);
    next[t]!++;
  }
  const stops = new Map<number, GraphEvent>();
  combo.forEach((path, t) => {
    const end = path.end;
    if (end.kind === 'done' || end.kind === 'freed-read' || end.kind === 'unsupported') return;
    stops.set(t, { cpu: t, level: end.site.level, handler: end.site.handler, code: end.site.at[0], pc: end.site.at[1], kind: 'stop', loc: -1, value: 0, tag: end.kind, from: null, co: null, free: false, violating: stopped.has(t) });
  });
  // Each stop right after its CPU's last event (or at the end, for a CPU with none).
  const items: (number | GraphEvent)[] = [];
  for (const g of order) {
    items.push(g);
    const t = ev[g]!.thread;
    const stop = stops.get(t);
    if (stop && ev[g]!.index === combo[t]!.events.length - 1) { items.push(stop); stops.delete(t); }
  }
  items.push(...stops.values());
  const index = new Map(items.flatMap((g, k) => (typeof g === 'number' ? [[g, k] as const] : [])));
  const events = items.map((g): GraphEvent => {
    if (typeof g !== 'number') return g;
    const e = ev[g]!;
    const s = source[g]!;
    return {
      cpu: e.thread, level: e.level, handler: e.handler, code: e.at?.[0] ?? -1, pc: e.at?.[1] ?? -1, kind: e.kind, loc: e.loc, value: e.value, tag: e.tag,
      from: e.kind === 'R' ? (s >= 0 && ev[s]!.thread >= 0 ? index.get(s)! : -1) : null,
      co: e.kind === 'W' ? coPlace[g]! : null, free: e.freeOf >= 0, violating: violating.has(g),
    };
  });
  return { events };
}
