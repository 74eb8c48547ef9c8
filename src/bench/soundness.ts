// `npm run soundness`: the reduction's soundness property of src/explore/reduce/registry-programs.test.ts
// at a size the test suite cannot afford: many more random programs drawn from the primitive
// registry (testing/arb-program.ts, `primitives`: every primitive and every form, _irqsave, _bh,
// trylock, expedited RCU, every atomic), under SC and TSO, and programs that load, follow and
// free pointers, and programs that take and drop references on a counter; each explored with and without the reduction. A program whose full search stops
// at its bound is skipped (there is nothing complete to compare with). Prints one line per seed,
// the first program that differs, if any (exit 1 then), and how many programs ended in each kind
// of violation: a property over programs that never fail would prove nothing, so a configuration
// whose programs never fail fails the check too. Not a test: run it after touching the reduction
// or the footprints.
// Env: SOUNDNESS_RUNS (programs per seed, default 2500), SOUNDNESS_SEEDS (per configuration, 2),
// SOUNDNESS_ONLY (a comma-separated list of configuration names), SOUNDNESS_JOBS (configurations
// run at once, each in its own process; default one per core; seeds do not depend on it).
import fc from 'fast-check';
import { availableParallelism } from 'node:os';
import { runInChildren } from './soundness-children.js';
import type { Program } from '../machine/program.js';
import { arbSmallScenario, type ArbOptions } from '../testing/arb-program.js';
import { symmetryGroupsOf } from '../explore/symmetry-groups.js';
import { arbSymmetric } from '../testing/arb-symmetric.js';
import { searchWith } from '../testing/full-and-reduced.js';
import { programOf } from '../testing/inline.js';
import { parallelDiffers } from '../testing/parallel-agree.js';

const RUNS = Number(process.env.SOUNDNESS_RUNS ?? 2500);
const SEEDS = Number(process.env.SOUNDNESS_SEEDS ?? 2);
/** SOUNDNESS_ONLY=name[,name]: only these configurations. */
const ONLY = process.env.SOUNDNESS_ONLY?.split(',');
/** SOUNDNESS_JOBS=N: configurations run in N child processes at once (default one per core). */
const JOBS = Number(process.env.SOUNDNESS_JOBS ?? availableParallelism());

// The reduced search runs with symmetry (explore/symmetry.ts) as `raceway check` does, so final
// states are compared up to permutations of interchangeable CPUs on both sides. A program whose
// search meets the scenario's `preemptions:` is compared too: the bound is a word of the state,
// and both searches must report it (docs/reduction.md, "Tasks").
function run(p: Program, reduction: boolean): { bounded: boolean; kinds: readonly string[]; summary: string } {
  const { o, kinds, finals } = searchWith(p, reduction, reduction ? { symmetry: true } : { orbits: true });
  return { bounded: o.bound !== undefined && o.bound !== 'task-preemptions', kinds, summary: `${o.verdict} ${o.bound ?? ''} [${kinds.join(',')}] ${finals.join('|')}` };
}

const configs: [string, ArbOptions & { symmetric?: boolean; parallel?: boolean }][] = [
  ['sc', { primitives: true }], ['tso', { primitives: true, memoryModel: 'tso' }],
  ['sc+pointers', { pointers: true }], ['tso+pointers', { memoryModel: 'tso', pointers: true }],
  // Programs whose CPUs 1 and 2 are interchangeable (testing/arb-symmetric.ts), where symmetry acts.
  ['sc+symmetric', { primitives: true, symmetric: true }], ['tso+symmetric', { primitives: true, memoryModel: 'tso', symmetric: true }],
  // References taken and dropped on a counter (machine/footprint/counts.ts), SC: counts are SC only.
  ['sc+counters', { counters: true }],
  // Every program with tasks: switches, preemption, sleeping and waking beside every primitive (issue 19).
  ['sc+tasks', { primitives: true, tasks: true }], ['tso+tasks', { primitives: true, tasks: true, memoryModel: 'tso' }],
  // The parallel search (explore/parallel/), its threads taking turns: violations where the full
  // search finds them, and the full search's states without the reduction (testing/parallel-agree.ts).
  ['sc+parallel', { primitives: true, parallel: true }], ['tso+parallel', { primitives: true, memoryModel: 'tso', parallel: true }],
  // Tasks with the counter's statements, and with pointer runs, in every task (count-drift.ts, footprint/reach.ts).
  ['sc+tasks+counters', { primitives: true, tasks: true, counters: true }], ['tso+tasks+pointers', { primitives: true, tasks: true, pointers: true, memoryModel: 'tso' }],
  // Plain accesses beside marked ones, alone and under locks: data races (machine/race.ts).
  ['sc+plain', { plain: true }], ['tso+plain', { plain: true, memoryModel: 'tso' }],
];
const chosen = configs.filter(([name]) => !ONLY || ONLY.includes(name));
if (JOBS > 1 && chosen.length > 1) {
  // One child process per configuration, JOBS at a time; each prints what the serial run would.
  process.exitCode = await runInChildren(chosen.map(([name]) => name), JOBS, new URL(import.meta.url));
} else {
  runConfigurations();
}

function runConfigurations(): void {
  let programs = 0;
  let skipped = 0;
  for (const [name, opts] of chosen) {
    /** Programs of this configuration whose full search found each violation kind. */
    const found = new Map<string, number>();
    let failing = 0;
    /** Programs of this configuration with interchangeable CPUs, where symmetry acts. */
    let symmetric = 0;
    for (let k = 0; k < SEEDS; k++) {
      const seed = 1000 + 100 * configs.findIndex(([n]) => n === name) + k;
      const arb = opts.symmetric ? arbSymmetric(opts).map((yaml) => ({ yaml })) : arbSmallScenario(opts);
      const r = fc.check(fc.property(arb, ({ yaml }) => {
        const p = programOf(yaml);
        const full = run(p, false);
        programs++;
        if (full.bounded) { skipped++; return true; }
        if (symmetryGroupsOf(p)) symmetric++;
        if (full.kinds.length > 0) failing++;
        for (const kind of new Set(full.kinds)) found.set(kind, (found.get(kind) ?? 0) + 1);
        if (opts.parallel) {
          const differs = parallelDiffers(p, searchWith(p, false).o, 1 + (programs % 9));
          if (differs) console.log(differs);
          return differs === null;
        }
        return run(p, true).summary === full.summary;
      }), { seed, numRuns: RUNS });
      console.log(`${name} seed ${seed}: ${r.failed ? 'DIFFERS' : 'same'}`);
      if (r.failed) {
        console.log((r.counterexample?.[0] as { yaml: string } | undefined)?.yaml ?? '');
        process.exitCode = 1;
      }
    }
    const kinds = [...found].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${kind} ${n}`).join(', ');
    console.log(`${name}: ${failing} programs with a violation (${kinds || 'none'}), ${symmetric} with interchangeable CPUs`);
    if (failing === 0) {
      console.log(`${name}: no program ends in a violation, so the comparison proves nothing`);
      process.exitCode = 1;
    }
  }
  console.log(`${programs} programs, ${skipped} skipped because the full search stopped at its bound`);
}
