// Rewrites the generated lists of primitives in docs/scenario-language.md and docs/litmus.md from
// the registry (src/machine/ops/reference.ts). Run after adding a primitive:
//   npx tsc -p tsconfig.json && node dist/src/testing/write-primitive-docs.js
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { litmusReference, scenarioReference, withBlock } from '../machine/ops/reference.js';
import { repoRoot } from './repo-root.js';

for (const [file, block] of [['docs/scenario-language.md', scenarioReference()], ['docs/litmus.md', litmusReference()]] as const) {
  const path = join(repoRoot, file);
  const next = withBlock(readFileSync(path, 'utf8'), block);
  if (next === null) { console.error(`${file}: no generated block (markers) to replace`); process.exitCode = 1; continue; }
  writeFileSync(path, next);
  console.log(`${file}: rewritten`);
}
