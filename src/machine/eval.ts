// Expression evaluation and location resolution for one step. Int32 arithmetic, C truth values.
// Throws Fault (caught by step) for a violation; never touches anything but the Exec.
import { assertNever } from '../common/assert-never.js';
import { memoByObject } from '../common/memo.js';
import { binaryOp, unaryOp } from './arith.js';
import { Fault, where, type Exec } from './exec.js';
import { FRAME_LOCALS, frameOf } from './layout.js';
import { applyRmwTo, defaultFirstArg } from './ops/atomics.js';
import { newRmwAnswer } from './ops/rmw-answer.js';
import { lockValue } from './ops/locks.js';
import { PTR_BASE, type Expr, type Loc, type Program, type RmwOp } from './program.js';
import { checkNotFreed } from './memory/sc.js';
import { contextTest } from './ops/softirq.js';

/** obj * fieldCount + field -> memory location, or -1 when the object has no such field. */
const fieldTable = memoByObject((p: Program): Int32Array => {
  const nf = p.fieldNames.length;
  const t = new Int32Array(p.objects.length * nf).fill(-1);
  p.objects.forEach((o, i) => o.fields.forEach((loc, f) => (t[i * nf + f] = loc)));
  return t;
});

function invalid(x: Exec, reason: string): never {
  throw new Fault({ kind: 'invalid-access', at: where(x), reason });
}

/** Resolve a location; evaluating the pointer or index may itself read memory. */
export function resolve(x: Exec, loc: Loc): number {
  switch (loc.kind) {
    case 'deref': {
      const v = evaluate(x, loc.ptr);
      const obj = v - PTR_BASE;
      if (v === 0) invalid(x, `NULL pointer dereference (reading ->${x.program.fieldNames[loc.field] || '*'})`);
      if (obj < 0 || obj >= x.program.objects.length) invalid(x, `dereference of ${v}, which is not a pointer`);
      const at = fieldTable(x.program)[obj * x.program.fieldNames.length + loc.field] ?? -1;
      if (at < 0) {
        invalid(x, `${x.program.objects[obj]?.name} has no field '${x.program.fieldNames[loc.field] || '*'}'`);
      }
      return at;
    }
    case 'array': {
      const a = x.program.arrays[loc.array];
      if (!a) return invalid(x, 'no such array');
      let off = 0;
      for (let d = 0; d < a.dims.length; d++) {
        const i = evaluate(x, loc.index[d] ?? { kind: 'const', v: 0 });
        const n = a.dims[d] ?? 1;
        if (i < 0 || i >= n) invalid(x, `index ${i} out of range for ${a.name} (0..${n - 1})`);
        off = off * n + i;
      }
      return a.base + off;
    }
    default:
      return assertNever(loc);
  }
}

export function load(x: Exec, loc: number): number {
  checkNotFreed(x, loc, 'read');
  return x.memoryModel.load(x, loc);
}

/** The one answer every RMW step fills: a step is synchronous and reads it before the next. */
const scratch = newRmwAnswer();

function rmw(x: Exec, op: RmwOp, loc: number, a0: number, a1: number): number {
  checkNotFreed(x, loc, 'read');
  const cur = x.memoryModel.load(x, loc);
  const { result, next, warn } = applyRmwTo(scratch, op, cur, a0, a1);
  // Where the kernel WARNs (refcount_t), the run has gone wrong: a misuse, with the kernel's text.
  if (warn !== undefined) throw new Fault({ kind: 'misuse', at: where(x), reason: warn });
  // A failed cmpxchg or add_unless writes nothing (as on x86, where the locked op is still a
  // full barrier: the caller handles the barrier part through the memory model).
  if (next !== cur || op === 'xchg') x.memoryModel.storeAtomic(x, loc, next);
  return result;
}

export function evaluate(x: Exec, e: Expr): number {
  switch (e.kind) {
    case 'const': return e.v;
    case 'local': return x.state[frameOf(x.layout, x.cpu, x.level) + FRAME_LOCALS + e.slot] ?? 0;
    case 'this_cpu': return x.cpu;
    case 'this_context': return x.level;
    case 'context_test': return contextTest(x.layout, x.state, x.cpu, e.test) ? 1 : 0;
    case 'load': {
      const at = resolve(x, e.loc);
      const v = load(x, at);
      if (e.order === 'plain') x.observer?.plain?.(at, false);
      return v;
    }
    case 'un': return unaryOp(e.op, evaluate(x, e.a));
    case 'bin': {
      if (e.op === '&&') return evaluate(x, e.a) !== 0 && evaluate(x, e.b) !== 0 ? 1 : 0;
      if (e.op === '||') return evaluate(x, e.a) !== 0 || evaluate(x, e.b) !== 0 ? 1 : 0;
      const v = binaryOp(e.op, evaluate(x, e.a), evaluate(x, e.b));
      return v === null ? invalid(x, 'division by zero') : v;
    }
    case 'rmw': {
      const loc = resolve(x, e.loc);
      // No RMW has more than two value arguments (ops/atomics.ts); in order, without a list.
      const n = e.args.length;
      const a0 = n > 0 ? evaluate(x, e.args[0]!) : defaultFirstArg(e.op);
      const a1 = n > 1 ? evaluate(x, e.args[1]!) : 0;
      for (let i = 2; i < n; i++) evaluate(x, e.args[i]!);
      return rmw(x, e.op, loc, a0, a1);
    }
    case 'lock_value': return lockValue(x, e.query, e.lock);
    default:
      return assertNever(e);
  }
}
