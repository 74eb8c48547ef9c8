// pan's closing report and `spin -t -p` trails, read as Spin 6.5.2 prints them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readPanOutput } from './pan-output.js';
import { trailMoves } from './trail.js';

const FULL = `(Spin Version 6.5.2 -- 6 December 2019)
	+ Partial Order Reduction

Full statespace search for:
	assertion violations	+
	invalid end states	+

State-vector 60 byte, depth reached 11, errors: 0
       17 states, stored
        6 states, matched
       23 transitions (= stored+matched)
`;

test('a complete search: no errors, states stored, state vector, nothing truncated', () => {
  const r = readPanOutput(FULL);
  assert.deepEqual(r && { errors: r.errors, states: r.states, sv: r.stateVector, depth: r.depth, bitstate: r.bitstate, truncated: r.truncated }, { errors: 0, states: 17, sv: 60, depth: 11, bitstate: false, truncated: null });
});

test('a bitstate search is marked and gives its hash factor', () => {
  const r = readPanOutput(FULL.replace('Full statespace', 'Bit statespace') + '\nhash factor: 61680.9 (best if > 100.)\n');
  assert.equal(r?.bitstate, true);
  assert.equal(r?.hashFactor, 61680.9);
});

test('a depth bound that cut runs short is a truncated search', () => {
  const r = readPanOutput('error: max search depth too small\n' + FULL);
  assert.equal(r?.truncated, 'search-depth');
});

test('text that is not a pan report is not understood', () => {
  assert.equal(readPanOutput('pan: something else'), null);
});

test('a trail maps each numbered transition to the move on its first line, once per d_step', () => {
  const moves = new Map([[30, { kind: 'run', cpu: 0 } as const], [40, { kind: 'irq', cpu: 0, handler: 0 } as const]]);
  const printout = [
    '  1:	proc  0 (:init::1) model.pml:20 (state 1)	[m[1] = 1]',
    '  2:	proc  1 (cpu0:1) model.pml:40 (state 9)	[((viol==0))]',
    '  2:	proc  1 (cpu0:1) model.pml:41 (state 10)	[irqsv[0] = irqoff[0]]',
    '  3:	proc  1 (cpu0:1) model.pml:30 (state 2)	[((viol==0))]',
    '  4:	proc  1 (cpu0:1) model.pml:55 (state 20)	[((viol!=0))]',
  ].join('\n');
  assert.deepEqual(trailMoves(printout, moves), [{ kind: 'irq', cpu: 0, handler: 0 }, { kind: 'run', cpu: 0 }]);
});
