// kmalloc/kzalloc/kmem_cache_alloc and kfree/kmem_cache_free on a declared pool: each allocation
// a slot never used before (a stale reader stays a use-after-free after the memory is allocated
// again), an empty pool is pool-exhausted (judged inconclusive) or NULL as the scenario says,
// double and wrong-cache frees are findings, and misuses of the names are located errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judge } from '../../explore/judge.js';
import { loadScenario } from '../../scenario/load.js';
import { explore, kinds, programOf } from '../../testing/inline.js';

const scenario = (pool: string, cpu0: string[], cpu1: string[] = []): string => [
  `cpus: ${cpu1.length > 0 ? 2 : 1}`, 'state:', '  cells: { gp: NULL }', '  pools:', `    ${pool}`, '    other: { fields: [a], size: 1 }',
  'programs:', '  cpu 0:', ...cpu0.map((s) => `    - ${JSON.stringify(s)}`), ...(cpu1.length > 0 ? ['  cpu 1:', ...cpu1.map((s) => `    - ${JSON.stringify(s)}`)] : []),
].join('\n') + '\n';

const FOO = 'foo: { fields: [a, b], size: 2 }';

test('kmalloc hands out a new zeroed object each time; kzalloc and kmem_cache_alloc too', () => {
  const p = programOf(scenario(FOO, ['p = kmalloc(foo)', 'q = kzalloc(foo)', 'assert(p != NULL && q != NULL && p != q)', 'assert(READ_ONCE(p->a) == 0 && READ_ONCE(q->b) == 0)',
    'WRITE_ONCE(p->a, 5)', 'assert(READ_ONCE(p->a) == 5 && READ_ONCE(q->a) == 0)']));
  assert.deepEqual(kinds(explore(p)), []);
  assert.deepEqual(kinds(explore(programOf(scenario(FOO, ['p = kmem_cache_alloc(foo)', 'assert(p == NULL)'])))), ['assertion']);
});

test('an object allocated after a free is a new one: a stale pointer to the freed one is still a use-after-free', () => {
  // SLUB would hand the freed memory out again (mm/slub.c); the stale read is the bug either way.
  const p = programOf(scenario(FOO, ['p = kmalloc(foo)', 'kfree(p)', 'q = kmalloc(foo)', 'assert(q != p)', 'WRITE_ONCE(q->a, 1)', 'r = READ_ONCE(p->a)']));
  const o = explore(p);
  assert.deepEqual(kinds(o), ['use-after-free']);
  const v = o.findings[0]!.violation;
  assert.equal(v.kind === 'use-after-free' ? p.objects[v.object]!.name : '', 'foo[0]');
});

test('a third allocation from a pool of two is pool-exhausted, which judges as inconclusive, never safe', () => {
  const p = programOf(scenario(FOO, ['p = kmalloc(foo)', 'kfree(p)', 'p = kmalloc(foo)', 'kfree(p)', 'p = kmalloc(foo)']));
  const o = explore(p);
  assert.deepEqual(kinds(o), ['pool-exhausted']);
  assert.equal(judge(o, []), 'inconclusive');
  assert.equal(judge(o, null), 'inconclusive');
  // Another finding in the same search still counts: an unexpected one is unmet, an expected one met.
  const both = explore(programOf(scenario(FOO, ['p = kmalloc(foo)', 'kfree(p)', 'kfree(p)']).replace('size: 2', 'size: 1')));
  assert.deepEqual(kinds(both), ['double-free']);
});

test("with when_empty: NULL an allocation from the empty pool returns NULL, as the kernel's kmalloc may", () => {
  const p = programOf(scenario('foo: { fields: [a], size: 1, when_empty: NULL }', ['p = kmalloc(foo)', 'q = kmalloc(foo)', 'assert(p != NULL && q == NULL)']));
  assert.deepEqual(kinds(explore(p)), []);
});

test('kfree twice is a double-free; kmem_cache_free of an object of another cache is a misuse', () => {
  assert.deepEqual(kinds(explore(programOf(scenario(FOO, ['p = kmalloc(foo)', 'kmem_cache_free(foo, p)', 'kfree(p)'])))), ['double-free']);
  assert.deepEqual(kinds(explore(programOf(scenario(FOO, ['p = kmalloc(other)', 'kmem_cache_free(foo, p)'])))), ['misuse']);
  assert.deepEqual(kinds(explore(programOf(scenario(FOO, ['p = kmalloc(foo)', 'kmem_cache_free(foo, p)', 'kmem_cache_free(foo, NULL)'])))), []);
});

test('a reader of a published object against kfree without a grace period: use-after-free; with synchronize_rcu: safe', () => {
  const writer = (wait: string[]): string[] => ['p = kmalloc(foo)', 'WRITE_ONCE(p->a, 1)', 'rcu_assign_pointer(gp, p)', 'rcu_assign_pointer(gp, NULL)', ...wait, 'kfree(p)'];
  const text = (wait: string[]): string => scenario(FOO, ['rcu_read_lock()', 'p = rcu_dereference(gp)', 'r = p != NULL'], writer(wait))
    .replace('    - "r = p != NULL"\n', '    - if p != NULL:\n        - r = READ_ONCE(p->a)\n    - rcu_read_unlock()\n');
  assert.deepEqual(kinds(explore(programOf(text([])))), ['use-after-free']);
  assert.deepEqual(kinds(explore(programOf(text(['synchronize_rcu()'])))), []);
});

test('the names are used as the kernel uses them, or a located error says how', () => {
  const errors = (stmts: string[]): string[] => {
    const r = loadScenario('p.yaml', scenario(FOO, stmts));
    return r.ok ? [] : r.errors.map((e) => `${e.message}${e.hint ? ` (${e.hint})` : ''}`);
  };
  assert.deepEqual(errors(['kmalloc(foo)']), ['kmalloc() returns the object it allocates']);
  assert.deepEqual(errors(['gp = kmalloc(foo)']), ['the object kmalloc() allocates goes into a local']);
  assert.deepEqual(errors(['p = kmalloc(fo)']), ["no pool 'fo' (did you mean 'foo'?)"]);
  assert.deepEqual(errors(['p = kmalloc(gp)']), ['not a pool']);
  assert.deepEqual(errors(['p = foo']), ["pool 'foo' has no value"]);
});
