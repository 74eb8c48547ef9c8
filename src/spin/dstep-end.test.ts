// No exported `d_step` ends with its `do` loop: Spin 6.5.2 then writes a pan.c that jumps to a
// label it never defines (dstep.c, see closeStep in promela.ts), and gcc rejects it. The
// reproducer is the shape the crosscheck's random programs met with wake_up(): a CPU whose first
// step has no silent instructions after it (CPU 1's program), then a task whose steps have them
// (waitqueue_active() lowers to a load and silent moves) and end there (no RCU, no handler).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { noSpin } from '../testing/spin-agree.js';
import { modelText } from '../testing/spin-test-model.js';

const YAML = ['cpus: 2', 'state:', '  cells: { ready: 0 }', '  waits: { wq: wait_queue_head }', 'programs:',
  '  task waiter on cpu 0:', '    - wait_event(wq, READ_ONCE(ready) == 1)',
  '  cpu 1:', '    - WRITE_ONCE(ready, 1)',
  '  task waker on cpu 1:', '    - "r = waitqueue_active(&wq)"', '    - wake_up(&wq)'].join('\n') + '\n';

test('no d_step ends with the do loop of its silent instructions', () => {
  const text = modelText(YAML);
  assert.match(text, /\n\s*od;\n/, 'the reproducer has settle loops');
  assert.doesNotMatch(text, /\n\s*od;\n +\}/); // a d_step's close is indented, the proctype's is not
});

test('Spin\'s pan.c of the wake_up() reproducer compiles', { skip: noSpin }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'raceway-dstep-'));
  try {
    writeFileSync(join(dir, 'model.pml'), modelText(YAML));
    const a = spawnSync('spin', ['-a', 'model.pml'], { cwd: dir, encoding: 'utf8' });
    assert.equal(a.status, 0, a.stdout);
    const cc = spawnSync('gcc', ['-fsyntax-only', '-DSAFETY', 'pan.c'], { cwd: dir, encoding: 'utf8' });
    assert.equal(cc.status, 0, cc.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
