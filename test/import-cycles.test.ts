// No import circle anywhere in src/, types included (`import type` and `export ... from` count as
// much as a value import): a circle makes load order matter and hides which module owns what.
// Reads src/ as text, as architecture.test.ts does, and walks the graph depth first.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../src/testing/repo-root.js';

const src = join(repoRoot, 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const f = join(dir, n);
    return statSync(f).isDirectory() ? tsFiles(f) : f.endsWith('.ts') ? [f] : [];
  });
}

/** The relative modules a file imports or re-exports statically, as .ts paths. */
export function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  // `import x from`, `import type { X } from`, `import './side-effect'`, `export { X } from`, `export * from`.
  const re = /(?:^|[\n;])\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/g;
  for (const m of text.matchAll(re)) out.push(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  return out;
}

/** Every circle found by a depth-first walk, each as the chain of files that closes it. */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const found: string[][] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    path.push(f);
    for (const d of graph.get(f) ?? []) {
      if (!graph.has(d)) continue;
      const s = state.get(d);
      if (s === 'open') found.push([...path.slice(path.indexOf(d)), d]);
      else if (s === undefined) visit(d);
    }
    path.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return found;
}

test('the walk finds a circle, type imports included, and none in a chain', () => {
  const a = '/x/a.ts';
  const b = '/x/b.ts';
  assert.deepEqual(importsOf(a, "import type { B } from './b.js';\nexport { C } from '../c.js';\nimport './d.js';\n"), [b, '/c.ts', '/x/d.ts']);
  assert.deepEqual(cycles(new Map([[a, [b]], [b, [a]]])), [[a, b, a]]);
  assert.deepEqual(cycles(new Map([[a, [b]], [b, []]])), []);
});

test('src/ has no import circle', () => {
  const graph = new Map(tsFiles(src).map((f) => [f, importsOf(f, readFileSync(f, 'utf8'))] as const));
  const found = cycles(graph).map((c) => c.map((f) => relative(src, f)).join(' -> '));
  assert.deepEqual(found, []);
});
