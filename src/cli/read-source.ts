// Reads one scenario file as text, refusing what cannot be a scenario with one clear line:
// folders, devices, FIFOs and sockets, unreadable paths, files too large, text that is not UTF-8.
// Never reads more than MAX_FILE_BYTES + 1 bytes, whatever the file claims its size is.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

export const MAX_FILE_BYTES = 1024 * 1024;

/** A path refused, as its one error line. */
export type Refusal = { ok: false; message: string };
export type Source = { ok: true; file: string; text: string } | Refusal;

export function tooLarge(file: string, what: string): Refusal {
  return { ok: false, message: `${file}:1:1: error: ${what} (expected at most ${MAX_FILE_BYTES})` };
}

export function decodeSource(file: string, bytes: Uint8Array): Source {
  if (bytes.length > MAX_FILE_BYTES) return tooLarge(file, `file is ${bytes.length} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const line = before.split('\n').length;
    const col = before.length - before.lastIndexOf('\n');
    return { ok: false, message: `${file}:${line}:${col}: error: the file is not valid UTF-8 (byte 0x${bytes[bad]?.toString(16).padStart(2, '0')} at offset ${bad}) (expected UTF-8 text)` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, file, text };
}

/** Offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    if (n === 2 && ((c === 0xe0 && b[i + 1]! < 0xa0) || (c === 0xed && b[i + 1]! > 0x9f))) return i;
    if (n === 3 && ((c === 0xf0 && b[i + 1]! < 0x90) || (c === 0xf4 && b[i + 1]! > 0x8f))) return i;
    i += n + 1;
  }
  return b.length;
}

/** What a path is when it is not a regular file, or null when it is one. */
function notAFile(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'is a folder (expected a scenario file)';
  const what = st.isCharacterDevice() ? 'is a character device' : st.isBlockDevice() ? 'is a block device' : st.isFIFO() ? 'is a FIFO' : st.isSocket() ? 'is a socket' : 'is not a regular file';
  return `${what} (expected a regular file; '-' reads standard input)`;
}

const cannotRead = (file: string, e: unknown): Source => {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  return { ok: false, message: `${file}: error: ${code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file or folder' : `cannot read (${code})`}` };
};

export function readSource(file: string): Source {
  // A device or a FIFO is refused before it is opened: opening a FIFO waits for a writer, and
  // /dev/zero says its size is 0 and never ends.
  let st: Stats;
  try {
    st = statSync(file);
  } catch (e) {
    return cannotRead(file, e);
  }
  const not = notAFile(st);
  if (not) return { ok: false, message: `${file}: error: ${not}` };
  if (st.size > MAX_FILE_BYTES) return tooLarge(file, `file is ${st.size} bytes`);
  let fd: number;
  try {
    // Non-blocking, and checked again once open, in case the path changed in between.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return cannotRead(file, e);
  }
  try {
    const again = notAFile(fstatSync(fd));
    if (again) return { ok: false, message: `${file}: error: ${again}` };
    const buf = Buffer.allocUnsafe(MAX_FILE_BYTES + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length;) {
      got = readSync(fd, buf, n, buf.length - n, null);
      n += got;
    }
    if (n > MAX_FILE_BYTES) return tooLarge(file, `file is more than ${MAX_FILE_BYTES} bytes`);
    return decodeSource(file, buf.subarray(0, n));
  } catch (e) {
    return cannotRead(file, e);
  } finally {
    closeSync(fd);
  }
}
