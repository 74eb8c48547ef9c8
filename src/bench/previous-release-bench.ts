// `npm run bench`, last part: every figure of src/bench/figures/ measured in this tree and in the
// previous release (previous-release.ts) by turns, one row each: both medians and how many times
// better this tree is; then each figure's goal line, and the medians as one JSON line. To add a
// figure, add a file to src/bench/figures/ that exports `figures: readonly Figure[]`.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../testing/repo-root.js';
import { median } from './median.js';
import { PREVIOUS_RELEASE, previousRelease, thisTree, type Figure, type FigureMedians, type FigureModule, type Tree } from './previous-release.js';

async function loadFigures(only: string | undefined): Promise<Figure[]> {
  const dir = join(repoRoot, 'dist', 'src', 'bench', 'figures');
  const files = readdirSync(dir).filter((f) => f.endsWith('.js') && !f.endsWith('.test.js') && (only === undefined || f.includes(only))).sort();
  const out: Figure[] = [];
  for (const f of files) out.push(...((await import(pathToFileURL(join(dir, f)).href)) as FigureModule).figures);
  return out;
}

const fmt = (x: number | null): string => (x === null ? '-' : Math.abs(x) >= 100 ? String(Math.round(x)) : x.toPrecision(3));

/** How many times better this tree is than the previous one (> 1: better), or null. */
export function timesBetter(f: Pick<Figure, 'better'>, m: FigureMedians): number | null {
  if (m.previous === null || m.current === null || m.previous <= 0 || m.current <= 0) return null;
  return f.better === 'lower' ? m.previous / m.current : m.current / m.previous;
}

export async function benchPreviousRelease(): Promise<void> {
  const runsDefault = Number(process.env.BENCH_RUNS ?? (process.env.BENCH_QUICK === '1' ? 1 : 5));
  const figures = await loadFigures(process.env.BENCH_FIGURES);
  console.log(`\nthis tree against the previous release (${process.env.BENCH_PREVIOUS_COMMIT ?? PREVIOUS_RELEASE}, built apart), measured by turns; medians of ${runsDefault} runs unless a figure says otherwise`);
  let previous: Tree | null = null;
  try {
    previous = previousRelease();
  } catch (e) {
    console.log(`the previous release could not be built, so only this tree is measured: ${e instanceof Error ? e.message : String(e)}`);
  }
  const trees = previous ? [previous, thisTree] : [thisTree];
  console.log(`${'figure'.padEnd(72)} ${'previous'.padStart(10)} ${'this'.padStart(10)}  times better`);
  const all = new Map<string, FigureMedians>();
  for (const f of figures) {
    const values = new Map<Tree, number[]>(trees.map((t) => [t, []]));
    const failed = new Map<Tree, string>();
    const attempt = (t: Tree, act: () => void): void => {
      if (failed.has(t)) return;
      try { act(); } catch (e) { failed.set(t, e instanceof Error ? e.message : String(e)); }
    };
    for (const t of trees) if (f.warmUp) attempt(t, () => f.warmUp!(t));
    for (let i = 0; i < (f.runs ?? runsDefault); i++) {
      for (const t of trees) {
        attempt(t, () => {
          const v = f.measure(t);
          if (v !== null) values.get(t)!.push(v);
        });
      }
    }
    const med = (t: Tree | null): number | null => (t === null || failed.has(t) || values.get(t)!.length === 0 ? null : median(values.get(t)!));
    const m: FigureMedians = { previous: med(previous), current: med(thisTree) };
    all.set(f.name, m);
    const x = timesBetter(f, m);
    console.log(`${`${f.name} (${f.unit}, ${f.better} is better)`.padEnd(72)} ${fmt(m.previous).padStart(10)} ${fmt(m.current).padStart(10)}  ${x === null ? '-' : `${x.toFixed(2)}x`}`);
    for (const [t, why] of failed) console.log(`  not measured in the ${t.label} tree: ${why.split('\n')[0]}`);
  }
  console.log('');
  for (const f of figures) if (f.goal) console.log(f.goal(all.get(f.name)!, all));
  console.log(JSON.stringify({ previousRelease: Object.fromEntries(all) }));
}

// `node dist/src/bench/previous-release-bench.js`: this part alone (npm run bench runs it last).
if (process.argv[1]?.endsWith('previous-release-bench.js')) await benchPreviousRelease();
