// Test support: run the CLI as a user does (no colour, repo root as cwd) and capture everything.
// The CLI run is the one compiled beside this file, not bin/raceway: bin/raceway loads dist/, and
// the tests are built elsewhere (dist-test/) so that `npm test` never touches what a user runs.
// A test spawned through bin/raceway would test whatever dist/ last held.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './repo-root.js';

/** This build's CLI entry: what bin/raceway imports, from the same build as the test. */
export const racewayCli = fileURLToPath(new URL('../cli/run.js', import.meta.url));

export function raceway(args: readonly string[], input?: string | Uint8Array): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [racewayCli, ...args], {
    cwd: repoRoot, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
