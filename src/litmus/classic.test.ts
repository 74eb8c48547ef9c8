// The classic shapes pinned to their published x86-TSO results (Sewell, Sarkar, Owens, Zappa
// Nardelli, Myreen, "x86-TSO: a rigorous and usable programmer's model for x86 multiprocessors",
// CACM 53(7), 2010; Intel SDM vol. 3A §8.2.3): under TSO only SB and R (a store then a load of
// another location) are observable; under SC none is. The kernel's files when present, 2+2W inline.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { exhaustive } from '../explore/exhaustive.js';
import { LITMUS_DIR, litmusFiles } from '../testing/litmus-corpus.js';
import { loadLitmus } from './load.js';
import { judgeLitmus } from './verdict.js';

const TWO_PLUS_TWO_W = `C 2+2W+poonceonces
{}
P0(int *x, int *y) { WRITE_ONCE(*x, 1); WRITE_ONCE(*y, 2); }
P1(int *x, int *y) { WRITE_ONCE(*y, 1); WRITE_ONCE(*x, 2); }
exists (x=1 /\\ y=1)`;

const dir = join(LITMUS_DIR, 'tools/memory-model/litmus-tests');
/** shape -> [file (or inline text), SC, TSO] */
const SHAPES: readonly [string, string, 'Never' | 'Sometimes', 'Never' | 'Sometimes'][] = [
  ['SB', 'SB+poonceonces.litmus', 'Never', 'Sometimes'],
  ['MP', 'MP+poonceonces.litmus', 'Never', 'Never'],
  ['LB', 'LB+poonceonces.litmus', 'Never', 'Never'],
  ['IRIW', 'IRIW+poonceonces+OnceOnce.litmus', 'Never', 'Never'],
  ['R', 'R+poonceonces.litmus', 'Never', 'Sometimes'],
  ['S', 'S+poonceonces.litmus', 'Never', 'Never'],
  ['WRC', 'WRC+poonceonces+Once.litmus', 'Never', 'Never'],
  ['2+2W', TWO_PLUS_TWO_W, 'Never', 'Never'],
];

const absent = litmusFiles().length === 0 ? 'the kernel litmus tests are not at ../shared/litmus/linux' : false;

function observe(source: string, memoryModel: 'sc' | 'tso'): string | null {
  const text = source.startsWith('C ') ? source : readFileSync(join(dir, source), 'utf8');
  const r = loadLitmus(source.startsWith('C ') ? '2+2W.litmus' : source, text, { memoryModel });
  if (r.kind !== 'ok') throw new Error(`${source} does not load`);
  let t = 0;
  const o = exhaustive.explore(r.value.program, { maxStates: 1_000_000, now: () => t++, seed: 0 });
  assert.equal(o.verdict, 'safe');
  const f = r.value.program.final!;
  const obs = judgeLitmus(o, f.quantifier, r.value.filter, f.observe, r.value.expectation).observation;
  return obs === 'Always' ? 'Sometimes' : obs;
}

describe('classic shapes against the published x86-TSO results', () => {
  for (const [shape, source, sc, tso] of SHAPES) {
    const skip = !source.startsWith('C ') && absent ? { skip: absent } : {};
    test(`${shape} is ${sc} under SC`, skip, () => assert.equal(observe(source, 'sc'), sc));
    test(`${shape} is ${tso} under TSO`, skip, () => assert.equal(observe(source, 'tso'), tso));
  }
});
