// Lowers a FinalAst to the machine's FinalSpec: cells, fields and elements with constant indices
// become memory locations, `0:r0` (parsed as `0.r0`) CPU 0's task local r0. Pure.
import { assertNever } from '../../common/assert-never.js';
import type { Diagnostic } from '../../common/diagnostic.js';
import type { Span } from '../../common/span.js';
import { PTR_BASE, type Code, type Expr, type FinalExpr, type FinalSpec } from '../../machine/program.js';
import type { FinalAst } from '../ast.js';
import type { ExprAst } from '../syntax/ast.js';
import { ExprCompiler } from './compile-expr.js';
import type { Symbols } from './symbols.js';

const WHAT = 'a cell, a field, an element with constant indices, or a CPU task local written 0:r0';

export function compileFinal(f: FinalAst, sym: Symbols, codes: readonly Code[], tasks: readonly number[], file: string, errors: Diagnostic[]): FinalSpec {
  const x = new ExprCompiler(sym, file, errors, new Set());
  const span = (n: { start: number; end: number }): Span => ({ file, start: n.start, end: n.end });
  const leaves: { text: string; expr: FinalExpr }[] = [];

  const lowerExpr = (e: ExprAst, source: string, base: number): FinalExpr => {
    const leaf = (fe: FinalExpr): FinalExpr => {
      const name = source.slice(e.start - base, e.end - base).replace(/^(\d+)\./, '$1:');
      if (!leaves.some((l) => same(l.expr, fe))) leaves.push({ text: name, expr: fe });
      return fe;
    };
    switch (e.k) {
      case 'unary': return { kind: 'un', op: e.op, a: lowerExpr(e.arg, source, base) };
      case 'binary': return { kind: 'bin', op: e.op, a: lowerExpr(e.left, source, base), b: lowerExpr(e.right, source, base) };
      case 'field':
        if (e.obj.k === 'num') {
          const cpu = e.obj.value;
          const code = codes[tasks[cpu] ?? -1];
          if (!code) { errors.push({ span: span(e), message: `CPU ${cpu} has no task program`, expected: `a CPU from 0 to ${tasks.length - 1} with a program` }); return { kind: 'const', v: 0 }; }
          const slot = code.localNames.indexOf(e.field);
          if (slot < 0) { errors.push({ span: span(e), message: `CPU ${cpu}'s program has no local '${e.field}'`, expected: code.localNames.filter((n) => !n.startsWith('(')).join(', ') || 'a local assigned in that program' }); return { kind: 'const', v: 0 }; }
          return leaf({ kind: 'local', cpu, slot });
        }
        break;
      case 'num': case 'name': case 'index': case 'deref': case 'addr': case 'call': break;
      default: assertNever(e);
    }
    const compiled = x.expr(e, { locals: new Map(), bound: new Map() });
    if (compiled.kind === 'const') return compiled;
    const loc = memLoc(compiled, sym);
    if (loc === null) { errors.push({ span: span(e), message: 'a final condition cannot read this', expected: WHAT }); return { kind: 'const', v: 0 }; }
    return leaf({ kind: 'mem', loc });
  };

  const cond = lowerExpr(f.cond, f.text, f.cond.start);
  const condLeaves = [...leaves];
  let observe = condLeaves.map((l) => ({ name: l.text, expr: l.expr }));
  if (f.observe) {
    observe = f.observe.map((o) => {
      leaves.length = 0;
      const expr = lowerExpr(o.expr, o.text, o.expr.start);
      return { name: o.text, expr };
    });
    for (const l of condLeaves) {
      if (!observe.some((o) => same(o.expr, l.expr))) {
        errors.push({ span: f.observe.length > 0 ? { file, start: f.observe[0]!.span.start, end: f.observe[f.observe.length - 1]!.span.end } : f.span, message: `'observe' must list every value the condition reads: '${l.text}' is missing`, expected: condLeaves.map((c) => c.text).join(', ') });
      }
    }
  }
  return { quantifier: f.quantifier, cond, text: f.text, span: f.span, observe };
}

function same(a: FinalExpr, b: FinalExpr): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The memory location a compiled load reads, when it is fixed (no pointer chasing). */
function memLoc(e: Expr, sym: Symbols): number | null {
  if (e.kind !== 'load') return null;
  const loc = e.loc;
  if (loc.kind === 'deref') {
    if (loc.ptr.kind !== 'const') return null;
    return sym.objects[loc.ptr.v - PTR_BASE]?.fields.get(loc.field) ?? null;
  }
  const a = sym.arrays[loc.array];
  if (!a) return null;
  let off = 0;
  for (let d = 0; d < a.dims.length; d++) {
    const i = loc.index[d];
    if (i?.kind !== 'const' || i.v < 0 || i.v >= (a.dims[d] ?? 1)) return null;
    off = off * (a.dims[d] ?? 1) + i.v;
  }
  return a.base + off;
}
