// The updater is told by what its task does, each family saying which of its steps are an
// updater's (ops/heap.ts freeUpdates, ops/rcu.ts rcuUpdates, ops/locks.ts lockUpdates).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadScenario } from '../scenario/load.js';
import { rolesOf } from './roles.js';

/** The roles inferred for a scenario whose CPU 1 task runs `writer` and CPU 0 task only reads. */
function rolesWith(state: string, writer: string): ReturnType<typeof rolesOf> {
  const text = `cpus: 2\nstate: ${state}\nprograms:\n  cpu 0:\n    - r = READ_ONCE(x)\n  cpu 1:\n${writer.split(';').map((s) => `    - ${s.trim()}`).join('\n')}\n`;
  const l = loadScenario('roles.yaml', text);
  assert.ok(l.ok, JSON.stringify(!l.ok && l.errors));
  return rolesOf(l.value.ast, l.value.cases.map((c) => c.program));
}

test('a write_lock, a grace period and a free each make their task the updater', () => {
  const writer = { source: 'inferred', readerCpu: 0, writerCpu: 1 };
  assert.deepEqual(rolesWith('{ cells: { x: 0 }, locks: { l: rwlock } }', 'write_lock(l); WRITE_ONCE(x, 1); write_unlock(l)'), writer);
  assert.deepEqual(rolesWith('{ cells: { x: 0 } }', 'WRITE_ONCE(x, 1); synchronize_rcu()'), writer);
  assert.deepEqual(rolesWith('{ cells: { x: 0 }, objects: { o: { v: 0 } } }', 'free(&o)'), writer);
  // A read lock is a reader's: nobody updates, so there are no roles to infer.
  assert.equal(rolesWith('{ cells: { x: 0 }, locks: { l: rwlock } }', 'read_lock(l); WRITE_ONCE(x, 1); read_unlock(l)').source, 'unknown');
});
