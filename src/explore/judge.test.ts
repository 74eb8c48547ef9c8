// How an outcome is judged against its expectation: a final condition's quantifier is an
// expectation of its own (never reached, always held), in both front ends; and a search stopped
// at its first violation proves only what it found.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadLitmus } from '../litmus/load.js';
import { judgeLitmus } from '../litmus/verdict.js';
import { casesOf, testBudget } from '../testing/inline.js';
import { storeBuffering } from '../testing/store-buffering.js';
import { exhaustive } from './exhaustive.js';
import { judge } from './judge.js';

// Store buffering under SC: three final states, one with both loads seeing 1.
const sb = (final: string, expect = '') => storeBuffering(final, { expect });

function judged(yaml: string, first = false): { expected: readonly string[] | null; judgement: string } {
  const [c] = casesOf(yaml);
  const o = exhaustive.explore(c!.program, { ...testBudget(), first });
  return { expected: c!.expected, judgement: judge(o, c!.expected) };
}

test('a never condition that is reached fails, with no expect: declared', () => {
  assert.deepEqual(judged(sb('never: 0:r0 == 1 && 1:r0 == 1')), { expected: ['never'], judgement: 'unmet' });
});

test('a never condition that is not reached is met', () => {
  assert.deepEqual(judged(sb('never: 0:r0 == 0 && 1:r0 == 0')), { expected: ['never'], judgement: 'met' });
});

test('a forall condition that some final state fails fails; one every state satisfies is met', () => {
  assert.deepEqual(judged(sb('forall: 0:r0 == 1 && 1:r0 == 1')), { expected: ['always'], judgement: 'unmet' });
  assert.deepEqual(judged(sb('forall: 0:r0 == 1 || 1:r0 == 1')), { expected: ['always'], judgement: 'met' });
});

test('an exists condition only asks: with no expect: there is no expectation', () => {
  assert.deepEqual(judged(sb('exists: 0:r0 == 1 && 1:r0 == 1')), { expected: null, judgement: 'met' });
});

test('the quantifier joins declared violation kinds, and a declared observation word decides instead of it', () => {
  assert.deepEqual(judged(sb('never: 0:r0 == 1 && 1:r0 == 1', 'expect:\n  default: safe')), { expected: ['never'], judgement: 'unmet' });
  assert.deepEqual(judged(sb('never: 0:r0 == 1 && 1:r0 == 1', 'expect:\n  default: sometimes')), { expected: ['sometimes'], judgement: 'met' });
});

test('a C litmus test with ~exists and no Result line is judged by its quantifier, exactly', () => {
  const text = (q: string) => `C sb\n{}\nP0(int *x, int *y) { int r0; WRITE_ONCE(*x, 1); r0 = READ_ONCE(*y); }\nP1(int *x, int *y) { int r0; WRITE_ONCE(*y, 1); r0 = READ_ONCE(*x); }\n${q}`;
  const run = (q: string) => {
    const r = loadLitmus('t.litmus', text(q));
    if (r.kind !== 'ok') throw new Error('does not load');
    const f = r.value.program.final!;
    const v = judgeLitmus(exhaustive.explore(r.value.program, testBudget()), f.quantifier, r.value.filter, f.observe, r.value.expectation);
    return { source: r.value.expectation.source, word: r.value.expectation.word, judgement: v.judgement };
  };
  assert.deepEqual(run('~exists (0:r0=1 /\\ 1:r0=1)'), { source: 'final', word: 'Never', judgement: 'unmet' });
  assert.deepEqual(run('~exists (0:r0=0 /\\ 1:r0=0)'), { source: 'final', word: 'Never', judgement: 'met' });
  assert.deepEqual(run('forall (0:r0=1 \\/ 1:r0=1)'), { source: 'final', word: 'Always', judgement: 'met' });
  assert.deepEqual(run('forall (0:r0=1 /\\ 1:r0=1)'), { source: 'final', word: 'Always', judgement: 'unmet' });
  assert.deepEqual(run('exists (0:r0=1 /\\ 1:r0=1)'), { source: 'none', word: null, judgement: 'met' });
});

// CPU 0 frees o; CPU 1 reads it, then frees it: a use-after-free and a double-free.
const twoKinds = (expect: string) => `
scenario: two
cpus: 2
state:
  objects: { o: { f: 1 } }
programs:
  cpu 0: ['free(o)']
  cpu 1: ['r = READ_ONCE(o->f)', 'free(o)']
expect:
  default: ${expect}
`;

test('a search stopped at its first violation is inconclusive for the kinds it did not look for', () => {
  assert.equal(judged(twoKinds('[double-free, use-after-free]')).judgement, 'met');
  assert.equal(judged(twoKinds('[double-free, use-after-free]'), true).judgement, 'inconclusive');
});

test('a search stopped at its first violation still fails on a kind the expectation excludes', () => {
  assert.equal(judged(twoKinds('safe'), true).judgement, 'unmet');
  assert.equal(judged(twoKinds('[deadlock]'), true).judgement, 'unmet');
});

test('a search stopped at its first violation meets an expectation of exactly that one kind', () => {
  const [c] = casesOf(twoKinds('[use-after-free]'));
  const o = exhaustive.explore(c!.program, { ...testBudget(), first: true });
  assert.equal(o.bound, 'first');
  assert.deepEqual(o.findings.map((f) => f.violation.kind), ['use-after-free']);
  assert.equal(judge(o, c!.expected), 'met');
});
