// Data races under sc and tso (race.ts): which pairs of accesses race, and that a race is a state
// the run passes, not its end. Each case is a small scenario as users write them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, kinds, programOf, testBudget } from '../testing/inline.js';
import { replay } from '../explore/replay.js';
import { shortest } from '../explore/shortest.js';

/** A two-CPU scenario with the given programs, under `model`. */
function two(model: 'sc' | 'tso', cpu0: readonly string[], cpu1: readonly string[], extra = ''): string {
  const list = (xs: readonly string[]): string => (xs.length === 0 ? ' []' : '\n' + xs.map((x) => `    - ${JSON.stringify(x)}`).join('\n'));
  return `cpus: 2\nmemory_model: ${model}\nstate:\n  cells: { data: 0, flag: 0, x: 0 }\n  objects: { o: { f: 0 } }\n  locks: { l: spinlock }\n${extra}programs:\n  cpu 0:${list(cpu0)}\n  cpu 1:${list(cpu1)}\n`;
}

const raceOf = (yaml: string) => explore(programOf(yaml)).findings.find((f) => f.violation.kind === 'data-race');

for (const model of ['sc', 'tso'] as const) {
  test(`${model}: message passing with a marked flag and plain data is no race; a plain flag is`, () => {
    assert.equal(raceOf(two(model, ['data = 1', 'WRITE_ONCE(flag, 1)'], ['wait_until(READ_ONCE(flag) == 1)', 'r = data'])), undefined);
    const f = raceOf(two(model, ['data = 1', 'flag = 1'], ['wait_until(flag == 1)', 'r = data']));
    assert.ok(f && f.violation.kind === 'data-race');
    assert.equal(f.violation.name, 'flag');
    // The plain writer is named first; the waiter, blocked, still reads the flag as it polls.
    assert.deepEqual([f.violation.at.cpu, f.violation.at.access, f.violation.other.cpu, f.violation.other.access], [0, 'write', 1, 'read']);
  });

  test(`${model}: plain accesses under the same spinlock do not race; one outside it does`, () => {
    assert.equal(raceOf(two(model, ['spin_lock(l)', 'x = x + 1', 'spin_unlock(l)'], ['spin_lock(l)', 'x = 2', 'spin_unlock(l)'])), undefined);
    assert.ok(raceOf(two(model, ['spin_lock(l)', 'x = x + 1', 'spin_unlock(l)'], ['x = 2'])));
  });

  test(`${model}: two plain reads do not race, nor a plain read against a READ_ONCE; a plain read against WRITE_ONCE does`, () => {
    assert.equal(raceOf(two(model, ['r = x'], ['r = x'])), undefined);
    assert.equal(raceOf(two(model, ['r = x'], ['r = READ_ONCE(x)'])), undefined);
    assert.equal(raceOf(two(model, ['WRITE_ONCE(x, 1)'], ['WRITE_ONCE(x, 2)'])), undefined);
    assert.ok(raceOf(two(model, ['r = x'], ['WRITE_ONCE(x, 1)'])));
  });

  test(`${model}: a handler on the same CPU as the context is not compared with it; on another CPU it is`, () => {
    const irq = (cpus: string) => `interrupts:\n  - kind: irq\n    cpus: [${cpus}]\n    max: 1\n    run:\n      - "x = 1"\n`;
    assert.equal(raceOf(two(model, ['r = x'], [], irq('0'))), undefined);
    assert.ok(raceOf(two(model, ['r = x'], [], irq('1'))));
  });
}

test('sc: plain data guarded by Dekker flags does not race; under tso the flags let both in, and it does', () => {
  const yaml = (model: 'sc' | 'tso') => `cpus: 2\nmemory_model: ${model}\nstate:\n  cells: { data: 0, flag: 0 }\n  objects: { o: { f: 0 } }\nprograms:\n  cpu 0:\n    - WRITE_ONCE(flag, 1)\n    - r = READ_ONCE(o->f)\n    - if r == 0:\n        - data = 1\n  cpu 1:\n    - WRITE_ONCE(o->f, 1)\n    - r = READ_ONCE(flag)\n    - if r == 0:\n        - data = 2\n`;
  assert.equal(raceOf(yaml('sc')), undefined);
  const f = raceOf(yaml('tso'));
  assert.ok(f && f.violation.kind === 'data-race' && f.violation.name === 'data');
});

test('a race is a state the run passes: the use-after-free after it is still found', () => {
  const yaml = two('sc', ['x = 1', 'free(o)'], ['r = x', 'r = READ_ONCE(o->f)']);
  assert.deepEqual(kinds(explore(programOf(yaml))), ['data-race', 'use-after-free']);
});

test('the trace ends with the racing steps, both replayed, and without a violation of its own', () => {
  const f = raceOf(two('sc', ['x = 1'], ['r = x']));
  assert.ok(f && f.violation.kind === 'data-race');
  const r = replay(programOf(two('sc', ['x = 1'], ['r = x'])), f.trace);
  assert.ok(r.ok);
  assert.equal(r.end.kind, 'finished');
  assert.deepEqual(r.steps.map((s) => s.cpu), [0, 1]);
});

// The sequence's own `s->sequence++` is the primitive's (include/linux/seqlock.h tells KCSAN it is
// atomic); the data in the section is the user's, and a plain write there races as the LKMM says
// (KCSAN also exempts the sections' accesses: docs/memory-model.md says why raceway does not).
test("a sequence count's own increments are not races, a plain write of the data it guards is", () => {
  const seq = (data: string) => `cpus: 2\nstate:\n  cells: { data: 0, sc: 0 }\nprograms:\n  cpu 0:\n    - write_seqcount_begin(&sc)\n    - ${data}\n    - write_seqcount_end(&sc)\n  cpu 1:\n    - s = read_seqcount_begin(&sc)\n    - r = READ_ONCE(data)\n    - r = read_seqcount_retry(&sc, s)\n`;
  assert.equal(raceOf(seq('WRITE_ONCE(data, 1)')), undefined);
  assert.ok(raceOf(seq('data = 1')));
});

test('a scenario says data_races: ignore to go without; report is the default', () => {
  const yaml = two('sc', ['x = 1'], ['r = x']);
  assert.deepEqual(kinds(explore(programOf(yaml))), ['data-race']);
  assert.deepEqual(kinds(explore(programOf('data_races: report\n' + yaml))), ['data-race']);
  assert.deepEqual(kinds(explore(programOf('data_races: ignore\n' + yaml))), []);
  assert.throws(() => programOf('data_races: no\n' + yaml), /unknown data_races value/);
});

test('breadth-first search (--shortest) finds the race in the fewest steps to its state', () => {
  // CPU 1 reaches the plain read only after its own marked steps; the race needs no step of CPU 0.
  const p = programOf(two('sc', ['x = 1'], ['WRITE_ONCE(flag, 1)', 'r = READ_ONCE(data)', 'r = x']));
  const f = shortest.explore(p, testBudget()).findings.find((g) => g.violation.kind === 'data-race');
  assert.ok(f);
  // Two steps of CPU 1 to its read, then the racing steps: the write and the read.
  assert.deepEqual(f.trace.map((m) => m.cpu), [1, 1, 0, 1]);
});
