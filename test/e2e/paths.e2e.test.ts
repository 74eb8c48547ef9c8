// End-to-end: a bad path in a batch is one line in its place and the rest is still checked;
// standard input and files that are not regular files are read in bounded time and memory.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../../src/testing/repo-root.js';
import { raceway, racewayCli } from '../../src/testing/spawn-raceway.js';

const good = 'scenarios/litmus/MP.yaml';
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };
const bin = racewayCli;

describe('a bad path does not stop a batch', () => {
  test('validate: the missing file is one line, the good one is still validated, exit 2', () => {
    const r = raceway(['validate', 'nonexistent.yaml', good]);
    assert.deepEqual(r, { code: 2, stdout: `${good}: ok\n`, stderr: 'nonexistent.yaml: error: no such file or folder\n1 of 2 files invalid\n' });
  });

  test('check: the missing file is one line, the good one is still checked, exit 2', () => {
    const r = raceway(['check', 'nonexistent.yaml', good, '--summary', '--mode', 'exhaustive']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'nonexistent.yaml: error: no such file or folder\n');
    assert.match(r.stdout, /^2 results: 2 met, 0 not met, 0 inconclusive, 1 bad file$/m);
  });

  test('matrix: the missing file is one line, the good one is still shown, exit 2', () => {
    const r = raceway(['matrix', 'nonexistent.yaml', good]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'nonexistent.yaml: error: no such file or folder\n');
    assert.match(r.stdout, /MP/);
  });

  test('a folder whose links loop is searched once, in bounded time', () => {
    const d = mkdtempSync(join(tmpdir(), 'raceway-loop-'));
    writeFileSync(join(d, 'MP.yaml'), execFileSync('cat', [join(repoRoot, good)]));
    symlinkSync('.', join(d, 'l1'));
    symlinkSync('.', join(d, 'l2'));
    const r = spawnSync(process.execPath, [bin, 'validate', d], { cwd: repoRoot, encoding: 'utf8', env, timeout: 30_000 });
    assert.deepEqual([r.signal, r.status, r.stdout, r.stderr], [null, 0, `${join(d, 'MP.yaml')}: ok\n`, '']);
  });
});

describe('input that is not a regular file', () => {
  test('standard input stops being read past 1 MiB, however much more comes', async () => {
    const child = spawn(process.execPath, [bin, 'validate', '-'], { cwd: repoRoot, env });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
    child.stdin.on('error', () => { /* EPIPE once raceway stops reading: the point */ });
    const line = Buffer.from('# x\n'.repeat(16_384));
    let written = 0;
    const pump = (): void => {
      // Writes until raceway goes away, up to 64 MiB: far past the limit, an `yes |` in small.
      while (!child.stdin.destroyed && written < 64 * 1024 * 1024) {
        written += line.length;
        if (!child.stdin.write(line)) { child.stdin.once('drain', pump); return; }
      }
      child.stdin.end();
    };
    pump();
    const timer = setTimeout(() => child.kill(), 30_000);
    const code = await new Promise<number | null>((done) => child.on('close', done));
    clearTimeout(timer);
    assert.equal(code, 2);
    assert.equal(stderr, '<stdin>:1:1: error: standard input is more than 1048576 bytes (expected at most 1048576)\n');
    assert.ok(written < 64 * 1024 * 1024, `raceway read all ${written} bytes`);
  });

  test('/dev/zero is refused at once', { skip: existsSync('/dev/zero') ? false : 'no /dev/zero' }, () => {
    const r = spawnSync(process.execPath, [bin, 'validate', '/dev/zero'], { cwd: repoRoot, encoding: 'utf8', env, timeout: 30_000 });
    assert.deepEqual([r.signal, r.status, r.stderr], [null, 2, "/dev/zero: error: is a character device (expected a regular file; '-' reads standard input)\n"]);
  });

  test('a FIFO is refused without waiting for a writer', { skip: process.platform === 'win32' ? 'no FIFOs' : false }, () => {
    const f = join(mkdtempSync(join(tmpdir(), 'raceway-fifo-')), 'pipe.yaml');
    execFileSync('mkfifo', [f]);
    const r = spawnSync(process.execPath, [bin, 'check', f], { cwd: repoRoot, encoding: 'utf8', env, timeout: 30_000 });
    assert.equal(r.signal, null, 'it did not hang');
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `${f}: error: is a FIFO (expected a regular file; '-' reads standard input)\n`);
  });
});

describe('a C litmus test on standard input goes to the litmus front end', () => {
  const litmus = execFileSync('cat', [join(repoRoot, 'scenarios/litmus-irq/irq-lost-update.litmus')], { encoding: 'utf8' });
  test('check -', () => {
    const r = raceway(['check', '-', '--summary'], litmus);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^<stdin>: irq-lost-update\n {2}ok {3}sc {2}Sometimes /);
  });
  test('validate -', () => {
    assert.deepEqual(raceway(['validate', '-'], `\n\n${litmus}`), { code: 0, stdout: '<stdin>: ok\n', stderr: '' });
  });
  test('a YAML scenario on standard input is still read as YAML', () => {
    assert.deepEqual(raceway(['validate', '-'], 'cpus: 1\nprograms:\n  cpu 0: [smp_mb()]\n'), { code: 0, stdout: '<stdin>: ok\n', stderr: '' });
  });
});

describe("the one-file commands read '-' from standard input as check does (issue 16: export said no such file)", () => {
  const litmus = readFileSync(join(repoRoot, 'scenarios/litmus-irq/irq-lost-update.litmus'), 'utf8');
  const yaml = readFileSync(join(repoRoot, 'test/fixtures/spin/irq-free.yaml'), 'utf8');
  test('export --promela -: the model of the scenario or litmus test on standard input', () => {
    const fromFile = raceway(['export', '--promela', 'test/fixtures/spin/irq-free.yaml']);
    const r = raceway(['export', '--promela', '-'], yaml);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, fromFile.stdout.replaceAll('test/fixtures/spin/irq-free.yaml', '<stdin>'));
    const l = raceway(['export', '--promela', '-'], litmus);
    assert.equal(l.code, 0, l.stderr);
    assert.match(l.stdout, /Promela model of irq-lost-update, variant irq-lost-update, strategy default \(<stdin>\)/);
  });
  test('ablate - and replay - read it too', () => {
    const a = raceway(['ablate', '-'], litmus);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stdout, /^<stdin>: irq-lost-update, variant irq-lost-update, strategy default \(sc\)$/m);
    const bad = raceway(['replay', '-', '--strategy', 'default', '--token', 'x'], litmus);
    assert.doesNotMatch(bad.stderr, /no such file/);
  });
});
