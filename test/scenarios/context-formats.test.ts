// Golden files for the counterexamples of issue 19's execution contexts in every format: context
// switches (`<Context switch> to task NAME`), sleeps (`<Sleep>`) and wakeups (`<Wakeup> task NAME`)
// marked in the CPU's column, softirq entries and RCU callback runs nested and tagged as IRQs are,
// the task that took each step named in JSON (test/golden/contexts/<scenario>.<variant>.<strategy>.<format>);
// UPDATE_GOLDEN=1 rewrites them. Each SVG must be well-formed with nothing drawn outside its box.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { LineIndex } from '../../src/common/span.js';
import type { Finding } from '../../src/explore/explorer.js';
import type { Program } from '../../src/machine/program.js';
import { plain } from '../../src/report/paint.js';
import { renderFinding } from '../../src/report/render-finding.js';
import { loadScenario } from '../../src/scenario/load.js';
import { explore } from '../../src/testing/inline.js';
import { formatGoldenTests } from '../../src/testing/format-goldens.js';
import { repoRoot } from '../../src/testing/repo-root.js';

/** The cells rendered, by file, variant and strategy: one of each kind of context. */
const CELLS: readonly [string, string, string][] = [
  ['scenarios/sched/hazptr-preempt.yaml', 'sched-hazptr-preempt', 'hazptr-head'], // context switches
  ['scenarios/sched/lost-wakeup.yaml', 'sc', 'test-first'], // a sleep, a wakeup that finds the task running
  ['scenarios/sched/lost-wakeup.yaml', 'tso', 'no-barrier'], // a sleep and a buffered store
  ['scenarios/softirq/spin-lock-bh.yaml', 'spin-lock-bh', 'spin_lock'], // a softirq on the lock holder's CPU
  ['scenarios/rcu/call-rcu-list-del.yaml', 'call-rcu-list-del', 'use_after_unlock'], // an RCU callback run
];

/** A wakeup that wakes, then a context switch to the woken task on its idle CPU (no shipped trace has one). */
const WAKEUP = `scenario: wakeup
cpus: 2
state:
  cells: { x: 0 }
programs:
  task sleeper on cpu 0:
    - set_current_state(TASK_UNINTERRUPTIBLE)
    - schedule()
    - assert(READ_ONCE(x) == 0)
  task waker on cpu 1:
    - wake_up_process(sleeper)
    - WRITE_ONCE(x, 1)
`;

interface Cell { readonly name: string; readonly program: Program; readonly finding: Finding; readonly lines: LineIndex }

const cells: Cell[] = [...CELLS, ['wakeup.yaml', 'wakeup', 'wakeup'] as const].map(([file, variant, strategy]) => {
  const text = file === 'wakeup.yaml' ? WAKEUP : readFileSync(join(repoRoot, file), 'utf8');
  const loaded = loadScenario(file, text);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const c = file === 'wakeup.yaml' ? loaded.value.cases[0] : loaded.value.cases.find((x) => x.variant === variant && x.strategy === strategy);
  if (!c) throw new Error(`${file}: no cell ${variant} ${strategy}`);
  const finding = explore(c.program).findings[0];
  if (!finding) throw new Error(`${file}: ${variant} ${strategy} finds no violation`);
  return { name: `${loaded.value.ast.name}.${variant}.${strategy}`, program: c.program, finding, lines: new LineIndex(text) };
});

describe('counterexample formats of the execution contexts (issue 19)', () => {
  formatGoldenTests(join(repoRoot, 'test/golden/contexts'), cells);
  test('the goldens hold each context mark', () => {
    const all = cells.map((c) => renderFinding('table', c.program, c.finding, c.lines, plain)).join('\n');
    for (const mark of ['<Context switch> to task', '<Sleep>', '<Wakeup> task sleeper', '<Softirq>', '<RCU callback>', '[SOFTIRQ]']) assert.ok(all.includes(mark), mark);
  });
});
