// The syntax tree of one statement line (and of the headers of compound statements).
// Offsets are absolute UTF-16 offsets into the scenario file's text, so a diagnostic can point
// at the column inside the line. Pure data.

export interface Node {
  readonly start: number;
  readonly end: number;
}

export type ExprAst =
  | (Node & { readonly k: 'num'; readonly value: number })
  /** Any identifier: locals, parameters, cells, objects, constants, NULL, true, false, this_cpu, ... */
  | (Node & { readonly k: 'name'; readonly name: string })
  /** p->f (also accepted: p.f) */
  | (Node & { readonly k: 'field'; readonly obj: ExprAst; readonly field: string; readonly fieldStart: number })
  /** a[i] */
  | (Node & { readonly k: 'index'; readonly arr: ExprAst; readonly index: ExprAst })
  /** *p */
  | (Node & { readonly k: 'deref'; readonly ptr: ExprAst })
  /** &x */
  | (Node & { readonly k: 'addr'; readonly of: ExprAst })
  | (Node & { readonly k: 'unary'; readonly op: '!' | '-' | '~'; readonly arg: ExprAst })
  | (Node & {
      readonly k: 'binary';
      readonly op:
        | '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>'
        | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';
      readonly left: ExprAst;
      readonly right: ExprAst;
    })
  /** READ_ONCE(x), cmpxchg(a, b, c), is_dynamic_key(key), smp_mb() ... */
  | (Node & {
      readonly k: 'call';
      readonly callee: string;
      readonly calleeEnd: number;
      readonly args: readonly ExprAst[];
    });

export type StmtAst =
  /** target = value; target is a name, field, index or deref expression. */
  | (Node & { readonly k: 'assign'; readonly target: ExprAst; readonly value: ExprAst })
  /** A call used as a statement: smp_mb(), WRITE_ONCE(x, 1), unregister_key(oldkey). */
  | (Node & { readonly k: 'expr'; readonly expr: ExprAst })
  | (Node & { readonly k: 'return'; readonly value: ExprAst | null })
  | (Node & { readonly k: 'break' })
  | (Node & { readonly k: 'continue' });

/** `for VAR in ITER` headers. */
export type ForIterAst =
  /** list(HEAD, FIELD): walk a linked list from the pointer HEAD along FIELD, one READ_ONCE per step. */
  | (Node & { readonly k: 'list'; readonly head: ExprAst; readonly field: string; readonly fieldStart: number })
  /** A..B, inclusive, constant bounds: unrolled. */
  | (Node & { readonly k: 'range'; readonly from: ExprAst; readonly to: ExprAst })
  /** cpus: 0 .. number of CPUs - 1, unrolled. */
  | (Node & { readonly k: 'cpus' });

export interface ForHeaderAst extends Node {
  readonly variable: string;
  readonly variableStart: number;
  readonly iter: ForIterAst;
}

export interface SignatureAst extends Node {
  readonly name: string;
  readonly nameEnd: number;
  readonly params: readonly { readonly name: string; readonly start: number; readonly end: number }[];
}
