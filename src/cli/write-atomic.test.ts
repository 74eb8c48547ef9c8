import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeFileAtomic } from './write-atomic.js';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'raceway-atomic-'));

test('writeFileAtomic writes the whole content and leaves no temporary file', () => {
  const d = fresh();
  const f = join(d, 'out.svg');
  assert.deepEqual(writeFileAtomic(f, '<svg/>\n'), { ok: true });
  assert.equal(readFileSync(f, 'utf8'), '<svg/>\n');
  assert.deepEqual(readdirSync(d), ['out.svg']);
});

test('writeFileAtomic replaces an existing file', () => {
  const d = fresh();
  const f = join(d, 'report.txt');
  writeFileSync(f, 'old');
  assert.equal(writeFileAtomic(f, new Uint8Array([110, 101, 119])).ok, true);
  assert.equal(readFileSync(f, 'utf8'), 'new');
  assert.deepEqual(readdirSync(d), ['report.txt']);
});

test('a failed rename removes the temporary file and leaves the target as it was', () => {
  const d = fresh();
  const target = join(d, 'taken');
  mkdirSync(target);
  writeFileSync(join(target, 'inside'), 'keep');
  const r = writeFileAtomic(target, 'data');
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.message, /taken: error: cannot write \(E[A-Z]+\)$/);
  assert.deepEqual(readdirSync(d), ['taken']);
  assert.equal(readFileSync(join(target, 'inside'), 'utf8'), 'keep');
});

test('a folder that does not exist is one error line, and nothing is created', () => {
  const d = fresh();
  const r = writeFileAtomic(join(d, 'no', 'such', 'out.txt'), 'x');
  assert.deepEqual(r, { ok: false, message: `${join(d, 'no', 'such', 'out.txt')}: error: cannot write (ENOENT)` });
  assert.deepEqual(readdirSync(d), []);
});
