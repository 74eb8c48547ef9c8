// Invariants of the exhaustive explorer, over random small scenarios (fast-check, fixed seeds).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { arbSmallScenario } from '../testing/arb-program.js';
import { explore, kinds, programOf, testBudget } from '../testing/inline.js';
import { exhaustiveExplorer } from './exhaustive.js';
import { replay } from './replay.js';
import { shortest } from './shortest.js';

// The same invariants under both memory models; under TSO, drains are moves of their own.
const MODELS = [
  { model: 'sc', seeds: { determinism: 11, replay: 7 }, runs: { determinism: 150, replay: 300 } },
  { model: 'tso', seeds: { determinism: 13, replay: 17 }, runs: { determinism: 60, replay: 100 } },
] as const;

for (const { model, seeds, runs } of MODELS) {
  const arb = arbSmallScenario(model === 'tso' ? { memoryModel: 'tso' } : {});

  test(`exploring is deterministic: the same ${model} program gives the same outcome (seed ${seeds.determinism})`, () => {
    fc.assert(fc.property(arb, ({ yaml }) => {
      const a = explore(programOf(yaml));
      const b = explore(programOf(yaml));
      assert.deepEqual({ ...a, stats: { ...a.stats, ms: 0 } }, { ...b, stats: { ...b.stats, ms: 0 } });
    }), { seed: seeds.determinism, numRuns: runs.determinism });
  });

  test(`every reported trace of a ${model} program replays through step to the same violation (seed ${seeds.replay})`, () => {
    fc.assert(fc.property(arb, ({ yaml }) => {
      const p = programOf(yaml);
      for (const f of explore(p).findings) {
        const r = replay(p, f.trace);
        assert.ok(r.ok, 'the trace replays');
        if (f.violation.kind === 'livelock' && f.violation.at === null) continue;
        assert.equal(r.end.kind, 'violation');
        if (r.end.kind === 'violation') assert.deepEqual(r.end.violation, f.violation);
      }
    }), { seed: seeds.replay, numRuns: runs.replay });
  });
}

test('a state bound that is hit gives inconclusive, never safe', () => {
  const p = programOf(`
cpus: 2
state: { cells: { x: 0 } }
programs:
  cpu 0: ["WRITE_ONCE(x, 1)", "WRITE_ONCE(x, 2)", "WRITE_ONCE(x, 3)"]
  cpu 1: ["r = READ_ONCE(x)", "r = READ_ONCE(x)", "r = READ_ONCE(x)"]
`);
  const o = explore(p, 5);
  assert.equal(o.verdict, 'inconclusive');
  assert.equal(o.bound, 'max-states');
});

test('a run past max_steps is a livelock, even through states a shorter run reaches first', () => {
  // CPU 0's long branch (x == 1) and its short one end in the same state, which the short one
  // reaches first; only the long one, 8 moves, passes max_steps.
  const p = programOf(`
cpus: 2
max_steps: 6
state: { cells: { x: 0, y: 0, b: 0 } }
procedures:
  p():
    - if READ_ONCE(x) == 1:
        - r = READ_ONCE(y)
        - r = READ_ONCE(y)
        - r = READ_ONCE(y)
        - r = READ_ONCE(y)
programs:
  cpu 0: ["p()", "WRITE_ONCE(b, 1)", "WRITE_ONCE(b, 2)"]
  cpu 1: ["WRITE_ONCE(x, 1)"]
`);
  for (const explorer of [exhaustiveExplorer({ reduction: false }), exhaustiveExplorer({ reduction: true }), shortest]) {
    const o = explorer.explore(p, testBudget());
    assert.deepEqual(kinds(o), ['livelock']);
    // The witness: max_steps moves that replay to a run still going.
    const f = o.findings[0]!;
    assert.equal(f.trace.length, 6);
    const r = replay(p, f.trace);
    assert.ok(r.ok && r.end.kind === 'running');
  }
});
