// The relation algebra against the definitions of herd7's cat operators, on small relations
// whose answers are worked out by hand, and on random ones against a naive set-of-pairs model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { EventSet, Relation } from './relation.js';

const pairs = (r: Relation): string => r.pairs().map(([a, b]) => `${a}${b}`).join(' ');

test('sequence, inverse and the closures follow their definitions on a chain 0 -> 1 -> 2', () => {
  const r = Relation.of(3, [[0, 1], [1, 2]]);
  assert.equal(pairs(r.seq(r)), '02');
  assert.equal(pairs(r.inverse()), '10 21');
  assert.equal(pairs(r.plus()), '01 02 12');
  assert.equal(pairs(r.star()), '00 01 02 11 12 22');
  assert.equal(pairs(r.opt()), '00 01 11 12 22');
  assert.ok(r.acyclic());
  assert.ok(!r.union(Relation.of(3, [[2, 0]])).acyclic(), 'closing the chain makes a cycle');
});

test('[S] ; r ; [T] keeps the pairs from S to T, and S * T is every such pair', () => {
  const all = Relation.where(4, (a, b) => a !== b);
  const s = EventSet.of(4, [0, 1]);
  const t = EventSet.of(4, [2]);
  assert.equal(pairs(all.restrict(s, t)), '02 12');
  assert.equal(pairs(Relation.seqAll(Relation.id(s), all, Relation.id(t))), '02 12');
  assert.equal(pairs(Relation.cross(s, t)), '02 12');
  assert.deepEqual(all.restrict(s, t).domain().members(), [0, 1]);
  assert.deepEqual(all.restrict(s, t).range().members(), [2]);
});

test('irreflexive, empty and set operations on sets', () => {
  assert.ok(!Relation.of(2, [[1, 1]]).irreflexive());
  assert.ok(new Relation(40).isEmpty());
  const a = EventSet.of(40, [1, 33, 39]);
  const b = EventSet.of(40, [33]);
  assert.deepEqual(a.minus(b).members(), [1, 39]);
  assert.deepEqual(a.inter(b).members(), [33]);
  assert.equal(a.complement().members().length, 37);
});

/** A relation as a set of "a,b" strings, with the textbook definitions. */
type Naive = Set<string>;
const naive = (r: Relation): Naive => new Set(r.pairs().map(([a, b]) => `${a},${b}`));
function naiveSeq(n: number, r: Naive, s: Naive): Naive {
  const out = new Set<string>();
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) for (let c = 0; c < n; c++) if (r.has(`${a},${b}`) && s.has(`${b},${c}`)) out.add(`${a},${c}`);
  return out;
}
function naivePlus(n: number, r: Naive): Naive {
  let cur = new Set(r);
  for (;;) {
    const next = new Set([...cur, ...naiveSeq(n, cur, r)]);
    if (next.size === cur.size) return cur;
    cur = next;
  }
}

/** A size up to 40 events (more than one word) and two relations' pairs over it, up to `maxLength` each. */
const twoRelations = (maxLength: number) => fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(fc.constant(n),
  fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength }),
  fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength })));

test('on random relations over up to 40 events (more than one word), seq and plus agree with the naive definitions (seed 20)', () => {
  fc.assert(fc.property(twoRelations(60), ([n, p, q]) => {
    const r = Relation.of(n, p);
    const s = Relation.of(n, q);
    assert.deepEqual(naive(r.seq(s)), naiveSeq(n, naive(r), naive(s)));
    assert.deepEqual(naive(r.plus()), naivePlus(n, naive(r)));
    assert.deepEqual(naive(r.inverse().inverse()), naive(r));
  }), { seed: 20, numRuns: 200 });
});

test('acyclic (Kahn) is plus().irreflexive(), and within is an empty difference, on random relations (seed 21)', () => {
  fc.assert(fc.property(twoRelations(50), ([n, p, q]) => {
    const r = Relation.of(n, p);
    const s = Relation.of(n, q);
    assert.equal(r.acyclic(), [...naivePlus(n, naive(r))].every((ab) => ab.split(',')[0] !== ab.split(',')[1]));
    assert.equal(r.within(s), r.minus(s).isEmpty());
    assert.ok(r.within(r.union(s)));
  }), { seed: 21, numRuns: 200 });
});

test('relations made inside Relation.scratch do not overwrite those made before it, and the next call reuses its memory', () => {
  const before = Relation.of(40, [[0, 1], [1, 39]]);
  const inside = Relation.scratch(() => Relation.scratch(() => before.seq(before).union(before).pairs()));
  assert.deepEqual(inside, [[0, 1], [0, 39], [1, 39]]);
  // A second call hands out the same memory again: each relation it makes starts empty.
  assert.deepEqual(Relation.scratch(() => new Relation(40).pairs()), []);
  assert.equal(pairs(before), '01 139');
});
