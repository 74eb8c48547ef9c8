// Replay tokens round-trip, and a mutated, truncated or foreign token is refused (fast-check, fixed seeds).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { arbSmallScenario } from '../testing/arb-program.js';
import { explore, programOf } from '../testing/inline.js';
import { decodeToken } from './token-decode.js';
import { encodeToken } from './token.js';

test('every finding token decodes to the same trace and violation (seed 41)', () => {
  fc.assert(fc.property(arbSmallScenario(), ({ yaml }) => {
    const p = programOf(yaml);
    for (const f of explore(p).findings) {
      const d = decodeToken(p, encodeToken(p, f.trace));
      assert.ok(d.ok, d.ok ? '' : d.message);
      if (d.ok) { assert.deepEqual(d.trace, f.trace); assert.equal(d.violation.kind, f.violation.kind); }
    }
  }), { seed: 41, numRuns: 150 });
});

test('a token with one character changed, or cut short, is refused (seed 42)', () => {
  fc.assert(fc.property(arbSmallScenario(), fc.nat(), fc.nat(), ({ yaml }, at, ch) => {
    const p = programOf(yaml);
    const f = explore(p).findings[0];
    if (!f) return;
    const t = encodeToken(p, f.trace);
    const i = at % t.length;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    const c = alphabet[ch % alphabet.length]!;
    if (c !== t[i]) assert.equal(decodeToken(p, t.slice(0, i) + c + t.slice(i + 1)).ok, false);
    assert.equal(decodeToken(p, t.slice(0, i)).ok, false);
  }), { seed: 42, numRuns: 150 });
});

test('a token for another strategy is refused with a message naming the program', () => {
  const yaml = 'cpus: 2\nstate: { objects: { o: { f: 1 } } }\nprograms:\n  cpu 0: ["x = READ_ONCE(o->f)"]\n  cpu 1: [free(o)]\n';
  const p = programOf(yaml);
  const q = programOf(yaml.replace('f: 1', 'f: 2'));
  const f = explore(p).findings[0]!;
  const d = decodeToken(q, encodeToken(p, f.trace));
  assert.equal(d.ok, false);
  if (!d.ok) assert.match(d.message, /made for another program/);
});
