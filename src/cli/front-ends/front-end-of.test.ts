// The CLI makes the scenario-or-litmus choice in one place: source-of.ts tells which a source is,
// front-end-of.ts picks the front end, and no command reads the choice itself (issue 17, item 4).
// Read as text over src/cli, as test/architecture.test.ts reads imports.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../testing/repo-root.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const f = join(dir, n);
    return statSync(f).isDirectory() ? files(f) : f.endsWith('.ts') && !f.endsWith('.test.ts') ? [f] : [];
  });
}

test('only source-of.ts and front-end-of.ts read which front end a source is', () => {
  const readers = files(join(repoRoot, 'src/cli'))
    .filter((f) => /\.frontEnd\b|frontEnd:/.test(readFileSync(f, 'utf8')))
    .map((f) => relative(repoRoot, f).split('\\').join('/'))
    .sort();
  assert.deepEqual(readers, ['src/cli/front-ends/front-end-of.ts', 'src/cli/source-of.ts']);
});

test('the commands reach the front ends through the interface: none imports litmus/load or loadScenario', () => {
  const direct = files(join(repoRoot, 'src/cli/commands'))
    .filter((f) => /litmus\/load\.js|\bloadScenario\b|\bvalidateScenario\b|check-litmus\.js/.test(readFileSync(f, 'utf8')))
    .map((f) => relative(repoRoot, f));
  // check-litmus.ts is the litmus front end's printer, called by front-ends/litmus.ts only.
  assert.deepEqual(direct, [join('src', 'cli', 'commands', 'check-litmus.ts')]);
});
