// `Result: ... DATARACE`: the kernel's judgelitmus.sh expects herd7 to flag a data race exactly
// when the Result line predicts one. Under the LKMM raceway judges it the same way, both ways.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exploreLkmm } from '../explore/lkmm/lkmm-explorer.js';
import { loadLitmus } from './load.js';
import { judgeLitmus, type LitmusVerdict } from './verdict.js';
import type { Outcome } from '../explore/explorer.js';

/** Litmus `text` searched under the LKMM and judged as judgelitmus.sh would. */
function searched(text: string): { o: Outcome; v: LitmusVerdict } {
  const l = loadLitmus('t.litmus', text, { memoryModel: 'lkmm' });
  if (l.kind !== 'ok') throw new Error(JSON.stringify(l));
  const p = l.value.program;
  let t = 0;
  const o = exploreLkmm(p, { maxStates: 100_000, now: () => t++, seed: 0 });
  return { o, v: judgeLitmus(o, p.final!.quantifier, l.value.filter, p.final!.observe, l.value.expectation, true) };
}

function judge(result: string, access: string): { judgement: string; why: string } {
  const { v } = searched(`C T\n(* Result: ${result} *)\n{}\nP0(int *x) { ${access.replace('X', '1')} }\nP1(int *x) { ${access.replace('X', '2')} }\nexists (x=3)\n`);
  return { judgement: v.judgement, why: v.why };
}

test('two plain writes race: met when the Result line says DATARACE, unmet when it does not', () => {
  assert.equal(judge('Never DATARACE', '*x = X;').judgement, 'met');
  const r = judge('Never', '*x = X;');
  assert.equal(r.judgement, 'unmet');
  assert.match(r.why, /data-race, which the Result line does not predict \(no DATARACE\)/);
});

test('marked writes do not race: a predicted DATARACE that the LKMM does not find is unmet', () => {
  assert.equal(judge('Never', 'WRITE_ONCE(*x, X);').judgement, 'met');
  const r = judge('Never DATARACE', 'WRITE_ONCE(*x, X);');
  assert.equal(r.judgement, 'unmet');
  assert.match(r.why, /predicts a data race \(DATARACE\), and the LKMM finds none/);
});

// herd7 discards the executions a `filter` fails, and their flags with them (herd/test_herd.ml).
// paulmckrcu/litmus's manual/plain/C-AlanStern.2018.01.11a: P2's plain store races with P0's
// WRITE_ONCE() only when P1 read x before P0 wrote it, which `filter (1:r1=1)` removes; herd7
// 7.58 says `Never 0 2` with no flag (found comparing the collection with herd7 itself).
const ALAN_STERN = (filter: string): string => `C AlanStern.2018.01.11a
(* Result: Never *)
{}
P0(int *x) { WRITE_ONCE(*x, 1); }
P1(int *x, int *y) { int r1; r1 = READ_ONCE(*x); WRITE_ONCE(*x, 2); smp_store_release(y, 1); }
P2(int *x, int *y) { int r1; r1 = smp_load_acquire(y); if (r1) *x = 3; }
${filter}
exists (2:r1=1 /\\ ~x=3)
`;

function races(text: string): { judgement: string; raced: boolean; observation: string | null } {
  const { o, v } = searched(text);
  return { judgement: v.judgement, raced: o.findings.some((f) => f.violation.kind === 'data-race'), observation: `${v.observation} ${v.positive} ${v.negative}` };
}

test('a data race only in executions the filter discards is not flagged, as herd7 does not', () => {
  assert.deepEqual(races(ALAN_STERN('filter (1:r1=1)')), { judgement: 'met', raced: false, observation: 'Never 0 2' });
  // Without the filter the race is there, and the Result line (no DATARACE) is not met.
  const whole = races(ALAN_STERN(''));
  assert.equal(whole.raced, true);
  assert.equal(whole.judgement, 'unmet');
});
