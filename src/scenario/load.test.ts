import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario, lowerCases, validateScenario } from './load.js';

const scenario = [
  'cpus: 1',
  'state: { cells: { x: 0 } }',
  'procedures:',
  '  reader(): [r = READ_ONCE(x)]',
  'programs:',
  '  cpu 0: [reader()]',
  'strategies:',
  '  plain: {}',
  '  also-plain: {}',
  '  fenced:',
  '    procedures:',
  '      reader(): [smp_mb(), r = READ_ONCE(x)]',
  '  typo:',
  '    procedures:',
  '      reader(): [smp_mbb(), r = READ_ONCE(x)]',
].join('\n') + '\n';

const messages = (r: { ok: boolean; errors?: readonly { message: string }[] }): string[] => (r.ok ? [] : r.errors!.map((e) => e.message));

test('a mistake in one strategy makes the file invalid, whichever strategies are asked for', () => {
  for (const strategies of [['plain'], ['fenced', 'also-plain'], ['nope'], []]) {
    assert.deepEqual(messages(loadScenario('s.yaml', scenario, { strategies })), ["unknown operation 'smp_mbb'"], strategies.join(','));
  }
});

test('a mistake in one variant makes the file invalid, whichever variants are asked for', () => {
  const text = scenario.replace('smp_mbb()', 'smp_mb()') + 'variants:\n  one: {}\n  two:\n    interrupts: [{ kind: irq, run: [spin_lock(x)] }]\n';
  assert.deepEqual(messages(loadScenario('v.yaml', text, { variants: ['one'] })), ["'x' is not a lock"]);
});

test('a valid file gives the cases asked for, in file order, and none for names it lacks', () => {
  const text = scenario.replace('smp_mbb()', 'smp_mb()');
  const r = loadScenario('s.yaml', text, { strategies: ['fenced', 'plain', 'nope'] });
  assert.ok(r.ok);
  assert.deepEqual(r.value.cases.map((c) => c.strategy), ['plain', 'fenced']);
  const none = loadScenario('s.yaml', text, { strategies: ['nope'] });
  assert.ok(none.ok);
  assert.deepEqual(none.value.cases, []);
});

test('cases that lower alike give the same programs as lowering each on its own', () => {
  const text = scenario.replace('smp_mbb()', 'smp_mb()');
  const all = loadScenario('s.yaml', text);
  assert.ok(all.ok);
  for (const c of all.value.cases) {
    const one = loadScenario('s.yaml', text, { strategies: [c.strategy] });
    assert.ok(one.ok);
    assert.deepEqual(one.value.cases[0]!.program, c.program, c.strategy);
  }
  // Strategies with nothing of their own still get programs of their own name.
  assert.deepEqual(all.value.cases.map((c) => [c.strategy, c.program.strategy]), ['plain', 'also-plain', 'fenced', 'typo'].map((s) => [s, s]));
});

test('overrides lower the cases asked for again, and can fail where the file as written does not', () => {
  const text = 'cpus: 2\nprograms:\n  cpu 0: [smp_mb()]\n  cpu 1: [smp_mb()]\n';
  const valid = validateScenario('o.yaml', text);
  assert.ok(valid.ok);
  assert.deepEqual(messages(lowerCases(valid.value, text, { cpus: 1 })), ['CPU 1 does not exist: the machine has 1 CPU']);
  const three = lowerCases(valid.value, text, { cpus: 3 });
  assert.ok(three.ok);
  assert.equal(three.value[0]!.program.cpus, 3);
});

test('a misspelt top-level key is read as the key it was taken for: the mistakes inside it come in the same pass', () => {
  const body = "\n  cpu 0:\n    - WRTIE_ONCE(y, 1)\n  cpu 1:\n    - r = READ_ONCE(x)\n";
  const cells = '\n  cells: { x: 0, y: 0 }\n';
  const cases: [string, string][] = [
    [`cpus: 2\nstate:${cells}progams:${body}`, "unknown key 'progams' in a scenario"],
    [`cpu: 2\nstate:${cells}programs:${body}`, "unknown key 'cpu' in a scenario"],
    // The cells under 'stat:' are the state: x and y are not reported as undefined names.
    [`cpus: 2\nstat:${cells}programs:${body}`, "unknown key 'stat' in a scenario"],
  ];
  for (const [text, key] of cases) assert.deepEqual(messages(validateScenario('s.yaml', text)), [key, "unknown operation 'WRTIE_ONCE'"], text);
});

test('a misspelt key next to the key it was taken for is only reported', () => {
  const text = "cpus: 2\nstate: { cells: { x: 0 } }\nprogams:\n  cpu 0: [smp_mb2()]\nprograms:\n  cpu 0:\n    - WRITE_ONCE(x, 1)\n";
  assert.deepEqual(messages(validateScenario('s.yaml', text)), ["unknown key 'progams' in a scenario"]);
});
