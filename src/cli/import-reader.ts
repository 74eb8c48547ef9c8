// The files a scenario imports (scenario/imports.ts), read as scenario files are (read-source.ts):
// regular files of at most 1 MiB of UTF-8, never a device or a FIFO. The core names the path;
// only .yaml and .yml files relative to the importing file reach here.
import type { ImportReader } from '../scenario/imports.js';
import { readSource } from './read-source.js';

export const readImport: ImportReader = (file) => {
  const src = readSource(file);
  // readSource's refusal is a whole line naming the file; the import's error names it already.
  return src.ok ? { ok: true, text: src.text } : { ok: false, message: src.message.replace(/^.*?error: /, '') };
};
