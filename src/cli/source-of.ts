// A scenario's text from a path or, for '-', from standard input, through the same size and UTF-8
// checks either way.
import type { Io } from './io.js';
import { decodeSource, readSource, type Source } from './read-source.js';

export const STDIN_NAME = '<stdin>';

export async function sourceOf(file: string, io: Io): Promise<Source> {
  if (file !== '-') return readSource(file);
  // Io.readStdin decodes bytes as latin1, one char per byte, so the bytes come back exactly and
  // the UTF-8 check sees what was sent (re-encoding the string as UTF-8 would hide bad bytes).
  const text = await io.readStdin();
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return decodeSource(STDIN_NAME, bytes);
}
