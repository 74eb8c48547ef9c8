// `npm test`'s runner: every compiled *.test.js of this build, named one by one to `node --test`.
// Node 21 and later no longer take a folder there (`node --test dist/` is "Cannot find module"),
// and Node 20 takes no glob, so a list of files is the one form every supported Node runs.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Two at a time: the suite's spawned CLIs and worker threads share a 2-core machine. */
const CONCURRENCY = 2;

/** Every *.test.js under `dir`, sorted by code unit, so every run lists them in one order. */
export function listTestFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules') continue;
      const f = join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.isFile() && e.name.endsWith('.test.js')) out.push(f);
    }
  };
  walk(dir);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Run as a script (not when a test imports listTestFiles). */
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  // This file is <build>/src/testing/run-tests.js: the build's root is two folders up.
  const build = fileURLToPath(new URL('../..', import.meta.url));
  const files = listTestFiles(build);
  if (files.length === 0) {
    process.stderr.write(`run-tests: no *.test.js under ${relative(process.cwd(), build) || '.'} (build the tests first)\n`);
    process.exit(2);
  }
  // Extra arguments go to node's runner: `npm test -- --test-name-pattern=replay`.
  const r = spawnSync(process.execPath, ['--test', `--test-concurrency=${CONCURRENCY}`, ...process.argv.slice(2), ...files], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}
