// End-to-end: `--format svg` draws a result with two violation kinds, and `replay --format` prints
// every format check prints, the same text for the same counterexample.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { raceway } from '../../src/testing/spawn-raceway.js';
import { svgLayoutFaults } from '../../src/testing/svg-geometry.js';
import { tmpFile } from '../../src/testing/tmp-file.js';
import { checkXml } from '../../src/testing/xml-check.js';

// Both CPUs free what p points to; CPU 1 reads it first: a use-after-free and a double free.
const twoKinds = `
scenario: two-kinds
cpus: 2
state:
  objects: { a: { f: 0 } }
  cells: { p: a }
programs:
  cpu 0: ["q = READ_ONCE(p)", "free(q)"]
  cpu 1: ["r = READ_ONCE(p)", "x = READ_ONCE(r->f)", "free(r)"]
expect:
  default: [use-after-free, double-free]
`;

describe('counterexample formats from the command line', () => {
  test('--format svg draws both counterexamples of a result with two violation kinds, one document', () => {
    const r = raceway(['check', tmpFile('two.yaml', twoKinds), '--mode', 'exhaustive', '--format', 'svg']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const x = checkXml(r.stdout);
    assert.ok(x.ok, x.ok ? '' : x.error);
    assert.equal(x.elements.filter((e) => e.attrs.get('class') === 'figure').length, 2);
    const titles = x.elements.filter((e) => e.attrs.get('class') === 'title').map((e) => e.text);
    assert.deepEqual(titles, ['two-kinds · default: use-after-free', 'two-kinds · default: double-free']);
    assert.deepEqual(svgLayoutFaults(r.stdout), []);
  });

  test('replay --format prints what check --format printed for the same counterexample', () => {
    const file = tmpFile('two.yaml', twoKinds);
    for (const format of ['lkml', 'markdown', 'table'] as const) {
      const checked = raceway(['check', file, '--mode', 'exhaustive', '--full', '--format', format]);
      assert.equal(checked.code, 0, checked.stderr);
      const token = /--token (\S+)/.exec(checked.stdout)?.[1];
      assert.ok(token, checked.stdout);
      const r = raceway(['replay', file, '-s', 'default', '--token', token, '--format', format]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      const body = format === 'table' ? r.stdout.slice(r.stdout.indexOf('\n') + 1) : r.stdout;
      assert.ok(body.length > 100 && checked.stdout.includes(body), `${format}:\n${r.stdout}`);
    }
    const svg = raceway(['replay', file, '-s', 'default', '--token', /--token (\S+)/.exec(raceway(['check', file, '--mode', 'exhaustive']).stdout)![1]!, '--format', 'svg']);
    assert.equal(svg.code, 0, svg.stderr);
    assert.ok(checkXml(svg.stdout).ok);
    assert.deepEqual(svgLayoutFaults(svg.stdout), []);
  });
});
