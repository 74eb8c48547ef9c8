// Hostile and accidental YAML: each gets a clear first error, and the loader never throws.
// (Time bounds are measured by `npm run bench`-style commands, not asserted here.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario } from './load.js';
import { MAX_ALIAS_NODES } from './yaml-document.js';

function firstError(text: string): string {
  const r = loadScenario('h.yaml', text);
  assert.equal(r.ok, false, 'expected the file to be refused');
  return r.ok ? '' : r.errors[0]!.message;
}

/** A billion laughs: ten levels of nine aliases each, 9^10 nodes if anything expanded them. */
export function billionLaughs(levels = 10): string {
  let t = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < levels; i++) t += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  return t;
}

test('an alias bomb (billion laughs) is refused with one line at the alias that expands it too far', () => {
  const text = billionLaughs();
  const r = loadScenario('bomb.yaml', text);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.errors.length, 1);
  // a4 is the first level past 100000 nodes: a0..a3 add 9^k * 10 each, far fewer.
  assert.equal(r.errors[0]!.message, `aliases expand the scenario by more than ${MAX_ALIAS_NODES} nodes (*a4)`);
  assert.equal(r.errors[0]!.span.start, text.indexOf('*a4'));
});

test('a small alias bomb is not refused for its aliases: the limit is on the expansion, not on their use', () => {
  const first = firstError(billionLaughs(4));
  assert.doesNotMatch(first, /alias/);
});

test('an alias inside a real scenario stands for its anchored value', () => {
  const shared = loadScenario('a.yaml', 'cpus: 2\nprograms:\n  cpu 0: &b [smp_mb()]\n  cpu 1: *b\n');
  const written = loadScenario('a.yaml', 'cpus: 2\nprograms:\n  cpu 0: [smp_mb()]\n  cpu 1: [smp_mb()]\n');
  assert.ok(shared.ok && written.ok);
  if (shared.ok && written.ok) assert.equal(shared.value.cases[0]!.program.fingerprint, written.value.cases[0]!.program.fingerprint);
});

test('an alias inside the node it names, or before any anchor, is refused at the alias', () => {
  const inside = 'cpus: 1\nprograms:\n  cpu 0: &b [smp_mb(), *b]\n';
  const r = loadScenario('a.yaml', inside);
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual([r.errors.length, r.errors[0]!.message, r.errors[0]!.span.start], [1, 'alias *b is inside the node it names', inside.indexOf('*b')]);
  assert.equal(firstError('cpus: 1\nprograms:\n  cpu 0: [*zz]\n'), 'alias *zz names no anchor before it');
});

test('duplicate keys, tabs and several documents each get a plain message', () => {
  assert.equal(firstError('cpus: 1\ncpus: 2\nprograms: {}\n'), "duplicate key 'cpus'");
  assert.equal(firstError('cpus: 1\nprograms:\n\tcpu 0: []\n'), 'a tab is used for indentation');
  assert.equal(firstError('cpus: 1\n---\ncpus: 2\n'), "more than one YAML document ('---')");
});

test('an empty, blank or comment-only file is empty; a list or a scalar is not a scenario', () => {
  for (const t of ['', '   \n\n', '# only a comment\n']) assert.equal(firstError(t), 'the file is empty');
  for (const t of ['- cpus: 1\n', '42\n', 'hello\n', '"quoted"\n']) assert.equal(firstError(t), 'a scenario must be a mapping');
});

test('deep flow nesting is refused by the pre-scan, whatever its size', () => {
  for (const n of [65, 10_000, 500_000]) {
    assert.equal(firstError(`cpus: ${'['.repeat(n)}${']'.repeat(n)}\n`), 'the YAML is nested more than 64 levels deep');
  }
  // Brackets inside quotes and comments are not nesting.
  const quoted = `cpus: 1\ndescription: "${'['.repeat(100)}"  # ${'{'.repeat(100)}\nprograms:\n  cpu 0: [smp_mb()]\n`;
  assert.equal(loadScenario('q.yaml', quoted).ok, true);
});

test('deep block nesting and deep expressions end in one error each, not a stack overflow', () => {
  let block = '';
  for (let i = 0; i < 1000; i++) block += `${' '.repeat(i)}a:\n`;
  assert.match(firstError(block), /nested too deeply|unknown key/);
  const expr = `cpus: 1\nprograms:\n  cpu 0:\n    - "x = ${'('.repeat(5000)}1${')'.repeat(5000)}"\n`;
  assert.match(firstError(expr), /nested too deeply/);
});

test('a file with hundreds of mistakes reports at most 50 and says how many more', () => {
  const lines = ['cpus: 1', 'programs:', '  cpu 0:'];
  for (let i = 0; i < 300; i++) lines.push(`    - smp_mb${i}()`);
  const r = loadScenario('many.yaml', lines.join('\n') + '\n');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.errors.length, 51);
  assert.equal(r.errors[50]!.message, 'too many errors: 250 more not shown');
});

test('every error is reported once, even when the mistake is lowered under every strategy and variant', () => {
  const text = [
    'cpus: 1', 'programs:', '  cpu 0: [smp_mb2()]',
    'strategies: { a: {}, b: {}, c: {} }',
    'variants:', '  v1: { expect: { a: safe } }', '  v2: { expect: { b: safe } }',
  ].join('\n') + '\n';
  const r = loadScenario('dup.yaml', text);
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.errors.map((e) => e.message), ["unknown operation 'smp_mb2'"]);
});

test('a parse error in one procedure does not hide a lowering error in another, nor cascade in its own body', () => {
  const text = [
    'cpus: 1', 'state: { cells: { x: 0 } }', 'procedures:',
    '  reader():', '    - r = READ_ONCE(x', '    - assert(r)',   // r is never assigned: no "undefined" cascade
    '  writer():', '    - WRITE_ONCE(y, 1)',
    '  unused():', '    - spin_lock(x)',                          // never called: still checked
    'programs:', '  cpu 0: [reader(), writer()]',
  ].join('\n') + '\n';
  const r = loadScenario('one-pass.yaml', text);
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(r.errors.map((e) => e.message), [
    'unexpected end of statement',
    "undefined name 'y'",
    "'x' is not a lock",
  ]);
  const starts = r.errors.map((e) => e.span.start);
  assert.deepEqual(starts, [...starts].sort((a, b) => a - b), 'sorted by position');
});

test('a procedure whose signature does not parse still has its body checked, and its calls are not unknown', () => {
  const text = 'cpus: 1\nprocedures:\n  walk(a,):\n    - smp_mb3()\nprograms:\n  cpu 0: [walk(1)]\n';
  const r = loadScenario('sig.yaml', text);
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.errors.map((e) => e.message), ["unexpected ')'", "unknown operation 'smp_mb3'"]);
});

test('a mistake that makes the reader guess (bad cpus) stops before lowering, so nothing false is reported', () => {
  const text = 'cpus: many\nprograms:\n  cpu 1: [smp_mb()]\n';
  const r = loadScenario('guess.yaml', text);
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.errors.map((e) => e.message), ["'cpus' must be a whole number from 1 to 32"]);
});
