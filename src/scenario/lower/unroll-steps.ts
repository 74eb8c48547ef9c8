// A lower bound on the steps of unrolling a body (compile-code.ts, MAX_UNROLL_STEPS), found
// without unrolling it: a loop nest of 10^9 iterations trips the cap before its first iteration,
// not after a million of them. It never exceeds what compiling takes, so tripping on it reports
// only what compiling would report later: a range whose bounds are not plain constants here (a
// bound that names an outer loop's variable, a mistake) counts as no iteration. Pure.
import type { ProcedureAst, StatementNode } from '../ast.js';
import type { ExprAst } from '../syntax/ast.js';

export interface StepsContext {
  readonly procedures: ReadonlyMap<string, ProcedureAst>;
  /** A global constant's value (nr_cpus included), undefined for any other name. */
  readonly constant: (name: string) => number | undefined;
  readonly cpus: number;
  /** The count stops growing past this: it is only compared with the cap. */
  readonly limit: number;
  /** The most values a range loop may have (compile-code.ts refuses more and unrolls nothing). */
  readonly maxRange: number;
  /** The names a body assigns: its locals, which hide constants of their names. */
  readonly assigned: (body: readonly StatementNode[]) => ReadonlySet<string>;
}

/** Counts as CodeCompiler does: one per statement compiled, one per iteration of a range loop. */
export class UnrollSteps {
  /** Per statement: its count depends only on where it stands, which fixes the names it shadows. */
  private readonly memo = new WeakMap<StatementNode, number>();
  private readonly inlining = new Set<string>();

  constructor(private readonly c: StepsContext) {}

  /** `shadowed`: parameters and loop variables in scope, which hide constants of their names. */
  body(body: readonly StatementNode[], shadowed: ReadonlySet<string>): number {
    let n = 0;
    for (const s of body) n = this.add(n, this.statement(s, shadowed));
    return n;
  }

  /** A call of `proc`: its body, its parameters in scope. */
  procedure(proc: ProcedureAst): number {
    if (this.inlining.has(proc.name)) return 0; // recursion is an error, not unrolled
    this.inlining.add(proc.name);
    try {
      return this.body(proc.body, new Set([...proc.params.map((p) => p.name), ...this.c.assigned(proc.body)]));
    } finally {
      this.inlining.delete(proc.name);
    }
  }

  /** `s` itself counts one; a range loop then one per iteration, and its body each time. */
  statement(s: StatementNode, shadowed: ReadonlySet<string>): number {
    const known = this.memo.get(s);
    if (known !== undefined) return known;
    const n = this.add(1, this.inner(s, shadowed));
    this.memo.set(s, n);
    return n;
  }

  private inner(s: StatementNode, shadowed: ReadonlySet<string>): number {
    switch (s.k) {
      case 'label': return 0;
      case 'if': return this.add(this.body(s.then, shadowed), this.body(s.else, shadowed));
      case 'while': return this.body(s.body, shadowed);
      case 'simple': {
        const st = s.stmt;
        const call = st.k === 'expr' ? st.expr : st.k === 'assign' ? st.value : null;
        const proc = call?.k === 'call' ? this.c.procedures.get(call.callee) : undefined;
        return proc ? this.procedure(proc) : 0;
      }
      case 'for': {
        const { variable, iter } = s.header;
        const inside = new Set(shadowed).add(variable);
        if (iter.k === 'list') return this.body(s.body, inside);
        const from = iter.k === 'cpus' ? 0 : this.value(iter.from, shadowed);
        const to = iter.k === 'cpus' ? this.c.cpus - 1 : this.value(iter.to, shadowed);
        if (from === undefined || to === undefined || to < from || to - from > this.c.maxRange) return 0;
        return this.times(to - from + 1, this.add(1, this.body(s.body, inside)));
      }
    }
  }

  /** The value of a range bound as compiling finds it, when that needs no scope but the constants. */
  private value(e: ExprAst, shadowed: ReadonlySet<string>): number | undefined {
    if (e.k === 'num') return e.value;
    if (e.k === 'name') return shadowed.has(e.name) ? undefined : this.c.constant(e.name);
    if (e.k === 'unary' && e.op === '-') {
      const v = this.value(e.arg, shadowed);
      return v === undefined ? undefined : -v | 0;
    }
    return undefined;
  }

  private add(a: number, b: number): number {
    return Math.min(this.c.limit, a + b);
  }

  private times(a: number, b: number): number {
    return Math.min(this.c.limit, a * b);
  }
}
