// The seed race under lkmm where it moves: scenarios/lockdep/key-race.yaml's bucket-refcount, which
// SC and TSO call safe, is a use-after-free under the LKMM (README, "The same, under the
// Linux-kernel memory model"); atomic_set_release() closes it. Its IRQ and NMI cells, with and
// without the release, are checked by scenarios/lockdep/key-race-lkmm.yaml (tens of seconds).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Outcome } from '../../src/explore/explorer.js';
import { exploreLkmm } from '../../src/explore/lkmm/lkmm-explorer.js';
import type { Program } from '../../src/machine/program.js';
import { loadScenario } from '../../src/scenario/load.js';
import { repoRoot } from '../../src/testing/repo-root.js';

let t = 0;
const explore = (p: Program): Outcome => exploreLkmm(p, { maxStates: 1_000_000, now: () => t++, seed: 0 });

test('the seed race\'s bucket-refcount moves to use-after-free under lkmm; atomic_set_release() closes it', () => {
  // scenarios/lockdep/key-race.yaml, nothing nesting. The writer's atomic_set(&refcount, 1) is no
  // release: CPU 0's atomic_inc_not_zero() can read it and still read the old bucket->first (the
  // unlink is not ordered before the count), then oldkey->next after the free. With a release the
  // unlink is cumul-fence before inc_not_zero's write (po-rel, then rmw-sequence), whose Mb orders the
  // reader's later read of bucket->first: a pb cycle (linux-kernel.cat, propagation).
  const text = readFileSync(join(repoRoot, 'scenarios/lockdep/key-race.yaml'), 'utf8');
  const cell = (t: string): Program => {
    const l = loadScenario('scenarios/lockdep/key-race.yaml', t, { memoryModel: 'lkmm' });
    if (!l.ok) throw new Error(JSON.stringify(l.errors));
    return l.value.cases.find((c) => c.variant === 'key-race' && c.strategy === 'bucket-refcount')!.program;
  };
  assert.deepEqual(explore(cell(text)).findings.map((f) => f.violation.kind), ['use-after-free']);
  assert.ok(text.includes('- atomic_set(&refcount, 1)'));
  assert.equal(explore(cell(text.replace('- atomic_set(&refcount, 1)', '- atomic_set_release(&refcount, 1)'))).verdict, 'safe');
});
