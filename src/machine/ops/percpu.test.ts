// Per-CPU operations by include/linux/percpu-defs.h and include/asm-generic/percpu.h: this_cpu_*
// act on the running CPU's slot, per_cpu(var, cpu) names CPU cpu's; this_cpu_inc() is safe
// against an IRQ on its own CPU (IRQs off around its load and store) but not against a remote
// writer of the slot.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario } from '../../scenario/load.js';
import { explore, programOf } from '../../testing/inline.js';

const yaml = (progs: string[][], extra: string[] = []): string => [`cpus: ${progs.length}`, 'state:', '  percpu: { cnt: 0 }', '  cells: { x: 0 }', 'programs:',
  ...progs.flatMap((b, i) => [`  cpu ${i}:`, ...b.map((s) => `    - ${JSON.stringify(s)}`)]), ...extra].join('\n') + '\n';
const kinds = (y: string): string[] => [...new Set(explore(programOf(y)).findings.map((f) => f.violation.kind))].sort();

test("this_cpu_* act on the running CPU's slot; per_cpu(var, cpu) reads and writes CPU cpu's", () => {
  assert.deepEqual(kinds(yaml([['this_cpu_inc(cnt)', 'this_cpu_add(cnt, 5)', 'this_cpu_dec(cnt)', 'this_cpu_sub(cnt, 2)', 'r = this_cpu_read(cnt)', 'assert(r == 3)'],
    ['this_cpu_write(cnt, 7)', 'per_cpu(cnt, 1) = per_cpu(cnt, 1) + 1', 'assert(per_cpu(cnt, 1) == 8 && READ_ONCE(cnt[1]) == 8)']])), []);
  assert.deepEqual(kinds(yaml([['this_cpu_inc(cnt)', 'assert(this_cpu_read(cnt) == 2)']])), ['assertion']);
});

test('this_cpu_inc is safe against an IRQ on its own CPU that increments the same slot', () => {
  const irq = ['interrupts:', '  - kind: irq', '    cpus: [0]', '    max: 1', '    run:', '      - "this_cpu_inc(cnt)"', '      - "WRITE_ONCE(x, 1)"'];
  const check = ['wait_until(READ_ONCE(x) == 1)', 'assert(READ_ONCE(cnt[0]) == 2)'];
  assert.deepEqual(kinds(yaml([['this_cpu_inc(cnt)', ...check]], irq)), []);
  // A plain load and store in its place loses the IRQ's increment in some run.
  assert.deepEqual(kinds(yaml([['r = READ_ONCE(cnt[0])', 'WRITE_ONCE(cnt[0], r + 1)', ...check]], irq)), ['assertion']);
});

test('a remote writer of the slot can lose this_cpu_inc (not atomic against other CPUs)', () => {
  // per_cpu() is a plain access: the remote store races with the slot's owner (machine/race.ts).
  assert.deepEqual(kinds(yaml([['this_cpu_inc(cnt)', 'WRITE_ONCE(x, 1)'], ['per_cpu(cnt, 0) = 5', 'wait_until(READ_ONCE(x) == 1)', 'assert(per_cpu(cnt, 0) != 1)']])), ['assertion', 'data-race']);
});

test('a per-CPU operation on a plain cell is refused with its place', () => {
  const r = loadScenario('p.yaml', yaml([['this_cpu_inc(x)']]));
  assert.ok(!r.ok && r.errors.some((e) => e.message === 'this_cpu_inc() takes a per-CPU variable'), JSON.stringify(!r.ok && r.errors));
});
