// Softirq handlers and bottom halves under lkmm (events.ts): a softirq's events are inserted in
// its CPU's program order where it may start (task context, IRQs on, bottom halves enabled), IRQs
// and NMIs nest inside it, the context tests read the softirq count, and a softirq or a
// bottom-half-disabled region is an RCU read-side critical section. Each answer is the SC
// machine's too (the same scenario under sc), which these shapes do not depend on memory order for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Program } from '../../machine/program.js';
import { loadScenario } from '../../scenario/load.js';
import { exhaustive } from '../exhaustive.js';
import type { Outcome } from '../explorer.js';
import { exploreLkmm } from './lkmm-explorer.js';

function programOf(text: string, strategy: string): Program {
  const l = loadScenario('t.yaml', text);
  if (!l.ok) throw new Error(JSON.stringify(l.errors));
  return l.value.cases.find((c) => c.strategy === strategy)!.program;
}

let t = 0;
const budget = { maxStates: 1_000_000, now: () => t++, seed: 0 };
const verdictOf = (o: Outcome): string => (o.verdict === 'violation' ? o.findings.map((f) => f.violation.kind).sort().join(',') : o.verdict);

/** The lkmm answer, checked equal to the SC machine's. */
function both(text: string, strategy: string): string {
  const lkmm = verdictOf(exploreLkmm(programOf(text, strategy), budget));
  const sc = verdictOf(exhaustive.explore(programOf(text.replace('memory_model: lkmm', 'memory_model: sc'), strategy), budget));
  assert.equal(lkmm, sc, `${strategy}: lkmm ${lkmm}, sc ${sc}`);
  return lkmm;
}

const lockBh = `scenario: bh
cpus: 1
memory_model: lkmm
state:
  cells: { packets: 0 }
  locks: { stats_lock: spinlock }
programs:
  cpu 0:
    - take()
    - WRITE_ONCE(packets, READ_ONCE(packets) + 1)
    - drop()
interrupts:
  - kind: softirq
    name: net_rx
    cpus: [0]
    max: 1
    run:
      - spin_lock(&stats_lock)
      - WRITE_ONCE(packets, READ_ONCE(packets) + 1)
      - spin_unlock(&stats_lock)
procedures:
  take(): [spin_lock(&stats_lock)]
  drop(): [spin_unlock(&stats_lock)]
strategies:
  plain: {}
  bh:
    procedures:
      take(): [spin_lock_bh(&stats_lock)]
      drop(): [spin_unlock_bh(&stats_lock)]
`;

test('a softirq that takes the lock its CPU\'s task holds deadlocks; spin_lock_bh() keeps it out', () => {
  assert.equal(both(lockBh, 'plain'), 'deadlock');
  assert.equal(both(lockBh, 'bh'), 'safe');
});

const contexts = (check: string): string => `scenario: ctx
memory_model: lkmm
cpus: 1
state:
  cells: { x: 0, y: 0 }
programs:
  cpu 0:
    - assert(in_task() && !in_softirq())
    - local_bh_disable()
    - assert(in_softirq() && !in_serving_softirq() && in_task())
    - local_bh_enable()
interrupts:
  - kind: softirq
    name: rx
    cpus: [0]
    max: 1
    run:
      - assert(in_serving_softirq() && in_interrupt() && !in_task() && !in_hardirq())
      - WRITE_ONCE(x, 1)
  - kind: irq
    name: tick
    cpus: [0]
    max: 1
    run:
      - assert(in_hardirq() && ${check})
strategies:
  only: {}
`;

test('the context tests read the softirq count; an IRQ may interrupt a softirq (in_serving_softirq() inside it)', () => {
  // The IRQ's assert fails only where it interrupted the softirq.
  assert.equal(both(contexts('!in_serving_softirq()'), 'only'), 'assertion');
  const o = exploreLkmm(programOf(contexts('!in_serving_softirq()'), 'only'), budget);
  assert.equal(o.findings[0]!.violation.kind === 'assertion' && o.findings[0]!.violation.at?.level, 1);
  // Every other test holds where it is asked.
  assert.equal(both(contexts('1'), 'only'), 'safe');
});

const reader = `scenario: rcu-bh
cpus: 2
memory_model: lkmm
state:
  cells: { gp: a }
  objects:
    a: { val: 1 }
    b: { val: 2 }
programs:
  cpu 0:
    - WRITE_ONCE(gp, b)
    - wait()
    - free(a)
  cpu 1:
    - look()
interrupts:
  - kind: softirq
    name: rx
    cpus: [1]
    max: 1
    run:
      - p = rcu_dereference(gp)
      - v = READ_ONCE(p->val)
procedures:
  wait(): [synchronize_rcu()]
  look():
    - rcu_read_lock_bh()
    - q = rcu_dereference(gp)
    - w = READ_ONCE(q->val)
    - rcu_read_unlock_bh()
strategies:
  gp: {}
  no-gp:
    procedures:
      wait(): []
`;

test('a softirq handler and an rcu_read_lock_bh() region are RCU readers: synchronize_rcu() waits for them', () => {
  assert.equal(both(reader, 'gp'), 'safe');
  assert.equal(both(reader, 'no-gp'), 'use-after-free');
});
