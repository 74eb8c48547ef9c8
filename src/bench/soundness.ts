// `npm run soundness`: the reduction's soundness property of src/explore/reduce/persistent.test.ts
// at a size the test suite cannot afford: many more random programs, under SC and TSO, with and
// without rwlocks, each explored with and without the reduction. A program whose full search stops
// at its bound is skipped (there is nothing complete to compare with). Prints one line per seed and
// the first program that differs, if any; exit 1 then. Not a test: run it after touching the
// reduction or the footprints.
// Env: SOUNDNESS_RUNS (programs per seed, default 2500), SOUNDNESS_SEEDS (per configuration, 2).
import fc from 'fast-check';
import type { Program } from '../machine/program.js';
import { arbSmallScenario, type ArbOptions } from '../testing/arb-program.js';
import { searchWith } from '../testing/full-and-reduced.js';
import { programOf } from '../testing/inline.js';

const RUNS = Number(process.env.SOUNDNESS_RUNS ?? 2500);
const SEEDS = Number(process.env.SOUNDNESS_SEEDS ?? 2);

function run(p: Program, reduction: boolean): { bounded: boolean; summary: string } {
  const { o, kinds, finals } = searchWith(p, reduction);
  return { bounded: o.bound !== undefined, summary: `${o.verdict} [${kinds.join(',')}] ${finals.join('|')}` };
}

const configs: [string, ArbOptions][] = [
  ['sc', {}], ['tso', { memoryModel: 'tso' }], ['sc+rwlocks', { rwlocks: true }], ['tso+rwlocks', { memoryModel: 'tso', rwlocks: true }],
  ['sc+pointers', { pointers: true }], ['tso+pointers', { memoryModel: 'tso', pointers: true }],
];
let programs = 0;
let skipped = 0;
for (const [name, opts] of configs) {
  for (let k = 0; k < SEEDS; k++) {
    const seed = 1000 + 100 * configs.findIndex(([n]) => n === name) + k;
    const r = fc.check(fc.property(arbSmallScenario(opts), ({ yaml }) => {
      const p = programOf(yaml);
      const full = run(p, false);
      programs++;
      if (full.bounded) { skipped++; return true; }
      return run(p, true).summary === full.summary;
    }), { seed, numRuns: RUNS });
    console.log(`${name} seed ${seed}: ${r.failed ? 'DIFFERS' : 'same'}`);
    if (r.failed) {
      console.log((r.counterexample?.[0] as { yaml: string } | undefined)?.yaml ?? '');
      process.exitCode = 1;
    }
  }
}
console.log(`${programs} programs, ${skipped} skipped because the full search stopped at its bound`);
