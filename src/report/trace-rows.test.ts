// The trace rows' notes that come from a primitive family (ops/locks.ts): a buffered unlock that
// reaches memory under TSO gets a row of its own, and a lock statement's preempt_disable() says so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explore, programOf } from '../testing/inline.js';
import { traceRows } from './trace-rows.js';

// CPU 1 can take l only once CPU 0's unlock has left the store buffer (memory/tso.ts); the
// assertion fails when it takes it after CPU 0's critical section.
const yaml = `
cpus: 2
memory_model: tso
state: { cells: { x: 0 }, locks: { l: spinlock } }
programs:
  cpu 0:
    - spin_lock(l)
    - WRITE_ONCE(x, 1)
    - spin_unlock(l)
  cpu 1:
    - spin_lock(l)
    - assert(READ_ONCE(x) == 0)
    - spin_unlock(l)
`;

test('a drained unlock is its own row, and says the lock is free from there (ops/locks.ts)', () => {
  const p = programOf(yaml);
  const f = explore(p).findings.find((x) => x.violation.kind === 'assertion');
  assert.ok(f, 'the assertion fails when CPU 1 takes the lock second');
  const { rows } = traceRows(p, f, undefined);
  const drain = rows.find((r) => r.kind === 'drain' && r.text.startsWith('(drain) unlock'));
  assert.ok(drain, rows.map((r) => r.text).join('\n'));
  assert.equal(drain.text, '(drain) unlock of l');
  assert.equal(drain.note, 'the lock is free from here');
  // The lock statement's preempt_disable() step is noted as the lock's (lockPreemptNote).
  assert.ok(rows.some((r) => r.note === 'preemption off'), rows.map((r) => `${r.text}: ${r.note}`).join('\n'));
});
