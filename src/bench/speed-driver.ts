// Bench driver (previous-release.ts, runDriver): `node speed-driver.js TREE [ONLY]` runs the
// unreduced search (`--no-reduction`) of every 3-CPU scaled case that bench.ts measures (each
// shipped scenario with interrupts grown to 3 CPUs by scale.ts, the strategies of
// SPEED_STRATEGIES) with TREE's own modules, once each, and prints one JSON
// line: per case its states and the CPU milliseconds of its search (issue 22 item 4: on a machine
// shared by several processes the wall time is mostly waiting for a core; the CPU time is the
// search's own). Only the cases of 10,000 states or more are kept (smaller ones time the clock).
// ONLY keeps the cases whose name contains it. Uses only APIs the previous release has.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { collectFiles as CollectFiles } from '../cli/files.js';
import type { exhaustiveExplorer as ExhaustiveExplorer } from '../explore/exhaustive.js';
import type { loadScenario as LoadScenario } from '../scenario/load.js';
import { importFromTree } from './previous-release.js';
import { scaleScenario } from './scale.js';

export interface SpeedCell {
  readonly case: string;
  readonly states: number;
  readonly cpuMs: number;
}

const STRATEGIES = (process.env.SPEED_STRATEGIES ?? 'none,rcu,hazptr-head-slots,shazptr,rwlock-fair').split(',');
const CPUS = 3;
const MIN_STATES = 10_000;
const MAX_STATES = 3_000_000;

/** This process's CPU milliseconds: the search runs on the main thread, and the collector's threads count too. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function main(root: string, only: string | undefined): Promise<SpeedCell[]> {
  const { collectFiles } = await importFromTree<{ collectFiles: typeof CollectFiles }>(root, 'src/cli/files.js');
  const { exhaustiveExplorer } = await importFromTree<{ exhaustiveExplorer: typeof ExhaustiveExplorer }>(root, 'src/explore/exhaustive.js');
  const { loadScenario } = await importFromTree<{ loadScenario: typeof LoadScenario }>(root, 'src/scenario/load.js');
  const explorer = exhaustiveExplorer({ reduction: false });
  const scenarios = join(root, 'scenarios');
  const out: SpeedCell[] = [];
  for (const file of collectFiles([scenarios], ['.yaml'])) {
    const text = readFileSync(file, 'utf8');
    const base = loadScenario(file, text);
    if (!base.ok || /^\s*cpu \*:/m.test(text) || !base.value.cases.some((c) => c.program.handlers.length > 0)) continue;
    const r = loadScenario(`${file}@${CPUS}`, scaleScenario(text, CPUS), { cpus: CPUS });
    if (!r.ok) continue;
    const own = base.value.cases[0]?.program.cpus ?? 0;
    const cases = r.value.cases.filter((c) => CPUS !== own || c.program.handlers.length > 0);
    const some = cases.filter((c) => STRATEGIES.includes(c.strategy));
    for (const c of some.length > 0 ? some : cases) {
      const name = `${relative(scenarios, file)} ${c.variant}/${c.strategy}`;
      if (only !== undefined && !name.includes(only)) continue;
      const run = (): { states: number; ms: number } => {
        const t = cpuMs();
        const o = explorer.explore(c.program, { maxStates: MAX_STATES, now: () => 0, seed: 0 });
        return { states: o.stats.states, ms: cpuMs() - t };
      };
      // One run a case: a case of 10,000 states or more is long enough to pay its warm-up once.
      const { states, ms } = run();
      if (states >= MIN_STATES) out.push({ case: name, states, cpuMs: Math.round(ms * 10) / 10 });
    }
  }
  return out;
}

if (process.argv[1]?.endsWith('speed-driver.js')) {
  const cells = await main(process.argv[2] ?? '.', process.argv[3]);
  console.log(JSON.stringify(cells));
}
