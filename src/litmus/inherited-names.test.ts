// Names every JavaScript object inherits (constructor, toString, __proto__ ...) are names like any
// other to the C litmus front end: put one where a word stands and the loader behaves as it does
// with a neutral name of the same length. Before the primitive table had no prototype,
// `constructor(*x, 0);` was taken for a primitive and crashed the run with a stack trace.
import { INHERITED_NAMES, inheritedNameTests, masked } from '../testing/inherited-names.js';
import { loadLitmus } from './load.js';

const TEMPLATE = `C names

(*
 * Result: Sometimes
 *)

{
	int x = 0;
	int *p = &x;
	spinlock_t lk;
}

P0(int *x, int **p, spinlock_t *lk)
{
	int r0;
	int *r1;

	spin_lock(lk);
	r0 = READ_ONCE(*x);
	r1 = rcu_dereference(*p);
	spin_unlock(lk);
	smp_mb();
	WRITE_ONCE(*x, r0 + 1);
}

P1(int *x)
{
	int r2;

	r2 = xchg(x, 2);
	if (r2 == 1)
		smp_store_release(x, 3);
}

exists (0:r0=0 /\\ 1:r2=1 /\\ x=3)
`;

/** What a load comes to, as the comparison sees it. */
function outcome(text: string, name: string): string[] {
  const r = loadLitmus('names.litmus', text);
  switch (r.kind) {
    case 'ok': return ['ok', ...masked([{ span: { start: 0, end: 0 }, message: `${r.value.name} ${r.value.program.codes.map((k) => k.instrs.length).join(',')}` }], name)];
    case 'unsupported': return ['unsupported', ...masked([{ span: r.span, message: r.what }], name)];
    case 'error': return ['error', ...masked(r.errors, name)];
  }
}

inheritedNameTests(TEMPLATE, outcome, INHERITED_NAMES);
