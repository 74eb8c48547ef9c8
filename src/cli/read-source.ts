// Reads one scenario file as text, refusing what cannot be a scenario with one clear line:
// folders, unreadable paths, files too large, text that is not UTF-8.
import { readFileSync, statSync } from 'node:fs';

export const MAX_FILE_BYTES = 1024 * 1024;

export type Source = { ok: true; file: string; text: string } | { ok: false; message: string };

export function decodeSource(file: string, bytes: Uint8Array): Source {
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, message: `${file}:1:1: error: file is ${bytes.length} bytes (expected at most ${MAX_FILE_BYTES})` };
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

export function readSource(file: string): Source {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) return { ok: false, message: `${file}: error: is a folder (expected a scenario file)` };
    size = st.size;
  } catch (e) {
    return { ok: false, message: `${file}: error: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (size > MAX_FILE_BYTES) return { ok: false, message: `${file}:1:1: error: file is ${size} bytes (expected at most ${MAX_FILE_BYTES})` };
  try {
    return decodeSource(file, readFileSync(file));
  } catch (e) {
    return { ok: false, message: `${file}: error: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
}
