// The `final:` syntax: herd-style CPU locals, exactly one quantifier, observe lists.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario } from './load.js';
import { herdLocals } from './read-final.js';

const scenario = (final: string) => `
cpus: 2
state: { cells: { x: 0 } }
programs:
  cpu 0: ["r0 = READ_ONCE(x)"]
  cpu 1: ["WRITE_ONCE(x, 1)"]
final:
${final}
`;

const errors = (text: string): string[] => {
  const r = loadScenario('f.yaml', text);
  return r.ok ? [] : r.errors.map((e) => e.message);
};

test('0:r0 is rewritten to 0.r0 in place, so offsets stay exact', () => {
  assert.equal(herdLocals('0:r0 == 0 && 12:abc == x'), '0.r0 == 0 && 12.abc == x');
  assert.equal(herdLocals('a:b'), 'a:b');
});

test('a final condition lowers to CPU locals and cells, observing what it reads', () => {
  const r = loadScenario('f.yaml', scenario('  exists: 0:r0 == 0 && x == 1'));
  assert.ok(r.ok);
  if (!r.ok) return;
  const f = r.value.cases[0]!.program.final!;
  assert.equal(f.quantifier, 'exists');
  assert.deepEqual(f.observe.map((o) => o.name), ['0:r0', 'x']);
});

test('final needs exactly one of exists, never, forall', () => {
  assert.deepEqual(errors(scenario('  exists: x == 1\n  never: x == 0')), ["'final' has 'exists' and 'never': one only"]);
  assert.deepEqual(errors(scenario('  observe: [x]')), ["'final' has no condition"]);
});

test('an unknown CPU local and an observe list missing a value are errors', () => {
  assert.deepEqual(errors(scenario('  exists: 0:r9 == 0')), ["CPU 0's program has no local 'r9'"]);
  assert.deepEqual(errors(scenario("  exists: 0:r0 == 0 && x == 1\n  observe: ['0:r0']")), ["'observe' must list every value the condition reads: 'x' is missing"]);
});
