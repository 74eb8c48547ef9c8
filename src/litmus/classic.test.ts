// The classic shapes pinned to their published x86-TSO results (Sewell, Sarkar, Owens, Zappa
// Nardelli, Myreen, "x86-TSO: a rigorous and usable programmer's model for x86 multiprocessors",
// CACM 53(7), 2010; Intel SDM vol. 3A §8.2.3): under TSO only SB and R (a store then a load of
// another location) are observable; under SC none is. Each shape is written out here, so the pins
// hold whatever the corpus holds; the kernel's own files
// (test/fixtures/linux-litmus) must give the same answers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { exhaustive } from '../explore/exhaustive.js';
import { LITMUS_DIR } from '../testing/litmus-corpus.js';
import { loadLitmus } from './load.js';
import { judgeLitmus } from './verdict.js';

const test2 = (name: string, p0: string, p1: string, cond: string): string =>
  `C ${name}\n{}\nP0(int *x, int *y) { int r0; int r1; ${p0} }\nP1(int *x, int *y) { int r0; int r1; ${p1} }\nexists (${cond})`;
const W = (v: string, n: number): string => `WRITE_ONCE(*${v}, ${n});`;
const R = (r: string, v: string): string => `${r} = READ_ONCE(*${v});`;

/** shape -> [our text, the kernel's file, SC, TSO] */
const SHAPES: readonly [string, string, string | null, 'Never' | 'Sometimes', 'Never' | 'Sometimes'][] = [
  ['SB', test2('SB', W('x', 1) + R('r0', 'y'), W('y', 1) + R('r0', 'x'), '0:r0=0 /\\ 1:r0=0'), 'SB+poonceonces.litmus', 'Never', 'Sometimes'],
  ['MP', test2('MP', W('x', 1) + W('y', 1), R('r0', 'y') + R('r1', 'x'), '1:r0=1 /\\ 1:r1=0'), 'MP+poonceonces.litmus', 'Never', 'Never'],
  ['LB', test2('LB', R('r0', 'x') + W('y', 1), R('r0', 'y') + W('x', 1), '0:r0=1 /\\ 1:r0=1'), 'LB+poonceonces.litmus', 'Never', 'Never'],
  ['R', test2('R', W('x', 1) + W('y', 1), W('y', 2) + R('r0', 'x'), 'y=2 /\\ 1:r0=0'), 'R+poonceonces.litmus', 'Never', 'Sometimes'],
  ['S', test2('S', W('x', 2) + W('y', 1), R('r0', 'y') + W('x', 1), 'x=2 /\\ 1:r0=1'), 'S+poonceonces.litmus', 'Never', 'Never'],
  ['2+2W', test2('2+2W', W('x', 1) + W('y', 2), W('y', 1) + W('x', 2), 'x=1 /\\ y=1'), null, 'Never', 'Never'],
  ['IRIW', `C IRIW
{}
P0(int *x) { WRITE_ONCE(*x, 1); }
P1(int *y) { WRITE_ONCE(*y, 1); }
P2(int *x, int *y) { int r0; int r1; r0 = READ_ONCE(*x); r1 = READ_ONCE(*y); }
P3(int *x, int *y) { int r0; int r1; r0 = READ_ONCE(*y); r1 = READ_ONCE(*x); }
exists (2:r0=1 /\\ 2:r1=0 /\\ 3:r0=1 /\\ 3:r1=0)`, 'IRIW+poonceonces+OnceOnce.litmus', 'Never', 'Never'],
  ['WRC', `C WRC
{}
P0(int *x) { WRITE_ONCE(*x, 1); }
P1(int *x, int *y) { int r0; r0 = READ_ONCE(*x); WRITE_ONCE(*y, 1); }
P2(int *x, int *y) { int r0; int r1; r0 = READ_ONCE(*y); r1 = READ_ONCE(*x); }
exists (1:r0=1 /\\ 2:r0=1 /\\ 2:r1=0)`, 'WRC+poonceonces+Once.litmus', 'Never', 'Never'],
];

const dir = join(LITMUS_DIR, 'tools/memory-model/litmus-tests');

function observe(file: string, text: string, memoryModel: 'sc' | 'tso'): string | null {
  const r = loadLitmus(file, text, { memoryModel });
  if (r.kind !== 'ok') throw new Error(`${file} does not load`);
  let t = 0;
  const o = exhaustive.explore(r.value.program, { maxStates: 1_000_000, now: () => t++, seed: 0 });
  assert.equal(o.verdict, 'safe');
  const f = r.value.program.final!;
  const obs = judgeLitmus(o, f.quantifier, r.value.filter, f.observe, r.value.expectation).observation;
  return obs === 'Always' ? 'Sometimes' : obs;
}

describe('classic shapes against the published x86-TSO results', () => {
  for (const [shape, text, kernel, sc, tso] of SHAPES) {
    test(`${shape} is ${sc} under SC`, () => assert.equal(observe(`${shape}.litmus`, text, 'sc'), sc));
    test(`${shape} is ${tso} under TSO`, () => assert.equal(observe(`${shape}.litmus`, text, 'tso'), tso));
    if (kernel) {
      test(`the kernel's ${kernel} agrees: ${sc} under SC, ${tso} under TSO`, () => {
        const k = readFileSync(join(dir, kernel), 'utf8');
        assert.equal(observe(kernel, k, 'sc'), sc);
        assert.equal(observe(kernel, k, 'tso'), tso);
      });
    }
  }
});
