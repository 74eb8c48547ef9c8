// Test and script support: the repository root, where bin/, scenarios/, costs/ and test/ live.
// Computed from this module's place after tsc (dist/src/testing/), so every test and script
// that reads the repo's files asks here instead of counting '../' from wherever it was compiled.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
