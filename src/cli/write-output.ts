// Where -o and --plot put their text. A regular file (or a link to one, or a new name) is replaced
// whole or not at all; a character device or a FIFO is written straight into, as a shell's `>`
// does, since renaming a file over it would replace the device node or pipe with a regular file.
import { closeSync, constants, fstatSync, openSync, statSync, writeSync, type Stats } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from './io.js';
import { writeFileAtomic, type WriteResult } from './write-atomic.js';

/** How often to look again for a FIFO's reader, or for room in its pipe. */
const POLL_MS = 20;

const codeOf = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? String(e);

/** A file that is written into rather than replaced. */
const isStream = (st: Stats): boolean => st.isCharacterDevice() || st.isFIFO();

/** What cannot take an output at all, as the end of its error line; null when it can. */
function refusal(st: Stats): string | null {
  if (st.isDirectory()) return 'is a folder (expected a file)';
  if (st.isBlockDevice()) return 'is a block device (expected a file, a character device or a FIFO)';
  if (st.isSocket()) return 'is a socket (expected a file, a character device or a FIFO)';
  return null;
}

/**
 * Writes `data` to `path`. `interrupted` is asked while waiting for a FIFO's reader, so Ctrl-C
 * ends the wait instead of hanging the way a blocking open would.
 */
export async function writeOutput(path: string, data: string | Uint8Array, interrupted: () => boolean): Promise<WriteResult> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  let st: Stats | null = null;
  try { st = statSync(path); } catch { /* new (or a dangling link): a regular file it is */ }
  if (st === null || st.isFile()) return writeFileAtomic(path, bytes);
  const refused = refusal(st);
  if (refused !== null) return { ok: false, message: `${path}: error: ${refused}` };
  return writeInto(path, bytes, interrupted);
}

/**
 * Straight into a character device or FIFO. Opened non-blocking, so a FIFO nobody reads yet is
 * ENXIO (looked at again until a reader comes or the user gives up) rather than a blocked thread,
 * and a full pipe is EAGAIN (written again when there is room). No O_CREAT: if the node vanished
 * since it was looked at, this fails instead of creating a regular file.
 */
async function writeInto(path: string, bytes: Uint8Array, interrupted: () => boolean): Promise<WriteResult> {
  const gaveUp: WriteResult = { ok: false, message: `${path}: error: interrupted before the output was written`, interrupted: true };
  let fd: number | null = null;
  try {
    while (fd === null) {
      try {
        fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
      } catch (e) {
        if (codeOf(e) !== 'ENXIO') throw e;
        if (interrupted()) return gaveUp;
        await sleep(POLL_MS);
      }
    }
    // The node may have been swapped for a regular file between stat and open: never write
    // part of a regular file in place.
    if (!isStream(fstatSync(fd))) return { ok: false, message: `${path}: error: cannot write (changed while opening)` };
    let off = 0;
    while (off < bytes.length) {
      try {
        off += writeSync(fd, bytes, off, bytes.length - off);
      } catch (e) {
        if (codeOf(e) !== 'EAGAIN') throw e;
        if (interrupted()) return gaveUp;
        await sleep(POLL_MS);
      }
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, message: `${path}: error: cannot write (${codeOf(e)})` };
  } finally {
    if (fd !== null) { try { closeSync(fd); } catch { /* the write's own result stands */ } }
  }
}

/**
 * The same, for commands: a failure is the user's to fix (a path), so one line and exit 2; giving
 * up on a FIFO nobody reads is 130, the code a shell gives a command ended by Ctrl-C.
 */
export async function writeOutputOrFail(path: string, data: string | Uint8Array, interrupted: () => boolean): Promise<void> {
  const r = await writeOutput(path, data, interrupted);
  if (!r.ok) throw new UserError(r.message.replace(/: error: /, ': '), r.interrupted ? 130 : 2);
}
