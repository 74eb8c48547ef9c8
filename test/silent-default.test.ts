// Every switch over a closed union ends in assertNever, so a new instruction, expression, move or
// primitive form breaks the build wherever it is not handled instead of falling into a default
// that guesses. Checked as text over the core that the primitive families feed (machine, cost,
// the scenario compiler and parser, the reports, the CLI's front ends): a `default:` must be
// followed by assertNever. Switches over open values
// (strings from the user) live elsewhere.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../src/testing/repo-root.js';

const roots = ['src/machine', 'src/cost', 'src/scenario/lower', 'src/explore/reduce', 'src/scenario/syntax', 'src/report', 'src/cli/front-ends'].map((d) => join(repoRoot, d));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const f = join(dir, n);
    return statSync(f).isDirectory() ? files(f) : f.endsWith('.ts') && !f.endsWith('.test.ts') ? [f] : [];
  });
}

test('no switch in the machine, the cost model or the scenario compiler ends in a silent default', () => {
  const silent: string[] = [];
  for (const f of roots.flatMap(files)) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/^\s*default:([^]{0,120})/gm)) {
      if (!/^\s*(return\s+)?assertNever\(/.test(m[1]!)) silent.push(`${relative(repoRoot, f)}:${text.slice(0, m.index).split('\n').length}`);
    }
  }
  assert.deepEqual(silent, []);
});
