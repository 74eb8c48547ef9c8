// Writes a file so that readers see the old content or the new, never a part: write a temporary
// file in the same folder (so rename stays on one file system), flush it, then rename over.
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from './io.js';

export type WriteResult = { ok: true } | { ok: false; message: string };

let serial = 0;

/** On any failure the temporary file is removed and the target is left as it was. */
export function writeFileAtomic(path: string, data: string | Uint8Array): WriteResult {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${serial++}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
    return { ok: true };
  } catch (e) {
    if (fd !== null) { try { closeSync(fd); } catch { /* already failing: report the first error */ } }
    try { unlinkSync(tmp); } catch { /* never created, or already gone */ }
    return { ok: false, message: `${path}: error: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  }
}

/** The same, for commands: a failure is the user's problem to fix (a path), so a UserError. */
export function writeFileAtomicOrFail(path: string, data: string | Uint8Array): void {
  const r = writeFileAtomic(path, data);
  if (!r.ok) throw new UserError(r.message.replace(/: error: /, ': '));
}
