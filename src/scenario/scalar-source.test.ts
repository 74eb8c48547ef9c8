import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isScalar, isSeq, parseDocument, stringify, type Scalar } from 'yaml';
import { scalarSource } from './scalar-source.js';
import { endOf, startOf } from './syntax/text-source.js';
import { loadScenario } from './load.js';

/** The one scalar in `- VALUE`, parsed as the reader parses it. */
function scalarIn(text: string): Scalar {
  const doc = parseDocument(text, { uniqueKeys: false });
  assert.deepEqual(doc.errors, []);
  const seq = doc.contents;
  assert.ok(isSeq(seq));
  const item = seq.items[0];
  assert.ok(isScalar(item));
  return item;
}

/** Every character that is not white space maps to itself in the source, or to its escape. */
function assertMapped(text: string, node: Scalar): void {
  const value = String(node.value);
  const src = scalarSource(node, text);
  let last = -1;
  for (let i = 0; i < value.length; i++) {
    const at = startOf(src, i);
    assert.ok(at >= last, `offsets never go back (${JSON.stringify(text)} at ${i})`);
    last = at;
    if (/\s/.test(value[i]!)) continue;
    const there = text[at];
    const ok = there === value[i] || there === '\\' || (there === "'" && value[i] === "'");
    assert.ok(ok, `${JSON.stringify(text)}: value[${i}] ${JSON.stringify(value[i])} maps to ${JSON.stringify(there)} at ${at}`);
    assert.ok(endOf(src, i + 1) > at, 'a character has a width');
  }
}

test('a verbatim scalar is its own source; a rewritten one is mapped', () => {
  assert.equal(scalarSource(scalarIn('- r = 1\n'), '- r = 1\n'), 2);
  assert.equal(scalarSource(scalarIn('- "r = 1"\n'), '- "r = 1"\n'), 3);
  assert.equal(typeof scalarSource(scalarIn('- "r = \\x31"\n'), '- "r = \\x31"\n'), 'object');
});

test('escapes, folded lines, doubled quotes and block scalars map each character to its source', () => {
  const texts = [
    '- "r = \\x31 + \\u0032 + \\U00000033 + )"\n',
    '- "a\\tb \\\\ \\" \\/ \\n"\n',
    '- "r = 1 +\n  2 + )"\n',
    '- "r = 1 +  \n\n   2\\\n   + )"\n',
    "- 'it''s a ''quote'''\n",
    "- 'r = 1 +\n  2 + )'\n",
    '- r = 1 +\n  2 +\n\n  3 + )\n',
    '- |\n  r = 1 + )\n',
    '- |-  # a comment\n    r = 1\n    + )\n',
    '- >-\n  r = 1\n  + 2 + )\n',
    '- >\n  r = 1\n    + 2\n\n  + )\n',
    '- |2\n    r = 1\n',
    '- "tabs\tin\t\tquotes )"\n',
  ];
  for (const t of texts) assertMapped(t, scalarIn(t));
});

test('every string yaml writes in any style maps back to its source (seed 11)', () => {
  const styles = ['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const;
  const chars = fc.constantFrom('a', 'b', 'x', '1', '(', ')', '+', '=', ' ', ' ', '\t', '\n', '"', "'", '\\', '#', ':', '-', 'é', '\u0007', '\u2028');
  fc.assert(fc.property(fc.array(chars, { minLength: 1, maxLength: 60 }).map((cs) => cs.join('')), fc.constantFrom(...styles), fc.integer({ min: 8, max: 40 }), (value, style, width) => {
    const text = stringify([value], { defaultStringType: style, lineWidth: width, minContentWidth: 0 });
    const node = scalarIn(text);
    if (node.value !== value) return; // yaml chose a form that does not round-trip; not ours to map
    assertMapped(text, node);
  }), { seed: 11, numRuns: 2000 });
});

test('statement errors point into the source, however YAML wrote the line', () => {
  const at = (body: string): string => {
    const text = `cpus: 1\nprograms:\n  cpu 0:\n${body}`;
    const r = loadScenario('c.yaml', text);
    assert.equal(r.ok, false);
    if (r.ok) return '';
    const d = r.errors[0]!;
    const before = text.slice(0, d.span.start);
    return `${before.split('\n').length}:${d.span.start - before.lastIndexOf('\n')} ${text[d.span.start]}`;
  };
  assert.equal(at('    - "r = \\x31 + \\u0032 + )"\n'), '4:28 )');
  assert.equal(at('    - r = 1 +\n      2 + )\n'), '5:11 )');
  assert.equal(at('    - "r = 1 +\n       2 + )"\n'), '5:12 )');
  assert.equal(at('    - |\n      r = 1 + )\n'), '5:15 )');
  assert.equal(at('    - >-\n      r = 1\n      + 2 + )\n'), '6:13 )');
  assert.equal(at('    - "r = 1 +\t\t)"\n'), '4:17 )');
  assert.equal(at('    - "while\\x20x": [smp_mb()]\n      bound: 1\n'), '4:17 x');
  assert.equal(at('    - "if\\tx == 1": [smp_mb()]\n'), '4:12 x');
});
