// A C litmus test as parsed, before names are resolved: herd7's format (header, init block,
// P<n> bodies, final condition) plus raceway's `(*raceway ... *)` interrupt extension. Pure data.
// Expressions reuse the scenario language's ExprAst, so lowering can hand them to its compiler.
import type { Span } from '../common/span.js';
import type { ExprAst } from '../scenario/syntax/ast.js';

export type CStmt =
  /** `int r0;`, `int *r0 = e;`: a local (a register in herd's words); `pointer`: declared with a '*'. */
  | { readonly k: 'decl'; readonly name: string; readonly pointer: boolean; readonly init: ExprAst | null; readonly span: Span }
  | { readonly k: 'assign'; readonly target: ExprAst; readonly value: ExprAst; readonly span: Span }
  /** A call used as a statement: WRITE_ONCE(*x, 1); smp_mb(); */
  | { readonly k: 'expr'; readonly expr: ExprAst; readonly span: Span }
  | { readonly k: 'if'; readonly cond: ExprAst; readonly then: readonly CStmt[]; readonly else: readonly CStmt[]; readonly span: Span };

export interface ParamAst {
  readonly name: string;
  /** The C type as written, e.g. 'int *', 'spinlock_t *', 'struct srcu_struct *'. */
  readonly type: string;
  readonly span: Span;
}

export interface ProcAst {
  /** P<n>: the CPU it runs on. */
  readonly cpu: number;
  readonly params: readonly ParamAst[];
  readonly body: readonly CStmt[];
  readonly span: Span;
}

/** An interrupt handler from the extension block: `irq NAME(params) on 0, 1 [max N] { ... }`. */
export interface HandlerAst extends ProcAst {
  readonly kind: 'irq' | 'nmi';
  readonly name: string;
  readonly cpus: readonly number[];
  readonly max: number;
}

/** An initial value: an integer or the address of a location (`y`, `&y`), or NULL. */
export type InitValue =
  | { readonly k: 'int'; readonly v: number; readonly span: Span }
  | { readonly k: 'addr'; readonly name: string; readonly span: Span };

/** A register's initial value from the init block (`0:r1=x;`, `int * 1:r1;`): herd7 gives it before P<n> runs. */
export interface RegInit {
  readonly cpu: number;
  readonly name: string;
  /** null: declared only (`int 0:r1;`), so 0. */
  readonly value: InitValue | null;
  readonly span: Span;
}

export interface InitDecl {
  readonly name: string;
  readonly type: string; // '' when the entry has no type (`x=1;`)
  readonly value: InitValue | null;
  readonly span: Span;
}

/** A final-state expression: herd's `/\`, `\/`, `~`, `=>` over `loc=value` atoms. */
export type CondAst =
  | { readonly k: 'true' | 'false'; readonly span: Span }
  | { readonly k: 'not'; readonly a: CondAst; readonly span: Span }
  | { readonly k: 'and' | 'or' | 'implies'; readonly a: CondAst; readonly b: CondAst; readonly span: Span }
  | { readonly k: 'cmp'; readonly op: '==' | '!='; readonly loc: CondLoc; readonly value: CondValue; readonly span: Span };

/** `0:r0` (a register of P0) or `x` (a shared location). */
export type CondLoc =
  | { readonly k: 'reg'; readonly cpu: number; readonly name: string; readonly span: Span }
  | { readonly k: 'global'; readonly name: string; readonly span: Span };

export type CondValue =
  | { readonly k: 'int'; readonly v: number; readonly span: Span }
  | { readonly k: 'addr'; readonly name: string; readonly span: Span }
  /** Another location's value (herd7's `0:r1=1:r2`, `x=*y`, `[x]=[y]`: lib/stateParser.mly, `LL`). */
  | { readonly k: 'loc'; readonly loc: CondLoc; readonly span: Span };

export type Quantifier = 'exists' | 'never' | 'forall';

export interface LitmusAst {
  readonly file: string;
  readonly name: string;
  /** The herd7 verdict recorded in the header comment's `Result:` line, as written. */
  /** `dataRace`: the line says DATARACE (the LKMM flags a data race in the test). */
  readonly result: { readonly word: string; readonly dataRace: boolean; readonly span: Span } | null;
  readonly init: readonly InitDecl[];
  /** Registers given a type or a value in the init block. */
  readonly regInit: readonly RegInit[];
  readonly procs: readonly ProcAst[];
  readonly handlers: readonly HandlerAst[];
  /** The extension block's own expectation (`expect Sometimes`), exact where Result is one-way. */
  readonly expect: { readonly word: string; readonly span: Span } | null;
  readonly locations: readonly CondLoc[];
  readonly filter: CondAst | null;
  readonly quantifier: Quantifier;
  readonly cond: CondAst;
  readonly condText: string;
  readonly condSpan: Span;
}

/** A construct raceway cannot run yet: reported as `unsupported: <what>`, never guessed. */
export interface Unsupported {
  readonly what: string;
  readonly span: Span;
}
