// Atomic bit operations by include/asm-generic/bitops/atomic.h: set_bit is an OR of BIT_MASK(nr),
// test_and_set_bit returns !!(old & mask), test_bit reads one bit; a bit number must be a
// constant of the word.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario } from '../../scenario/load.js';
import { explore, programOf } from '../../testing/inline.js';

const yaml = (stmts: string[], cpus = 1): string => [`cpus: ${cpus}`, 'state:', '  cells: { flags: 4 }', '  objects: { o: { bits: 0 } }', 'programs:', '  cpu 0:',
  ...stmts.map((b) => `    - ${JSON.stringify(b)}`)].join('\n') + '\n';
const holds = (stmts: string[]): boolean => explore(programOf(yaml(stmts))).findings.length === 0;

test('set_bit, clear_bit, change_bit and test_bit act on one bit of the word', () => {
  assert.ok(holds(['set_bit(0, &flags)', 'assert(READ_ONCE(flags) == 5)']));
  assert.ok(holds(['clear_bit(2, &flags)', 'assert(READ_ONCE(flags) == 0)']));
  assert.ok(holds(['change_bit(1, &flags)', 'assert(READ_ONCE(flags) == 6)']));
  assert.ok(holds(['r = test_bit(2, &flags)', 't = test_bit(1, &flags)', 'assert(r == 1 && t == 0)']));
  assert.ok(holds(['set_bit(31, &o->bits)', 'r = test_bit_acquire(31, &o->bits)', 'assert(r == 1)']));
  assert.ok(!holds(['set_bit(0, &flags)', 'assert(READ_ONCE(flags) == 4)']));
});

test('the test_and_ forms return the old bit, not the old word', () => {
  assert.ok(holds(['r = test_and_set_bit(2, &flags)', 't = test_and_set_bit(0, &flags)', 'assert(r == 1 && t == 0 && READ_ONCE(flags) == 5)']));
  assert.ok(holds(['r = test_and_clear_bit(2, &flags)', 't = test_and_clear_bit(2, &flags)', 'assert(r == 1 && t == 0 && READ_ONCE(flags) == 0)']));
  assert.ok(holds(['r = test_and_change_bit(3, &flags)', 'assert(r == 0 && READ_ONCE(flags) == 12)']));
  assert.ok(holds(['r = test_and_set_bit_lock(0, &flags)', 'clear_bit_unlock(0, &flags)', 'assert(r == 0 && READ_ONCE(flags) == 4)']));
});

test('a bit lock: two CPUs that take it with test_and_set_bit_lock never hold it together', () => {
  const y = ['cpus: 2', 'state:', '  cells: { lk: 0, in: 0 }', 'programs:',
    ...[0, 1].flatMap((c) => [`  cpu ${c}:`, '    - "r = test_and_set_bit_lock(0, &lk)"', '    - if r == 0:', '      - "WRITE_ONCE(in, READ_ONCE(in) + 1)"', '      - "assert(READ_ONCE(in) == 1)"',
      '      - "WRITE_ONCE(in, READ_ONCE(in) - 1)"', '      - "clear_bit_unlock(0, &lk)"'])].join('\n') + '\n';
  assert.deepEqual(explore(programOf(y)).findings.map((f) => f.violation.kind), []);
  // The same with the result ignored is no lock at all.
  const bad = y.replace(/if r == 0:/g, 'if 1:');
  assert.deepEqual(explore(programOf(bad)).findings.map((f) => f.violation.kind), ['assertion']);
});

test('a bit number that is no constant of the word is refused with its place', () => {
  for (const [stmt, msg] of [['set_bit(32, &flags)', 'set_bit() of bit 32, outside the word'], ['r = test_bit(READ_ONCE(flags), &flags)', 'test_bit() takes a constant bit number']] as const) {
    const r = loadScenario('bits.yaml', yaml([stmt]));
    assert.ok(!r.ok && r.errors.some((e) => e.message === msg), JSON.stringify(!r.ok && r.errors.map((e) => e.message)));
  }
});

// include/asm-generic/bitops/generic-non-atomic.h: __set_bit() and kin are `*p |= mask` and so on.
test('__set_bit, __clear_bit, __change_bit and the __test_and_ forms change one bit, as the atomic ones do', () => {
  const cases: [string[], string][] = [
    [['__set_bit(0, &flags)'], 'READ_ONCE(flags) == 5'], [['__clear_bit(2, &flags)'], 'READ_ONCE(flags) == 0'],
    [['__change_bit(1, &o->bits)'], 'READ_ONCE(o->bits) == 2'],
    [['r = __test_and_set_bit(2, &flags)', 't = __test_and_set_bit(0, &flags)'], 'r == 1 && t == 0 && READ_ONCE(flags) == 5'],
    [['r = __test_and_clear_bit(2, &flags)', 't = __test_and_clear_bit(2, &flags)'], 'r == 1 && t == 0 && READ_ONCE(flags) == 0'],
    [['r = __test_and_change_bit(3, &flags)'], 'r == 0 && READ_ONCE(flags) == 12'],
  ];
  for (const [stmts, check] of cases) assert.ok(holds([...stmts, `assert(${check})`]), stmts.join('; '));
  assert.ok(!holds(['__set_bit(0, &flags)', 'assert(READ_ONCE(flags) == 4)']));
});

test('two CPUs setting different bits of one word with __set_bit can lose one; with set_bit they cannot', () => {
  const two = (op: string): string => ['cpus: 2', 'state:', '  cells: { w: 0, done: 0 }', 'programs:',
    '  cpu 0:', `    - "${op}(0, &w)"`, '    - "WRITE_ONCE(done, 1)"',
    '  cpu 1:', `    - "${op}(1, &w)"`, '    - "wait_until(READ_ONCE(done) == 1)"', '    - "assert(READ_ONCE(w) == 3)"', ''].join('\n');
  const kinds = (op: string): string[] => explore(programOf(two(op))).findings.map((f) => f.violation.kind).sort();
  assert.deepEqual(kinds('set_bit'), []);
  // The non-atomic forms are plain loads and stores: racing ones, as KCSAN would say (machine/race.ts).
  assert.deepEqual(kinds('__set_bit'), ['assertion', 'data-race']);
  // Two __test_and_set_bit() of one bit can both return 0: both "took" a bit lock.
  const both = ['cpus: 2', 'state:', '  cells: { w: 0, in: 0 }', 'programs:',
    ...[0, 1].flatMap((c) => [`  cpu ${c}:`, '    - "r = __test_and_set_bit(0, &w)"', '    - if r == 0:', '      - "atomic_inc(&in)"', '      - "assert(atomic_read(&in) == 1)"']), ''].join('\n');
  assert.deepEqual(explore(programOf(both)).findings.map((f) => f.violation.kind).sort(), ['assertion', 'data-race']);
  assert.deepEqual(explore(programOf(both.replace(/__test_and_set_bit/g, 'test_and_set_bit'))).findings.map((f) => f.violation.kind), []);
});
