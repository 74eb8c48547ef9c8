// TSO against SC over random small programs (fast-check, fixed seeds). Determinism and replay
// under TSO are in exhaustive.test.ts; the x86-TSO litmus outcomes of the shipped scenarios/litmus/
// are in test/scenarios/tso-properties.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { arbSmallScenario } from '../testing/arb-program.js';
import { explore, programOf } from '../testing/inline.js';

test('TSO only adds behaviours: every violation kind found under SC is found under TSO (seed 19)', () => {
  fc.assert(fc.property(arbSmallScenario(), ({ yaml }) => {
    const sc = new Set(explore(programOf(yaml)).findings.map((f) => f.violation.kind));
    const tso = new Set(explore(programOf(`memory_model: tso\n${yaml}`)).findings.map((f) => f.violation.kind));
    for (const k of sc) if (k !== 'livelock' && k !== 'deadlock') assert.ok(tso.has(k), `${k} under SC but not TSO`);
  }), { seed: 19, numRuns: 60 });
});
