// Constructs the machine cannot run as C means them are reported `unsupported: <what>` at their
// position and never run: pointer arithmetic (pointers are object indices here, so `x + 1` would
// name the next declared location) but for an offset that is a register expression (convert.ts
// offsetPointer), types other than int32 ones, goto and its labels, and type
// names raceway does not know. What stays supported keeps running.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadLitmus } from './load.js';
import { explore, kinds } from '../testing/inline.js';

const test2 = (params: string, body: string, init = '{}') =>
  `C t\n${init}\nP0(${params})\n{\n${body}\n}\nP1(int *x, int *y) { WRITE_ONCE(*y, 1); }\nexists (x=1)\n`;

/** `what` and the text at its position, or the load's kind when it is not unsupported. */
function unsupported(text: string): { what: string; at: string } | string {
  const r = loadLitmus('t.litmus', text);
  if (r.kind !== 'unsupported') return r.kind === 'error' ? `error: ${r.errors[0]!.message}` : r.kind;
  return { what: r.what, at: text.slice(r.span.start, r.span.start + 12) };
}

describe('unsupported constructs are reported, never run', () => {
  test('pointer arithmetic, in a store target, an initialiser, a load and a pointer argument', () => {
    for (const [body, what] of [
      ['WRITE_ONCE(*(x + 1), 5);', "pointer arithmetic ('*(x + 1)')"],
      ['int *r1 = x + 1;', "pointer arithmetic ('x + 1')"],
      ['int *r1; int r2; r1 = READ_ONCE(*y); r2 = READ_ONCE(*(r1 - 1));', "pointer arithmetic ('*(r1 - 1)')"],
      ['int *r1; r1 = x; r1 = r1 + 1;', "pointer arithmetic ('r1 + 1')"],
      ['smp_store_release(x + 1, 5);', "pointer arithmetic ('x + 1')"],
    ] as const) {
      const r = unsupported(test2('int *x, int *y', body));
      assert.equal(typeof r === 'string' ? r : r.what, what, body);
    }
  });

  test('a register offset (the address-dependency idiom) is the pointer when it is 0, and an invalid access when not', () => {
    // herdtools7 lib/symbValue.ml `add`: a zero offset leaves the address as it is.
    const run = (offset: string): string[] => {
      const r = loadLitmus('t.litmus', test2('int *x, int *y', `int r1; int r9; int *r2; r1 = READ_ONCE(*y); r9 = ${offset}; r2 = x + r9; WRITE_ONCE(*r2, 5); WRITE_ONCE(*(y + (r1 ^ r1)), 2);`));
      assert.equal(r.kind, 'ok', offset);
      return r.kind === 'ok' ? kinds(explore(r.value.program)) : [];
    };
    assert.deepEqual(run('r1 ^ r1'), []);
    assert.deepEqual(run('r1 + 1'), ['invalid-access']);
    assert.equal(unsupported(test2('int *x, int *y', 'WRITE_ONCE(*(x + 0), 5);')), 'ok');
  });

  test('comparing pointers stays supported', () => {
    assert.equal(unsupported(test2('int *x, int *y', 'int *r1; int r2; r1 = READ_ONCE(*y); if (r1 == x) r2 = 1; if (r1 != NULL) r2 = 2;')), 'ok');
  });

  test('unsigned types, other widths, bool and structs are unsupported wherever they are written', () => {
    const int32 = '(values are int32 here: unsigned types and other widths are not modelled)';
    for (const [text, what, at] of [
      [test2('int *x, int *y', 'unsigned int r0; r0 = READ_ONCE(*x);'), `type 'unsigned int' ${int32}`, 'unsigned int'],
      [test2('u8 *x, int *y', 'WRITE_ONCE(*x, 1);'), `type 'u8' ${int32}`, 'u8 *x, int *'],
      [test2('int *x, int *y', 'u16 r0; r0 = 1;'), `type 'u16' ${int32}`, 'u16 r0; r0 ='],
      [test2('int *x, int *y', 'WRITE_ONCE(*x, 1);', '{ u32 x = 1; }'), `type 'u32' ${int32}`, 'u32 x = 1; }'],
      [test2('int *x, u64 *y', 'WRITE_ONCE(*x, 1);'), `type 'u64' ${int32}`, 'u64 *y)\n{\nWR'],
      [test2('int *x, unsigned long *y', 'WRITE_ONCE(*x, 1);'), `type 'unsigned long' ${int32}`, 'unsigned lon'],
      [test2('int *x, int *y', 'size_t r0; r0 = 1;'), `type 'size_t' ${int32}`, 'size_t r0; r'],
      [test2('int *x, int *y', 'long long r0; r0 = 1;'), "type 'long long' (64 bits; values are int32 here)", 'long long r0'],
      [test2('int *x, int *y', 'bool r0; r0 = 2;'), `type 'bool' ${int32}`, 'bool r0; r0 '],
      [test2('int *x, int *y', 'int r0; r0 = (unsigned)READ_ONCE(*x);'), `type 'unsigned' ${int32}`, 'unsigned)REA'],
      [test2('int *x, int *y', 'int r0; r0 = READ_ONCE(*x) - 1U;'), "unsigned literal '1U' (values are int32 here)", '1U;\n}\nP1(int'],
      [test2('int *x, struct foo *y', 'WRITE_ONCE(*x, 1);'), "type 'struct foo' (structs are not modelled)", 'struct foo *'],
    ] as const) {
      assert.deepEqual(unsupported(text), { what, at }, what);
    }
  });

  test('int, long (as int32), signed, const, volatile, atomic_t, spinlock_t, pointers and (void) run', () => {
    const text = `C ok
{ int x = 1; long y = 2; atomic_t v = ATOMIC_INIT(0); }
P0(int *x, long *y, atomic_t *v, spinlock_t *s, const int *z, volatile int **p) {
	signed int r0; long r1; const int r2 = 3; int *r3;
	spin_lock(s);
	r0 = READ_ONCE(*x);
	r1 = (long)READ_ONCE(*y);
	(void)atomic_inc_return(v);
	r3 = READ_ONCE(*p);
	spin_unlock(s);
}
exists (0:r0=1 /\\ 0:r1=2 /\\ 0:r2=3)`;
    assert.equal(unsupported(text), 'ok');
  });

  test('goto and its label are unsupported, not a syntax error at the label', () => {
    const r = unsupported(test2('int *x, int *y', 'goto out;\nout:\n\tWRITE_ONCE(*x, 1);'));
    assert.deepEqual(r, { what: "'goto' statement", at: 'goto out;\nou' });
    assert.deepEqual(unsupported(test2('int *x, int *y', 'out:\n\tWRITE_ONCE(*x, 1);')), { what: "label 'out:' (goto)", at: 'out:\n\tWRITE_' });
  });

  test('a type name raceway does not know is unsupported, not a syntax error at its star', () => {
    assert.deepEqual(unsupported(test2('int *x, rwlock_t *s', 'read_lock(s);')), { what: "type 'rwlock_t' (not a type raceway models)", at: 'rwlock_t *s)' });
    assert.deepEqual(unsupported(test2('int *x, int *y', 'WRITE_ONCE(*x, 1);', '{ seqcount_t s; }')), { what: "type 'seqcount_t' (not a type raceway models)", at: 'seqcount_t s' });
    assert.deepEqual(unsupported(test2('int *x, int *y', 'my_ptr_t *r0 = x;')), { what: "type 'my_ptr_t' (not a type raceway models)", at: 'my_ptr_t *r0' });
  });
});

describe('a known primitive raceway cannot run is unsupported; a mistake is an error', () => {
  const error = (text: string) => {
    const r = loadLitmus('t.litmus', text);
    return r.kind === 'error' ? r.errors.map((d) => ({ message: d.message, hint: d.hint ?? null, at: text.slice(d.span.start, d.span.end) })) : r.kind;
  };

  test('a misspelt primitive is an error with the nearest known name', () => {
    assert.deepEqual(error(test2('int *x, int *y', 'WRITEONCE(*x, 1);')), [{ message: "unknown function 'WRITEONCE'", hint: "did you mean 'WRITE_ONCE'?", at: 'WRITEONCE' }]);
    assert.deepEqual(error(test2('int *x, int *y', 'int r0; r0 = smp_load_aquire(x);')), [{ message: "unknown function 'smp_load_aquire'", hint: "did you mean 'smp_load_acquire'?", at: 'smp_load_aquire' }]);
    assert.deepEqual(error(test2('int *x, int *y', 'frobnicate(x);')), [{ message: "unknown function 'frobnicate'", hint: null, at: 'frobnicate' }]);
  });

  test('a typo is reported even when the file also uses an unsupported primitive', () => {
    assert.deepEqual(error(test2('int *x, int *y', 'atomic_fetch_add_unless(x, 1, 0);\n\tsmp_mbb();')), [{ message: "unknown function 'smp_mbb'", hint: "did you mean 'smp_mb'?", at: 'smp_mbb' }]);
    assert.deepEqual(error(test2('int *x, int *y', 'while (1) ;\n\tsmp_mbb();')), [{ message: "unknown function 'smp_mbb'", hint: "did you mean 'smp_mb'?", at: 'smp_mbb' }]);
  });

  test('kernel primitives raceway knows but cannot run are unsupported, suffixed and 64-bit forms too', () => {
    for (const call of ['atomic_fetch_add_unless(x, 1, 0)', 'atomic_dec_if_positive_relaxed(x)', 'atomic64_inc(x)', 'atomic_long_add_return(1, x)', 'raw_spin_lock_irqsave(x, f)', 'read_lock(x)', 'mutex_lock(x)', 'call_rcu(x, 0)', 'kfree(x)', 'smp_cond_load_acquire(x, 1)', 'atomic_load_explicit(x, 0)', '__sync_synchronize()',
      // Not in herd7's linux-kernel.def (tools/memory-model; herdtools7 catalogue/linux/cats), which
      // has no bit operations, no try_cmpxchg and no allocation: herd7 refuses them too.
      'kmalloc(4, 0)', 'test_and_set_bit(0, x)', 'set_bit(1, x)', '__set_bit(0, x)', 'atomic_try_cmpxchg(x, y, 1)', 'try_cmpxchg(x, y, 1)',
      'spin_trylock_irqsave(x, f)', 'write_seqcount_latch(x)']) {
      const r = unsupported(test2('int *x, int *y', `${call};`));
      assert.deepEqual(r, typeof r === 'string' ? 'unsupported' : { what: `${call.slice(0, call.indexOf('('))}()`, at: r.at }, call);
    }
  });

  test('spin_lock of a location is a type error; a lock reached through a local is unsupported', () => {
    assert.deepEqual(error(test2('int *x, int *y', 'spin_lock(x);')), [{ message: "spin_lock() takes a lock, and 'x' is a shared location", hint: null, at: 'x' }]);
    const r = unsupported(test2('int *x, spinlock_t *s', 'spinlock_t *r0; r0 = s; spin_lock(r0);'));
    assert.deepEqual(r, { what: "'r0' as a lock (expected a spinlock_t * parameter)", at: 'r0);\n}\nP1(in' });
  });
});
