// RCU callbacks under lkmm (callbacks.ts): a callback runs after a grace period that is
// po-after the events up to its call_rcu() and po-before the callback, and unordered with the
// caller's events in between; rcu_barrier() waits for the callbacks it finds queued. Each outcome
// below is decided by that rule: dropping the grace period, or placing it at the call or at the
// callback as one ordinary sync-rcu fence, makes one of these tests fail.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Outcome } from '../explorer.js';
import type { MemoryModelName, Program } from '../../machine/program.js';
import { loadScenario } from '../../scenario/load.js';
import { repoRoot } from '../../testing/repo-root.js';
import { exhaustive } from '../exhaustive.js';
import { exploreLkmm } from './lkmm-explorer.js';

function programs(file: string, text: string, memoryModel: MemoryModelName): Map<string, Program> {
  const l = loadScenario(file, text, { memoryModel });
  if (!l.ok) throw new Error(JSON.stringify(l.errors));
  return new Map(l.value.cases.map((c) => [c.strategy, c.program]));
}

let t = 0;
const lkmm = (p: Program): Outcome => exploreLkmm(p, { maxStates: 1_000_000, now: () => t++, seed: 0 });
const sc = (p: Program): Outcome => exhaustive.explore(p, { maxStates: 1_000_000, now: () => t++, seed: 0 });
const kinds = (o: Outcome): string[] => o.findings.map((f) => f.violation.kind).sort();
const reached = (o: Outcome): string[] => o.finals!.states.filter((s) => s.holds).map((s) => s.values.join(','));

test('scenarios/rcu under lkmm: every strategy keeps its SC verdict', () => {
  for (const file of ['scenarios/rcu/call-rcu-list-del.yaml', 'scenarios/rcu/rcu-barrier-unload.yaml']) {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    const weak = programs(file, text, 'lkmm');
    const strong = programs(file, text, 'sc');
    assert.ok(weak.size >= 3);
    for (const [strategy, p] of weak) {
      const o = lkmm(p);
      assert.equal(o.bound, undefined, `${file} ${strategy}: ${o.note ?? ''}`);
      assert.deepEqual(kinds(o), kinds(sc(strong.get(strategy)!)), `${file} ${strategy}`);
    }
  }
});

/** One updater CPU with a callback, one reader CPU; `cb` the callback's body, with `seen` a cell it writes. */
const scenario = (updater: string, reader: string, cb: string, exists: string, observe: string): string => `
scenario: cb
cpus: 2
memory_model: lkmm
state:
  cells: { x: 0, y: 0, seen: 9 }
  objects:
    a: { val: 1, rcu: 0 }
procedures:
  cb(n):
${cb.trim().split('\n').map((s) => `    ${s.trim()}`).join('\n')}
programs:
  cpu 0:
${reader.trim().split('\n').map((s) => `    ${s.trim()}`).join('\n')}
  cpu 1:
${updater.trim().split('\n').map((s) => `    ${s.trim()}`).join('\n')}
final:
  exists: ${exists}
  observe: [${observe}]
`;

const one = (text: string, m: MemoryModelName): Program => programs('cb.yaml', text, m).values().next().value!;

test('the callback follows a grace period that follows the call: a reader that saw the callback\'s write saw what came before the call', () => {
  // RCU's MP: CPU 1 writes x, queues the callback, which writes y. A reader that reads y == 1 has
  // a section that does not end before the grace period does, so it began after the grace
  // period's start and sees x == 1 (the fundamental law, Documentation/RCU/whatisRCU.rst).
  const text = scenario(`
    - WRITE_ONCE(x, 1)
    - call_rcu(&a->rcu, cb)`, `
    - rcu_read_lock()
    - r0 = READ_ONCE(y)
    - r1 = READ_ONCE(x)
    - rcu_read_unlock()`, `
    - WRITE_ONCE(y, 1)`, '0:r0 == 1 && 0:r1 == 0', '0:r0, 0:r1');
  const o = lkmm(one(text, 'lkmm'));
  assert.equal(o.bound, undefined, o.note);
  assert.deepEqual(reached(o), []);
  // Without the section the same reads are MP without barriers: the model allows it.
  const bare = lkmm(one(text.replace('- rcu_read_lock()', '- r2 = 0').replace('- rcu_read_unlock()', '- r3 = 0'), 'lkmm'));
  assert.deepEqual(reached(bare), ['1,0']);
});

test('the grace period does not follow the caller\'s accesses after call_rcu(): they are not ordered before the callback\'s', () => {
  // CPU 1 queues the callback, then writes x with IRQs off, so the callback (a softirq) runs after
  // x = 1 on CPU 1, and writes y. The reader reads y == 1 and then x == 0. SC forbids it (x = 1
  // comes first), and so would a grace period placed at the callback, after x = 1 in CPU 1's
  // program order: the reader read a write from after the grace period's end, so its section
  // follows the grace period's start, which x = 1 would precede. But the grace period starts at
  // the call, perhaps before x = 1: the two writes are ordered by nothing the model knows, and the
  // reader may see them out of order (its reads are unordered too).
  const text = scenario(`
    - local_irq_disable()
    - call_rcu(&a->rcu, cb)
    - WRITE_ONCE(x, 1)
    - local_irq_enable()`, `
    - rcu_read_lock()
    - r0 = READ_ONCE(y)
    - r1 = READ_ONCE(x)
    - rcu_read_unlock()`, `
    - WRITE_ONCE(y, 1)`, '0:r0 == 1 && 0:r1 == 0', '0:r0, 0:r1');
  assert.deepEqual(reached(sc(one(text, 'sc'))), []);
  const o = lkmm(one(text, 'lkmm'));
  assert.equal(o.bound, undefined, o.note);
  assert.deepEqual(reached(o), ['1,0']);
});

test('the caller does not wait for the grace period: call_rcu() orders nothing around it by itself', () => {
  // CPU 1 writes y, queues the callback, writes x; the reader reads x, then y. Without barriers
  // that is MP, which the model allows, and a callback changes nothing: its grace period orders
  // the write of y before the callback, not before CPU 1's next write. A grace period at the call
  // (the caller waiting, as synchronize_rcu() does) would make this RCU's MP, which it forbids.
  const text = scenario(`
    - WRITE_ONCE(y, 1)
    - call_rcu(&a->rcu, cb)
    - WRITE_ONCE(x, 1)`, `
    - rcu_read_lock()
    - r0 = READ_ONCE(x)
    - r1 = READ_ONCE(y)
    - rcu_read_unlock()`, `
    - WRITE_ONCE(seen, 1)`, '0:r0 == 1 && 0:r1 == 0', '0:r0, 0:r1');
  const o = lkmm(one(text, 'lkmm'));
  assert.equal(o.bound, undefined, o.note);
  assert.deepEqual(reached(o), ['1,0']);
  const waits = lkmm(one(text.replace('- call_rcu(&a->rcu, cb)', '- synchronize_rcu()'), 'lkmm'));
  assert.deepEqual(reached(waits), []);
});

test('rcu_barrier() waits for a callback queued on another CPU when it reads it queued; not for one queued after it', () => {
  // CPU 1 queues the callback (which writes y) and then sets x; CPU 0 waits for x, calls
  // rcu_barrier() and reads y. Its barrier may read the queue before CPU 1's call reaches it (the
  // model has no smp_mb() in call_rcu(): callbacks.ts), so y == 0 is allowed; with the call
  // ordered before x by a release, the barrier finds it queued and waits: y == 1.
  const text = (publish: string): string => scenario(`
    - call_rcu(&a->rcu, cb)
    - ${publish}`, `
    - wait_until(smp_load_acquire(x) == 1)
    - rcu_barrier()
    - r0 = READ_ONCE(y)`, `
    - WRITE_ONCE(y, 1)`, '0:r0 == 0', '0:r0');
  const weak = lkmm(one(text('WRITE_ONCE(x, 1)'), 'lkmm'));
  assert.equal(weak.bound, undefined, weak.note);
  assert.deepEqual(reached(weak), ['0']);
  const ordered = lkmm(one(text('smp_store_release(x, 1)'), 'lkmm'));
  assert.equal(ordered.bound, undefined, ordered.note);
  assert.deepEqual(reached(ordered), []);
});

test('a program with no LKMM execution (synchronize_rcu() inside a read-side section) is not called safe', () => {
  const text = `scenario: gp-in-reader
cpus: 1
memory_model: lkmm
state:
  cells: { z: 0 }
programs:
  cpu 0:
    - rcu_read_lock()
    - synchronize_rcu()
    - WRITE_ONCE(z, 1)
    - rcu_read_unlock()
`;
  const o = lkmm(one(text, 'lkmm'));
  assert.equal(o.verdict, 'inconclusive');
  assert.equal(o.bound, 'unsupported');
  assert.match(o.note ?? '', /no execution of this program is consistent/);
});
