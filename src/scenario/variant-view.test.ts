// A variant that overrides programs, procedures, state or strategies lowers exactly as the
// scenario written out with those changes would; mistakes in what it changes are located lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario, type Case } from './load.js';

function cases(text: string): Case[] {
  const r = loadScenario('v.yaml', text);
  assert.ok(r.ok, r.ok ? '' : r.errors.map((e) => e.message).join('\n'));
  return r.ok ? r.value.cases : [];
}

function errors(text: string): string[] {
  const r = loadScenario('v.yaml', text);
  assert.equal(r.ok, false, 'expected the file to be refused');
  return r.ok ? [] : r.errors.map((e) => e.message);
}

/** The fingerprint of one case: what the machine runs, spans aside. */
const print = (cs: Case[], variant: string, strategy: string): string => cs.find((c) => c.variant === variant && c.strategy === strategy)!.program.fingerprint;

const BASE = `scenario: s
cpus: 2
state:
  cells: { x: 0 }
  objects:
    head: { next: a }
    a: { next: NULL }
procedures:
  reader():
    - r = READ_ONCE(x)
    - hook()
  hook(): []
programs:
  cpu 0: [reader()]
  cpu 1: ["WRITE_ONCE(x, 1)"]
strategies:
  plain: {}
  fenced:
    procedures:
      hook(): [smp_mb()]
`;

test('a variant adds a CPU and its program; the other CPUs keep the scenario\'s', () => {
  const family = cases(`${BASE}variants:\n  v:\n    cpus: 3\n    programs:\n      cpu 2: [reader()]\n`);
  const written = cases(`${BASE.replace('cpus: 2', 'cpus: 3').replace('  cpu 1: ["WRITE_ONCE(x, 1)"]\n', '  cpu 1: ["WRITE_ONCE(x, 1)"]\n  cpu 2: [reader()]\n')}variants:\n  v: {}\n`);
  for (const s of ['plain', 'fenced']) assert.equal(print(family, 'v', s), print(written, 'v', s));
  assert.equal(family.find((c) => c.variant === 'v')!.program.tasks.length, 3);
});

test('a variant replaces a program, a procedure and declarations by name, and the scenario\'s other variants are untouched', () => {
  const text = `${BASE}variants:
  as-written: {}
  changed:
    state:
      cells: { head: 5 }          # an object of the scenario becomes a cell
      objects:
        a: { next: head2 }
        head2: { next: NULL }
    procedures:
      reader():
        - r = READ_ONCE(head)
        - hook()
    programs:
      cpu 1: ["WRITE_ONCE(head, 1)"]
`;
  const family = cases(text);
  const written = cases(`${BASE
    .replace('  cells: { x: 0 }\n  objects:\n    head: { next: a }\n    a: { next: NULL }\n', '  cells: { x: 0, head: 5 }\n  objects:\n    a: { next: head2 }\n    head2: { next: NULL }\n')
    .replace('READ_ONCE(x)', 'READ_ONCE(head)')
    .replace('WRITE_ONCE(x, 1)', 'WRITE_ONCE(head, 1)')}variants:\n  changed: {}\n`);
  for (const s of ['plain', 'fenced']) assert.equal(print(family, 'changed', s), print(written, 'changed', s));
  const base = cases(`${BASE}variants:\n  as-written: {}\n`);
  for (const s of ['plain', 'fenced']) assert.equal(print(family, 'as-written', s), print(base, 'as-written', s));
});

test("a variant's change to a strategy merges over it: its procedures and state replace the strategy's of their names", () => {
  const family = cases(`${BASE}variants:
  v:
    strategies:
      fenced:
        state:
          cells: { y: 0 }
        procedures:
          hook(): ["WRITE_ONCE(y, 1)", smp_mb()]
`);
  const written = cases(`${BASE.replace('      hook(): [smp_mb()]\n', '      hook(): ["WRITE_ONCE(y, 1)", smp_mb()]\n    state:\n      cells: { y: 0 }\n')}variants:\n  v: {}\n`);
  for (const s of ['plain', 'fenced']) assert.equal(print(family, 'v', s), print(written, 'v', s));
});

test('a hook only one variant declares may be replaced by a strategy: it is not misspelt in the others', () => {
  const text = `${BASE}variants:
  one: {}
  two:
    procedures:
      second(): []
    programs:
      cpu 1: [second()]
`.replace('      hook(): [smp_mb()]\n', '      hook(): [smp_mb()]\n      second(): [smp_rmb()]\n');
  assert.equal(cases(text).length, 4);
  // Without the variant that declares it, the same strategy procedure is the mistake it always was.
  assert.match(errors(`${BASE.replace('      hook(): [smp_mb()]\n', '      hook(): [smp_mb()]\n      second(): [smp_rmb()]\n')}`)[0]!, /defines 'second\(\)', which replaces no procedure of the scenario and is never called/);
});

test('a variant cannot add a strategy, nor change the parameters of a procedure it replaces', () => {
  const r = loadScenario('v.yaml', `${BASE}variants:\n  v:\n    strategies:\n      fencd: {}\n    procedures:\n      hook(a): []\n`);
  assert.equal(r.ok, false);
  if (r.ok) return;
  // Lowering then reports the calls to hook() that no longer fit, as with a strategy's mistake.
  const messages = r.errors.map((e) => e.message);
  assert.ok(messages.includes("variant 'v' changes strategy 'fencd', which the scenario does not define"), messages.join('\n'));
  assert.ok(messages.includes("variant 'v' gives 'hook' 1 parameter, the scenario 0"), messages.join('\n'));
  assert.equal(r.errors.find((e) => e.message.includes("'fencd'"))!.hint, "did you mean 'fenced'?");
});

test('a variant program for a CPU its machine lacks is the usual located error', () => {
  assert.deepEqual(errors(`${BASE}variants:\n  v:\n    programs:\n      cpu 2: [reader()]\n`), ['CPU 2 does not exist: the machine has 2 CPUs']);
});
