// Softirq context and bottom halves (ops/softirq.ts), through the front end: when a softirq may
// start (task context, IRQs on, bottom halves on: kernel/softirq.c invoke_softirq and
// __local_bh_enable_ip), what may interrupt it (IRQs, NMIs; no second softirq), the context tests
// of include/linux/preempt.h, bh-disabled regions as RCU readers, the qrwlock rule for softirq
// readers, and that a program without softirqs keeps its layout.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, kinds, programOf } from '../../testing/inline.js';
import { layoutOf } from '../layout.js';

/**
 * The scenario with every statement list written `[a, f(b, c)]` quoted as JSON, so that a
 * statement's own commas do not split it (YAML flow sequences split at every comma).
 */
function quoted(yaml: string): string {
  return yaml.replace(/(cpu \d+|run): \[(.*)\]/g, (_m, key: string, body: string) => {
    const out: string[] = [];
    let depth = 0;
    let cur = '';
    for (const ch of body) {
      if (ch === ',' && depth === 0) { out.push(cur.trim()); cur = ''; continue; }
      if (ch === '(' || ch === '{') depth++;
      if (ch === ')' || ch === '}') depth--;
      cur += ch;
    }
    if (cur.trim()) out.push(cur.trim());
    return `${key}: ${JSON.stringify(out)}`;
  });
}
const prog = (yaml: string) => programOf(quoted(yaml));

const one = (task: string, softirq: string, extra = ''): string => `
cpus: 1
state: { cells: { x: 0, seen: 0 }, locks: { l: spinlock, rw: rwlock } }
programs:
  cpu 0: ${task}
interrupts:
  - { kind: softirq, name: rx, cpus: [0], max: 1, run: ${softirq} }
${extra}`;

test('a softirq may interrupt a task holding a plain spin_lock() and then spins on it: a deadlock', () => {
  assert.deepEqual(kinds(explore(prog(one('[spin_lock(l), spin_unlock(l)]', '[spin_lock(l), spin_unlock(l)]')))), ['deadlock']);
});

test('no softirq starts while bottom halves are off: spin_lock_bh, local_bh_disable, rcu_read_lock_bh', () => {
  for (const [take, drop] of [['spin_lock_bh(l)', 'spin_unlock_bh(l)'], ['local_bh_disable()', 'local_bh_enable()'], ['rcu_read_lock_bh()', 'rcu_read_unlock_bh()']]) {
    const p = prog(one(`[${take}, WRITE_ONCE(x, 1), WRITE_ONCE(x, 0), ${drop}]`, '[assert(READ_ONCE(x) == 0)]'));
    assert.deepEqual(kinds(explore(p)), [], take);
  }
  // Without them the softirq sees the task's half-done update.
  assert.deepEqual(kinds(explore(prog(one('[WRITE_ONCE(x, 1), WRITE_ONCE(x, 0)]', '[assert(READ_ONCE(x) == 0)]')))), ['assertion']);
});

test('no softirq starts while IRQs are off, nor inside an IRQ handler', () => {
  assert.deepEqual(kinds(explore(prog(one('[local_irq_disable(), WRITE_ONCE(x, 1), WRITE_ONCE(x, 0), local_irq_enable()]', '[assert(READ_ONCE(x) == 0)]')))), []);
  const inIrq = one('[]', '[assert(in_hardirq() == 0)]', '  - { kind: irq, name: tick, cpus: [0], max: 1, run: [WRITE_ONCE(x, 1), WRITE_ONCE(x, 0)] }\n');
  assert.deepEqual(kinds(explore(prog(inIrq.replace('cpu 0: []', 'cpu 0: [WRITE_ONCE(seen, 1)]')))), []);
});

test('an IRQ may interrupt a softirq, and sees in_softirq() and in_serving_softirq() there', () => {
  const y = one('[WRITE_ONCE(seen, 1)]', '[WRITE_ONCE(x, 1), WRITE_ONCE(x, 0)]',
    '  - { kind: irq, name: tick, cpus: [0], max: 1, run: [r = READ_ONCE(x), s = in_serving_softirq(), assert(r == 0 || s == 1)] }\n');
  assert.deepEqual(kinds(explore(prog(y))), []);
  const found = one('[WRITE_ONCE(seen, 1)]', '[WRITE_ONCE(x, 1), WRITE_ONCE(x, 0)]',
    '  - { kind: irq, name: tick, cpus: [0], max: 1, run: [assert(READ_ONCE(x) == 0)] }\n');
  assert.deepEqual(kinds(explore(prog(found))), ['assertion']);
});

test('a softirq never interrupts another softirq on its CPU', () => {
  const y = `
cpus: 1
state: { cells: { x: 0 } }
programs:
  cpu 0: [WRITE_ONCE(x, 0)]
interrupts:
  - { kind: softirq, name: a, cpus: [0], max: 1, run: [WRITE_ONCE(x, 1), WRITE_ONCE(x, 0)] }
  - { kind: softirq, name: b, cpus: [0], max: 1, run: [assert(READ_ONCE(x) == 0)] }
`;
  assert.deepEqual(kinds(explore(prog(y))), []);
});

test('the context tests: in_task, in_softirq, in_interrupt, in_serving_softirq in each context', () => {
  const y = one(
    '[a = in_task(), b = in_interrupt(), local_bh_disable(), c = in_softirq(), d = in_interrupt(), e = in_task(), local_bh_enable(), assert(a == 1 && b == 0 && c == 1 && d == 1 && e == 1)]',
    '[a = in_task(), b = in_softirq(), c = in_interrupt(), d = in_serving_softirq(), e = in_hardirq(), assert(a == 0 && b == 1 && c == 1 && d == 1 && e == 0 && this_context == 3)]',
    '  - { kind: nmi, name: n, cpus: [0], max: 1, run: [assert(in_nmi() == 1 && in_hardirq() == 1 && in_irq() == 1 && in_task() == 0)] }\n');
  assert.deepEqual(kinds(explore(prog(y))), []);
});

test('local_bh_enable() is a misuse in an IRQ handler, with IRQs off, and without local_bh_disable()', () => {
  assert.deepEqual(kinds(explore(prog(one('[local_bh_enable()]', '[]')))), ['misuse']);
  assert.deepEqual(kinds(explore(prog(one('[local_bh_disable(), local_irq_disable(), local_bh_enable(), local_irq_enable()]', '[]')))), ['misuse']);
  const irq = one('[]', '[]', '  - { kind: irq, name: t, cpus: [0], max: 1, run: [local_bh_disable(), local_bh_enable()] }\n');
  assert.deepEqual(kinds(explore(prog(irq.replace('cpu 0: []', 'cpu 0: [WRITE_ONCE(x, 1)]')))), ['misuse']);
});

test('a softirq is an RCU reader, and so is a bh-disabled region: synchronize_rcu() waits for both', () => {
  const y = (reader: string): string => `
cpus: 2
state: { cells: { p: o }, objects: { o: { f: 0 }, o2: { f: 0 } } }
programs:
  cpu 0: ${reader}
  cpu 1: [WRITE_ONCE(p, o2), synchronize_rcu(), free(o)]
`;
  assert.deepEqual(kinds(explore(prog(y('[rcu_read_lock_bh(), r = READ_ONCE(p), t = READ_ONCE(r->f), rcu_read_unlock_bh()]')))), []);
  assert.deepEqual(kinds(explore(prog(y('[r = READ_ONCE(p), t = READ_ONCE(r->f)]')))), ['use-after-free']);
  const soft = `${y('[r = READ_ONCE(o2->f)]')}interrupts:\n  - { kind: softirq, name: rx, cpus: [0], max: 1, run: [r = READ_ONCE(p), t = READ_ONCE(r->f)] }\n`;
  assert.deepEqual(kinds(explore(prog(soft))), []);
});

test('a reader with bottom halves off is in_interrupt(): the qrwlock lets it pass a waiting writer', () => {
  const y = (take: string, drop: string): string => `
cpus: 2
state: { cells: { queued: 0 }, locks: { l: rwlock } }
programs:
  cpu 0: [read_lock(l), wait_until(READ_ONCE(queued) == 1), ${take}, read_unlock(l), ${drop}]
  cpu 1: [WRITE_ONCE(queued, 1), write_lock(l), write_unlock(l)]
`;
  assert.deepEqual(kinds(explore(prog(y('local_bh_disable(), read_lock(l)', 'local_bh_enable(), read_unlock(l)')))), []);
  assert.deepEqual(kinds(explore(prog(y('read_lock(l)', 'read_unlock(l)')))), ['deadlock']);
});

test('a program without softirqs or bottom-half ops spends no word on them', () => {
  const y = one('[spin_lock(l), spin_unlock(l)]', '[]').replace('kind: softirq', 'kind: irq');
  const l = layoutOf(prog(y));
  assert.equal(l.softWords, 0);
  assert.equal(l.size, l.softBase);
  assert.ok(layoutOf(prog(one('[spin_lock(l), spin_unlock(l)]', '[]'))).softWords > 0);
});

test('spin_trylock_bh(): a taken try keeps bottom halves off until spin_unlock_bh(); a failed one turns them on again', () => {
  // Taken: the softirq cannot start inside, and the lock is released with bottom halves on again.
  const taken = prog(one('[r = spin_trylock_bh(l), assert(r == 1), WRITE_ONCE(x, 1), WRITE_ONCE(x, 0), spin_unlock_bh(l), WRITE_ONCE(seen, 1)]', '[assert(READ_ONCE(x) == 0)]'));
  assert.deepEqual(kinds(explore(taken)), []);
  // Failed (CPU 1 holds the lock): bottom halves are on again, so the softirq may start right
  // after, and a local_bh_enable() there would be unbalanced.
  const failed = `
cpus: 2
state: { cells: { x: 0, held: 0 }, locks: { l: spinlock } }
programs:
  cpu 0: [wait_until(READ_ONCE(held) == 1), r = spin_trylock_bh(l), assert(r == 0), WRITE_ONCE(x, 1), WRITE_ONCE(x, 0)]
  cpu 1: [spin_lock(l), WRITE_ONCE(held, 1), wait_until(READ_ONCE(x) == 0), spin_unlock(l)]
interrupts:
  - { kind: softirq, name: rx, cpus: [0], max: 1, run: [assert(READ_ONCE(x) == 0)] }
`;
  assert.deepEqual(kinds(explore(prog(failed))), ['assertion'], 'the softirq runs between the two writes');
  assert.deepEqual(kinds(explore(prog(failed.replace('assert(r == 0), ', 'assert(r == 0), local_bh_enable(), ')))), ['assertion', 'misuse']);
});
