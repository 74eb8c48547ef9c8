// The reader's rules for what parses but means nothing (a CPU given two programs under two
// spellings, expectations that contradict themselves or observe no condition, empty lists), and
// its suggestions for misspelt keywords.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readScenario } from './parse.js';

function messages(text: string): string[] {
  return readScenario('p.yaml', text).errors.map((e) => e.message);
}

const head = 'cpus: 2\nstate: { cells: { x: 0 } }\n';

test('one CPU under two spellings of its key is an error, however it is spelt', () => {
  for (const [a, b] of [['cpu 0', 'cpu 00'], ['cpu 0', 'cpu  0'], ['cpu 1', 'cpu 001'], ['cpu *', 'cpu  *']]) {
    const what = a.endsWith('*') ? "'cpu *'" : `CPU ${Number(a.slice(4))}`;
    assert.deepEqual(messages(`${head}programs:\n  ${a}: [smp_mb()]\n  ${b}: [smp_mb()]\n`), [`'${b}' names ${what} again, after '${a}'`], b);
  }
  assert.equal(readScenario('p.yaml', `${head}programs:\n  cpu 0: [smp_mb()]\n  cpu 00: [smp_mb()]\n`).lowerable, false, 'which program counts is a guess');
  // The same key twice is yaml's duplicate, reported once.
  assert.deepEqual(messages(`${head}programs:\n  cpu 0: [smp_mb()]\n  cpu 0: [smp_mb()]\n`), ["duplicate key 'cpu 0'"]);
});

test("an expectation that contradicts itself is an error: 'safe' with a kind, two observations", () => {
  assert.deepEqual(messages(`${head}programs: { cpu 0: [smp_mb()] }\nexpect: { default: [safe, deadlock] }\n`), ["'safe' cannot be combined with other verdicts"]);
  assert.deepEqual(messages(`${head}programs: { cpu 0: [smp_mb()] }\nfinal: { exists: x == 1 }\nexpect: { default: [sometimes, never] }\n`), ["'never' and 'sometimes' in one expectation"]);
  assert.deepEqual(messages(`${head}programs: { cpu 0: [smp_mb()] }\nexpect: { default: [safe] }\n`), []);
});

test('an observation needs a final condition, of the scenario or of its variant', () => {
  const programs = 'programs: { cpu 0: ["WRITE_ONCE(x, 1)"] }\n';
  assert.deepEqual(messages(`${head}${programs}expect: { default: [deadlock, always] }\n`), ["'always' needs a final condition"]);
  assert.deepEqual(messages(`${head}${programs}final: { exists: x == 1 }\nexpect: { default: sometimes }\n`), []);
  const variants = 'variants:\n  with: { final: { never: x == 2 }, expect: { default: never } }\n  without: { expect: { default: never } }\n';
  assert.deepEqual(messages(`${head}${programs}${variants}`), ["'never' needs a final condition"]);
  assert.deepEqual(messages(`${head}${programs}final: { exists: x == 1 }\n${variants}`), []);
});

test('empty programs, an interrupt on no CPU or at no label, and two interrupts of one name are errors', () => {
  assert.deepEqual(messages(`${head}programs: {}\n`), ["'programs' is empty"]);
  assert.deepEqual(messages(`${head}programs:\n`), ["'programs' is empty"]);
  const irq = (extra: string) => `${head}programs: { cpu 0: [smp_mb()] }\ninterrupts:\n${extra}`;
  assert.deepEqual(messages(irq('  - { kind: irq, cpus: [], run: [] }\n')), ["'cpus' names no CPU: the interrupt would never fire"]);
  assert.deepEqual(messages(irq('  - { kind: irq, at: [], run: [] }\n')), ["'at' names no label: the interrupt would never fire"]);
  assert.deepEqual(messages(irq('  - { kind: irq, name: t, run: [] }\n  - { kind: nmi, name: t, run: [] }\n')), ["two interrupts are named 't'"]);
  // An interrupt without a name is named after its kind and index, which another may have taken.
  const r = readScenario('p.yaml', irq('  - { kind: irq, name: irq1, run: [] }\n  - { kind: irq, run: [] }\n'));
  assert.deepEqual(r.errors.map((e) => [e.message, e.hint]), [["two interrupts are named 'irq1'", "an interrupt without 'name' is named after its kind and its index, here 'irq1'"]]);
  // A variant's list is a list of its own.
  assert.deepEqual(messages(`${irq('  - { kind: irq, name: t, run: [] }\n')}variants:\n  v: { interrupts: [{ kind: irq, name: t, run: [] }] }\n`), []);
});

test('a misspelt compound keyword gets a suggestion: transpositions too', () => {
  const body = (key: string) => `cpus: 1\nprograms:\n  cpu 0:\n    - ${key}:\n        - smp_mb()\n`;
  const hint = (key: string) => readScenario('p.yaml', body(key)).errors.map((e) => e.hint);
  assert.deepEqual(hint('whle x == 0'), ["did you mean 'while'?"]);
  assert.deepEqual(hint('fi x == 0'), ["did you mean 'if'?"]);
  assert.deepEqual(hint('If x == 0'), ["did you mean 'if'?"]);
  assert.deepEqual(hint('fro c in cpus'), ["did you mean 'for'?"]);
  assert.deepEqual(readScenario('p.yaml', 'cpus: 1\nprograms:\n  cpu 0:\n    - lable: a\n').errors.map((e) => e.hint), ["did you mean 'label'?"]);
  assert.deepEqual(hint('x = 1'), [undefined]);
});
