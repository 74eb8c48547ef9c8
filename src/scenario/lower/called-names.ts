// The procedure names a body calls, found syntactically, for checks that must hold across every
// variant of a scenario (one lowering sees only one variant's interrupts). Pure.
import { assertNever } from '../../common/assert-never.js';
import type { StatementNode } from '../ast.js';
import type { ExprAst, StmtAst } from '../syntax/ast.js';

export function calledNames(bodies: readonly (readonly StatementNode[])[]): Set<string> {
  const out = new Set<string>();
  const expr = (e: ExprAst | null | undefined): void => {
    if (!e) return;
    switch (e.k) {
      case 'call': out.add(e.callee); e.args.forEach(expr); return;
      case 'field': expr(e.obj); return;
      case 'index': expr(e.arr); expr(e.index); return;
      case 'deref': expr(e.ptr); return;
      case 'addr': expr(e.of); return;
      case 'unary': expr(e.arg); return;
      case 'binary': expr(e.left); expr(e.right); return;
      case 'num': case 'name': return;
      default: assertNever(e);
    }
  };
  const stmt = (s: StmtAst): void => {
    if (s.k === 'assign') { expr(s.target); expr(s.value); } else if (s.k === 'expr') expr(s.expr); else if (s.k === 'return') expr(s.value);
  };
  const body = (b: readonly StatementNode[]): void => {
    for (const s of b) {
      switch (s.k) {
        case 'simple': stmt(s.stmt); break;
        case 'if': expr(s.cond); body(s.then); body(s.else); break;
        case 'while': expr(s.cond); body(s.body); break;
        case 'for': body(s.body); break;
        case 'label': break;
      }
    }
  };
  bodies.forEach(body);
  return out;
}
