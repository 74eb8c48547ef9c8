// Test support: raceway's final states of a C litmus test beside those of the independent
// brute-force enumerator (brute-enumerator.ts), both shown as `loc=value` over the same
// locations, pointers by the name of what they point to.
import { exhaustive } from '../explore/exhaustive.js';
import type { CondLoc } from '../litmus/ast.js';
import { loadLitmus } from '../litmus/load.js';
import { parseLitmus } from '../litmus/parse.js';
import { pointee } from '../machine/program.js';
import { enumerate, NotModelled, type Model } from './brute-enumerator.js';

export type Agreement =
  | { readonly kind: 'same'; readonly states: readonly string[] }
  | { readonly kind: 'different'; readonly raceway: readonly string[]; readonly enumerator: readonly string[] }
  /** Not compared: raceway does not run it, the enumerator does not model it, or a run deadlocks. */
  | { readonly kind: 'skipped'; readonly why: string };

const sorted = (s: Iterable<string>): string[] => [...s].sort();

export function compareWithEnumerator(file: string, text: string, model: Model, maxRuns = 200_000, maxStates = 1_000_000): Agreement {
  const load = loadLitmus(file, text, { memoryModel: model });
  if (load.kind !== 'ok') return { kind: 'skipped', why: `raceway: ${load.kind}` };
  const program = load.value.program;
  let t = 0;
  const o = exhaustive.explore(program, { maxStates, now: () => t++, seed: 0 });
  if (o.verdict !== 'safe' || !o.finals) return { kind: 'skipped', why: `raceway: ${o.verdict}` };
  const observe = program.final!.observe;
  const mine = new Set(o.finals.states.map((s) => observe.map((x, i) => {
    const v = s.values[i]!;
    const obj = pointee(program, v);
    return `${x.name}=${obj >= 0 ? program.objects[obj]!.name : String(v)}`;
  }).join('; ')));
  const locs: CondLoc[] = observe.map(({ name }) => {
    const m = /^(\d+):(.+)$/.exec(name);
    const span = { file, start: 0, end: 0 };
    return m ? { k: 'reg', cpu: Number(m[1]), name: m[2]!, span } : { k: 'global', name, span };
  });
  const ast = parseLitmus(file, text).ast!;
  try {
    const e = enumerate(ast, model, locs, maxRuns);
    if (e.deadlocks > 0) return { kind: 'skipped', why: 'enumerator: a run deadlocks' };
    const a = sorted(mine);
    const b = sorted(e.states);
    return a.join('\n') === b.join('\n') ? { kind: 'same', states: a } : { kind: 'different', raceway: a, enumerator: b };
  } catch (err) {
    if (err instanceof NotModelled) return { kind: 'skipped', why: `enumerator: ${err.message}` };
    if (err instanceof Error && /schedules/.test(err.message)) return { kind: 'skipped', why: `enumerator: ${err.message}` };
    throw err;
  }
}
