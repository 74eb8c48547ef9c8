// Test support: run bin/raceway as a user does (no colour, repo root as cwd) and capture everything.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './repo-root.js';

export function raceway(args: readonly string[], input?: string | Uint8Array): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'raceway'), ...args], {
    cwd: repoRoot, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
