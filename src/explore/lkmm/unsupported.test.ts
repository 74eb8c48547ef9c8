// What the LKMM search refuses (unsupported.ts): each refusal names the statement that needs it,
// and no answer is given from a model that does not define the construct. The tasks case was a
// wrong `safe` before: the second task on a CPU was silently left out of the events.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../../common/span.js';
import type { Program } from '../../machine/program.js';
import { loadScenario } from '../../scenario/load.js';
import { exactFirst } from '../random/both.js';
import { randomSearch } from '../random/random-explorer.js';
import { exploreLkmm, lkmmExplorer } from './lkmm-explorer.js';

function programOf(text: string): Program {
  const l = loadScenario('t.yaml', text);
  if (!l.ok) throw new Error(JSON.stringify(l.errors));
  return l.value.cases[0]!.program;
}

let t = 0;
const budget = { maxStates: 1_000_000, now: () => t++, seed: 0 };

/** The refusal's reason and where it points, as line:col of `text`. */
function refusal(text: string): { note: string; at: string } {
  const o = exploreLkmm(programOf(text), budget);
  assert.equal(o.verdict, 'inconclusive');
  assert.equal(o.bound, 'unsupported');
  assert.ok(o.noteAt, 'the refusal says where');
  const lc = new LineIndex(text).lineCol(o.noteAt.start);
  return { note: o.note ?? '', at: `${lc.line}:${lc.col}` };
}

test('two tasks on one CPU are refused under lkmm, at the second task (was: the second task left out, a wrong safe)', () => {
  const text = `scenario: tasks
memory_model: lkmm
cpus: 2
state:
  cells: { x: 0, y: 0 }
programs:
  cpu 0:
    - WRITE_ONCE(x, 1)
  task other on cpu 0:
    - assert(READ_ONCE(x) == 0)
  cpu 1:
    - WRITE_ONCE(x, 2)
`;
  const r = refusal(text);
  assert.match(r.note, /^tasks .* linux-kernel\.def/);
  assert.equal(r.at, '10:7');
});

const rwlock = `scenario: rw
cpus: 2
memory_model: lkmm
state:
  cells: { x: 0 }
  locks: { l: rwlock }
programs:
  cpu 0:
    - read_lock(l)
    - r = READ_ONCE(x)
    - read_unlock(l)
  cpu 1:
    - write_lock(l)
    - WRITE_ONCE(x, 1)
    - write_unlock(l)
`;

test('an rwlock is refused under lkmm at its first use: linux-kernel.def and lock.cat have spinlocks only', () => {
  const r = refusal(rwlock);
  assert.match(r.note, /^read_lock\(\) under lkmm: .*spinlocks only/);
  assert.equal(r.at, '9:7');
});

test('a refused program gets no answer from random runs of the machine either (--mode both)', () => {
  // Random search runs the SC/TSO machine, which has rwlocks: its findings are no LKMM answer.
  const both = exactFirst({ exact: lkmmExplorer, randomSearch, shrink: false, random: { scheduler: 'uniform', runs: 50, depth: 200 } });
  const o = both.explore(programOf(rwlock), budget);
  assert.equal(o.bound, 'unsupported');
  assert.deepEqual(o.findings, []);
  assert.equal(o.stats.randomRuns, undefined);
});
