// The checker must itself be able to fail: each malformed document is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkXml } from './xml-check.js';

test('a well-formed document is accepted and its elements listed', () => {
  const r = checkXml('<svg a="1"><g class="lane"><text x=\'2\'>a &amp; b &#x41;</text></g><rect/></svg>\n');
  assert.ok(r.ok);
  assert.deepEqual(r.elements.map((e) => e.name), ['svg', 'g', 'text', 'rect']);
  assert.deepEqual(r.elements.map((e) => e.parent), [-1, 0, 1, 0]);
  assert.equal(r.elements[2]!.text, 'a & b A');
});

for (const [why, doc] of [
  ['an unclosed tag', '<svg><g></svg>'],
  ['a mismatched end tag', '<svg><g></text></svg>'],
  ['a bare ampersand', '<svg>a & b</svg>'],
  ['an unquoted attribute', '<svg a=1></svg>'],
  ['a repeated attribute', '<svg a="1" a="2"></svg>'],
  ['two roots', '<svg></svg><svg></svg>'],
  ['text outside the root', 'x<svg></svg>'],
  ['a < inside an attribute', '<svg a="<"></svg>'],
] as const) {
  test(`a document with ${why} is refused`, () => {
    assert.equal(checkXml(doc).ok, false);
  });
}
