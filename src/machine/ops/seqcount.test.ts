// The seqcount family (Documentation/locking/seqlock.rst, include/linux/seqlock.h), through the
// front end: a begin waits for an even count and returns it, a retry says whether the count moved,
// the writers' increments make it odd and even again, the seqlock's writers hold its spinlock,
// the latch reader never waits, and a reader's do-while loop retries as the kernel's does.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadScenario } from '../../scenario/load.js';
import { explore, kinds, programOf } from '../../testing/inline.js';

const one = (stmts: string[], check: string, state = "{ cells: { s: 0, x: 0 }, locks: { sl: seqlock } }"): string[] =>
  kinds(explore(programOf(['cpus: 1', `state: ${state}`, 'programs:', '  cpu 0:', ...[...stmts, `assert(${check})`].map((s) => `    - ${JSON.stringify(s)}`)].join('\n') + '\n')));

test('write_seqcount_begin/end make the count odd then even; begin returns it; retry compares', () => {
  assert.deepEqual(one(['write_seqcount_begin(&s)', 'a = READ_ONCE(s)', 'write_seqcount_end(&s)', 'b = read_seqcount_begin(&s)', 'r = read_seqcount_retry(&s, b)', 'q = read_seqcount_retry(&s, 0)'], 'a == 1 && b == 2 && r == 0 && q == 1'), []);
  // A check that can fail does: the count after begin is not 2.
  assert.deepEqual(one(['write_seqcount_begin(&s)', 'a = READ_ONCE(s)', 'write_seqcount_end(&s)'], 'a == 2'), ['assertion']);
});

test('read_seqcount_begin waits while the count is odd: alone on its CPU, forever', () => {
  assert.deepEqual(one(['write_seqcount_begin(&s)', 'b = read_seqcount_begin(&s)'], '1'), ['deadlock']);
});

test('raw_read_seqcount_latch never waits; raw_write_seqcount_latch increments', () => {
  assert.deepEqual(one(['raw_write_seqcount_latch(&s)', 'b = raw_read_seqcount_latch(&s)', 'r = raw_read_seqcount_latch_retry(&s, b)'], 'b == 1 && r == 0'), []);
});

test('the 6.13 latch names: begin and write increment, end changes nothing, the reader never waits', () => {
  assert.deepEqual(one(['write_seqcount_latch_begin(&s)', 'b = read_seqcount_latch(&s)', 'write_seqcount_latch(&s)', 'r = read_seqcount_latch_retry(&s, b)', 'write_seqcount_latch_end(&s)', 'c = read_seqcount_latch(&s)'], 'b == 1 && r == 1 && c == 2'), []);
  assert.deepEqual(one(['write_seqcount_latch_begin(&s)', 'write_seqcount_latch_end(&s)'], 'READ_ONCE(s) == 2'), ['assertion']);
  // The end's argument is checked although nothing reads it.
  const r = loadScenario('latch.yaml', 'cpus: 1\nstate: { cells: { s: 0 } }\nprograms:\n  cpu 0:\n    - write_seqcount_latch_end(&t)\n');
  assert.ok(!r.ok && r.errors.some((e) => /'t'/.test(e.message)), JSON.stringify(!r.ok && r.errors.map((e) => e.message)));
});

describe('a seqlock_t that is a field of a heap object (read_seqbegin(&obj->sl))', () => {
  const y = (reader: string[], writer = ['write_seqlock(&a->sl)', 'WRITE_ONCE(a->x, 1)', 'WRITE_ONCE(a->y, 1)', 'write_sequnlock(&a->sl)']): string => ['cpus: 2', 'state:',
    '  objects: { a: { sl: seqlock, x: 0, y: 0 }, b: { sl: seqlock, x: 0, y: 0 } }', '  cells: { p: a }', 'programs:',
    '  cpu 0:', ...writer.map((s) => `    - ${JSON.stringify(s)}`), '  cpu 1:', ...reader.map((s) => (s.startsWith(' ') ? s : `    - ${s}`)), ''].join('\n');
  const retry = (on: string): string[] => ['"q = READ_ONCE(p)"', 'do:', `        - "s = read_seqbegin(${on})"`, '        - "u = READ_ONCE(q->x)"', '        - "v = READ_ONCE(q->y)"', `      while: "read_seqretry(${on}, s)"`, '      bound: 3', '"assert(u == v)"'];

  test('a reader that retries reads a consistent pair, through a named object or a pointer', () => {
    assert.deepEqual(kinds(explore(programOf(y(retry('&q->sl'))))), []);
    assert.deepEqual(kinds(explore(programOf(y(retry('&a->sl'))))), []);
    // Without the retry the torn pair shows.
    assert.deepEqual(kinds(explore(programOf(y(['"q = READ_ONCE(p)"', '"s = read_seqbegin(&q->sl)"', '"u = READ_ONCE(q->x)"', '"v = READ_ONCE(q->y)"', '"assert(u == v)"'])))), ['assertion']);
    // Another object's seqlock is no protection.
    assert.deepEqual(kinds(explore(programOf(y(retry('&b->sl'))))), ['assertion']);
  });

  test('each object has its own count and lock: two writers of two objects do not wait for each other', () => {
    const two = y(['"write_seqlock(&b->sl)"', '"r = read_seqbegin(&b->sl)"', '"write_sequnlock(&b->sl)"', '"assert(r == 1)"']);
    assert.deepEqual(kinds(explore(programOf(two))), ['deadlock']); // r is odd: the reader spins on its own CPU's write section
    assert.deepEqual(kinds(explore(programOf(y(['"write_seqlock(&b->sl)"', '"write_sequnlock(&b->sl)"', '"r = read_seqbegin(&b->sl)"', '"assert(r == 2)"'])))), []);
  });

  test('reading the count of a freed object is a use-after-free', () => {
    assert.deepEqual(kinds(explore(programOf(y(['"s = read_seqbegin(&a->sl)"'], ['free(a)'])))), ['use-after-free']);
  });
});

test('write_seqlock holds the spinlock and an odd count; write_sequnlock undoes both; the _irqsave forms restore IRQs', () => {
  assert.deepEqual(one(['write_seqlock(&sl)', 'a = READ_ONCE(x)', 'write_sequnlock(&sl)', 'b = read_seqbegin(&sl)', 'r = read_seqretry(&sl, b)'], 'b == 2 && r == 0'), []);
  assert.deepEqual(one(['write_seqlock_irqsave(&sl, flags)', 'write_sequnlock_irqrestore(&sl, flags)', 'write_seqlock_irq(&sl)', 'write_sequnlock_irq(&sl)', 'write_seqlock_bh(&sl)', 'write_sequnlock_bh(&sl)', 'b = read_seqbegin(&sl)'], 'b == 6'), []);
  // A second writer on the same CPU spins on the spinlock the first holds.
  assert.deepEqual(one(['write_seqlock(&sl)', 'write_seqlock(&sl)'], '1'), ['deadlock']);
  // read_seqlock_excl takes the lock and leaves the count even.
  assert.deepEqual(one(['read_seqlock_excl(&sl)', 'b = read_seqbegin(&sl)', 'read_sequnlock_excl(&sl)'], 'b == 0'), []);
});

test('two CPUs: a reader retries until it reads a consistent pair, with the kernel do-while', () => {
  const y = `
cpus: 2
state: { cells: { a: 0, b: 0 }, locks: { sl: seqlock } }
programs:
  cpu 0:
    - write_seqlock(&sl)
    - WRITE_ONCE(a, 1)
    - WRITE_ONCE(b, 1)
    - write_sequnlock(&sl)
  cpu 1:
    - do:
        - seq = read_seqbegin(&sl)
        - x = READ_ONCE(a)
        - y = READ_ONCE(b)
      while: read_seqretry(&sl, seq)
      bound: 2
    - assert(x == y)
`;
  assert.deepEqual(kinds(explore(programOf(y))), []);
  // Without the retry the torn read is found.
  assert.deepEqual(kinds(explore(programOf(y.replace('while: read_seqretry(&sl, seq)', 'while: 0')))), ['assertion']);
});

test('do-while: the body runs first, continue goes to the test, the bound counts repeats', () => {
  const loop = (cond: string, bound: number, extra = ''): string[] => kinds(explore(programOf(`
cpus: 1
state: { cells: { n: 0 } }
programs:
  cpu 0:
    - do:
        - WRITE_ONCE(n, READ_ONCE(n) + 1)
${extra}      while: ${cond}
      bound: ${bound}
    - assert(READ_ONCE(n) == 3)
`)));
  assert.deepEqual(loop('READ_ONCE(n) < 3', 2), []);
  assert.deepEqual(loop('READ_ONCE(n) < 3', 1), ['livelock']);
  assert.deepEqual(loop('READ_ONCE(n) < 3', 5, '        - continue\n        - WRITE_ONCE(n, 100)\n'), []);
  assert.deepEqual(loop('READ_ONCE(n) < 3', 5, '        - break\n'), ['assertion']);
});

test('seqcount mistakes are located: a spinlock where a seqlock is wanted, a do without its while', () => {
  const errs = (yaml: string): string[] => { const r = loadScenario('x.yaml', yaml); return r.ok ? [] : r.errors.map((e) => e.message); };
  assert.deepEqual(errs('cpus: 1\nstate: { locks: { l: spinlock } }\nprograms:\n  cpu 0: [write_seqlock(&l)]\n'), ["write_seqlock() needs a seqlock, but 'l' is a spinlock"]);
  assert.deepEqual(errs('cpus: 1\nstate: { locks: { sl: seqlock } }\nprograms:\n  cpu 0: [spin_lock(sl)]\n'), ["spin_lock() needs a spinlock, but 'sl' is a seqlock"]);
  assert.deepEqual(errs('cpus: 1\nprograms:\n  cpu 0:\n    - do: [smp_mb()]\n      bound: 2\n'), ["a 'do' loop needs 'while: COND' beside it"]);
  // A seqlock field used as a value is refused as any lock field is.
  assert.deepEqual(errs('cpus: 1\nstate: { objects: { o: { sl: seqlock } } }\nprograms:\n  cpu 0: [r = READ_ONCE(o->sl)]\n'), ["'sl' is a lock field, not a value"]);
});
