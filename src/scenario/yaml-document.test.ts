import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import { readYaml } from './yaml-document.js';

/** Where yaml's own (quadratic) uniqueKeys check reports duplicates. */
function yamlDuplicates(text: string): number[] {
  return parseDocument(text, { uniqueKeys: true, prettyErrors: false }).errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]);
}

function ours(text: string): { starts: number[]; messages: string[] } {
  const r = readYaml('d.yaml', text);
  assert.ok(r.ok, 'the text is read');
  return { starts: r.duplicates.map((d) => d.span.start), messages: r.duplicates.map((d) => d.message) };
}

test('duplicate keys are found where yaml finds them, in block and flow mappings, at any depth', () => {
  const texts = [
    'cpus: 1\ncpus: 2\n',
    'a: {x: 1, y: 2, x: 3}\n',
    'a:\n  b:\n    c: 1\n    d: 2\n    c: 3\n  b2: 0\n',
    '1: a\n1: b\n"1": c\n',
    'x: 1\n"x": 2\n? x\n: 3\n',
    'true: 1\nTrue: 2\n~: 3\nnull: 4\n',
    'a: 1\nb: 2\n',
    '- {a: 1, a: 2}\n- {a: 1}\n',
  ];
  for (const t of texts) assert.deepEqual(ours(t).starts, yamlDuplicates(t), JSON.stringify(t));
});

test('a duplicate key is named in its message', () => {
  assert.deepEqual(ours('cpus: 1\nprograms: {}\ncpus: 2\n').messages, ["duplicate key 'cpus'"]);
});

test('duplicates among 100,000 keys of one mapping are all found, by one pass', { timeout: 60_000 }, () => {
  const keys = Array.from({ length: 100_000 }, (_, i) => `k${i % 50_000}: 0`);
  const r = ours(keys.join('\n') + '\n');
  // Reported in order, at the second occurrence of each key, and capped.
  assert.equal(r.starts.length, 20);
  assert.equal(r.messages[0], "duplicate key 'k0'");
  assert.equal(r.starts[0], keys.slice(0, 50_000).join('\n').length + 1);
});

test('one tab in an indentation is reported once, without the errors it causes', () => {
  const r = readYaml('t.yaml', 'cpus: 1\nprograms:\n  cpu 0:\n\t- smp_mb()\n');
  assert.ok(!r.ok);
  assert.deepEqual(r.errors.map((e) => e.message), ['a tab is used for indentation']);
});

test('every YAML syntax error says what was expected', () => {
  for (const t of ['a: "x\n', "a: 'x\n", 'a: [1, 2\n', 'a: b: c\n', 'a: @x\n', 'a: "\\q"\n', '- a\nb: 1\n', 'a\nb: 1\n']) {
    const r = readYaml('y.yaml', t);
    assert.ok(!r.ok, JSON.stringify(t));
    for (const e of r.errors) assert.ok(e.expected, `${JSON.stringify(t)}: ${e.message}`);
  }
  const q = readYaml('y.yaml', 'a: "x\n');
  assert.ok(!q.ok);
  assert.deepEqual([q.errors[0]!.message, q.errors[0]!.expected], ['YAML: missing closing "quote', `a closing '"'`]);
});
