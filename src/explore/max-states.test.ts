// The --max-states bound is exact and means the same in every search (plain, reduced, under a
// preemption bound, breadth-first; SC and TSO): at most N states are stored, and a search that
// needs exactly N is complete. Given the states it needs, each search gives its unbounded outcome;
// given one fewer, it stops at exactly that many with the bound named, never `safe`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Program } from '../machine/program.js';
import { arbSmallScenario } from '../testing/arb-program.js';
import { programOf, testBudget } from '../testing/inline.js';
import { storeBuffering } from '../testing/store-buffering.js';
import { exhaustiveExplorer } from './exhaustive.js';
import type { Explorer, Outcome } from './explorer.js';
import { shortest } from './shortest.js';

const SEARCHES: readonly { name: string; explorer: Explorer }[] = [
  { name: 'plain', explorer: exhaustiveExplorer({ reduction: false }) },
  { name: 'reduced', explorer: exhaustiveExplorer({ reduction: true }) },
  { name: 'preemption-bounded', explorer: exhaustiveExplorer({ reduction: false, preemptionBound: 1 }) },
  { name: 'breadth-first', explorer: shortest },
];

const timeless = (o: Outcome): Outcome => ({ ...o, stats: { ...o.stats, ms: 0 } });

/** Checks one search of one program at the states it needs and at one fewer. */
function checkExact(explorer: Explorer, p: Program, where: string): void {
  const full = explorer.explore(p, testBudget());
  if (full.bound === 'max-states') return; // too big for the test budget: nothing to compare with
  const needed = full.stats.states;
  const atNeeded = explorer.explore(p, testBudget(needed));
  assert.deepEqual(timeless(atNeeded), timeless(full), `${where}: with the ${needed} states it needs, the same outcome`);
  const short = explorer.explore(p, testBudget(needed - 1));
  assert.equal(short.bound, 'max-states', `${where}: one state short, the bound is named`);
  assert.equal(short.stats.states, needed - 1, `${where}: one state short, exactly that many stored`);
  assert.notEqual(short.verdict, 'safe', `${where}: one state short is never safe`);
}

for (const model of ['sc', 'tso'] as const) {
  test(`store buffering under ${model}: every search is exact at the states it needs and one fewer`, () => {
    const p = programOf(storeBuffering('exists: 0:r0 == 0 && 1:r0 == 0', { memoryModel: model }));
    for (const s of SEARCHES) checkExact(s.explorer, p, `${s.name} ${model}`);
  });
}

const PROPERTIES = [
  { model: 'sc', seed: 41, runs: 25 },
  { model: 'tso', seed: 43, runs: 12 },
] as const;

for (const { model, seed, runs } of PROPERTIES) {
  test(`on random ${model} programs every search stores at most --max-states and is complete with exactly the states it needs (seed ${seed})`, () => {
    fc.assert(fc.property(arbSmallScenario(model === 'tso' ? { memoryModel: 'tso' } : {}), ({ yaml }) => {
      const p = programOf(`scenario: random\n${yaml}`);
      for (const s of SEARCHES) checkExact(s.explorer, p, `${s.name} ${model}`);
    }), { seed, numRuns: runs });
  });
}
