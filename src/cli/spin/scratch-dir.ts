// The scratch folders of a Spin run (run-pan.ts, swarm-outcome.ts): made under the system's
// tmpdir, removed when the run ends, and removed at the process's exit too when it never got to
// its end. A second Ctrl-C ends raceway at once (node-io.ts: process.exit), skipping every
// `finally`; Node still runs the 'exit' listeners, synchronously, so a folder that is still
// registered then is removed there (a child that still writes into it writes into a removed folder).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();

function removeAll(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

/** A new empty folder under tmpdir, named `prefix` and a unique tail, removed by removeScratchDir or at exit. */
export function makeScratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (live.size === 0) process.once('exit', removeAll);
  live.add(dir);
  return dir;
}

/** Removes a folder made by makeScratchDir, with everything in it. */
export function removeScratchDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
  if (live.size === 0) process.off('exit', removeAll);
}
