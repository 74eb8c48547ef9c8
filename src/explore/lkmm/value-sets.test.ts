// The LKMM search's value sets where RMWs on one counter feed each other (lkmm-explorer.ts,
// pathsToFixpoint's third level): the seed race's bucket-refcount in small, which the sets
// widened over paths (level 1) or over combinations "sourced" by value (level 2) never settled
// (`values that keep growing after 8 rounds`, so inconclusive). Coherent combinations of path
// prefixes settle it, and the answer is checked against the SC search plus the LKMM's own
// extra behaviours, each explained, and against value sets made wider by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Program } from '../../machine/program.js';
import { loadScenario } from '../../scenario/load.js';
import { exhaustive } from '../exhaustive.js';
import type { Budget, Outcome } from '../explorer.js';
import { exploreLkmm, exploreLkmmOver, lkmmValueSets } from './lkmm-explorer.js';

// CPU 0 takes a count unless it is 0 and reads x under it; CPU 1 takes the count from 1 to 0,
// writes x and sets the count to 5; CPU 2 takes a count unless it is 0 and keeps it.
const COUNTER = `
scenario: counter
cpus: 3
state:
  cells: { c: 1, x: 0 }
programs:
  cpu 0:
    - r = atomic_fetch_add_unless(&c, 1, 0)
    - if r != 0:
        - x0 = READ_ONCE(x)
        - atomic_dec(&c)
  cpu 1:
    - if cmpxchg(&c, 1, 0) == 1:
        - WRITE_ONCE(x, 1)
        - atomic_set(&c, 5)
  cpu 2:
    - atomic_inc_not_zero(&c)
final:
  exists: 0:r == 5 && 0:x0 == 0
  observe: [0:r, 0:x0, c]
`;
/** The same with the writer's release and a barrier before the reader's put. */
const ORDERED = COUNTER.replace('atomic_set(&c, 5)', 'atomic_set_release(&c, 5)').replace('        - atomic_dec(&c)', '        - smp_mb__before_atomic()\n        - atomic_dec(&c)');

const budget = (): Budget => {
  let t = 0;
  return { maxStates: 1_000_000, now: () => t++, seed: 0 };
};

function programOf(text: string, memoryModel: 'sc' | 'lkmm'): Program {
  const l = loadScenario('counter.yaml', text, { memoryModel });
  if (!l.ok) throw new Error(JSON.stringify(l.errors));
  return l.value.cases[0]!.program;
}

/** Final states as `r,x0,c`, sorted; the search must be complete. */
function finals(o: Outcome): string[] {
  assert.equal(o.bound, undefined, `complete search (${o.note ?? ''})`);
  return o.finals!.states.map((s) => s.values.join(',')).sort();
}

const sc = (text: string): string[] => finals(exhaustive.explore(programOf(text, 'sc'), budget()));

test('a counter whose RMWs feed each other settles on coherent executions: SC\'s final states plus the LKMM\'s two weaker orderings', () => {
  const p = programOf(COUNTER, 'lkmm');
  const sets = lkmmValueSets(p);
  // Levels 1 and 2 do not settle (a dec reading the cmpxchg's 0 writes -1, and so on); the
  // third does, with no negative count: along co the count moves once per RMW.
  assert.equal(sets.level, 'coherent');
  assert.deepEqual(sets.values.get(p.locNames.indexOf('c')), [0, 1, 2, 3, 5, 6, 7]);
  const lkmm = finals(exploreLkmm(p, budget()));
  const extra = lkmm.filter((s) => !sc(COUNTER).includes(s));
  assert.deepEqual(sc(COUNTER).filter((s) => !lkmm.includes(s)), [], 'every SC final state is an LKMM one');
  assert.deepEqual(extra, [
    // atomic_dec() is unordered (Documentation/atomic_t.txt): CPU 0's put reaches CPU 1's
    // cmpxchg() before CPU 0's read of x is satisfied, and that read sees CPU 1's write (load
    // buffering: no hb cycle, the dec has no dependency on the read).
    '1,1,5', '1,1,6',
    // atomic_set() is no release: CPU 0 reads the 5 and still the old x (the seed race's move).
    '5,0,5', '5,0,6', '6,0,6',
  ]);
  // With the release and smp_mb__before_atomic() the LKMM gives exactly SC's final states.
  assert.deepEqual(finals(exploreLkmm(programOf(ORDERED, 'lkmm'), budget())), sc(ORDERED));
});

test('the coherent value sets miss nothing a wider set finds, and each value they add is needed', () => {
  const p = programOf(COUNTER, 'lkmm');
  const sets = lkmmValueSets(p);
  const full = finals(exploreLkmm(p, budget()));
  // Wider sets (values no coherent execution writes) give the same answer.
  const wider = new Map([...sets.values].map(([loc, vs]) => [loc, [...vs, -2, -1, 4, 8]]));
  assert.deepEqual(finals(exploreLkmmOver(p, budget(), wider)), full);
  // A weakened rule that left out the values of one coherent execution (3: CPU 2's increment
  // while CPU 0 holds its count) loses final states: the comparison above would fail.
  const c = p.locNames.indexOf('c');
  const narrower = new Map(sets.values).set(c, sets.values.get(c)!.filter((v) => v !== 3));
  const lost = full.filter((s) => !finals(exploreLkmmOver(p, budget(), narrower)).includes(s));
  assert.ok(lost.length > 0, 'dropping 3 loses final states');
});

test('a search stopped while the value sets are widened is inconclusive, never safe', () => {
  // The clock runs out at once: the stop is asked while paths and combinations are made.
  let t = 0;
  const o = exploreLkmm(programOf(COUNTER, 'lkmm'), { maxStates: 1_000_000, now: () => (t += 1000), deadlineMs: 1, seed: 0 });
  assert.equal(o.verdict, 'inconclusive');
  assert.equal(o.bound, 'deadline');
  // Cancelled (Ctrl-C) late: the whole search asks about 25 times (every 256 steps of work).
  let asked = 0;
  const c = exploreLkmm(programOf(COUNTER, 'lkmm'), { ...budget(), cancelled: () => ++asked > 20 });
  assert.equal(c.verdict, 'inconclusive');
  assert.equal(c.bound, 'cancelled');
});
