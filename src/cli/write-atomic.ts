// Replaces a regular file so that readers see the old content or the new, never a part: write a
// temporary file beside the file a symbolic link leads to (so rename stays on one file system and
// the link stays a link), give it the old file's mode and owner, flush it, then rename over.
import { closeSync, fchmodSync, fchownSync, fsyncSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** `interrupted`: the user gave up waiting (Ctrl-C) rather than the file system refusing. */
export type WriteResult = { ok: true } | { ok: false; message: string; interrupted?: true };

/** The kernel's own limit on links followed in one lookup (MAXSYMLINKS, include/linux/namei.h). */
const MAX_LINKS = 40;

let serial = 0;

const codeOf = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

/**
 * The path a write to `path` lands on: itself, or the end of its chain of symbolic links, which
 * may not exist yet (a dangling link is followed, as `>` in a shell follows it); null for a loop.
 */
export function resolveTarget(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    // Missing, or a dangling link: follow the links by hand to the name that does not exist yet.
  }
  let at = path;
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    let link: string;
    try {
      if (!lstatSync(at).isSymbolicLink()) return at;
      link = readlinkSync(at);
    } catch {
      return at; // not there at all: the write creates it (or fails with the real reason)
    }
    at = resolve(dirname(at), link);
  }
  return null; // a loop, or a chain longer than the kernel itself would follow
}

/**
 * Writes `bytes` whole to `path` (a regular file, a symbolic link to one, or a name not yet used).
 * On any failure the temporary file is removed and the target is left as it was.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): WriteResult {
  const target = resolveTarget(path);
  if (target === null) return { ok: false, message: `${path}: error: cannot write (ELOOP)` };
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${serial++}.tmp`);
  let old: Stats | null = null;
  try { old = statSync(target); } catch { /* a new file */ }
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', 0o666);
    if (old?.isFile()) keepOwnerAndMode(fd, old);
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, target);
    return { ok: true };
  } catch (e) {
    if (fd !== null) { try { closeSync(fd); } catch { /* already failing: report the first error */ } }
    try { unlinkSync(tmp); } catch { /* never created, or already gone */ }
    return { ok: false, message: `${path}: error: cannot write (${codeOf(e)})` };
  }
}

/**
 * The replacement keeps what `>` would have kept: the mode exactly (not the umask's idea of it) and,
 * where we may set it (root), the owner. Owner first: chown clears set-user-ID bits.
 */
function keepOwnerAndMode(fd: number, old: Stats): void {
  try {
    fchownSync(fd, old.uid, old.gid);
  } catch (e) {
    if (codeOf(e) !== 'EPERM') throw e; // not root: the file becomes ours, as any editor's save does
  }
  fchmodSync(fd, old.mode & 0o7777);
}
