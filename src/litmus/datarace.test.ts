// `Result: ... DATARACE`: the kernel's judgelitmus.sh expects herd7 to flag a data race exactly
// when the Result line predicts one. Under the LKMM raceway judges it the same way, both ways.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exploreLkmm } from '../explore/lkmm/lkmm-explorer.js';
import { loadLitmus } from './load.js';
import { judgeLitmus } from './verdict.js';

function judge(result: string, access: string): { judgement: string; why: string } {
  const text = `C T\n(* Result: ${result} *)\n{}\nP0(int *x) { ${access.replace('X', '1')} }\nP1(int *x) { ${access.replace('X', '2')} }\nexists (x=3)\n`;
  const l = loadLitmus('t.litmus', text, { memoryModel: 'lkmm' });
  if (l.kind !== 'ok') throw new Error(JSON.stringify(l));
  const p = l.value.program;
  let t = 0;
  const o = exploreLkmm(p, { maxStates: 100_000, now: () => t++, seed: 0 });
  const v = judgeLitmus(o, p.final!.quantifier, l.value.filter, p.final!.observe, l.value.expectation, true);
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
