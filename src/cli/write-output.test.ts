import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, constants, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeOutput } from './write-output.js';

const fresh = (): string => mkdtempSync(join(tmpdir(), 'raceway-output-'));
const never = (): boolean => false;

/** A FIFO made for the test (never one of the system's). */
function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  assert.equal(r.status, 0, `mkfifo: ${r.stderr}`);
}

// mknod needs root, which is how the reported bug (-o /dev/null replaced) was hit: a scratch
// node with /dev/null's numbers (1, 3) in a temporary folder, never the system's own.
const root = process.getuid?.() === 0;

test('a FIFO is written into, not replaced: the reader gets the text and the FIFO stays a FIFO', async () => {
  const d = fresh();
  const fifo = join(d, 'pipe');
  mkfifo(fifo);
  // A reader opened first (non-blocking, as a waiting `cat` would be), so the writer can open.
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    assert.deepEqual(await writeOutput(fifo, 'report\n', never), { ok: true });
    const buf = Buffer.alloc(64);
    const n = readSync(reader, buf, 0, buf.length, null);
    assert.equal(buf.subarray(0, n).toString('utf8'), 'report\n');
  } finally {
    closeSync(reader);
  }
  assert.ok(lstatSync(fifo).isFIFO());
  assert.deepEqual(readdirSync(d), ['pipe']);
});

test('a FIFO nobody reads is waited on until Ctrl-C, then given up with one line and nothing made', async () => {
  const d = fresh();
  const fifo = join(d, 'pipe');
  mkfifo(fifo);
  let asked = 0;
  const r = await writeOutput(fifo, 'report\n', () => ++asked >= 3);
  assert.deepEqual(r, { ok: false, message: `${fifo}: error: interrupted before the output was written`, interrupted: true });
  assert.equal(asked, 3);
  assert.ok(lstatSync(fifo).isFIFO());
});

test('a character device is written into, and stays the same device node', { skip: root ? false : 'mknod needs root' }, async () => {
  const d = fresh();
  const dev = join(d, 'null');
  const made = spawnSync('mknod', [dev, 'c', '1', '3']);
  assert.equal(made.status, 0, `mknod: ${made.stderr}`);
  const before = statSync(dev);
  assert.deepEqual(await writeOutput(dev, 'report\n', never), { ok: true });
  const after = lstatSync(dev);
  assert.ok(after.isCharacterDevice());
  assert.equal(after.rdev, before.rdev);
  assert.equal(after.ino, before.ino);
  assert.deepEqual(readdirSync(d), ['null']);
});

test('a folder is refused with one line and left as it was', async () => {
  const d = fresh();
  mkdirSync(join(d, 'out'));
  assert.deepEqual(await writeOutput(join(d, 'out'), 'x', never), { ok: false, message: `${join(d, 'out')}: error: is a folder (expected a file)` });
  assert.deepEqual(readdirSync(join(d, 'out')), []);
});
