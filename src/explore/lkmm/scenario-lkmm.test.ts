// YAML scenarios under lkmm (issue 20): loops, wait_until as an assumption, assert(), kfree()
// with use-after-free and double free, deadlock, and IRQ/NMI handlers inserted in a CPU's program
// order. Each case is small and its answer known from the kernel's own litmus tests or by hand.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Program } from '../../machine/program.js';
import { loadScenario } from '../../scenario/load.js';
import { ablate, ablationSites } from '../ablate.js';
import type { Outcome } from '../explorer.js';
import { exploreLkmm } from './lkmm-explorer.js';

function programOf(text: string): Program {
  const l = loadScenario('t.yaml', text);
  if (!l.ok) throw new Error(JSON.stringify(l.errors));
  return l.value.cases[0]!.program;
}

function explore(p: Program): Outcome {
  let t = 0;
  return exploreLkmm(p, { maxStates: 1_000_000, now: () => t++, seed: 0 });
}

const run = (text: string): Outcome => explore(programOf(text));
const kinds = (o: Outcome): string[] => o.findings.map((f) => f.violation.kind).sort();

const mp = (writer: string, reader: string): string => `
scenario: mp
cpus: 2
memory_model: lkmm
state:
  cells: { x: 0, y: 0 }
programs:
  cpu 0:
    - WRITE_ONCE(x, 1)
    ${writer}
  cpu 1:
    - wait_until(READ_ONCE(y) == 1)
    ${reader}
`;

test('MP with wait_until as an assumption: without barriers the assert can fail, with wmb/rmb it cannot', () => {
  const weak = run(mp('- WRITE_ONCE(y, 1)', '- assert(READ_ONCE(x) == 1)'));
  assert.deepEqual(kinds(weak), ['assertion']);
  assert.equal(weak.verdict, 'violation');
  const g = weak.findings[0]!.graph!;
  // The counterexample is an rf/co graph: the read of x took the initial value.
  assert.ok(g.events.some((e) => e.kind === 'R' && e.from === -1 && e.value === 0), 'a read of the initial x');
  assert.ok(g.events.some((e) => e.kind === 'stop' && e.violating), 'the failed assert is marked');
  const fenced = run(mp('- smp_wmb()\n    - WRITE_ONCE(y, 1)', '- smp_rmb()\n    - assert(READ_ONCE(x) == 1)'));
  assert.equal(fenced.verdict, 'safe');
  const relAcq = run(mp('- smp_store_release(y, 1)', '- smp_rmb()\n    - assert(READ_ONCE(x) == 1)'));
  assert.equal(relAcq.verdict, 'safe');
});

test('ablate under lkmm weakens each release and acquire in turn: MP rests on both', () => {
  const p = programOf(mp('- smp_store_release(y, 1)', '- assert(smp_load_acquire(x) == 1)').replace('READ_ONCE(y) == 1', 'smp_load_acquire(y) == 1'));
  assert.equal(explore(p).verdict, 'safe');
  const ordering = ablationSites(p).filter((s) => s.what === 'ordering');
  assert.deepEqual(ordering.map((s) => s.statements[0]!.text), ['smp_store_release(y, 1)', 'wait_until(smp_load_acquire(y) == 1)', 'assert(smp_load_acquire(x) == 1)']);
  // Weakening the release or the wait's acquire breaks MP; the last acquire orders nothing after it.
  assert.deepEqual(ordering.map((s) => explore(ablate(p, s)).verdict), ['violation', 'violation', 'safe']);
});

test('a wait nobody can satisfy is a deadlock, not a silently dropped execution', () => {
  const o = run(`
scenario: stuck
cpus: 2
memory_model: lkmm
state:
  cells: { y: 0 }
programs:
  cpu 0:
    - wait_until(READ_ONCE(y) == 2)
  cpu 1:
    - WRITE_ONCE(y, 1)
`);
  assert.deepEqual(kinds(o), ['deadlock']);
});

/** CPU 0 runs `body` in a loop `n` times (bound `bound`), then `after`; CPU 1 writes x = 1. */
const loop = (n: number, bound: number, body: string, after: string): string => `
scenario: loop
cpus: 2
memory_model: lkmm
state:
  cells: { x: 0 }
programs:
  cpu 0:
    - i = 0
    - while i < ${n}:
        - ${body}
        - i = i + 1
      bound: ${bound}
    ${after}
  cpu 1:
    - WRITE_ONCE(x, 1)
`;

test('a bounded loop runs to its bound; past it, a livelock as under SC', () => {
  const text = (bound: number): string => loop(3, bound, 'WRITE_ONCE(x, i)', '- assert(READ_ONCE(x) >= 1)');
  assert.equal(run(text(3)).verdict, 'safe');
  assert.deepEqual(kinds(run(text(2))), ['livelock']);
});

const publishFree = (reader: string, writer: string): string => `
scenario: uaf
cpus: 2
memory_model: lkmm
state:
  objects:
    head: { p: obj }
    obj: { v: 1 }
  cells: { done: 0 }
programs:
  cpu 0:
    - q = READ_ONCE(head->p)
    - if q != NULL:
        - r = READ_ONCE(q->v)
    ${reader}
  cpu 1:
    - WRITE_ONCE(head->p, NULL)
    ${writer}
    - free(obj)
`;

test('use-after-free: a free not ordered after the reader; ordered by release/acquire it is safe', () => {
  assert.deepEqual(kinds(run(publishFree('- WRITE_ONCE(done, 1)', '- wait_until(READ_ONCE(done) == 1)'))), ['use-after-free']);
  assert.equal(run(publishFree('- smp_store_release(done, 1)', '- wait_until(smp_load_acquire(done) == 1)')).verdict, 'safe');
});

test('double free', () => {
  const o = run(`
scenario: df
cpus: 2
memory_model: lkmm
state:
  objects:
    obj: { v: 1 }
programs:
  cpu 0:
    - free(obj)
  cpu 1:
    - free(obj)
`);
  assert.deepEqual(kinds(o), ['double-free']);
});

const irq = (task: string): string => `
scenario: irq
cpus: 1
memory_model: lkmm
state:
  cells: { x: 0 }
programs:
  cpu 0:
${task}
interrupts:
  - kind: irq
    name: bump
    cpus: [0]
    max: 1
    run:
      - WRITE_ONCE(x, READ_ONCE(x) + 1)
`;

test('an IRQ handler fires between two task steps while IRQs are on, not while they are off', () => {
  const on = irq('    - r = READ_ONCE(x)\n    - WRITE_ONCE(x, r + 1)\n    - assert(READ_ONCE(x) == 2)');
  assert.deepEqual(kinds(run(on)), ['assertion'], 'lost update: the IRQ fires between the read and the write');
  const off = irq('    - local_irq_save(flags)\n    - r = READ_ONCE(x)\n    - WRITE_ONCE(x, r + 1)\n    - local_irq_restore(flags)\n    - assert(READ_ONCE(x) >= 1)');
  assert.equal(run(off).verdict, 'safe');
});

test('a spin_lock() taken by an IRQ handler that interrupts its holder is a deadlock', () => {
  const o = run(`
scenario: self
cpus: 1
memory_model: lkmm
state:
  locks: { l: spinlock }
programs:
  cpu 0:
    - spin_lock(l)
    - spin_unlock(l)
interrupts:
  - kind: irq
    name: taker
    cpus: [0]
    max: 1
    run:
      - spin_lock(l)
      - spin_unlock(l)
`);
  assert.deepEqual(kinds(o), ['deadlock']);
});

test('rwlocks are refused with a reason, never run as something else', () => {
  const o = run(`
scenario: rw
cpus: 1
memory_model: lkmm
state:
  locks: { l: rwlock }
programs:
  cpu 0:
    - read_lock(l)
    - read_unlock(l)
`);
  assert.equal(o.verdict, 'inconclusive');
  assert.equal(o.bound, 'unsupported');
  assert.match(o.note ?? '', /read_lock/);
});

test('the deadline stops the search while it is still generating paths (2^40 of them here)', () => {
  const p = programOf(loop(40, 40, 'r = READ_ONCE(x)', ''));
  let t = 0;
  const o = exploreLkmm(p, { maxStates: 1_000_000, now: () => t++, deadlineMs: 100, seed: 0 });
  assert.equal(o.bound, 'deadline');
  assert.equal(o.verdict, 'inconclusive');
});

test('the seed race\'s bucket-refcount moves to use-after-free under lkmm; atomic_set_release() closes it', () => {
  // scenarios/lockdep/key-race.yaml, nothing nesting. The writer's atomic_set(&refcount, 1) is no
  // release: CPU 0's atomic_inc_not_zero() can read it and still read the old bucket->first (the
  // unlink is not ordered before the count), then oldkey->next after the free. With a release the
  // unlink is cumul-fence before inc_not_zero's write (po-rel, then rmw-sequence), whose Mb orders the
  // reader's later read of bucket->first: a pb cycle (linux-kernel.cat, propagation).
  const text = readFileSync('scenarios/lockdep/key-race.yaml', 'utf8');
  const cell = (t: string): Program => {
    const l = loadScenario('scenarios/lockdep/key-race.yaml', t, { memoryModel: 'lkmm' });
    if (!l.ok) throw new Error(JSON.stringify(l.errors));
    return l.value.cases.find((c) => c.variant === 'key-race' && c.strategy === 'bucket-refcount')!.program;
  };
  assert.deepEqual(kinds(explore(cell(text))), ['use-after-free']);
  assert.ok(text.includes('- atomic_set(&refcount, 1)'));
  assert.equal(explore(cell(text.replace('- atomic_set(&refcount, 1)', '- atomic_set_release(&refcount, 1)'))).verdict, 'safe');
});

test('an NMI fires inside a local_irq_save() region, an IRQ does not', () => {
  const region = (kind: string): string => `
scenario: nmi
memory_model: lkmm
cpus: 1
state: { cells: { x: 0 } }
programs:
  cpu 0:
    - local_irq_save(flags)
    - WRITE_ONCE(x, 1)
    - WRITE_ONCE(x, 0)
    - local_irq_restore(flags)
interrupts:
  - kind: ${kind}
    name: peek
    cpus: [0]
    max: 1
    run:
      - assert(READ_ONCE(x) == 0)
`;
  assert.equal(run(region('irq')).verdict, 'safe');
  assert.deepEqual(kinds(run(region('nmi'))), ['assertion']);
});
