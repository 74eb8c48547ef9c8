// An assert that reads only locals touches nothing another context sees, so it is folded into the
// step before it, as docs/scenario-language.md says of every local-only statement (Spin's
// statement merging); an assert that reads shared memory stays a step of its own.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, kinds, programOf } from '../testing/inline.js';
import { isSilent } from './program.js';

const scenario = (check: string): string => `cpus: 2
state: { cells: { x: 0 } }
programs:
  cpu 0:
    - r = READ_ONCE(x)
    - ${check}
  cpu 1:
    - WRITE_ONCE(x, 1)
expect: { default: [assertion] }
`;

test('an assert on locals is folded into the step before it: the counterexample is the read and the write', () => {
  const p = programOf(scenario('assert(r == 0)'));
  assert.deepEqual(p.codes[p.tasks[0]!]!.instrs.map((i) => `${i.op}${isSilent(i) ? ' (silent)' : ''}`), ['assign', 'assert (silent)']);
  const o = explore(p);
  assert.deepEqual(kinds(o), ['assertion']);
  assert.equal(o.findings[0]!.trace.length, 2);
});

test('an assert that reads shared memory is a step of its own', () => {
  const p = programOf(scenario('assert(READ_ONCE(x) == 0)'));
  assert.equal(p.codes[p.tasks[0]!]!.instrs.filter((i) => i.op === 'assert' && !isSilent(i)).length, 1);
  const o = explore(p);
  assert.deepEqual(kinds(o), ['assertion']);
  assert.equal(o.findings[0]!.trace.length, 3);
});

test('a label on a folded assert moves to the instruction after it', () => {
  const p = programOf(`cpus: 1
state: { cells: { x: 0 } }
programs:
  cpu 0:
    - r = READ_ONCE(x)
    - label: check
    - assert(r == 0)
    - WRITE_ONCE(x, 1)
`);
  assert.deepEqual(p.codes[p.tasks[0]!]!.instrs.map((i) => i.labels), [[], [], ['check']]);
});
