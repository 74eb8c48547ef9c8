// Classic shapes under the LKMM, each with the result herd7 gives under the kernel's model
// (tools/memory-model/litmus-tests and Documentation/litmus-tests name most of them; the README
// there lists MP, SB, LB, WRC, IRIW, R, S, 2+2W and their fenced forms), written inline as C
// litmus tests so they go through the front end users write for.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadLitmus } from '../../litmus/load.js';
import { judgeLitmus } from '../../litmus/verdict.js';
import { exploreLkmm, lkmmValueSets } from './lkmm-explorer.js';

function run(body: string, init = '{}'): { observation: string | null; kinds: string[]; bound: string | undefined } {
  const text = `C T\n${init}\n${body}`;
  const l = loadLitmus('t.litmus', text, { memoryModel: 'lkmm' });
  if (l.kind !== 'ok') throw new Error(`${l.kind}: ${JSON.stringify(l)}`);
  const p = l.value.program;
  let t = 0;
  const o = exploreLkmm(p, { maxStates: 1_000_000, now: () => t++, seed: 0 });
  const v = judgeLitmus(o, p.final!.quantifier, l.value.filter, p.final!.observe, { source: 'none', word: null }, true);
  return { observation: v.observation, kinds: o.findings.map((f) => f.violation.kind), bound: o.bound };
}

const P = (n: number, params: string, body: string): string => `P${n}(${params})\n{\n${body}\n}\n`;
const xy = 'int *x, int *y';

const mp = (w: string, r: string, wr = 'WRITE_ONCE(*y, 1);', rd = 'r0 = READ_ONCE(*y);') =>
  P(0, xy, `WRITE_ONCE(*x, 1); ${w} ${wr}`) + P(1, xy, `int r0; int r1; ${rd} ${r} r1 = READ_ONCE(*x);`) + 'exists (1:r0=1 /\\ 1:r1=0)';
const sb = (f0: string, f1: string, w0 = 'WRITE_ONCE(*x, 1);') =>
  P(0, xy, `int r0; ${w0} ${f0} r0 = READ_ONCE(*y);`) + P(1, xy, `int r0; WRITE_ONCE(*y, 1); ${f1} r0 = READ_ONCE(*x);`) + 'exists (0:r0=0 /\\ 1:r0=0)';
const lb = (w0: string, w1: string) =>
  P(0, xy, `int r0; r0 = READ_ONCE(*x); ${w0}`) + P(1, xy, `int r0; r0 = READ_ONCE(*y); ${w1}`) + 'exists (0:r0=1 /\\ 1:r0=1)';
const twoPlusTwoW = (f: string) =>
  P(0, xy, `WRITE_ONCE(*x, 1); ${f} WRITE_ONCE(*y, 2);`) + P(1, xy, `WRITE_ONCE(*y, 1); ${f} WRITE_ONCE(*x, 2);`) + 'exists (x=1 /\\ y=1)';

const cases: [string, string, string][] = [
  ['MP', mp('', ''), 'Sometimes'],
  ['MP+wmb+rmb', mp('smp_wmb();', 'smp_rmb();'), 'Never'],
  ['MP+wmb only', mp('smp_wmb();', ''), 'Sometimes'],
  ['MP+release+acquire', mp('', '', 'smp_store_release(y, 1);', 'r0 = smp_load_acquire(y);'), 'Never'],
  ['SB', sb('', ''), 'Sometimes'],
  ['SB+mbs', sb('smp_mb();', 'smp_mb();'), 'Never'],
  ['SB+mb on one side', sb('smp_mb();', ''), 'Sometimes'],
  ['SB+wmbs (wmb does not order a store before a load)', sb('smp_wmb();', 'smp_wmb();'), 'Sometimes'],
  ['SB, xchg_relaxed then load: relaxed RMWs order nothing', sb('', 'smp_mb();', 'r1 = xchg_relaxed(x, 1);').replace('int r0;', 'int r0; int r1;'), 'Sometimes'],
  ['SB, fully ordered xchg then load', sb('', 'smp_mb();', 'r1 = xchg(x, 1);').replace('int r0;', 'int r0; int r1;'), 'Never'],
  ['SB, atomic_inc (no return: unordered) then load', sb('', 'smp_mb();', 'atomic_inc(x);'), 'Sometimes'],
  ['SB, atomic_inc + smp_mb__after_atomic', sb('smp_mb__after_atomic();', 'smp_mb();', 'atomic_inc(x);'), 'Never'],
  ['LB', lb('WRITE_ONCE(*y, 1);', 'WRITE_ONCE(*x, 1);'), 'Sometimes'],
  ['LB+datas', lb('WRITE_ONCE(*y, r0);', 'WRITE_ONCE(*x, r0);'), 'Never'],
  ['LB+ctrls', lb('if (r0) WRITE_ONCE(*y, 1);', 'if (r0) WRITE_ONCE(*x, 1);'), 'Never'],
  // A control dependency reaches the if's arms and nothing after it (explanation.txt; herd7 on
  // paulmckrcu/litmus's C-LB-LRW+R-A+R-Ok: Sometimes, "No ordering").
  ['LB, writes after the ifs: no ctrl', lb('int r1; if (r0) r1 = 1; WRITE_ONCE(*y, 1);', 'int r1; if (r0) r1 = 1; WRITE_ONCE(*x, 1);'), 'Sometimes'],
  ['LB+ctrls in the else-arms', lb('if (r0 == 0) r0 = 2; else WRITE_ONCE(*y, 1);', 'if (r0 == 0) r0 = 2; else WRITE_ONCE(*x, 1);'), 'Never'],
  ['LB+ctrls in both arms', lb('if (r0) WRITE_ONCE(*y, 1); else WRITE_ONCE(*y, 2);', 'if (r0) WRITE_ONCE(*x, 1); else WRITE_ONCE(*x, 2);'), 'Never'],
  ['2+2W', twoPlusTwoW(''), 'Sometimes'],
  ['2+2W+mbs', twoPlusTwoW('smp_mb();'), 'Never'],
  ['locked increments exclude each other', P(0, 'int *x, spinlock_t *s', 'int r0; spin_lock(s); r0 = READ_ONCE(*x); WRITE_ONCE(*x, r0 + 1); spin_unlock(s);')
    + P(1, 'int *x, spinlock_t *s', 'int r0; spin_lock(s); r0 = READ_ONCE(*x); WRITE_ONCE(*x, r0 + 1); spin_unlock(s);') + 'exists (x=1)', 'Never'],
  ['unlocked increments can be lost', P(0, 'int *x', 'int r0; r0 = READ_ONCE(*x); WRITE_ONCE(*x, r0 + 1);')
    + P(1, 'int *x', 'int r0; r0 = READ_ONCE(*x); WRITE_ONCE(*x, r0 + 1);') + 'exists (x=1)', 'Sometimes'],
  ['atomic increments are never lost', P(0, 'atomic_t *x', 'atomic_inc(x);') + P(1, 'atomic_t *x', 'atomic_inc(x);') + 'exists (x=1)', 'Never'],
  ['spin_trylock fails while the lock is held, and may take it once it is free', P(0, 'spinlock_t *s', 'spin_lock(s); spin_unlock(s);') + P(1, 'spinlock_t *s', 'int r0; r0 = spin_trylock(s);') + 'exists (1:r0=0)', 'Sometimes'],
  // lock.cat: at most one unmatched LKW per lock ("more must deadlock"), so a trylock cannot
  // succeed against a lock that is never released: herd7 counts no run that hangs.
  ['spin_trylock of a lock never released always fails', P(0, 'spinlock_t *s', 'spin_lock(s);') + P(1, 'spinlock_t *s', 'int r0; r0 = spin_trylock(s);') + 'exists (1:r0=0)', 'Always'],
  ['RCU: a reader without a grace period', P(0, xy, 'rcu_read_lock(); WRITE_ONCE(*x, 1); WRITE_ONCE(*y, 1); rcu_read_unlock();')
    + P(1, xy, 'int r0; int r1; r0 = READ_ONCE(*x); r1 = READ_ONCE(*y);') + 'exists (1:r0=1 /\\ 1:r1=0)', 'Sometimes'],
];

describe('classic shapes under the LKMM', () => {
  for (const [name, body, want] of cases) {
    test(`${name}: ${want}`, () => {
      const r = run(body);
      assert.equal(r.bound, undefined);
      assert.equal(r.observation, want);
    });
  }
});

describe("linux-kernel.cat's data-race flag", () => {
  test('MP with a plain store and a plain load races', () => {
    const r = run(P(0, xy, '*x = 1; WRITE_ONCE(*y, 1);') + P(1, xy, 'int r0; int r1; r0 = READ_ONCE(*y); r1 = *x;') + 'exists (1:r0=1 /\\ 1:r1=0)');
    assert.deepEqual(r.kinds, ['data-race']);
  });

  test('release and acquire order the plain accesses: no race, and the stale read is Never', () => {
    const r = run(P(0, xy, '*x = 1; smp_store_release(y, 1);') + P(1, xy, 'int r0; int r1; r0 = smp_load_acquire(y); if (r0) r1 = *x;') + 'exists (1:r0=1 /\\ 1:r1=0)');
    assert.deepEqual(r.kinds, []);
    assert.equal(r.observation, 'Never');
  });

  test('marked accesses never race', () => {
    assert.deepEqual(run(sb('', '')).kinds, []);
  });
});

describe('a value no execution reads', () => {
  // The NULL stored after the read seeds p's values, but coherence keeps the read from it: the
  // path that would dereference NULL is in no consistent execution (it was refused before).
  test('a NULL written later in po is never dereferenced', () => {
    const r = run(P(0, 'int **p, int *a', 'rcu_assign_pointer(*p, a);')
      + P(1, 'int **p, int *b', 'int *r0; int r1; r0 = rcu_dereference(*p); r1 = READ_ONCE(*r0); WRITE_ONCE(*p, NULL);')
      + 'exists (1:r0=a /\\ 1:r1=1)', '{ int b = 2; int a = 1; int *p = &b; }');
    assert.equal(r.bound, undefined);
    assert.equal(r.observation, 'Sometimes');
  });

  test('a NULL another CPU stores may be read: unsupported, never guessed', () => {
    const r = run(P(0, 'int **p', 'WRITE_ONCE(*p, NULL);')
      + P(1, 'int **p', 'int *r0; int r1; r0 = READ_ONCE(*p); r1 = READ_ONCE(*r0);')
      + 'exists (1:r1=1)', '{ int a = 1; int *p = &a; }');
    assert.equal(r.bound, 'unsupported');
  });
});

// Plain accesses (linux-kernel.cat, "Plain accesses and data races"), on the shapes where the
// paulmckrcu/litmus collection's Result lines differ from the LKMM: herd7 7.58 with the kernel's
// lkmmv2 files gives the observation and the data-race flag below for each (run for this test's
// sake; the collection's lines date from 2019 models, or say what a model should say).
describe('plain accesses: herd7 7.58 on the collection\'s disagreeing shapes', () => {
  // C-LB-Lrw+R-Oc (Result: Never DATARACE; herd7: Sometimes 1 2, Flag data-race). A control
  // dependency does not pre-bound a plain write (w-pre-bounded = [Marked] ; (addr | fence)?), so
  // the release -> rfe -> ctrl path is no rw-xbstar and plain-coherence allows the cycle.
  test('LB with a plain read, a release and a plain write under a ctrl dependency: Sometimes, racy', () => {
    const r = run(P(0, 'int *u0, int *x1', 'int r1; r1 = *u0; smp_store_release(x1, 1);')
      + P(1, 'int *u0, int *x1', 'int r1; r1 = READ_ONCE(*x1); if (r1 == 1) { *u0 = 1; }') + 'exists (0:r1=1 /\\ 1:r1=1)');
    assert.equal(r.observation, 'Sometimes');
    assert.deepEqual(r.kinds, ['data-race']);
  });

  // C-LB-Lww+R-Oc (Result: Never DATARACE; herd7: Sometimes, Flag data-race): the same for two
  // plain writes (ww-vis needs w-pre-bounded too).
  test('two plain writes, the second under a ctrl dependency: the first may come last, racy', () => {
    const r = run(P(0, 'int *u0, int *x1', '*u0 = 3; smp_store_release(x1, 1);')
      + P(1, 'int *u0, int *x1', 'int r1; r1 = READ_ONCE(*x1); if (r1 == 1) { *u0 = 1; }') + 'exists (u0=3 /\\ 1:r1=1)');
    assert.equal(r.observation, 'Sometimes');
    assert.deepEqual(r.kinds, ['data-race']);
  });

  // The same with smp_mb() before the plain write (w-pre-bounded's fence): ordered, no race
  // (herd7: Never 0 2, no flag).
  test('with a fence before the plain write it is pre-bounded: Never, no race', () => {
    const r = run(P(0, 'int *u0, int *x1', 'int r1; r1 = *u0; smp_store_release(x1, 1);')
      + P(1, 'int *u0, int *x1', 'int r1; r1 = READ_ONCE(*x1); if (r1 == 1) { smp_mb(); *u0 = 1; }') + 'exists (0:r1=1 /\\ 1:r1=1)');
    assert.equal(r.observation, 'Never');
    assert.deepEqual(r.kinds, []);
  });

  // C-repload (Result: Sometimes DATARACE, "plain loads can be replicated"; herd7: Never 0 2,
  // Flag data-race): the model reads a plain load once; only the race says the compiler may not.
  test('a plain load is read once: its two uses agree, and it races', () => {
    const r = run(P(0, 'int *x', 'WRITE_ONCE(*x, 1);')
      + P(1, 'int *x, int *a, int *b', 'int r1; r1 = *x; WRITE_ONCE(*a, r1); WRITE_ONCE(*b, r1);') + 'exists (a=0 /\\ b=1)', '{ int x = 0; int a = 42; int b = 42; }');
    assert.equal(r.observation, 'Never');
    assert.deepEqual(r.kinds, ['data-race']);
  });

  // C-RRDR-rcuderef (Result: Never DATARACE; herd7: Sometimes 1 5, Flag data-race): a write seen
  // only by a plain read is no visibility (vis needs [Marked] after rfe), so the reader of the
  // published pointer may still read y's old value.
  test('a write seen through a plain read does not propagate with the release after it', () => {
    const r = run(P(0, 'int **x, int *y', 'int *r0; int r1; r0 = rcu_dereference(*x); r1 = *r0;')
      + P(1, 'int **x, int *y', 'int r0; r0 = *y; rcu_assign_pointer(*x, y);')
      + P(2, 'int *y', 'WRITE_ONCE(*y, 1);') + 'exists (0:r0=y /\\ 0:r1=0 /\\ 1:r0=1)', '{ int *x = &a; }');
    assert.equal(r.observation, 'Sometimes');
    assert.deepEqual(r.kinds, ['data-race']);
  });

  // C-OOTA (Result: Sometimes DATARACE; herd7: Sometimes 1 3, the state `0:r1=S8; 1:r1=S8;`,
  // Flag data-race): LB with plain data dependencies. Nothing in the model orders plain accesses
  // (hb is over [Marked]), so the rf cycle is consistent and the value going round is free: any
  // value. raceway's values come from the writes (0 here), so it would say Never: refused.
  test('LB+datas through plain accesses: an out-of-thin-air cycle, refused rather than Never', () => {
    const r = run(P(0, xy, 'int r1; r1 = *x; *y = r1;') + P(1, xy, 'int r1; r1 = *y; *x = r1;') + 'exists (~0:r1=0 \\/ ~1:r1=0)');
    assert.equal(r.bound, 'unsupported');
  });

  // A cycle whose value nothing looks at is answered: manual/oota/C-AS-OOTA-1 (paulmckrcu/litmus;
  // herd7 7.58 with the kernel's lkmm files: Sometimes 1 3) copies a and b into each other under
  // ifs on x and y, and its condition reads only x and y. Every value the cycle may carry gives
  // the same events, rf and co, so raceway's value answers for all of them (thinAir).
  const copies = (then0: string, then1: string, exists: string, locations = ''): string =>
    P(0, 'int *a, int *b, int *x, int *y', `int r1; int r2; r1 = READ_ONCE(*x); smp_rmb(); if (r1 == 1) { ${then0} } smp_wmb(); WRITE_ONCE(*y, 1);`)
    + P(1, 'int *a, int *b, int *x, int *y', `int r1; int r2; r1 = READ_ONCE(*y); smp_rmb(); if (r1 == 1) { ${then1} } smp_wmb(); WRITE_ONCE(*x, 1);`)
    + locations + exists;
  test('a thin-air cycle nothing looks at is answered: C-AS-OOTA-1, Sometimes as herd7 says', () => {
    const r = run(copies('*a = *b;', '*b = *a;', 'exists (0:r1=1 /\\ 1:r1=1)'));
    assert.equal(r.bound, undefined);
    assert.equal(r.observation, 'Sometimes');
  });

  // The same cycle looked at: by the condition (C-JO-OOTA-1's `b=42`, whose symbol may be 42), by
  // `locations` (C-JO-OOTA-6's r2s), by an if (the value decides what runs), or as an address.
  test('a thin-air value the condition, locations or an if reads is refused', () => {
    assert.equal(run(copies('*a = *b;', '*b = *a;', 'exists (b=42)')).bound, 'unsupported');
    assert.equal(run(copies('r2 = *b; *a = r2;', 'r2 = *a; *b = r2;', 'exists (0:r1=1 /\\ 1:r1=1)', 'locations [0:r2]\n')).bound, 'unsupported');
    assert.equal(run(copies('r2 = *b; *a = r2; if (r2 == 42) WRITE_ONCE(*x, 2);', '*b = *a;', 'exists (0:r1=1 /\\ 1:r1=1)')).bound, 'unsupported');
  });

  // manual/kernel/crypto-control-data (herd7 7.58: Sometimes 1 4): y gets 1 only after an if on
  // x that is no dependency of the write (ctrl reaches only the if's arms), and x gets y's value.
  // The rounds that take each if by the values found never write 1 (x only ever held 0), so the
  // answer was Never; otherRound lets the load return another value and the if go both ways.
  const crypto = (extra: string): string => P(0, 'int *x, int *y, atomic_t *z', `int r1; int r9; r1 = 1; if (READ_ONCE(*x) == 0) r1 = 0; WRITE_ONCE(*y, r1);${extra}`)
    + P(1, 'int *x, int *y, atomic_t *z', `int r2; int r9; r2 = READ_ONCE(*y); WRITE_ONCE(*x, r2);${extra}`) + 'exists (0:r1=1)';
  test('a value written only after an if on a value no write gives yet: crypto-control-data, Sometimes as herd7 says', () => {
    assert.equal(run(crypto('')).observation, 'Sometimes');
  });
  test('the same where only combinations settle the sets (a counter that feeds itself) is refused, not Never', () => {
    const text = crypto(' r9 = atomic_inc_return(z);');
    const l = loadLitmus('t.litmus', `C T\n{}\n${text}`, { memoryModel: 'lkmm' });
    assert.ok(l.kind === 'ok');
    assert.throws(() => lkmmValueSets(l.value.program), /no dependency of the write/);
    assert.equal(run(text).bound, 'unsupported');
  });

  // manual/kernel/C-srcu-mb-2 (herd7 7.58: Never 0 3): smp_mb__after_srcu_read_unlock() is a full
  // barrier with the srcu_read_unlock() before it (linux-kernel.cat's mb: [M] ; po? ;
  // [Srcu-unlock] ; fencerel(After-srcu-read-unlock) ; [M]). raceway ran it as nothing and said
  // Sometimes; without it SB is Sometimes (C-srcu-mb-1).
  const srcuSb = (between: string): string => P(0, 'int *x, int *y, struct srcu_struct *s', `int r1; int r2; r1 = srcu_read_lock(s); WRITE_ONCE(*x, 1); srcu_read_unlock(s, r1); ${between} r2 = READ_ONCE(*y);`)
    + P(1, 'int *x, int *y, struct srcu_struct *s', 'int r1; WRITE_ONCE(*y, 1); smp_mb(); r1 = READ_ONCE(*x);') + 'exists (0:r2=0 /\\ 1:r1=0)';
  test('smp_mb__after_srcu_read_unlock() orders what comes before the unlock with what follows: C-srcu-mb-2, Never', () => {
    assert.equal(run(srcuSb('smp_mb__after_srcu_read_unlock();')).observation, 'Never');
    assert.equal(run(srcuSb('')).observation, 'Sometimes');
  });

  // The same cycle through marked accesses is forbidden (rfe and the data dependency are hb):
  // herd7's LB+datas, Never, and nothing to refuse.
  test('LB+datas through marked accesses stays Never', () => {
    const r = run(lb('WRITE_ONCE(*y, r0);', 'WRITE_ONCE(*x, r0);'));
    assert.equal(r.bound, undefined);
    assert.equal(r.observation, 'Never');
  });
});
