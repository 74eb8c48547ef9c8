import assert from 'node:assert/strict';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveTarget, writeFileAtomic } from './write-atomic.js';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'raceway-atomic-'));
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

test('writeFileAtomic writes the whole content and leaves no temporary file', () => {
  const d = fresh();
  const f = join(d, 'out.svg');
  assert.deepEqual(writeFileAtomic(f, bytes('<svg/>\n')), { ok: true });
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

test('a replaced file keeps its mode, whatever the umask would give a new one', () => {
  const d = fresh();
  const f = join(d, 'report.txt');
  writeFileSync(f, 'old');
  chmodSync(f, 0o604);
  assert.equal(writeFileAtomic(f, bytes('new')).ok, true);
  assert.equal(statSync(f).mode & 0o7777, 0o604);
  chmodSync(f, 0o640);
  assert.equal(writeFileAtomic(f, bytes('newer')).ok, true);
  assert.equal(statSync(f).mode & 0o7777, 0o640);
});

test('a replaced file keeps its owner when we may set it (root)', { skip: process.getuid?.() === 0 ? false : 'chown needs root' }, () => {
  const d = fresh();
  const f = join(d, 'report.txt');
  writeFileSync(f, 'old');
  chownSync(f, 4321, 4322);
  chmodSync(f, 0o4755); // set-user-ID survives too: chown, which clears it, comes first
  assert.equal(writeFileAtomic(f, bytes('new')).ok, true);
  const st = statSync(f);
  assert.deepEqual([st.uid, st.gid, st.mode & 0o7777], [4321, 4322, 0o4755]);
});

test('a symbolic link stays a link, and the file it points at gets the content', () => {
  const d = fresh();
  mkdirSync(join(d, 'real'));
  writeFileSync(join(d, 'real', 'target.txt'), 'old');
  symlinkSync(join('real', 'target.txt'), join(d, 'link.txt'));
  assert.deepEqual(writeFileAtomic(join(d, 'link.txt'), bytes('new')), { ok: true });
  assert.ok(lstatSync(join(d, 'link.txt')).isSymbolicLink());
  assert.equal(readlinkSync(join(d, 'link.txt')), join('real', 'target.txt'));
  assert.equal(readFileSync(join(d, 'real', 'target.txt'), 'utf8'), 'new');
  // The temporary file was made beside the target, and is gone.
  assert.deepEqual(readdirSync(join(d, 'real')), ['target.txt']);
  assert.deepEqual(readdirSync(d).sort(), ['link.txt', 'real']);
});

test('a dangling link is followed: the file it names is created and the link kept', () => {
  const d = fresh();
  symlinkSync('hop.txt', join(d, 'first.txt'));
  symlinkSync('made.txt', join(d, 'hop.txt'));
  assert.equal(resolveTarget(join(d, 'first.txt')), join(d, 'made.txt'));
  assert.deepEqual(writeFileAtomic(join(d, 'first.txt'), bytes('new')), { ok: true });
  assert.ok(lstatSync(join(d, 'first.txt')).isSymbolicLink());
  assert.ok(lstatSync(join(d, 'hop.txt')).isSymbolicLink());
  assert.equal(readFileSync(join(d, 'made.txt'), 'utf8'), 'new');
});

test('a loop of links is one error line and creates nothing', () => {
  const d = fresh();
  symlinkSync('b', join(d, 'a'));
  symlinkSync('a', join(d, 'b'));
  assert.deepEqual(writeFileAtomic(join(d, 'a'), bytes('x')), { ok: false, message: `${join(d, 'a')}: error: cannot write (ELOOP)` });
  assert.ok(lstatSync(join(d, 'a')).isSymbolicLink());
  assert.deepEqual(readdirSync(d).sort(), ['a', 'b']);
});

test('a failed rename removes the temporary file and leaves the target as it was', () => {
  const d = fresh();
  const target = join(d, 'taken');
  mkdirSync(target);
  writeFileSync(join(target, 'inside'), 'keep');
  const r = writeFileAtomic(target, bytes('data'));
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.message, /taken: error: cannot write \(E[A-Z]+\)$/);
  assert.deepEqual(readdirSync(d), ['taken']);
  assert.equal(readFileSync(join(target, 'inside'), 'utf8'), 'keep');
});

test('a folder that does not exist is one error line, and nothing is created', () => {
  const d = fresh();
  const r = writeFileAtomic(join(d, 'no', 'such', 'out.txt'), bytes('x'));
  assert.deepEqual(r, { ok: false, message: `${join(d, 'no', 'such', 'out.txt')}: error: cannot write (ENOENT)` });
  assert.deepEqual(readdirSync(d), []);
});
