// The Promela exporter: a golden model for a small scenario (UPDATE_GOLDEN=1 rewrites it), the
// moves it maps back from trail lines, and refusals with a reason for what it cannot express.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { LineIndex } from '../../src/common/span.js';
import { loadScenario } from '../../src/scenario/load.js';
import { exportPromela } from '../../src/spin/promela.js';
import { programOf as inlineProgram } from '../../src/testing/inline.js';
import { repoRoot } from '../../src/testing/repo-root.js';

const update = process.env.UPDATE_GOLDEN === '1';

function programOf(file: string, variant?: string) {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const l = loadScenario(file, text);
  if (!l.ok) throw new Error(`${file} does not load`);
  const c = l.value.cases.find((x) => variant === undefined || x.variant === variant)!;
  return { program: c.program, lines: new LineIndex(text) };
}

describe('exportPromela', () => {
  test('the model of a small scenario matches its golden file', () => {
    const { program, lines } = programOf('test/fixtures/spin/irq-free.yaml');
    const r = exportPromela(program, { lines });
    assert.ok(r.ok);
    const golden = join(repoRoot, 'test/golden/spin/irq-free.pml');
    if (update || !existsSync(golden)) {
      assert.ok(update, `missing golden file ${golden} (run UPDATE_GOLDEN=1)`);
      mkdirSync(dirname(golden), { recursive: true });
      writeFileSync(golden, r.text);
    }
    assert.equal(r.text, readFileSync(golden, 'utf8'));
  });

  test('every do-loop option that is a move sits on a line the move map names, with its source line', () => {
    const { program, lines } = programOf('test/fixtures/spin/irq-free.yaml');
    const r = exportPromela(program, { lines });
    assert.ok(r.ok);
    const text = r.text.split('\n');
    const optionLines = text.flatMap((l, i) => (/^\s*:: d_step \{/.test(l) ? [i + 1] : []));
    assert.deepEqual([...r.moves.keys()].sort((a, b) => a - b), optionLines);
    // CPU 0: 4 steps; CPU 1: 7 (synchronize_rcu is two, spin_lock disables preemption first);
    // the handler's one step, and its firing.
    assert.equal(optionLines.length, 13);
    assert.match(text[optionLines[0]! - 1]!, /irq-free\.yaml:14: rcu_read_lock\(\)/);
    assert.deepEqual([...r.moves.values()].filter((m) => m.kind === 'irq'), [{ kind: 'irq', cpu: 0, handler: 0 }]);
  });

  test('a TSO model has a store buffer per CPU and a drain move per CPU, and matches its golden file', () => {
    const { program, lines } = programOf('scenarios/litmus/SB.yaml', 'tso');
    const r = exportPromela(program, { lines });
    assert.ok(r.ok, !r.ok ? r.reason : '');
    assert.deepEqual([...r.moves.values()].filter((m) => m.kind === 'drain'), [{ kind: 'drain', cpu: 0 }, { kind: 'drain', cpu: 1 }]);
    // Each store enters the buffer; each load forwards from the CPU's own newest entry first.
    assert.match(r.text, /sbl\[0 \+ sbn\[0\]\] = 0; sbv\[0 \+ sbn\[0\]\] = 1; sbn\[0\] = sbn\[0\] \+ 1;/);
    assert.match(r.text, /\(\(sbn\[0\] > 0 && sbl\[0\] == \(1\)\) -> sbv\[0\] : m\[1\]\)/);
    // A final state has every buffer drained.
    assert.match(r.text, /-> break/);
    assert.match(r.text, /&& \(sbn\[0\] == 0\) && \(sbn\[1\] == 0\) -> break/);
    const golden = join(repoRoot, 'test/golden/spin/sb-tso.pml');
    if (update || !existsSync(golden)) {
      assert.ok(update, `missing golden file ${golden} (run UPDATE_GOLDEN=1)`);
      writeFileSync(golden, r.text);
    }
    assert.equal(r.text, readFileSync(golden, 'utf8'));
  });

  test('TSO with a store buffer smaller than a context may fill is refused: raceway reports that bound, the model would block', () => {
    const { program } = programOf('scenarios/litmus/SB.yaml', 'tso');
    const r = exportPromela({ ...program, storeBufferSize: 0 });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.reason : '', /may buffer 1 stores, more than store_buffer_size 0/);
  });

  test('TSO with a softirq: its stores pile on its task\'s in one buffer, and the sum is what must fit', () => {
    // The task leaves a store in the buffer; a softirq on IRQ exit buffers two more on top of it
    // (ops/softirq.ts: no drain at its entry or exit). Each code alone needs 2, the default size.
    const yaml = [
      'cpus: 1', 'memory_model: tso', 'state:', '  cells: { x: 0, y: 0, z: 0 }', 'programs:', '  cpu 0: ["WRITE_ONCE(x, 1)", "WRITE_ONCE(z, 1)"]',
      'interrupts:', '  - kind: softirq', '    cpus: [0]', '    run: ["WRITE_ONCE(y, 1)", "WRITE_ONCE(y, 2)"]',
    ].join('\n') + '\n';
    const program = inlineProgram(yaml);
    assert.equal(program.storeBufferSize, 2);
    const r = exportPromela(program);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.reason : '', /may buffer 4 stores, more than store_buffer_size 2/);
  });

  test('the LKMM is refused with a reason, never approximated', () => {
    const { program } = programOf('scenarios/litmus/SB.yaml', 'tso');
    const r = exportPromela({ ...program, memoryModel: 'lkmm' });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.reason : '', /memory_model lkmm is not supported/);
  });

  test('a program whose runs may pass max_steps is refused: the model has no step counter', () => {
    const { program } = programOf('test/fixtures/spin/irq-free.yaml');
    const r = exportPromela({ ...program, maxSteps: 3 });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.reason : '', /more than max_steps 3/);
  });

  test('a wait_until on an atomic is guarded dry (its result, no write), and the step performs it', () => {
    const r = exportPromela(inlineProgram(`
cpus: 1
state: { cells: { refcount: 1 } }
programs:
  cpu 0: ["wait_until(atomic_inc_not_zero(&refcount))"]
`));
    assert.ok(r.ok, !r.ok ? r.reason : '');
    const option = r.text.split('\n').find((l) => l.includes(':: d_step {'))!;
    assert.match(option, /&& \(\(\(m\[0\] != \(0\)\)\) != 0\) ->/); // atomic_add_unless(v, 1, 0): v != u
    assert.match(r.text, /if :: tmp\[\d\] != 0 -> m\[0\] = tmp\[\d\] \+ 1/);
  });
});
