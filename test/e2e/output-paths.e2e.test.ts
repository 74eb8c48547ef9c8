// End-to-end: where `check -o` and `matrix --plot` put their text when the path is not a plain new
// file: a symbolic link, a FIFO, a device node, or one of the inputs. Run as root would run it,
// on scratch nodes in a temporary folder (never the system's /dev/null).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, constants, copyFileSync, linkSync, lstatSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../../src/testing/repo-root.js';
import { raceway } from '../../src/testing/spawn-raceway.js';

const scenario = join(repoRoot, 'scenarios/litmus/SB.yaml');
/** A scenario whose writer (the CPU that frees) matrix can tell, so it plots. */
const plotted = join(repoRoot, 'scenarios/lockdep/hazptr-barriers.yaml');
const check = (...more: string[]): string[] => ['check', '--mode', 'exhaustive', '--summary', ...more];
const mask = (s: string): string => s.replace(/\d+ ms\)/g, 'N ms)');
const fresh = (): string => mkdtempSync(join(tmpdir(), 'raceway-out-'));
const root = process.getuid?.() === 0;

describe('-o and --plot', () => {
  test('-o naming the input is refused with one line, exit 2, and the scenario is untouched, however it is spelt', () => {
    const d = fresh();
    const mine = join(d, 'sb.yaml');
    copyFileSync(scenario, mine);
    symlinkSync('sb.yaml', join(d, 'alias.yaml'));
    linkSync(mine, join(d, 'hard.txt'));
    const text = readFileSync(mine, 'utf8');
    for (const [inputs, out] of [[[mine], mine], [[mine], join(d, 'alias.yaml')], [[join(d, 'alias.yaml')], join(d, 'hard.txt')], [[d], join(d, '.', 'sb.yaml')]] as const) {
      const r = raceway(check(...inputs, '-o', out));
      assert.equal(r.code, 2, `${inputs} -o ${out}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^raceway: --output \S+: is one of the inputs( \(the same file as \S+\))?, which the output would replace \(expected another file\)\n$/);
      assert.equal(readFileSync(mine, 'utf8'), text, `${inputs} -o ${out} left the scenario alone`);
    }
  });

  test('-o through a symbolic link writes the file it points at and keeps the link', () => {
    const d = fresh();
    writeFileSync(join(d, 'report.txt'), 'old');
    symlinkSync('report.txt', join(d, 'latest.txt'));
    const r = raceway(check(scenario, '-o', join(d, 'latest.txt')));
    assert.equal(r.code, 0, r.stderr);
    assert.ok(lstatSync(join(d, 'latest.txt')).isSymbolicLink(), 'still a link');
    assert.equal(mask(readFileSync(join(d, 'report.txt'), 'utf8')), mask(raceway(check(scenario)).stdout));
    assert.deepEqual(readdirSync(d).sort(), ['latest.txt', 'report.txt']);
  });

  test('-o into a FIFO writes to its reader and leaves a FIFO', () => {
    const d = fresh();
    const fifo = join(d, 'pipe');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    // The reader is open before raceway runs, as `cat pipe &` would be; the report fits the pipe.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const r = raceway(check(scenario, '-o', fifo));
      assert.equal(r.code, 0, r.stderr);
      const buf = Buffer.alloc(1 << 16);
      const n = readSync(reader, buf, 0, buf.length, null);
      assert.match(buf.subarray(0, n).toString('utf8'), /6 results: 6 met, 0 not met, 0 inconclusive\n$/);
    } finally {
      closeSync(reader);
    }
    assert.ok(lstatSync(fifo).isFIFO(), 'still a FIFO');
  });

  test('-o onto a character device (a scratch /dev/null, 1:3) writes into it and keeps the node', { skip: root ? false : 'mknod needs root' }, () => {
    const d = fresh();
    const dev = join(d, 'null');
    assert.equal(spawnSync('mknod', [dev, 'c', '1', '3']).status, 0);
    const before = statSync(dev);
    const r = raceway(check(scenario, '-o', dev));
    assert.equal(r.code, 0, r.stderr);
    const after = lstatSync(dev);
    assert.ok(after.isCharacterDevice(), 'still a character device');
    assert.deepEqual([after.ino, after.rdev], [before.ino, before.rdev]);
  });

  test('matrix --plot through a link keeps the link; --plot naming an input is refused before any work', () => {
    const d = fresh();
    symlinkSync('plot-target.svg', join(d, 'plot.svg'));
    const ok = raceway(['matrix', plotted, '--plot', join(d, 'plot.svg')]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(lstatSync(join(d, 'plot.svg')).isSymbolicLink(), 'still a link');
    assert.match(readFileSync(join(d, 'plot-target.svg'), 'utf8'), /^<svg /);
    copyFileSync(plotted, join(d, 'sb.yaml'));
    symlinkSync('sb.yaml', join(d, 'sb.svg'));
    const refused = raceway(['matrix', join(d, 'sb.yaml'), '--plot', join(d, 'sb.svg')]);
    assert.equal(refused.code, 2);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /^raceway: --plot \S+sb\.svg: is one of the inputs \(the same file as \S+sb\.yaml\), which the output would replace \(expected another file\)\n$/);
    assert.equal(readFileSync(join(d, 'sb.yaml'), 'utf8'), readFileSync(plotted, 'utf8'));
  });
});
