import assert from 'node:assert/strict';
import { isSilent } from '../machine/program.js';
import { describe, test } from 'node:test';
import { exhaustive } from '../explore/exhaustive.js';
import { loadLitmus } from './load.js';
import { parseLitmus } from './parse.js';
import { judgeLitmus } from './verdict.js';

const SB = `C SB+test

(*
 * Result: Sometimes
 *)

{
	int x = 0;
	y=0;
}

P0(int *x, int *y)
{
	int r0;

	WRITE_ONCE(*x, 1);
	r0 = READ_ONCE(*y);
}

P1(int *x, int *y)
{
	int r0;

	WRITE_ONCE(*y, 1);
	r0 = READ_ONCE(*x);
}

exists (0:r0=0 /\\ 1:r0=0) (* comment after *)
`;

function run(text: string, memoryModel: 'sc' | 'tso' = 'sc') {
  const r = loadLitmus('t.litmus', text, { memoryModel });
  if (r.kind !== 'ok') throw new Error(JSON.stringify(r));
  let t = 0;
  const o = exhaustive.explore(r.value.program, { maxStates: 100_000, now: () => t++, seed: 0 });
  const f = r.value.program.final!;
  return { c: r.value, o, v: judgeLitmus(o, f.quantifier, r.value.filter, f.observe, r.value.expectation) };
}

describe('C litmus parser', () => {
  test('reads the header, the Result line, the init block, processes and the condition', () => {
    const p = parseLitmus('t.litmus', SB);
    assert.deepEqual(p.errors, []);
    const a = p.ast!;
    assert.equal(a.name, 'SB+test');
    assert.equal(a.result?.word, 'Sometimes');
    assert.deepEqual(a.init.map((d) => [d.name, d.type, d.value?.k === 'int' ? d.value.v : null]), [['x', 'int', 0], ['y', '', 0]]);
    assert.deepEqual(a.procs.map((q) => [q.cpu, q.params.map((x) => `${x.type} ${x.name}`)]), [[0, ['int * x', 'int * y']], [1, ['int * x', 'int * y']]]);
    assert.equal(a.quantifier, 'exists');
    assert.equal(a.condText, 'exists (0:r0=0 /\\ 1:r0=0)');
  });

  test('a `(*x` inside a body is C, not a comment', () => {
    const p = parseLitmus('t.litmus', SB.replace('WRITE_ONCE(*x, 1);', 'WRITE_ONCE((*x), 1);'));
    assert.deepEqual(p.errors, []);
  });

  test('~exists, forall, \\/, ~, parentheses, locations and filter parse', () => {
    const text = SB.replace('exists (0:r0=0 /\\ 1:r0=0)', 'locations [x; 1:r0]\nfilter (x=1)\n~exists (~(0:r0=1) \\/ (1:r0=0 /\\ y=1))');
    const p = parseLitmus('t.litmus', text);
    assert.deepEqual(p.errors, []);
    assert.equal(p.ast!.quantifier, 'never');
    assert.equal(p.ast!.cond.k, 'or');
    assert.equal(p.ast!.locations.length, 2);
    assert.equal(p.ast!.filter?.k, 'cmp');
  });

  test('a syntax error is one diagnostic with a position', () => {
    const r = loadLitmus('t.litmus', SB.replace('r0 = READ_ONCE(*y);', 'r0 = READ_ONCE(*y)'));
    assert.equal(r.kind, 'error');
    if (r.kind === 'error') {
      assert.equal(r.errors.length, 1);
      assert.match(r.errors[0]!.message, /unexpected 'r0'|unexpected '}'/);
    }
  });

  test('a file that is not a litmus test says so', () => {
    const r = loadLitmus('t.litmus', 'hello');
    assert.equal(r.kind, 'error');
  });

  test('allocation, loops and kernel primitives raceway cannot run are unsupported, with their position', () => {
    for (const [from, to, what] of [
      ['r0 = READ_ONCE(*y);', 'r0 = kmalloc(4, 0);', 'kmalloc()'],
      ['r0 = READ_ONCE(*y);', 'while (r0) r0 = 0;', "'while' statement"],
      ['r0 = READ_ONCE(*y);', 'spin_unlock_wait(y);', 'spin_unlock_wait()'],
    ] as const) {
      const text = SB.replace(from, to);
      const r = loadLitmus('t.litmus', text);
      assert.equal(r.kind, 'unsupported', to);
      if (r.kind === 'unsupported') {
        assert.equal(r.what, what);
        assert.equal(r.span.start, text.indexOf(what.replace(/[()']/g, '').replace(' statement', '')));
      }
    }
  });
});

describe('C litmus lowering', () => {
  test('SB under SC never reaches r0=0 on both CPUs; a kernel Sometimes is met either way', () => {
    const { o, v } = run(SB);
    assert.equal(o.verdict, 'safe');
    assert.equal(v.observation, 'Never');
    assert.equal(v.judgement, 'met');
    assert.equal(v.positive + v.negative, 3);
  });

  test('a kernel Never that is reached is unmet', () => {
    const { v } = run(SB.replace('Result: Sometimes', 'Result: Never').replace('exists (0:r0=0 /\\ 1:r0=0)', 'exists (0:r0=1 /\\ 1:r0=1)'));
    assert.equal(v.observation, 'Sometimes');
    assert.equal(v.judgement, 'unmet');
  });

  test('a kernel Always must stay Always under SC and TSO: a final state failing it is unmet', () => {
    // r0 = 1 is not Always (P0 may read before P1 writes), so a kernel Always here is refuted.
    const refuted = SB.replace('Result: Sometimes', 'Result: Always').replace('exists (0:r0=0 /\\ 1:r0=0)', 'exists (0:r0=1)');
    for (const memoryModel of ['sc', 'tso'] as const) {
      const { v } = run(refuted, memoryModel);
      assert.equal(v.observation, 'Sometimes');
      assert.equal(v.judgement, 'unmet', memoryModel);
    }
    // Some process reads 1 in every SC and TSO run of SB: the kernel's Always is met.
    const { v } = run(SB.replace('Result: Sometimes', 'Result: Always').replace('exists (0:r0=0 /\\ 1:r0=0)', 'exists (0:r0=1 \\/ 1:r0=1)'), 'sc');
    assert.equal(v.observation, 'Always');
    assert.equal(v.judgement, 'met');
  });

  test('pointers: init `int *p = &x`, rcu_dereference then a dereference of the register', () => {
    const text = `C ptr
{ int x = 7; int *p = &x; int z = 1; }
P0(int **p, int *z) { int *r0; int r1; r0 = rcu_dereference(*p); r1 = READ_ONCE(*r0); }
P1(int **p, int *z) { rcu_assign_pointer(*p, z); }
exists (0:r0=x /\\ 0:r1=7)`;
    const { o, v, c } = run(text);
    assert.equal(o.verdict, 'safe');
    assert.equal(v.observation, 'Sometimes');
    assert.deepEqual(c.program.final!.observe.map((x) => x.name), ['0:r0', '0:r1']);
  });

  test('a statement with two shared accesses is split into two steps', () => {
    const text = `C split
{}
P0(int *a, int *b) { *b = *a; }
P1(int *a, int *b) { WRITE_ONCE(*a, 1); WRITE_ONCE(*b, 2); }
exists (b=0)`;
    const { c } = run(text);
    const code = c.program.codes[c.program.tasks[0]!]!;
    // Two steps (the silent jump that clears the temporary folds into the store's).
    assert.deepEqual(code.instrs.filter((i) => !isSilent(i)).map((i) => i.op), ['assign', 'store']);
  });

  test('spinlocks, atomics with ordering suffixes, if/else and casts lower and run', () => {
    const text = `C mix
{ atomic_t v = ATOMIC_INIT(1); }
P0(atomic_t *v, spinlock_t *s, int *x) {
	int r0;
	spin_lock(s);
	r0 = atomic_fetch_add_relaxed(2, v);
	if (r0 == 1) WRITE_ONCE(*x, 1); else { WRITE_ONCE(*x, 2); }
	spin_unlock(s);
	(void)cmpxchg_acquire(x, 1, 5);
}
P1(spinlock_t *s, int *x) { int r1; r1 = spin_trylock(s); if (r1) spin_unlock(s); }
exists (v=3 /\\ x=5)`;
    const { o, v } = run(text);
    assert.equal(o.verdict, 'safe');
    assert.equal(v.observation, 'Always');
  });

  test('filter keeps only the states it accepts', () => {
    const text = SB.replace('exists (0:r0=0 /\\ 1:r0=0)', 'filter (0:r0=1)\nexists (1:r0=1)');
    const { v } = run(text);
    assert.equal(v.positive + v.negative, 2);
    assert.equal(v.kept.filter((k) => k).length, 2);
  });

  test('the (*raceway block adds an interrupt handler and an exact expectation', () => {
    const text = `C irq
{ int x; }
P0(int *x) { int r0; r0 = READ_ONCE(*x); WRITE_ONCE(*x, r0 + 1); }
(*raceway
expect Sometimes
irq tick(int *x) on 0 { int r1; r1 = READ_ONCE(*x); WRITE_ONCE(*x, r1 + 1); }
*)
exists (x=1)`;
    const { c, v } = run(text);
    assert.equal(c.program.handlers.length, 1);
    assert.deepEqual(c.expectation, { source: 'raceway', word: 'Sometimes' });
    assert.equal(v.judgement, 'met');
  });
});
