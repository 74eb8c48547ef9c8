// C litmus bodies -> the scenario language's statements, so one compiler serves both front ends.
// Parameters are pointers to shared locations: `x` becomes `&x` and `*x` the cell x. The compiler
// makes each shared access of a statement a step of its own, in C's evaluation order
// (scenario/lower/split-accesses.ts), so no interleaving C allows is lost. Pure.
import { assertNever } from '../common/assert-never.js';
import type { Diagnostic } from '../common/diagnostic.js';
import type { StatementNode } from '../scenario/ast.js';
import type { ExprAst } from '../scenario/syntax/ast.js';
import type { CStmt, Unsupported } from './ast.js';
import { primitive } from './primitives.js';

export interface BodyScope {
  readonly owner: string; // 'P0', 'irq handler'
  /** Parameter name -> what it points to. */
  readonly params: ReadonlyMap<string, 'loc' | 'lock' | 'srcu'>;
  /** Every shared location's name (for telling a cell from a local after rewriting). */
  readonly locations: ReadonlySet<string>;
  /** Registers the init block gives a value (`0:r1=x;`): an integer or a location's address. */
  readonly regInit: ReadonlyMap<string, ExprAst>;
}

export interface Converted {
  readonly body: StatementNode[];
}

const CONSTANTS = new Set(['NULL', 'true', 'false']);

/** The registers a body assigns: `r = e;`, `int r = e;`, and the flags of `local_irq_save(flags)`. */
function scanAssigned(body: readonly CStmt[], out: Set<string>): void {
  for (const s of body) {
    if (s.k === 'decl' && s.init) out.add(s.name);
    else if (s.k === 'assign' && s.target.k === 'name') out.add(s.target.name);
    else if (s.k === 'expr' && s.expr.k === 'call' && /_irqsave$|^local_irq_save$/.test(s.expr.callee)) {
      const flags = s.expr.args[s.expr.args.length - 1];
      if (flags?.k === 'name') out.add(flags.name);
    } else if (s.k === 'if') { scanAssigned(s.then, out); scanAssigned(s.else, out); }
  }
}

/** Operators that compute a new value; on a pointer they would address another location. */
const ARITHMETIC: ReadonlySet<string> = new Set(['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^', '~']);

/**
 * What a non-zero offset adds to a pointer (see offsetPointer): past every object of a program,
 * so the access through it is an invalid access, never another location.
 */
const OFF_THE_MAP = 1 << 16;

export class BodyConverter {
  /** The pointer + offset sums offsetPointer made, which an address may be. */
  private readonly offsets = new WeakSet<ExprAst>();
  private readonly locals = new Set<string>();
  /** Registers some statement of the body assigns (herd7 needs no declaration: CParser.mly, `NAME EQ expr`). */
  private readonly assigned = new Set<string>();
  /** Locals declared with a '*' (`int *r0`). */
  private readonly pointers = new Set<string>();

  constructor(
    private readonly scope: BodyScope,
    private readonly file: string,
    private readonly text: string,
    private readonly errors: Diagnostic[],
    private readonly unsupported: Unsupported[],
  ) {}

  convert(body: readonly CStmt[]): Converted {
    scanAssigned(body, this.assigned);
    for (const [name, v] of this.scope.regInit) if (v.k === 'addr') this.pointers.add(name);
    const main = this.block(body);
    // A register the body assigns starts at its init-block value, as in herd7; the machine's
    // locals start at 0, so a non-zero start is one local assignment before the body (silent:
    // it makes no step of its own, machine/program.ts isSilent).
    const start: StatementNode[] = [];
    for (const [name, v] of this.scope.regInit) {
      if (!this.assigned.has(name) || (v.k === 'num' && v.value === 0)) continue;
      const at = { start: v.start, end: v.end };
      const stmt = { k: 'assign' as const, target: { k: 'name' as const, name, start: at.start, end: at.start }, value: v, start: at.start, end: at.end };
      start.push({ k: 'simple', stmt, text: `${name} = ${this.src(at)}`, span: this.span(at) });
    }
    return { body: [...start, ...main] };
  }

  private span(n: { start: number; end: number }) {
    return { file: this.file, start: n.start, end: n.end };
  }

  private src(n: { start: number; end: number }): string {
    return this.text.slice(n.start, n.end).replace(/\s+/g, ' ').trim().replace(/;$/, '');
  }

  private unsupportedAt(n: { start: number; end: number }, what: string): void {
    this.unsupported.push({ what, span: this.span(n) });
  }

  private block(body: readonly CStmt[]): StatementNode[] {
    return body.flatMap((s) => this.statement(s));
  }

  private statement(s: CStmt): StatementNode[] {
    const site = { start: s.span.start, end: s.span.end };
    switch (s.k) {
      case 'decl': {
        if (this.scope.locations.has(s.name) || this.scope.params.has(s.name)) {
          this.unsupportedAt(site, `local '${s.name}' named like a shared location`);
          return [];
        }
        this.locals.add(s.name);
        if (s.pointer) this.pointers.add(s.name);
        if (!s.init) return [];
        return this.simple({ k: 'assign', target: { k: 'name', name: s.name, start: s.span.start, end: s.span.start }, value: this.rvalue(s.init), start: site.start, end: site.end }, site);
      }
      case 'assign': {
        const t = s.target;
        if (t.k === 'name' && !this.locals.has(t.name)) {
          if (this.scope.params.has(t.name)) { this.unsupportedAt(t, `assigning the parameter '${t.name}' itself`); return []; }
          if (this.scope.locations.has(t.name)) { this.unsupportedAt(t, `local '${t.name}' named like a shared location`); return []; }
          // herd7 declares a register by using it (CParser.mly's `NAME EQ expr` needs no declaration).
          this.locals.add(t.name);
        }
        const target = t.k === 'name' ? t : this.lvalue(t);
        return this.simple({ k: 'assign', target, value: this.rvalue(s.value), start: site.start, end: site.end }, site);
      }
      case 'expr': {
        if (s.expr.k !== 'call') {
          this.errors.push({ span: this.span(s.expr), message: 'a statement without effect', expected: 'a call, an assignment or a declaration' });
          return [];
        }
        return this.simple({ k: 'expr', expr: this.rvalue(s.expr), start: site.start, end: site.end }, site);
      }
      case 'if':
        return [{ k: 'if', cond: this.rvalue(s.cond), then: this.block(s.then), else: this.block(s.else), text: `if (${this.src(s.cond)})`, span: this.span(site) }];
      default:
        return assertNever(s);
    }
  }

  /**
   * Pointers are tagged object indices on this machine (machine/program.ts), so `x + 1` would
   * silently name the next declared location: pointer arithmetic is reported unsupported.
   */
  private isPointer(e: ExprAst): boolean {
    return e.k === 'addr' || (e.k === 'name' && this.pointers.has(e.name));
  }

  /** An address computed by arithmetic (`*(x + 1)`, `*(r0 - 4)`) is unsupported, whatever its operands. */
  private address(e: ExprAst, at: ExprAst): ExprAst {
    if ((e.k === 'binary' && !this.offsets.has(e)) || (e.k === 'unary' && e.op !== '!')) this.unsupportedAt(at, `pointer arithmetic ('${this.src(at)}')`);
    return e;
  }

  /**
   * `p + r` and `p - r` with r a register expression: the idiom that makes an address depend on a
   * value read (`r9 = r1 ^ r1; r2 = y + r9;`, tools/memory-model/Documentation/explanation.txt's
   * address dependencies). herd7 adds a zero offset to a symbolic address as nothing
   * (herdtools7 lib/symbValue.ml, `add`: `if is_zero v2 then v1`), which is what every test of the
   * idiom relies on; a non-zero one names another location there, which raceway has no word for,
   * so here the sum points off the map and the access through it is an invalid access of that
   * run. A constant offset is known at once: zero is the pointer, anything else unsupported.
   */
  private offsetPointer(e: Extract<ExprAst, { k: 'binary' }>, left: ExprAst, right: ExprAst): ExprAst | null {
    const ptrLeft = this.isPointer(left);
    if (ptrLeft === this.isPointer(right) || (e.op !== '+' && !(e.op === '-' && ptrLeft))) return null;
    const [ptr, off] = ptrLeft ? [left, right] : [right, left];
    if (off.k === 'num') return off.value === 0 ? ptr : null;
    const at = { start: e.start, end: e.end };
    const num = (value: number): ExprAst => ({ k: 'num', value, ...at });
    const away: ExprAst = { k: 'binary', op: '*', left: { k: 'binary', op: '!=', left: off, right: num(0), ...at }, right: num(OFF_THE_MAP), ...at };
    const sum: ExprAst = { k: 'binary', op: '+', left: ptr, right: away, ...at };
    this.offsets.add(sum);
    return sum;
  }

  /** A location argument or store target: `*x` with x a parameter is the cell x. */
  private lvalue(e: ExprAst): ExprAst {
    if (e.k === 'deref') {
      const p = this.address(this.rvalue(e.ptr), e);
      return p.k === 'addr' ? p.of : { ...e, ptr: p };
    }
    if (e.k === 'name' && this.locals.has(e.name)) return e;
    if (e.k === 'field' || e.k === 'index') { this.unsupportedAt(e, e.k === 'field' ? 'struct field access' : 'array access'); return e; }
    this.unsupportedAt(e, `'${this.src(e)}' as a location (expected *p)`);
    return e;
  }

  /** A pointer argument (smp_load_acquire(x)): the location it points to. */
  private pointee(e: ExprAst): ExprAst {
    const p = this.address(this.rvalue(e), e);
    return p.k === 'addr' ? p.of : { k: 'deref', ptr: p, start: e.start, end: e.end };
  }

  private rvalue(e: ExprAst): ExprAst {
    switch (e.k) {
      case 'num': return e;
      case 'name': {
        if (this.assigned.has(e.name) || CONSTANTS.has(e.name)) return e;
        if (this.scope.params.has(e.name)) return { k: 'addr', of: e, start: e.start, end: e.end };
        // Any other name is a register (herd7's `NAME` is `LoadReg`), and one the body never
        // assigns keeps its initial value: the init block's, else 0.
        const v = this.scope.regInit.get(e.name);
        return v ? { ...v, start: e.start, end: e.end } : { k: 'num', value: 0, start: e.start, end: e.end };
      }
      case 'deref': return this.lvalue(e);
      case 'addr': this.unsupportedAt(e, `taking an address ('${this.src(e)}')`); return e;
      case 'field': case 'index': return this.lvalue(e);
      case 'unary': {
        const arg = this.rvalue(e.arg);
        if (ARITHMETIC.has(e.op) && this.isPointer(arg)) this.unsupportedAt(e, `pointer arithmetic ('${this.src(e)}')`);
        return { ...e, arg };
      }
      case 'binary': {
        const left = this.rvalue(e.left);
        const right = this.rvalue(e.right);
        if (ARITHMETIC.has(e.op) && (this.isPointer(left) || this.isPointer(right))) {
          const sum = this.offsetPointer(e, left, right);
          if (sum) return sum;
          this.unsupportedAt(e, `pointer arithmetic ('${this.src(e)}')`);
        }
        return { ...e, left, right };
      }
      case 'call': {
        const p = primitive(e.callee);
        // The parser has reported it: unsupported (a known primitive) or an error (no primitive).
        if (!p) return e;
        if (p.roles.length !== e.args.length) {
          this.errors.push({ span: this.span(e), message: `${e.callee}() takes ${p.roles.length} argument${p.roles.length === 1 ? '' : 's'}, not ${e.args.length}` });
          return e;
        }
        const args = e.args.map((a, i) => {
          switch (p.roles[i]!) {
            case 'lvalue': return this.lvalue(a);
            case 'pointer': return this.pointee(a);
            case 'lock': {
              const r = this.rvalue(a);
              const param = r.k === 'addr' && r.of.k === 'name' ? r.of.name : null;
              // A parameter that is a location is a type error; a lock reached any other way
              // (a local pointer, &s) is a form raceway does not run yet.
              if (param !== null && this.scope.params.get(param) !== 'lock') {
                this.errors.push({ span: this.span(a), message: `${e.callee}() takes a lock, and '${param}' is a shared location`, expected: 'a spinlock_t * parameter' });
              } else if (param === null) this.unsupportedAt(a, `'${this.src(a)}' as a lock (expected a spinlock_t * parameter)`);
              return r;
            }
            case 'srcu': {
              // herd7's linux-kernel.def: srcu_read_lock(X) with X a struct srcu_struct *.
              const r = this.rvalue(a);
              const param = r.k === 'addr' && r.of.k === 'name' ? r.of.name : null;
              if (param !== null && this.scope.params.get(param) !== 'srcu') {
                this.errors.push({ span: this.span(a), message: `${e.callee}() takes an srcu_struct, and '${param}' is not one`, expected: 'a struct srcu_struct * parameter' });
              } else if (param === null) this.unsupportedAt(a, `'${this.src(a)}' as an srcu_struct (expected a struct srcu_struct * parameter)`);
              return r;
            }
            case 'value': return this.rvalue(a);
          }
        });
        return { ...e, args };
      }
    }
  }

  /** A simple statement. The scenario compiler makes each of its shared accesses a step of its own. */
  private simple(st: Extract<StatementNode, { k: 'simple' }>['stmt'], site: { start: number; end: number }): StatementNode[] {
    return [{ k: 'simple', stmt: st, text: this.src(site), span: this.span(site) }];
  }
}
