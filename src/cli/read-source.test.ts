// What cannot be a scenario is refused by the reader with one line: size, encoding, folders,
// devices, FIFOs and sockets, unreadable paths.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeSource, MAX_FILE_BYTES, readSource } from './read-source.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'raceway-src-'));
function hasMkfifo(): boolean {
  try { execFileSync('mkfifo', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
}
const runsAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

test('a file over 1 MiB is refused before it is read, with its size', () => {
  const f = join(dir(), 'big.yaml');
  writeFileSync(f, Buffer.alloc(MAX_FILE_BYTES + 1, 0x20));
  assert.deepEqual(readSource(f), { ok: false, message: `${f}:1:1: error: file is ${MAX_FILE_BYTES + 1} bytes (expected at most ${MAX_FILE_BYTES})` });
});

test('a file of exactly 1 MiB is read', () => {
  const f = join(dir(), 'edge.yaml');
  writeFileSync(f, Buffer.alloc(MAX_FILE_BYTES, 0x20));
  assert.equal(readSource(f).ok, true);
});

test('bytes from standard input obey the same limit', () => {
  const r = decodeSource('<stdin>', new Uint8Array(MAX_FILE_BYTES + 5));
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.message, /^<stdin>:1:1: error: file is \d+ bytes/);
});

test('a byte that is not UTF-8 is located by line and column', () => {
  const r = decodeSource('x.yaml', new Uint8Array([...Buffer.from('cpus: 1\nab'), 0xc0, 0x80]));
  assert.deepEqual(r, { ok: false, message: 'x.yaml:2:3: error: the file is not valid UTF-8 (byte 0xc0 at offset 10) (expected UTF-8 text)' });
});

test('a UTF-8 byte order mark is dropped', () => {
  const r = decodeSource('bom.yaml', new Uint8Array([0xef, 0xbb, 0xbf, 0x61]));
  assert.deepEqual(r, { ok: true, file: 'bom.yaml', text: 'a' });
});

test('a folder given as a file is refused', () => {
  const d = dir();
  assert.deepEqual(readSource(d), { ok: false, message: `${d}: error: is a folder (expected a scenario file)` });
});

test('a path that does not exist is refused as such', () => {
  const f = join(dir(), 'missing.yaml');
  assert.deepEqual(readSource(f), { ok: false, message: `${f}: error: no such file or folder` });
});

test('a character device is refused without reading it (/dev/zero says its size is 0)', { skip: existsSync('/dev/zero') ? false : 'no /dev/zero here' }, () => {
  assert.deepEqual(readSource('/dev/zero'), { ok: false, message: "/dev/zero: error: is a character device (expected a regular file; '-' reads standard input)" });
});

test('a FIFO is refused without opening it (opening waits for a writer)', { skip: hasMkfifo() ? false : 'no mkfifo here' }, () => {
  const f = join(dir(), 'pipe.yaml');
  execFileSync('mkfifo', [f]);
  assert.deepEqual(readSource(f), { ok: false, message: `${f}: error: is a FIFO (expected a regular file; '-' reads standard input)` });
});

test('a socket is refused', { skip: process.platform === 'win32' ? 'no Unix sockets' : false }, async () => {
  const f = join(dir(), 'sock.yaml');
  const server = createServer();
  await new Promise<void>((done) => server.listen(f, done));
  try {
    assert.deepEqual(readSource(f), { ok: false, message: `${f}: error: is a socket (expected a regular file; '-' reads standard input)` });
  } finally {
    server.close();
  }
});

test('an unreadable file is refused with EACCES', { skip: runsAsRoot ? 'root reads files whatever their mode' : false }, () => {
  const f = join(dir(), 'secret.yaml');
  writeFileSync(f, 'cpus: 1\n');
  chmodSync(f, 0o000);
  assert.deepEqual(readSource(f), { ok: false, message: `${f}: error: cannot read (EACCES)` });
});
