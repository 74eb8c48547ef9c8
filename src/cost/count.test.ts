// Pins every cost figure to the steps counted for a small scenario checked by hand. The seed
// scenario's writer latencies are pinned on the shipped file, in test/scenarios/count.test.ts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadScenario } from '../scenario/load.js';
import { repoRoot } from '../testing/repo-root.js';
import { countSteps, zeroCounts } from './count.js';
import { percpuArrays } from './percpu.js';
import { parseCostProfile, type CostProfile } from './profile.js';
import { strategyCost } from './strategy-cost.js';

// CPU 0 reads; CPU 1 writes. Each statement's cost is worked out in a comment.
const tiny = (cpus: number): string => `
cpus: ${cpus}
state:
  objects: { o: { f: 1 } }
  percpu: { slot: NULL }
  cells: { n: 0 }
  locks: { l: spinlock }
programs:
  cpu 0:
    - rcu_read_lock()                     # 1 rcu_read_lock
    - WRITE_ONCE(slot[this_cpu], o)       # 1 plain (own slot)
    - smp_mb()                            # 1 smp_mb
    - x = READ_ONCE(o->f)                 # 1 plain
    - y = READ_ONCE(slot[1])              # 1 remote miss (CPU 1's slot, not in a wait)
    - smp_store_release(slot[this_cpu], NULL)  # 1 plain
    - rcu_read_unlock()                   # 1 rcu_read_lock
  cpu 1:
    - local_irq_disable()                 # 1 irq toggle
    - spin_lock(l)                        # 1 preempt toggle (a step of its own), 1 lock acquire
    - atomic_inc(&n)                      # 1 atomic RMW, no plain access
    - spin_unlock(l)                      # 1 lock release and 1 preempt toggle, one step
    - local_irq_enable()                  # 1 irq toggle
    - synchronize_rcu_expedited()         # 1 expedited GP (2 steps: start, wait), an IPI to each other CPU
    - for i in cpus:
        - wait_until(READ_ONCE(slot[i]) != o)   # own slot: plain; every other CPU: one scan
    - synchronize_rcu()                   # 1 normal GP (2 steps)
workload: { reader: 0, writer: 1, writer_calls: 10 }
`;

// Each kind of cost its own decimal digit, so a sum shows every count.
const PROFILE = `
profile: digits
steps: { plain_access: 1, smp_mb: 10, atomic_rmw: 100, lock_acquire: 1000, lock_release: 10000, remote_miss: 100000, rcu_read_lock: 1000000, irq_toggle: 10000000 }
waits: { normal_gp: 1, expedited_gp: 10, hazptr_scan_per_cpu: 100, ipi: 1000 }
`;

function profile(text = PROFILE): CostProfile {
  const r = parseCostProfile('p.yaml', text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.value;
}

function load(text: string, file = 'inline.yaml') {
  const r = loadScenario(file, text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.value;
}

test('the cost schedule counts each kind of step a CPU executes', () => {
  const { ast, cases } = load(tiny(3));
  const p = cases[0]!.program;
  const r = countSteps(p, percpuArrays(ast, p));
  assert.ok(r.ok);
  assert.deepEqual(r.cpus[0], { ...zeroCounts(), steps: 7, plainAccesses: 3, remoteMisses: 1, smpMb: 1, rcuReadLocks: 2 });
  assert.deepEqual(r.cpus[1], { ...zeroCounts(), steps: 13, plainAccesses: 1, atomicRmw: 1, lockAcquires: 1, lockReleases: 1, irqToggles: 4, expeditedGps: 1, ipis: 2, hazptrScans: 2, normalGps: 1 });
});

test('a trylock costs one atomic RMW, taken or not; spin_is_locked a step only', () => {
  const { ast, cases } = load('cpus: 1\nstate: { locks: { l: spinlock, rw: rwlock } }\nprograms:\n  cpu 0: ["r = spin_trylock(l)", "s = spin_trylock(l)", "t = read_trylock(rw)", "u = spin_is_locked(l)"]\n');
  const p = cases[0]!.program;
  const r = countSteps(p, percpuArrays(ast, p));
  assert.ok(r.ok);
  assert.deepEqual(r.cpus[0], { ...zeroCounts(), steps: 4, atomicRmw: 3 });
});

test('the sleeping locks cost a lock acquire or release each; down_write queues in a step of its own that costs nothing', () => {
  const ops = ['mutex_lock(&m)', 'mutex_unlock(&m)', 'r = mutex_trylock(&m)', 'down_read(&sem)', 'up_read(&sem)', 'down_write(&sem)', 'downgrade_write(&sem)', 'up_read(&sem)'];
  const { ast, cases } = load(`cpus: 1\nstate: { locks: { m: mutex, sem: rw_semaphore } }\nprograms:\n  cpu 0: ${JSON.stringify(ops)}\n`);
  const p = cases[0]!.program;
  const r = countSteps(p, percpuArrays(ast, p));
  assert.ok(r.ok);
  assert.deepEqual(r.cpus[0], { ...zeroCounts(), steps: 9, lockAcquires: 4, lockReleases: 4 });
});

test('a wait queue or completion call costs its spinlock, taken and released, and the words it touches', () => {
  const yaml = [
    'cpus: 1', 'state:', '  waits: { wq: wait_queue_head, done: completion }', 'programs:', '  task t on cpu 0:',
    // wake_up: 1 lock, 1 word (the queue); complete: 1 lock, 2 words (done, the queue); the wait
    // that returns at once: 1 lock, 2 words; waitqueue_active: 1 word. A word is a plain access.
    '    - wake_up(&wq)', '    - complete(&done)', '    - wait_for_completion(&done)', '    - r = waitqueue_active(&wq)',
  ].join('\n') + '\n';
  const { ast, cases } = load(yaml);
  const p = cases[0]!.program;
  const r = countSteps(p, percpuArrays(ast, p));
  assert.ok(r.ok);
  assert.deepEqual(r.cpus[0], { ...zeroCounts(), steps: 4, plainAccesses: 6, lockAcquires: 3, lockReleases: 3 });
});

test('each cost figure is the counted steps times the profile, and the workload scales the writer', () => {
  const { ast, cases } = load(tiny(3));
  const c = strategyCost(ast, cases[0]!.program, profile());
  assert.ok(c.ok);
  assert.deepEqual(c.reader.priced, { workNs: 2_100_013, waitNs: 0, totalNs: 2_100_013, ipis: 0, ipiNs: 0 });
  assert.deepEqual(c.writer.priced, { workNs: 40_011_101, waitNs: 211, totalNs: 40_011_312, ipis: 2, ipiNs: 2000 });
  assert.deepEqual(c.totals, { writerCalls: 10, writerNs: 400_113_120, ipis: 20, ipiNs: 20_000, readerCpuShare: null });
});

test('hazard-pointer scans and IPIs grow with the CPU count; grace periods do not', () => {
  const { ast, cases } = load(tiny(9));
  const c = strategyCost(ast, cases[0]!.program, profile());
  assert.ok(c.ok);
  assert.equal(c.writer.counts.hazptrScans, 8);
  assert.equal(c.writer.counts.ipis, 8);
  assert.equal(c.writer.counts.normalGps, 1);
  assert.equal(c.writer.priced.waitNs, 1 + 10 + 8 * 100);
});

test('a workload naming a CPU the machine lacks gives no cost, with the reason', () => {
  const { ast, cases } = load(tiny(2).replace('writer: 1,', 'writer: 5,'));
  const c = strategyCost(ast, cases[0]!.program, profile());
  assert.equal(c.ok, false);
  assert.match(!c.ok ? c.reason : '', /writer is CPU 5, but the machine has 2 CPUs/);
});

test('a profile missing a key or with a negative value is refused with its location', () => {
  const r = parseCostProfile('p.yaml', PROFILE.replace('smp_mb: 10, ', '').replace('ipi: 1000', 'ipi: -1'));
  assert.equal(r.ok, false);
  const messages = !r.ok ? r.errors.map((e) => e.message) : [];
  assert.ok(messages.some((m) => /'steps' has no 'smp_mb'/.test(m)), messages.join('; '));
  assert.ok(messages.some((m) => /'waits.ipi' must be a number of nanoseconds/.test(m)), messages.join('; '));
});

test('the debug-kernel profile also loads', () => {
  assert.equal(profile(readFileSync(join(repoRoot, 'costs/debug-kernel.yaml'), 'utf8')).name, 'debug-kernel');
});
