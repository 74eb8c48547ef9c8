// srcu_dereference(p, ss) as include/linux/srcu.h spells it, with its srcu_struct: a marked load
// (ops/rcu.ts). The one-argument form the registry took before is refused with its place.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { searchWith as run } from '../../testing/full-and-reduced.js';
import { casesOf, programOf } from '../../testing/inline.js';

const scenario = (call: string): string => `
cpus: 2
state:
  cells: { x: 0 }
  srcu: { ss: srcu_struct }
programs:
  cpu 0: ["i = srcu_read_lock(&ss)", "r = ${call}", "srcu_read_unlock(&ss, i)", "assert(r == 0)"]
  cpu 1: ["WRITE_ONCE(x, 1)"]
`;

test('srcu_dereference(p, &ss) is a load of p: it reads what CPU 1 wrote in some run', () => {
  assert.deepEqual(run(programOf(scenario('srcu_dereference(x, &ss)')), false).kinds, ['assertion']);
});

test('srcu_dereference(p) without its srcu_struct is refused', () => {
  assert.throws(() => casesOf(scenario('srcu_dereference(x)')), /srcu_dereference\(\) takes 2 arguments, not 1/);
});
