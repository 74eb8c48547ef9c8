// Large files under the 1 MiB limit, for what they must report (test/e2e/large-input.e2e.test.ts
// bounds how long they take): a body with 140,000 mistakes, state past the memory bound, a
// pasted paragraph as a name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario } from './load.js';
import { MAX_MEMORY_WORDS } from './read-state.js';

function errorsOf(text: string): { message: string; start: number }[] {
  const r = loadScenario('big.yaml', text);
  assert.equal(r.ok, false, 'expected the file to be refused');
  return r.ok ? [] : r.errors.map((e) => ({ message: e.message, start: e.span.start }));
}

test('a duplicate among 75,000 constants is reported where it is', () => {
  const lines = ['cpus: 1', 'programs:', '  cpu 0: [smp_mb()]', 'constants:'];
  for (let i = 0; i < 75_000; i++) lines.push(`  k${i}: ${i}`);
  lines.push('  k17: 0');
  const text = lines.join('\n') + '\n';
  assert.deepEqual(errorsOf(text), [{ message: "duplicate key 'k17'", start: text.lastIndexOf('k17') }]);
});

test('a body with 140,000 mistakes gives the first 50 of them, not a stack overflow', () => {
  const text = 'cpus: 1\nprograms:\n  cpu 0:\n' + '  - (\n'.repeat(140_000);
  const e = errorsOf(text);
  assert.equal(e.length, 51);
  assert.equal(e[50]!.message, 'too many errors: 139950 more not shown');
});

test('20,000 arrays of 1024 elements are refused at the one that passes the memory bound', () => {
  const lines = ['cpus: 1', 'state:', '  arrays:'];
  for (let i = 0; i < 20_000; i++) lines.push(`    a${i}: {size: 1024}`);
  lines.push('programs:', '  cpu 0: [smp_mb()]');
  const text = lines.join('\n') + '\n';
  const at = MAX_MEMORY_WORDS / 1024;
  assert.deepEqual(errorsOf(text), [{ message: `the state is too large: ${MAX_MEMORY_WORDS + 1024} memory words with 'a${at}'`, start: text.indexOf(`a${at}:`) }]);
});

test("a strategy's state counts with the scenario's, and per-CPU cells at the most CPUs a variant has", () => {
  const arrays = (prefix: string, n: number, size: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}: {size: ${size}}`).join(', ');
  const strategy = (n: number) => `cpus: 1\nstate: {arrays: {${arrays('a', 10, '[4, 1024]')}}}\nprograms:\n  cpu 0: [smp_mb()]\nstrategies:\n  s: {state: {arrays: {${arrays('b', n, '[4, 1024]')}}}}\n`;
  assert.ok(loadScenario('m.yaml', strategy(6)).ok, 'exactly the bound');
  const text = strategy(7);
  assert.deepEqual(errorsOf(text), [{ message: "the state is too large: 69632 memory words with 'b6'", start: text.indexOf('b6:') }]);
  const percpu = (n: number) => `cpus: 1\nstate: {percpu: {${arrays('p', n, '256')}}}\nprograms:\n  cpu 0: [smp_mb()]\nvariants:\n  one: {}\n  many: {cpus: 16}\n`;
  assert.ok(loadScenario('m.yaml', percpu(16)).ok);
  assert.deepEqual(errorsOf(percpu(17)).map((e) => e.message), ["the state is too large: 69632 memory words with 'p16'"]);
});

test('a 500 KB name is refused at once, and the message shows only its start', () => {
  const name = 'a'.repeat(500_000);
  for (const text of [`cpus: 1\nprograms:\n  cpu 0: ["${name}()"]\n`, `cpus: 1\nstate: {cells: {${name}: 0}}\nprograms:\n  cpu 0: [smp_mb()]\n`]) {
    const e = errorsOf(text);
    assert.equal(e.length, 1);
    assert.match(e[0]!.message, /^the name 'a+…' is 500000 characters long$/);
    assert.ok(e[0]!.message.length < 120, e[0]!.message);
  }
});
