// Test support: a file with the given name and text in a fresh temporary folder. Only tests import this.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tmpFile(name: string, text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'raceway-test-')), name);
  writeFileSync(f, text);
  return f;
}
