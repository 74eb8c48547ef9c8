// End-to-end: `raceway validate` and `check` on good and bad input, spawned as a user runs them.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { raceway } from '../../src/testing/spawn-raceway.js';

const good = 'cpus: 2\nstate: { objects: { o: { f: 1 } } }\nprograms:\n  cpu 0: ["x = READ_ONCE(o->f)"]\n  cpu 1: [free(o)]\nexpect:\n  default: use-after-free\n';
const bad = 'cpus: 2\nprograms:\n  cpu 0:\n    - smp_mb2()\n    - spin_lock(nolock)\n';

function folder(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'raceway-validate-'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(d, n), t);
  return d;
}

describe('raceway validate', () => {
  test('clean files exit 0 with a "file: ok" line each and nothing on stderr', () => {
    const r = raceway(['validate', 'scenarios/lockdep/key-race.yaml']);
    assert.deepEqual(r, { code: 0, stdout: 'scenarios/lockdep/key-race.yaml: ok\n', stderr: '' });
  });

  test('every error of a bad file is printed, in order, and the exit code is 2', () => {
    const d = folder({ 'bad.yaml': bad });
    const r = raceway(['validate', join(d, 'bad.yaml')]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.deepEqual(r.stderr.trimEnd().split('\n'), [
      `${join(d, 'bad.yaml')}:4:7: error: unknown operation 'smp_mb2' (expected a kernel primitive or a procedure of this scenario); did you mean 'smp_mb'?`,
      `${join(d, 'bad.yaml')}:5:17: error: undefined lock 'nolock' (expected a spinlock declared under state: locks, a lock field (&p->lock) or a lock parameter)`,
    ]);
  });

  test('a misspelt top-level key and a misspelt statement under it are both reported in one run', () => {
    const r = raceway(['validate', '-'], 'cpus: 2\nstate: { cells: { x: 0, y: 0 } }\nprogams:\n  cpu 0:\n    - WRTIE_ONCE(y, 1)\n');
    assert.equal(r.code, 2);
    assert.deepEqual(r.stderr.split('\n').map((l) => l.replace(/ \(expected.*$/, '')), [
      "<stdin>:3:1: error: unknown key 'progams' in a scenario",
      "<stdin>:5:7: error: unknown operation 'WRTIE_ONCE'",
      '',
    ]);
  });

  test("'-' given twice is refused with one line and exit 2, for validate and check alike", () => {
    for (const args of [['validate', '-', '-'], ['check', '-', 'scenarios/litmus/SB.yaml', '-']]) {
      const r = raceway(args, 'cpus: 1\n');
      assert.deepEqual(r, { code: 2, stdout: '', stderr: "raceway: '-' is given twice, and standard input can be read only once (expected '-' at most once)\n" }, args.join(' '));
    }
  });

  test("'-' validates standard input", () => {
    assert.deepEqual(raceway(['validate', '-'], good), { code: 0, stdout: '<stdin>: ok\n', stderr: '' });
    const r = raceway(['validate', '-'], bad);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^<stdin>:4:7: error: unknown operation 'smp_mb2'/);
  });

  test('a folder with a bad file still validates the good one, and exits 2', () => {
    const d = folder({ 'a-bad.yaml': bad, 'b-good.yaml': good });
    const r = raceway(['validate', d]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, `${join(d, 'b-good.yaml')}: ok\n`);
    assert.match(r.stderr, /a-bad\.yaml:4:7: error/);
    assert.match(r.stderr, /^1 of 2 files invalid$/m);
  });

  test('a missing path is one line, exit 2', () => {
    const r = raceway(['validate', 'no/such.yaml']);
    assert.deepEqual(r, { code: 2, stdout: '', stderr: 'no/such.yaml: error: no such file or folder\n' });
  });
});

describe('raceway check on a batch with an invalid file', () => {
  test('explores nothing for the invalid file, still checks the valid one, and exits 2', () => {
    const d = folder({ 'a-bad.yaml': bad, 'b-good.yaml': good });
    const r = raceway(['check', d, '--summary']);
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stdout, /a-bad\.yaml/);
    assert.match(r.stdout, /b-good\.yaml/);
    assert.match(r.stdout, /^1 result: 1 met, 0 not met, 0 inconclusive, 1 bad file$/m);
    assert.match(r.stderr, /a-bad\.yaml:4:7: error: unknown operation 'smp_mb2'/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test('a non-UTF-8 file on standard input is refused with its position', () => {
    const bytes = new Uint8Array([...Buffer.from('cpus: 1\nprograms:\n  cpu 0: [smp_mb()]  # caf'), 0xe9, 0x0a]);
    const r = raceway(['check', '-'], bytes);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.split('\n')[0], '<stdin>:3:27: error: the file is not valid UTF-8 (byte 0xe9 at offset 44) (expected UTF-8 text)');
  });
});
