// Refuses an output path that is one of the command's inputs: the report would replace the
// scenario it was made from. Compared by device and inode, so a symbolic link, a hard link or
// `./x` for `x` is caught as well as the same spelling.
import { statSync, type BigIntStats } from 'node:fs';
import type { PathEntry } from './files.js';
import { UserError } from './io.js';

/** Big integers: an inode number may not fit a double, and two must never compare equal by rounding. */
function statOrNull(path: string): BigIntStats | null {
  try {
    return statSync(path, { bigint: true });
  } catch {
    return null;
  }
}

/**
 * Throws (exit 2, one line) when `output` is the same regular file as one of `inputs`. Inputs can
 * only be regular files (read-source.ts refuses the rest) or standard input, whose source we do
 * not ask about here. Checked before any work, so nothing is searched and nothing is written.
 */
export function refuseOutputAmongInputs(flag: string, output: string, inputs: readonly PathEntry[]): void {
  const out = statOrNull(output);
  if (out === null || !out.isFile()) return;
  for (const entry of inputs) {
    if ('error' in entry || entry.file === '-') continue;
    const st = statOrNull(entry.file);
    if (st !== null && st.dev === out.dev && st.ino === out.ino) {
      const same = entry.file === output ? '' : ` (the same file as ${entry.file})`;
      throw new UserError(`${flag} ${output}: is one of the inputs${same}, which the output would replace (expected another file)`);
    }
  }
}
