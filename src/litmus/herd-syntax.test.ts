// The C litmus syntax herd7 reads beyond the kernel's own tests: what diy7 writes and what
// hand-written collections use (herdtools7 lib/splitter.mll, lib/stateParser.mly, lib/CParser.mly).
// Each class is read, and read with herd7's meaning: the final states are checked, not only the parse.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exhaustive } from '../explore/exhaustive.js';
import { LineIndex } from '../common/span.js';
import { loadLitmus } from './load.js';
import { parseLitmus } from './parse.js';
import { judgeLitmus } from './verdict.js';

/** Loads `text` (it must load) and explores it under SC; the final states as `name=value` lines. */
function finals(text: string) {
  const r = loadLitmus('t.litmus', text);
  if (r.kind !== 'ok') throw new Error(JSON.stringify(r));
  let t = 0;
  const o = exhaustive.explore(r.value.program, { maxStates: 100_000, now: () => t++, seed: 0 });
  const f = r.value.program.final!;
  const v = judgeLitmus(o, f.quantifier, r.value.filter, f.observe, r.value.expectation);
  const states = (o.finals?.states ?? []).map((s) => f.observe.map((x, i) => `${x.name}=${s.values[i]}`).join(' ')).sort();
  return { c: r.value, v, states };
}

/** The first error's `line:col: message` (the user sees `file:line:col: error: message`). */
function firstError(text: string): string {
  const r = loadLitmus('t.litmus', text);
  assert.equal(r.kind, 'error', JSON.stringify(r));
  if (r.kind !== 'error') return '';
  const e = r.errors[0]!;
  const lc = new LineIndex(text).lineCol(e.span.start);
  return `${lc.line}:${lc.col}: ${e.message}`;
}

const MP = `{
}

P0(int *x, int *y)
{
	WRITE_ONCE(*x, 1);
	smp_store_release(y, 1);
}

P1(int *x, int *y)
{
	int r0;
	int r1;

	r0 = smp_load_acquire(y);
	r1 = READ_ONCE(*x);
}

exists (1:r0=1 /\\ 1:r1=0)
`;

describe('herd7 header: doc string, diy7 info lines, comments, Result words', () => {
  test('a doc string on its own line after the C line, then diy7 info lines, then the Result comment', () => {
    const text = `C MP+pooncerelease+poacquireonce
"PodWWOnceRelease RfeReleaseAcquire PodRRAcquireOnce FreOnceOnce"
Cycle=PodWWOnceRelease RfeReleaseAcquire PodRRAcquireOnce FreOnceOnce
Relax=
Safe=PodWWOnceRelease RfeReleaseAcquire PodRRAcquireOnce FreOnceOnce
Generator=diy7 (version 7.51+4(dev))
Prefetch=0:x=F,0:y=W,1:y=F,1:x=T
Com=Rf Fr
Orig=PodWWOnceRelease RfeReleaseAcquire PodRRAcquireOnce FreOnceOnce
(* Result: Never *)
${MP}`;
    const { c, v, states } = finals(text);
    assert.equal(c.name, 'MP+pooncerelease+poacquireonce');
    assert.deepEqual(c.expectation, { source: 'kernel', word: 'Never' });
    assert.equal(v.judgement, 'met');
    assert.deepEqual(states, ['1:r0=0 1:r1=0', '1:r0=0 1:r1=1', '1:r0=1 1:r1=1']);
  });

  test('a litmus test for another architecture is refused with its name, at 1:1', () => {
    assert.equal(firstError('LISA 2+2W\n{\n}\n P0 | P1 ;\n'), '1:1: a LISA litmus test, not a C one');
  });

  test('the doc string may sit on the C line, with a texname and a ";"', () => {
    const p = parseLitmus('t.litmus', `C MP+x (MPx) "a doc string";\n${MP}`);
    assert.deepEqual(p.errors, []);
    assert.equal(p.ast!.name, 'MP+x');
  });

  test('text before the init block is skipped as herd7 skips it (a second C line)', () => {
    const p = parseLitmus('t.litmus', `C JanStancek-rwsem\nC rwsem\n\n${MP}`);
    assert.deepEqual(p.errors, []);
    assert.equal(p.ast!.name, 'JanStancek-rwsem');
  });

  test('(* comments *) in the init block, between processes and after the condition', () => {
    const text = `C comments (* after the name *)
(* Result: Sometimes *)
{
	int *z=1; (* List: x->y then x->z. *)
	x=0; (* a (* nested *) comment *)
}
${MP.slice(MP.indexOf('P0'))} (* trailing *)`;
    const { c, states } = finals(text);
    assert.deepEqual(c.expectation, { source: 'kernel', word: 'Sometimes' });
    assert.equal(states.length, 3);
  });

  test('Result: Maybe and Result: Flag state no outcome: read, with no expectation', () => {
    for (const word of ['Maybe', 'Flag srcu-bad-nesting']) {
      const { c, v } = finals(`C t\n(*\n * Result: ${word}\n *)\n${MP}`);
      assert.deepEqual(c.expectation, { source: 'none', word: null }, word);
      assert.equal(v.judgement, 'met');
    }
    assert.equal(firstError(`C t\n(* Result: Perhaps *)\n${MP}`), "2:4: unknown result 'Perhaps'");
  });

  test('no final condition is forall (true), and a ";" may end the condition', () => {
    const noCond = finals(`C self\n${MP.slice(0, MP.indexOf('exists'))}`);
    assert.equal(noCond.c.herdCondition, 'forall (true)');
    assert.equal(noCond.v.observation, 'Always');
    const semi = finals(`C semi\n${MP.replace('1:r1=0)', '1:r1=0);')}`);
    assert.equal(semi.v.observation, 'Never');
  });
});

describe('herd7 C types', () => {
  test('intptr_t, char, long, uint64_t and void * run as herd7 runs them: int32 values', () => {
    const text = `C types
{
}

P0(intptr_t *x, char *y, long *z, uint64_t *w)
{
	intptr_t r1 = READ_ONCE(*x);
	char r2 = 3;
	void *r3 = NULL;
	uintptr_t r4 = r1 + 1;
	WRITE_ONCE(*y, r2);
	WRITE_ONCE(*z, r4);
	WRITE_ONCE(*w, r3 == NULL);
}

exists (y=3 /\\ z=1 /\\ w=1)
`;
    assert.equal(finals(text).v.observation, 'Always');
  });

  test('types herd7 does not know stay unsupported, with their position', () => {
    const r = loadLitmus('t.litmus', `C u\n{}\nP0(unsigned int *x) { WRITE_ONCE(*x, 1); }\nexists (x=1)`);
    assert.equal(r.kind, 'unsupported');
    if (r.kind === 'unsupported') assert.match(r.what, /unsigned int/);
  });
});

describe('herd7 registers', () => {
  test('a register used without a declaration is declared by its use; one never assigned reads 0', () => {
    const text = `C implicit
{}
P0(int *x, int *y) { r1 = READ_ONCE(*x); WRITE_ONCE(*y, r9); }
P1(int *x) { WRITE_ONCE(*x, 1); }
exists (0:r1=1 /\\ y=0 /\\ 0:r9=0)`;
    const { states, v } = finals(text);
    assert.deepEqual(states, ['0:r1=0 0:r9=0 y=0', '0:r1=1 0:r9=0 y=0']);
    assert.equal(v.observation, 'Sometimes');
  });

  test('a register assigned but never declared may not share a shared location name', () => {
    const r = loadLitmus('t.litmus', `C clash\n{ int y; }\nP0(int *x) { y = READ_ONCE(*x); }\nexists (x=0)`);
    assert.equal(r.kind, 'unsupported');
    if (r.kind === 'unsupported') assert.equal(r.what, "local 'y' named like a shared location");
  });

  test('register-to-register comparisons in the condition: 0:r1=1:r2', () => {
    const text = `C regreg
{}
P0(int *x) { int r1 = READ_ONCE(*x); }
P1(int *x) { int r2 = 2; WRITE_ONCE(*x, 2); }
exists (0:r1=1:r2)`;
    const { c, v, states } = finals(text);
    assert.equal(c.herdCondition, 'exists (0:r1=1:r2)');
    assert.deepEqual(states, ['0:r1=0 1:r2=2', '0:r1=2 1:r2=2']);
    assert.equal(v.positive, 1);
    // herd7 has no `!=` between two locations (stateParser.mly: `location equal location_deref` only).
    assert.match(firstError(text.replace('0:r1=1:r2', '0:r1!=1:r2')), /^5:15: a location on the right of '!='/);
  });

  test('typed registers and register initialisation in the init block', () => {
    const text = `C reginit
{
	int x = 0;
	int *p = &x;
	int * 1:r1;
	intptr_t 0:r2 = 5;
	0:r3=x;
	P1:r4=7;
}
P0(int *x) { WRITE_ONCE(*x, r2); r5 = READ_ONCE(*r3); }
P1(int **p) { r1 = READ_ONCE(*p); r2 = r4; }
exists (0:r5=5 /\\ 1:r1=x /\\ 1:r2=7 /\\ 1:r4=7)`;
    const { v } = finals(text);
    assert.equal(v.observation, 'Always');
  });

  test('an initialised register the body assigns starts at its init value', () => {
    const text = `C start
{ 0:r1=4; }
P0(int *x) { if (READ_ONCE(*x)) r1 = 1; WRITE_ONCE(*x, r1); }
exists (x=4)`;
    assert.equal(finals(text).v.observation, 'Always');
  });

  test('a register of a process that does not exist is an error at its place', () => {
    assert.equal(firstError(`C bad\n{ 3:r1=1; }\n${MP.slice(MP.indexOf('P0'))}`), '2:3: no process P3');
  });
});

describe('herd7 init: locations that point at other locations', () => {
  test('int *x = &a; with a declared nowhere else, and x1=y1;', () => {
    const text = `C ptrs
{
	int *x = &a;
	x1=y1;
}
P0(int **x, int **x1, int *y1)
{
	int *r0 = READ_ONCE(*x);
	int *r1 = READ_ONCE(*x1);
	WRITE_ONCE(*r0, 2);
	WRITE_ONCE(*r1, 3);
}
exists (0:r0=a /\\ a=2 /\\ 0:r1=y1 /\\ y1=3)`;
    assert.equal(finals(text).v.observation, 'Always');
  });
});
