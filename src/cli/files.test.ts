// The paths of a batch: folders searched once each by real path, and every path that cannot be
// used one error line in its place, the others still listed.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectPaths, type PathEntry } from './files.js';

const runsAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function tree(): string {
  const d = mkdtempSync(join(tmpdir(), 'raceway-files-'));
  writeFileSync(join(d, 'a.yaml'), 'cpus: 1\n');
  mkdirSync(join(d, 'sub'));
  writeFileSync(join(d, 'sub', 'b.yml'), 'cpus: 1\n');
  return d;
}

const files = (entries: PathEntry[]): string[] => entries.map((e) => ('file' in e ? e.file : `! ${e.error}`));

test('symbolic links that loop back are skipped: no hang, and every file once', () => {
  const d = tree();
  symlinkSync('.', join(d, 'l1'));
  symlinkSync('.', join(d, 'l2'));
  symlinkSync('..', join(d, 'sub', 'up'));
  assert.deepEqual(files(collectPaths([d])), [join(d, 'a.yaml'), join(d, 'sub', 'b.yml')]);
});

test('one link to its own folder lists each file once, not once per level', () => {
  const d = tree();
  symlinkSync('.', join(d, 'sub', 'self'));
  assert.deepEqual(files(collectPaths([join(d, 'sub')])), [join(d, 'sub', 'b.yml')]);
});

test('a link to another folder is searched like a folder', () => {
  const d = tree();
  const other = mkdtempSync(join(tmpdir(), 'raceway-files-'));
  writeFileSync(join(other, 'c.yaml'), 'cpus: 1\n');
  symlinkSync(other, join(d, 'z-link'));
  assert.deepEqual(files(collectPaths([d])), [join(d, 'a.yaml'), join(d, 'sub', 'b.yml'), join(d, 'z-link', 'c.yaml')]);
});

test('a missing path is an error in its place, and the paths after it are still listed', () => {
  const d = tree();
  assert.deepEqual(files(collectPaths([join(d, 'nope.yaml'), join(d, 'a.yaml'), join(d, 'empty'), '-'])), [
    `! ${join(d, 'nope.yaml')}: error: no such file or folder`, join(d, 'a.yaml'), `! ${join(d, 'empty')}: error: no such file or folder`, '-',
  ]);
});

test('a folder without scenarios, and a dangling link named like one, are errors', () => {
  const d = tree();
  mkdirSync(join(d, 'none'));
  symlinkSync(join(d, 'gone'), join(d, 'sub', 'dangling.yaml'));
  assert.deepEqual(files(collectPaths([join(d, 'none'), join(d, 'sub')])), [
    `! ${join(d, 'none')}: error: no scenario files (.yaml, .yml) in this folder`,
    join(d, 'sub', 'b.yml'),
    `! ${join(d, 'sub', 'dangling.yaml')}: error: no such file or folder`,
  ]);
});

test('an unreadable sub-folder is an error, and the rest of the folder is still listed', { skip: runsAsRoot ? 'root reads every folder' : false }, () => {
  const d = tree();
  mkdirSync(join(d, 'locked'));
  chmodSync(join(d, 'locked'), 0o000);
  try {
    assert.deepEqual(files(collectPaths([d])), [join(d, 'a.yaml'), `! ${join(d, 'locked')}: error: cannot read folder (EACCES)`, join(d, 'sub', 'b.yml')]);
  } finally {
    chmodSync(join(d, 'locked'), 0o755);
  }
});
