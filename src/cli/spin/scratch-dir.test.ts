// A Spin run's scratch folder is removed when the run ends, and at exit when the run never got
// to its end: a second Ctrl-C ends raceway at once through process.exit (node-io.ts), which skips
// runPan's `finally`. The second case runs in a child process of its own, the real signal path:
// nodeIo's handlers trapped, two SIGINTs to itself.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeScratchDir, removeScratchDir } from './scratch-dir.js';

test('a scratch folder is made under tmpdir, and removed with what it holds; no exit listener is left behind', () => {
  const before = process.listenerCount('exit');
  const dir = makeScratchDir('raceway-test-');
  assert.ok(dir.startsWith(join(tmpdir(), 'raceway-test-')), dir);
  assert.equal(process.listenerCount('exit'), before + 1);
  spawnSync('touch', [join(dir, 'pan.c')]);
  removeScratchDir(dir);
  assert.equal(existsSync(dir), false);
  assert.equal(process.listenerCount('exit'), before);
});

test('a second Ctrl-C, which ends raceway at once, still removes the scratch folders of the run under way', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'raceway-scratch-test-'));
  try {
    const script = `
      const { makeScratchDir } = await import(${JSON.stringify(new URL('./scratch-dir.js', import.meta.url).href)});
      const { nodeIo } = await import(${JSON.stringify(new URL('../node-io.js', import.meta.url).href)});
      const io = nodeIo();
      io.trapInterrupts();
      makeScratchDir('raceway-spin-');
      makeScratchDir('raceway-swarm-');
      process.kill(process.pid, 'SIGINT');
      setTimeout(() => { if (io.interrupted()) process.kill(process.pid, 'SIGINT'); }, 50);
      setTimeout(() => process.exit(9), 5000);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8' });
    assert.equal(r.status, 130, r.stderr);
    assert.deepEqual(readdirSync(tmp), []);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
