// Tasks, preemption and sleeping (ops/sched.ts): a second task on a CPU runs only where the kernel
// may preempt, within the scenario's `preemptions:` bound (a bound that cut runs off is reported,
// never `safe`); schedule() sleeps until wake_up_process(); a task asleep for good is a lost
// wakeup; sleeping in atomic context is the kernel's "sleeping function called from invalid context".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exhaustiveExplorer } from '../../explore/exhaustive.js';
import { judge } from '../../explore/judge.js';
import { layoutOf } from '../layout.js';
import { explore, kinds, programOf, testBudget } from '../../testing/inline.js';

/** Two tasks on CPU 0 bump a counter with a plain load and store; CPU 1 only watches. */
const counter = (cpu0: string[], other: string[], preemptions?: number): string => [
  'cpus: 1', ...(preemptions !== undefined ? [`preemptions: ${preemptions}`] : []), 'state:', '  cells: { n: 0 }',
  'programs:', '  cpu 0:', ...cpu0.map((s) => `    - ${JSON.stringify(s)}`),
  '  task other on cpu 0:', ...other.map((s) => `    - ${JSON.stringify(s)}`),
  'final:', '  never: n != 2',
].join('\n') + '\n';

const BUMP = ['r = READ_ONCE(n)', 'WRITE_ONCE(n, r + 1)'];

test('a second task on a CPU preempts the first between two steps: a lost update', () => {
  const o = explore(programOf(counter(BUMP, BUMP, 4)));
  assert.equal(judge(o, ['never']), 'unmet', 'the preempted read-modify-write loses an increment');
});

test('preempt_disable(), local_irq_disable() and spin_lock() keep the other task out', () => {
  for (const [on, off] of [['preempt_disable()', 'preempt_enable()'], ['local_irq_disable()', 'local_irq_enable()']]) {
    const o = explore(programOf(counter([on!, ...BUMP, off!], [on!, ...BUMP, off!], 4)));
    assert.equal(o.bound, undefined, `${on}: four preemptions are more than any run can take`);
    assert.equal(judge(o, ['never']), 'met', on);
  }
  const locked = counter(['spin_lock(l)', ...BUMP, 'spin_unlock(l)'], ['spin_lock(l)', ...BUMP, 'spin_unlock(l)'], 4).replace('  cells: { n: 0 }', '  cells: { n: 0 }\n  locks: { l: spinlock }');
  assert.equal(judge(explore(programOf(locked)), ['never']), 'met', 'spin_lock');
});

test('a search cut off by the preemption bound is inconclusive, never safe', () => {
  const o = explore(programOf(counter(BUMP, BUMP, 0)));
  assert.equal(o.bound, 'task-preemptions');
  assert.equal(o.verdict, 'inconclusive');
  assert.equal(judge(o, ['never']), 'inconclusive');
});

test('a program without tasks has no scheduler words', () => {
  const p = programOf('cpus: 2\nstate:\n  cells: { x: 0 }\nprograms:\n  cpu 0: [ "WRITE_ONCE(x, 1)" ]\n  cpu 1: [ "r = READ_ONCE(x)" ]\n');
  assert.equal(p.sched, undefined);
  assert.equal(layoutOf(p).schedBase, -1);
});

const sleeper = (wait: string[], model = 'sc'): string => [
  'cpus: 2', `memory_model: ${model}`, 'state:', '  cells: { done: 0 }', 'programs:',
  '  task sleeper on cpu 0:', ...wait.map((s) => `    - ${JSON.stringify(s)}`),
  '  cpu 1:', '    - WRITE_ONCE(done, 1)', '    - wake_up_process(sleeper)',
].join('\n') + '\n';

test('testing the condition before set_current_state() loses the wakeup; the kernel order does not', () => {
  const late = ['if !READ_ONCE(done):', '  - set_current_state(TASK_UNINTERRUPTIBLE)', '  - schedule()'];
  // A list item with a nested body is written as YAML text, not as a quoted string.
  const yaml = (body: string[], model = 'sc'): string => sleeper([], model).replace('  task sleeper on cpu 0:\n', `  task sleeper on cpu 0:\n${body.map((s) => `    ${s.startsWith('  ') ? '  ' + s : '- ' + s}`).join('\n')}\n`);
  assert.deepEqual(kinds(explore(programOf(yaml(late)))), ['lost-wakeup']);
  const right = ['set_current_state(TASK_UNINTERRUPTIBLE)', 'if !READ_ONCE(done):', '  - schedule()', '__set_current_state(TASK_RUNNING)'];
  assert.deepEqual(kinds(explore(programOf(yaml(right)))), []);
  assert.deepEqual(kinds(explore(programOf(yaml(right, 'tso')))), []);
  const bare = ['__set_current_state(TASK_UNINTERRUPTIBLE)', 'if !READ_ONCE(done):', '  - schedule()', '__set_current_state(TASK_RUNNING)'];
  assert.deepEqual(kinds(explore(programOf(yaml(bare)))), [], 'SC keeps the store before the load');
  assert.deepEqual(kinds(explore(programOf(yaml(bare, 'tso')))), ['lost-wakeup'], 'TSO lets the load pass the buffered store');
});

test('sleeping under a spinlock, with IRQs or preemption off, or in an RCU reader is a misuse named as the kernel names it', () => {
  for (const before of ['spin_lock(l)', 'local_irq_disable()', 'preempt_disable()', 'rcu_read_lock()']) {
    const yaml = sleeper([before, 'msleep(1)']).replace('  cells: { done: 0 }', '  cells: { done: 0 }\n  locks: { l: spinlock }');
    const o = explore(programOf(yaml));
    assert.deepEqual(kinds(o), ['misuse'], before);
    const v = o.findings[0]!.violation;
    assert.match(v.kind === 'misuse' ? v.reason : '', /^sleeping function called from invalid context/, before);
  }
});

test('the reduced search finds the same verdicts on programs with tasks', () => {
  const reduced = exhaustiveExplorer({ reduction: true });
  const p = programOf(counter(BUMP, BUMP, 4));
  assert.deepEqual(kinds(reduced.explore(p, testBudget())), kinds(explore(p)));
});
