// The state store is exact: a state is new exactly once, packing is injective, and lookups agree
// with adds, whatever the words (small, pointers, negative, large), however far the store grows,
// and whether a state's key is made from scratch or from its parent's (only the changed segments).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PTR_BASE } from '../machine/program.js';
import { FULL, packWords, StateStore } from './state-store.js';

const WIDTH = 12;
// Zeros often, so runs of them (packed as one code) meet every other kind of word.
const word = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  fc.integer({ min: 0, max: 300 }),
  fc.integer({ min: 0, max: 300 }).map((k) => PTR_BASE + k),
  fc.integer({ min: -300, max: -1 }),
  fc.integer({ min: 0xf0, max: 0x1_0000 }),
  fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff }),
);
const state = fc.array(word, { minLength: WIDTH, maxLength: WIDTH }).map((xs) => Int32Array.from(xs));

test('packing is injective: two states pack to the same bytes exactly when they are equal (seed 31)', () => {
  fc.assert(fc.property(state, state, (a, b) => {
    const pa = new Uint8Array(5 * WIDTH);
    const pb = new Uint8Array(5 * WIDTH);
    const na = packWords(a, WIDTH, pa);
    const nb = packWords(b, WIDTH, pb);
    const samePacked = na === nb && pa.subarray(0, na).every((x, i) => x === pb[i]);
    assert.equal(samePacked, a.every((x, i) => x === b[i]));
  }), { seed: 31, numRuns: 5000 });
});

test('a state is new exactly once, and find agrees with add, past several growths (seed 37)', () => {
  fc.assert(fc.property(fc.array(state, { minLength: 1, maxLength: 400 }), (states) => {
    const store = new StateStore(WIDTH, 4);
    const ids = new Map<string, number>();
    for (const s of states) {
      const key = s.join(',');
      const before = store.find(s);
      const r = store.add(s);
      if (ids.has(key)) {
        assert.equal(r, -(ids.get(key)! + 1));
        assert.equal(before, ids.get(key));
      } else {
        assert.equal(before, -1);
        assert.equal(r, ids.size);
        ids.set(key, r);
      }
    }
    assert.equal(store.size, ids.size);
    for (const s of states) assert.equal(store.find(s), ids.get(s.join(',')));
  }), { seed: 37, numRuns: 300 });
});

test('a key made from the parent\'s (the changed segments only) names the same state as one made from scratch (seed 41)', () => {
  // Each state is an earlier one with a few words changed, as a move changes a parent: added with
  // that parent and the key saved when the parent was added, it must get the id a store that made
  // every key from scratch gives it. Widths with and without a partial last segment.
  const change = fc.record({ parent: fc.nat(), at: fc.array(fc.tuple(fc.nat(), word), { minLength: 0, maxLength: 3 }) });
  for (const width of [12, 16, 5]) {
    const first = fc.array(word, { minLength: width, maxLength: width }).map((xs) => Int32Array.from(xs));
    fc.assert(fc.property(first, fc.array(change, { minLength: 1, maxLength: 300 }), (s0, changes) => {
      const store = new StateStore(width, 4);
      const plain = new StateStore(width, 4);
      const states = [s0];
      const keys = [store.add(s0) === 0 ? store.key.slice() : new Int32Array(0)];
      plain.add(s0);
      for (const c of changes) {
        const i = c.parent % states.length;
        const s = states[i]!.slice();
        for (const [k, w] of c.at) s[k % width] = w;
        const r = store.add(s, Infinity, states[i], keys[i]);
        assert.equal(r, plain.add(s));
        assert.deepEqual(store.key, plain.key);
        if (r >= 0) { states.push(s); keys.push(store.key.slice()); }
      }
    }), { seed: 41, numRuns: 200 });
  }
});

test('with a limit, a full store refuses a new state and adds nothing, but still finds the ones it has', () => {
  const store = new StateStore(WIDTH, 4);
  const s = (k: number): Int32Array => Int32Array.from({ length: WIDTH }, (_, i) => (i === 0 ? k : 0));
  assert.equal(store.add(s(1), 2), 0);
  assert.equal(store.add(s(2), 2), 1);
  assert.equal(store.add(s(3), 2), FULL);
  assert.equal(store.size, 2);
  assert.equal(store.find(s(3)), -1);
  assert.equal(store.add(s(1), 2), -1);
  assert.equal(store.add(s(2), 2), -2);
});

test('wide states of distinct words stay found: a store of more than 16 MiB', () => {
  // Wide states whose words are all different: 1,000 of them store 512,000 distinct segments.
  const width = 4096;
  const store = new StateStore(width, 4);
  const s = (k: number): Int32Array => Int32Array.from({ length: width }, (_, i) => 0x1000_0000 + k * 7919 + i);
  for (let k = 0; k < 1000; k++) assert.equal(store.add(s(k)), k);
  assert.ok(store.bytes > 4 * (1 << 22), `${store.bytes} bytes: the test must pass one chunk`);
  for (let k = 0; k < 1000; k++) assert.equal(store.add(s(k)), -(k + 1));
  assert.equal(store.find(s(1000)), -1);
});
