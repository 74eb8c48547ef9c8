// The one data path, enforced: which folder may import which (STYLE.md), and a core that never
// touches the process, the clock or the terminal; and a src/ where no file, test or not, names
// lockdep. It reads src/ as text, so it lives outside src/: the word would otherwise be here too.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../src/testing/repo-root.js';

const src = join(repoRoot, 'src');

const allowed: Record<string, string[]> = {
  common: [],
  machine: ['common'],
  scenario: ['common', 'machine', 'yaml'],
  litmus: ['common', 'machine', 'scenario'],
  explore: ['common', 'machine', 'fast-check'],
  report: ['common', 'machine', 'explore', 'scenario', 'cli-table3'],
  cost: ['common', 'machine', 'explore', 'scenario', 'yaml'],
  spin: ['common', 'machine', 'explore'],
};

/** Every file under `dir`, whatever its kind. */
function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const f = join(dir, n);
    return statSync(f).isDirectory() ? allFiles(f) : [f];
  });
}

/** The modules the import rules apply to: tests may import test support from anywhere. */
function files(dir: string): string[] {
  return allFiles(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
}

test('core folders import only what the architecture allows, and never the process or the clock', () => {
  const problems: string[] = [];
  for (const f of files(src)) {
    const rel = relative(src, f);
    const top = rel.split(/[\\/]/)[0]!;
    const rules = allowed[top];
    if (!rules) continue; // cli, testing, bench: anything
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) {
        const target = relative(src, resolve(dirname(f), spec)).split(/[\\/]/)[0]!;
        if (target !== top && !rules.includes(target)) problems.push(`${rel} imports ${spec}`);
      } else if (!rules.includes(spec)) problems.push(`${rel} imports package ${spec}`);
    }
    const code = text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    for (const bad of ['Math.random', 'Date.now', 'new Date', 'performance.now', 'process.', 'console.']) {
      if (code.includes(bad)) problems.push(`${rel} uses ${bad}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('no file under src/ knows about lockdep: the race is data', () => {
  const hits = allFiles(src).filter((f) => /lockdep/i.test(readFileSync(f, 'utf8')));
  assert.deepEqual(hits.map((f) => relative(src, f)), []);
});
