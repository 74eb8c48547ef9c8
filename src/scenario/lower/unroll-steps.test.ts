// The lower bound on unrolling steps counts as the compiler does (one per statement, one per
// iteration of a range loop), and counts no iteration where it cannot know the range: it must
// never trip the cap on code that compiling would accept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readScenario } from '../parse.js';
import { UnrollSteps } from './unroll-steps.js';

const head = 'cpus: 2\nconstants: { N: 9 }\nstate: { cells: { x: 0 } }\n';

/** The count for CPU 0's program of a scenario with these procedures and that program. */
function stepsOf(procedures: string, program: string, limit = 1e9): number {
  const r = readScenario('s.yaml', `${head}procedures:\n${procedures}programs:\n  cpu 0:\n${program}`);
  assert.ok(r.ast, r.errors.map((e) => e.message).join('; '));
  const ast = r.ast;
  const steps = new UnrollSteps({
    procedures: new Map(ast.procedures.map((p) => [p.name, p])), cpus: 2, limit, maxRange: 1024,
    constant: (n) => ast.constants.find((c) => c.name === n)?.value, assigned: () => new Set(),
  });
  return steps.body(ast.programs[0]!.body, new Set());
}

test('a range loop counts itself, then each iteration and its body', () => {
  assert.equal(stepsOf('  p(): []\n', '    - for i in 0..N:\n        - label: a\n        - WRITE_ONCE(x, i)\n'), 1 + 10 * (1 + 2));
  assert.equal(stepsOf('  p(): []\n', '    - for c in cpus:\n        - WRITE_ONCE(x, c)\n'), 1 + 2 * (1 + 1));
});

test('a call counts itself and the body of the procedure it inlines', () => {
  assert.equal(stepsOf('  p():\n    - WRITE_ONCE(x, 1)\n    - q()\n  q(): []\n', '    - p()\n    - r = p()\n'), 2 * (1 + 2));
});

test('a range it cannot know counts no iteration: a bound from an outer loop, a shadowed constant, more than 1024 values', () => {
  assert.equal(stepsOf('  p(): []\n', '    - for i in 0..9:\n        - for j in 0..i:\n            - WRITE_ONCE(x, j)\n'), 1 + 10 * (1 + 1));
  assert.equal(stepsOf('  p(N):\n    - for i in 0..N:\n        - WRITE_ONCE(x, i)\n', '    - p(3)\n'), 1 + 1);
  assert.equal(stepsOf('  p(): []\n', '    - for i in 0..5000:\n        - WRITE_ONCE(x, i)\n'), 1);
});

test('recursion counts once, and the count stops at the limit', () => {
  assert.equal(stepsOf('  p():\n    - p()\n', '    - p()\n'), 2);
  assert.equal(stepsOf('  p(): []\n', '    - for i in 0..1023:\n        - for j in 0..1023:\n            - for k in 0..1023:\n                - p()\n', 500_001), 500_001);
});
