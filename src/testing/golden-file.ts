// Test support: compare a rendered output with its golden file (UPDATE_GOLDEN=1 rewrites it), and
// the checks every rendered SVG passes, for the golden tests of test/scenarios/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { svgLayoutFaults } from './svg-geometry.js';
import { checkXml } from './xml-check.js';

const update = process.env.UPDATE_GOLDEN === '1';

/** `got` equals the file at `golden` (an absolute path), which UPDATE_GOLDEN=1 writes first. */
export function assertGolden(golden: string, got: string): void {
  if (update || !existsSync(golden)) {
    assert.ok(update, `missing golden file ${golden} (run UPDATE_GOLDEN=1 npm test)`);
    mkdirSync(dirname(golden), { recursive: true });
    writeFileSync(golden, got);
  }
  assert.equal(got, readFileSync(golden, 'utf8'));
}

/** An SVG is well-formed, has one lane per CPU, and draws nothing outside its box or over other text. */
export function assertSvgDrawn(svg: string, cpus: number): void {
  const x = checkXml(svg);
  assert.ok(x.ok, x.ok ? '' : x.error);
  assert.equal(x.root, 'svg');
  assert.equal(x.elements.filter((e) => e.name === 'g' && e.attrs.get('class') === 'lane').length, cpus);
  assert.deepEqual(svgLayoutFaults(svg), []);
}
