// A statement makes one step per shared access, in C's order, with && and || short-circuiting;
// accesses C leaves unordered are an error; wait_until observes one location.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isSilent } from '../../machine/program.js';
import { explore, kinds, programOf } from '../../testing/inline.js';
import { loadScenario } from '../load.js';

/** The rows a task's code can make: its instructions that are steps, as their texts. */
function steps(yaml: string): string[] {
  return programOf(yaml).codes[0]!.instrs.filter((i) => !isSilent(i)).map((i) => i.text);
}

function firstError(yaml: string): string {
  const r = loadScenario('inline.yaml', yaml);
  assert.equal(r.ok, false, 'the scenario should not load');
  return r.ok ? '' : r.errors[0]!.message;
}

const twoCpus = (cpu0: string, cpu1: string, cells = '{ x: 0, y: 0, done: 0 }') => `
cpus: 2
state: { cells: ${cells} }
programs:
  cpu 0: ${cpu0}
  cpu 1: ${cpu1}
`;

describe('one step per shared access', () => {
  test('a statement with one access is one step, as written', () => {
    assert.deepEqual(steps(twoCpus('["r = READ_ONCE(x) + 1"]', '[]')), ['r = READ_ONCE(x) + 1']);
  });

  test('a load and the store that uses it are two steps, the load shown as written', () => {
    assert.deepEqual(steps(twoCpus('["WRITE_ONCE(x, READ_ONCE(x) + 1)"]', '[]')), ['READ_ONCE(x)', 'WRITE_ONCE(x, READ_ONCE(x) + 1)']);
  });

  test('so two non-atomic increments can lose an update', () => {
    const inc = '["WRITE_ONCE(x, READ_ONCE(x) + 1)", "atomic_inc(&done)"]';
    const p = programOf(twoCpus(inc, '["WRITE_ONCE(x, READ_ONCE(x) + 1)", "atomic_inc(&done)", "wait_until(atomic_read(&done) == 2)", "assert(READ_ONCE(x) == 2)"]'));
    assert.deepEqual(kinds(explore(p)), ['assertion']);
  });

  test('a reference taken with a plain read and write lets the object be freed under a reader', () => {
    const p = programOf(`
cpus: 3
state: { cells: { ref: 1, got: 0 }, objects: { o: { v: 1 } } }
programs:
  cpu 2:
    - wait_until(atomic_read(&got) == 2)
    - if atomic_dec_and_test(&ref):
        - free(o)
  cpu *:
    - WRITE_ONCE(ref, READ_ONCE(ref) + 1)
    - atomic_inc(&got)
    - r = READ_ONCE(o->v)
    - if atomic_dec_and_test(&ref):
        - free(o)
`);
    assert.deepEqual(kinds(explore(p)), ['use-after-free']);
  });

  test('a pointer read, then the field read through it: two steps in dependency order', () => {
    const yaml = `
cpus: 1
state: { objects: { a: { next: b }, b: { next: NULL } }, cells: { head: a } }
programs:
  cpu 0: ["r = READ_ONCE(READ_ONCE(head)->next)"]
`;
    assert.deepEqual(steps(yaml), ['READ_ONCE(head)', 'r = READ_ONCE(READ_ONCE(head)->next)']);
  });

  test('&& evaluates its right operand only when the left is true', () => {
    // x is 0, so C never runs the xchg: y stays 0.
    const p = programOf(twoCpus('["r = READ_ONCE(x) && xchg(&y, 1)", "assert(READ_ONCE(y) == 0)"]', '[]'));
    assert.deepEqual(kinds(explore(p)), []);
  });

  test('|| evaluates its right operand only when the left is false', () => {
    const p = programOf(twoCpus('["r = READ_ONCE(x) == 0 || xchg(&y, 1)", "assert(READ_ONCE(y) == 0)"]', '[]'));
    assert.deepEqual(kinds(explore(p)), []);
  });

  test('a short circuit over a NULL pointer never dereferences it', () => {
    const p = programOf(`
cpus: 1
state: { objects: { o: { f: 1 } }, cells: { p: NULL, y: 1 } }
programs:
  cpu 0:
    - q = READ_ONCE(p)
    - if q != NULL && READ_ONCE(q->f) == 1 && READ_ONCE(y) == 1:
        - assert(0)
`);
    assert.deepEqual(kinds(explore(p)), []);
  });

  test('each access of a condition is a step, so another CPU can run between them', () => {
    // x and y are never both 1 at once, yet CPU 0 can read x == 1 and then y == 1.
    const p = programOf(`
cpus: 2
state: { cells: { x: 0, y: 0 } }
programs:
  cpu 0:
    - if READ_ONCE(x) == 1 && READ_ONCE(y) == 1:
        - assert(0)
  cpu 1: ["WRITE_ONCE(x, 1)", "WRITE_ONCE(x, 0)", "WRITE_ONCE(y, 1)"]
`);
    assert.deepEqual(kinds(explore(p)), ['assertion']);
  });
});

describe('accesses whose order C leaves unspecified', () => {
  test('two loads as the operands of one operator are an error', () => {
    assert.match(firstError(twoCpus('["r = READ_ONCE(x) + READ_ONCE(y)"]', '[]')), /order of this shared access and another in the statement unspecified/);
  });

  test('two loads as the arguments of one atomic are an error', () => {
    assert.match(firstError(twoCpus('["r = cmpxchg(&x, READ_ONCE(x), READ_ONCE(y))"]', '[]')), /unspecified/);
  });

  test('two procedure arguments that both read memory are an error', () => {
    const yaml = `
cpus: 1
state: { cells: { x: 0, y: 0 } }
procedures:
  f(a, b):
    - WRITE_ONCE(x, a)
programs:
  cpu 0: ["f(READ_ONCE(x), READ_ONCE(y))"]
`;
    assert.match(firstError(yaml), /unspecified/);
  });

  test('&& orders its operands, so reads on both sides are fine', () => {
    assert.equal(steps(twoCpus('["r = READ_ONCE(x) && READ_ONCE(y)"]', '[]')).length, 2);
  });
});

describe('wait_until', () => {
  test('observes one location once: two reads of it are one observation, one step', () => {
    assert.equal(steps(twoCpus('["wait_until(READ_ONCE(x) != 1 && READ_ONCE(x) != 2)"]', '[]')).length, 1);
  });

  test('a condition on two locations is an error', () => {
    assert.match(firstError(twoCpus('["wait_until(READ_ONCE(x) == 1 && READ_ONCE(y) == 1)"]', '[]')), /wait_until\(\) observes one location, and this condition reads 2/);
  });
});
