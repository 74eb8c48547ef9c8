// Pools in the Promela export (spin/pool.ts): fr[] as raceway's three freed-flag values with every
// slot starting unallocated, kmalloc taking the first unallocated slot, an empty pool ending the
// run as pool-exhausted (its own fault code, so Spin's result judges inconclusive as raceway's
// does) or giving NULL, and kmem_cache_free of another cache's object a misuse.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judge } from '../explore/judge.js';
import { programOf } from '../testing/inline.js';
import { bothEngines, noSpin } from '../testing/spin-agree.js';
import { MODEL_KINDS, violCode } from './model-names.js';
import { exportPromela } from './promela.js';

const scenario = (pool: string, stmts: string[]): string => [
  'cpus: 1', 'state:', '  pools:', `    ${pool}`, '    other: { fields: [a], size: 1 }', 'programs:', '  cpu 0:', ...stmts.map((s) => `    - ${JSON.stringify(s)}`),
].join('\n') + '\n';

function model(yaml: string): string {
  const r = exportPromela(programOf(yaml));
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.text;
}

test('every pool slot starts unallocated (2) in a byte-wide fr[], and kmalloc takes the first one left, in order', () => {
  const text = model(scenario('foo: { fields: [a], size: 2 }', ['p = kmalloc(foo)']));
  assert.match(text, /^byte fr\[3\];/m);
  // Objects: foo[0] and foo[1] are objects 0 and 1, other[0] is object 2.
  assert.match(text, /d_step \{ fr\[0\] = 2; fr\[1\] = 2; fr\[2\] = 2 \};/);
  assert.match(text, /if :: fr\[0\] == 2 -> fr\[0\] = 0; lc\[0\] = 1073741824 :: else ->\n\s*if :: fr\[1\] == 2 -> fr\[1\] = 0; lc\[0\] = 1073741825 :: else ->\n\s*skip fi fi;/);
});

test('an allocation from an empty pool is pool-exhausted, or NULL with when_empty: NULL', () => {
  // The model-only kind comes after every violation kind (model-names.ts MODEL_KINDS).
  const code = violCode('pool-exhausted');
  assert.equal(code, MODEL_KINDS.length);
  const exhausted = model(scenario('foo: { fields: [a], size: 2 }', ['p = kmalloc(foo)']));
  assert.match(exhausted, new RegExp(`:: \\(!\\(fr\\[0\\] == 2\\) && !\\(fr\\[1\\] == 2\\)\\) -> viol = ${code}; assert\\(viol != ${code}\\)`));
  const nulled = model(scenario('foo: { fields: [a], size: 2, when_empty: NULL }', ['p = kmalloc(foo)']));
  assert.doesNotMatch(nulled, new RegExp(`viol = ${code}`));
  assert.match(nulled, /lc\[0\] = 0 fi fi;/);
});

test('kmem_cache_free checks the object is one of the cache\'s (a misuse otherwise) before the double-free check', () => {
  const text = model(scenario('foo: { fields: [a], size: 2 }', ['p = kmalloc(other)', 'kmem_cache_free(foo, p)']));
  const misuse = text.indexOf('(!(tmp[0] == 1073741824 || tmp[0] == 1073741825)) -> viol = 4');
  const doubleFree = text.indexOf('(fr[tmp[0] - 1073741824]) -> viol = 2');
  assert.ok(misuse > 0 && doubleFree > misuse, text);
});

// Two pan searches (the second finds nothing new); the stale-pointer case is a shipped scenario's
// (scenarios/heap/kmalloc-publish-free.yaml), which `npm run crosscheck` compares.
test('Spin agrees: an exhausted pool is a pool-exhausted finding, which judges inconclusive, never safe', { skip: noSpin }, async () => {
  const [exhausted] = await bothEngines(scenario('foo: { fields: [a], size: 1 }', ['p = kmalloc(foo)', 'kfree(p)', 'q = kmalloc(foo)']));
  assert.equal(exhausted!.spin, 'violation pool-exhausted');
  assert.equal(exhausted!.raceway, exhausted!.spin);
  assert.equal(judge(exhausted!.outcome!, []), 'inconclusive');
});
