// The events one CPU's code can generate, herd7-style: the code is run with every value a read
// could return (drawn from a finite value set per location), so each path through it is a list of
// events with the values read and written and the dependencies between them. Which write a read
// takes its value from is chosen later (candidates.ts). The event for each primitive is the
// kernel's own table, tools/memory-model/Documentation/herd-representation.txt, and
// linux-kernel.def. Pure.
import { assertNever } from '../../common/assert-never.js';
import { binaryOp, unaryOp } from '../../machine/arith.js';
import { pointee, type Code, type Expr, type FenceKind, type Loc, type Program } from '../../machine/program.js';
import { applyRmw, rmwFails } from '../../machine/ops/atomics.js';
import { isRefcountOp } from '../../machine/ops/refcount.js';

/** linux-kernel.bell's access annotations, and 'plain' for C accesses without one. */
export type AccessTag = 'plain' | 'once' | 'acquire' | 'release' | 'noreturn' | 'mb';
/** linux-kernel.bell's Barriers. */
export type FenceTag =
  | 'mb' | 'rmb' | 'wmb' | 'before-atomic' | 'after-atomic' | 'after-spinlock' | 'after-unlock-lock'
  | 'rcu-lock' | 'rcu-unlock' | 'sync-rcu';
/** lock.cat's lock events: lock read and write, unlock, failed trylock, spin_is_locked true/false. */
export type LockTag = 'LKR' | 'LKW' | 'UL' | 'LF' | 'RL' | 'RU';

export interface ThreadEvent {
  readonly kind: 'R' | 'W' | 'F';
  /** Memory location, or program.memInit.length + lock index for a lock; -1 for a fence. */
  readonly loc: number;
  readonly value: number;
  readonly tag: AccessTag | FenceTag;
  readonly lock: LockTag | null;
  /** An event of an RMW instruction (herd's RMW set), a failed one included. */
  readonly rmwInstr: boolean;
  /** This read and the next event are an rmw pair (an atomic's or spin_lock's LKR -> LKW). */
  readonly pairedWithNext: boolean;
  /** [code, pc] of the instruction, for reports. */
  readonly at: readonly [number, number];
  /** Indices (in this path) of the reads the address, the value written, and control depend on. */
  readonly addr: readonly number[];
  readonly data: readonly number[];
  readonly ctrl: readonly number[];
}

export interface ThreadPath {
  readonly events: readonly ThreadEvent[];
  readonly locals: readonly number[];
}

/** What the LKMM cannot run yet, said in one line. */
export class LkmmUnsupported extends Error {
  override name = 'LkmmUnsupported';
}

interface St {
  pc: number;
  locals: number[];
  taint: number[][];
  /** Reads that events are control dependent on: the pcs of an if's arms hold them (ctrlScope). */
  ctrl: { readonly deps: number[]; readonly until: number }[];
  /** Reads that every later event depends on (a wait_until's assumption). */
  assumed: number[];
  events: ThreadEvent[];
}

type K = (v: number, deps: number[], st: St) => void;
/** What a caller says about an event; emit() fills in the rest. */
type EventSpec = Pick<ThreadEvent, 'tag' | 'addr' | 'data'> & Partial<Pick<ThreadEvent, 'lock' | 'rmwInstr' | 'pairedWithNext'>>;

const FENCE_TAGS: Readonly<Record<FenceKind, FenceTag>> = {
  smp_mb: 'mb', smp_rmb: 'rmb', smp_wmb: 'wmb',
  smp_mb__before_atomic: 'before-atomic', smp_mb__after_atomic: 'after-atomic',
  smp_mb__after_spinlock: 'after-spinlock', smp_mb__after_unlock_lock: 'after-unlock-lock',
};

const union = (...xs: readonly (readonly number[])[]): number[] => [...new Set(xs.flat())].sort((a, b) => a - b);

/** Every path through `code`, reads returning any value of `domain(loc)`. Loops are refused. */
export function threadPaths(p: Program, codeIndex: number, domain: (loc: number) => readonly number[]): ThreadPath[] {
  const code: Code = p.codes[codeIndex]!;
  const out: ThreadPath[] = [];
  const lockLoc = (lock: number): number => p.memInit.length + lock;
  const clone = (st: St): St => ({ pc: st.pc, locals: [...st.locals], taint: st.taint.map((t) => [...t]), ctrl: [...st.ctrl], assumed: st.assumed, events: [...st.events] });
  const ctrlNow = (st: St): number[] => union(st.assumed, ...st.ctrl.filter((c) => st.pc < c.until).map((c) => c.deps));

  const emit = (st: St, e: EventSpec & Pick<ThreadEvent, 'kind' | 'loc' | 'value'>): number => {
    st.events.push({ lock: null, rmwInstr: false, pairedWithNext: false, ...e, at: [codeIndex, st.pc], ctrl: ctrlNow(st) });
    return st.events.length - 1;
  };

  const resolve = (l: Loc, st: St, k: (loc: number, deps: number[], st: St) => void): void => {
    switch (l.kind) {
      case 'deref':
        return expr(l.ptr, st, (ptr, deps, s) => {
          const obj = pointee(p, ptr);
          const loc = obj < 0 ? undefined : p.objects[obj]!.fields.get(l.field);
          if (loc === undefined) throw new LkmmUnsupported(`an access through ${ptr === 0 ? 'NULL' : `the non-pointer ${ptr}`} (${code.instrs[s.pc]?.text ?? ''})`);
          k(loc, deps, s);
        });
      case 'array': {
        const decl = p.arrays[l.array]!;
        const go = (i: number, flat: number, deps: number[], s: St): void => {
          if (i === l.index.length) return k(decl.base + flat, deps, s);
          expr(l.index[i]!, s, (v, d, s2) => {
            const dim = decl.dims[i]!;
            if (v < 0 || v >= dim) throw new LkmmUnsupported(`an index out of range in ${code.instrs[s2.pc]?.text ?? ''}`);
            go(i + 1, flat * dim + v, union(deps, d), s2);
          });
        };
        return go(0, 0, [], st);
      }
      default:
        return assertNever(l);
    }
  };

  /** A read of `loc`, once per value it may return. */
  const read = (st: St, loc: number, values: readonly number[], ev: (v: number) => EventSpec, k: (v: number, id: number, s: St) => void): void => {
    for (const v of values) {
      const s = clone(st);
      const id = emit(s, { kind: 'R', loc, value: v, ...ev(v) });
      k(v, id, s);
    }
  };

  const expr = (e: Expr, st: St, k: K): void => {
    switch (e.kind) {
      case 'const': return k(e.v, [], st);
      case 'local': return k(st.locals[e.slot] ?? 0, st.taint[e.slot] ?? [], st);
      case 'this_cpu': return k(p.tasks.indexOf(codeIndex), [], st);
      case 'this_context': return k(0, [], st);
      case 'load':
        return resolve(e.loc, st, (loc, addr, s) => read(s, loc, domain(loc), () => ({ tag: e.order, addr, data: [] }), (v, id, s2) => k(v, [id], s2)));
      case 'un': return expr(e.a, st, (v, d, s) => k(unaryOp(e.op, v), d, s));
      case 'bin': {
        const op = e.op;
        if (op === '&&' || op === '||') {
          return expr(e.a, st, (a, da, s) => {
            if ((op === '&&') === (a === 0)) return k(op === '&&' ? 0 : 1, da, s);
            expr(e.b, s, (b, db, s2) => k(b !== 0 ? 1 : 0, union(da, db), s2));
          });
        }
        return expr(e.a, st, (a, da, s) => expr(e.b, s, (b, db, s2) => {
          const v = binaryOp(op, a, b);
          if (v === null) throw new LkmmUnsupported(`a division by zero in ${code.instrs[s2.pc]?.text ?? ''}`);
          k(v, union(da, db), s2);
        }));
      }
      case 'rmw': return rmw(e, st, k);
      case 'lock_value': {
        const loc = lockLoc(e.lock);
        switch (e.query) {
          case 'trylock':
            // Success: LKR ->po LKW; failure: LF, a read of the held lock (herd-representation.txt).
            read(st, loc, [0], () => ({ tag: 'acquire', lock: 'LKR', pairedWithNext: true, addr: [], data: [] }), (_v, _id, s) => {
              emit(s, { kind: 'W', loc, value: 1, tag: 'once', lock: 'LKW', addr: [], data: [] });
              k(1, [], s);
            });
            return read(st, loc, [1], () => ({ tag: 'once', lock: 'LF', addr: [], data: [] }), (_v, id, s) => k(0, [id], s));
          case 'is_locked':
            return read(st, loc, [0, 1], (v) => ({ tag: 'once', lock: v === 1 ? 'RL' : 'RU', addr: [], data: [] }), (v, id, s) => k(v, [id], s));
          case 'read_trylock': case 'write_trylock':
            throw new LkmmUnsupported(`${e.query}() (the LKMM has spinlocks only)`);
          default:
            return assertNever(e.query);
        }
      }
      default:
        return assertNever(e);
    }
  };

  /** An atomic: its read, then (unless it fails) its write (herd-representation.txt, RMW rows). */
  const rmw = (e: Extract<Expr, { kind: 'rmw' }>, st: St, k: K): void => {
    const evalArgs = (i: number, vals: number[], deps: number[], s: St, done: (vals: number[], deps: number[], s: St) => void): void => {
      if (i === e.args.length) return done(vals, deps, s);
      expr(e.args[i]!, s, (v, d, s2) => evalArgs(i + 1, [...vals, v], union(deps, d), s2, done));
    };
    resolve(e.loc, st, (loc, addr, s0) => evalArgs(0, [], [], s0, (args, argDeps, s1) => {
      const noreturn = e.order === 'noreturn';
      const full = !noreturn && e.order === undefined;
      const rTag: AccessTag = noreturn ? 'noreturn' : full ? 'mb' : e.order === 'acquire' ? 'acquire' : 'once';
      const wTag: AccessTag = full ? 'mb' : e.order === 'release' ? 'release' : 'once';
      read(s1, loc, domain(loc), () => ({ tag: rTag, rmwInstr: true, addr, data: [] }), (old, rid, s) => {
        // One place says what an RMW returns and writes (ops/atomics.ts); a conditional one that
        // fails (cmpxchg that sees another value, atomic_add_unless that sees u) writes nothing.
        // refcount_t is no part of linux-kernel.def, and its WARNs no part of the model.
        if (isRefcountOp(e.op)) throw new LkmmUnsupported(`${e.op} (refcount_t) under lkmm`);
        const { result, next } = applyRmw(e.op, old, args);
        const failed = rmwFails(e.op, old, args);
        const write: number | null = failed ? null : next;
        const r = s.events[rid]!;
        if (write === null) {
          // A failed conditional RMW is a read of its own and orders nothing: R*[once].
          s.events[rid] = { ...r, tag: 'once' };
        } else {
          s.events[rid] = { ...r, pairedWithNext: true };
          emit(s, { kind: 'W', loc, value: write, tag: wTag, rmwInstr: true, addr, data: argDeps });
        }
        k(result, noreturn ? [] : union([rid], argDeps), s);
      });
    }));
  };

  const run = (st: St): void => {
    for (;;) {
      const ins = code.instrs[st.pc];
      if (!ins) { out.push({ events: st.events, locals: st.locals }); return; }
      const next = (s: St): void => { s.pc++; run(s); };
      switch (ins.op) {
        case 'assign':
          return expr(ins.value, st, (v, d, s) => { s.locals[ins.local] = v; s.taint[ins.local] = d; next(s); });
        case 'store':
          return resolve(ins.loc, st, (loc, addr, s) => expr(ins.value, s, (v, data, s2) => {
            emit(s2, { kind: 'W', loc, value: v, tag: ins.order, addr, data });
            next(s2);
          }));
        case 'eval': return expr(ins.value, st, (_v, _d, s) => next(s));
        case 'fence': emit(st, { kind: 'F', loc: -1, value: 0, tag: FENCE_TAGS[ins.kind], addr: [], data: [] }); st.pc++; continue;
        case 'branch':
          return expr(ins.cond, st, (v, d, s) => {
            // A control dependency reaches only the events in the if's then- and else-arms, not
            // those after it (tools/memory-model/Documentation/explanation.txt, "control
            // dependency", as weakened in 2022; memory-barriers.txt: "control dependencies apply
            // only to the then-clause and else-clause of the if-statement"). herd7 agrees: in the
            // paulmckrcu/litmus collection, C-LB-LRW+R-A+R-Ok's write after its if is "Sometimes".
            if (d.length > 0) s.ctrl = [...s.ctrl.filter((c) => s.pc < c.until), { deps: d, until: ifJoin(code, s.pc) }];
            if (v !== 0) { s.pc++; return run(s); }
            for (const c of ins.clear) { s.locals[c] = 0; s.taint[c] = []; }
            s.pc = ins.to;
            run(s);
          });
        case 'jump':
          for (const c of ins.clear) { st.locals[c] = 0; st.taint[c] = []; }
          st.pc = ins.to;
          continue;
        case 'wait_until':
          // A spin until the condition holds is an assumption on the value read (as herd7 and
          // GenMC treat spin loops): the paths where it does not hold are not executions.
          return expr(ins.cond, st, (v, d, s) => { if (v === 0) return; s.assumed = union(s.assumed, d); next(s); });
        case 'rcu': emit(st, { kind: 'F', loc: -1, value: 0, tag: ins.kind === 'rcu_read_lock' ? 'rcu-lock' : 'rcu-unlock', addr: [], data: [] }); st.pc++; continue;
        case 'synchronize_rcu_start': emit(st, { kind: 'F', loc: -1, value: 0, tag: 'sync-rcu', addr: [], data: [] }); st.pc++; continue;
        case 'synchronize_rcu_wait': st.pc++; continue;
        case 'lock': {
          const loc = lockLoc(ins.lock);
          if (ins.kind === 'spin_lock') {
            // LKR ->po LKW (herd-representation.txt); the LKR reads the lock free (lock.cat).
            emit(st, { kind: 'R', loc, value: 0, tag: 'acquire', lock: 'LKR', pairedWithNext: true, addr: [], data: [] });
            emit(st, { kind: 'W', loc, value: 1, tag: 'once', lock: 'LKW', addr: [], data: [] });
          } else if (ins.kind === 'spin_unlock') {
            emit(st, { kind: 'W', loc, value: 0, tag: 'release', lock: 'UL', addr: [], data: [] });
          } else throw new LkmmUnsupported(`${ins.kind}() (the LKMM has spinlocks only)`);
          st.pc++;
          continue;
        }
        // Without interrupt handlers these order nothing (handlers are refused before this).
        case 'irq': case 'preempt': case 'nop': st.pc++; continue;
        case 'loop': throw new LkmmUnsupported(`a loop (${ins.text}): the LKMM check runs loop-free code`);
        case 'assert': throw new LkmmUnsupported(`assert() (${ins.text}) under lkmm`);
        case 'free': throw new LkmmUnsupported(`free() (${ins.text}) under lkmm`);
        case 'alloc': throw new LkmmUnsupported(`an allocation (${ins.text}) under lkmm: the LKMM has no allocator`);
        // linux-kernel.bell's srcu-lock/srcu-unlock/sync-srcu events and their srcu-rscs pairing
        // are not built yet: refused, never run as something else.
        case 'sched': throw new LkmmUnsupported(`the scheduler (${ins.text}) under lkmm`);
        case 'srcu': throw new LkmmUnsupported(`SRCU (${ins.text}): the LKMM check does not model linux-kernel.bell's SRCU events yet`);
        default: return assertNever(ins);
      }
    }
  };

  run({ pc: 0, locals: code.localNames.map(() => 0), taint: code.localNames.map(() => []), ctrl: [], assumed: [], events: [] });
  return out;
}

/**
 * The first pc after the if-statement whose branch is at `pc`: its false target, or, when its
 * then-arm ends with the jump over an else-arm (compile-code.ts emits it with the if's own
 * source span), that jump's target.
 */
function ifJoin(code: Code, pc: number): number {
  const br = code.instrs[pc];
  if (!br || br.op !== 'branch') return pc + 1;
  const last = code.instrs[br.to - 1];
  const overElse = last?.op === 'jump' && br.to - 1 > pc && last.to > br.to && last.span.start === br.span.start && last.span.end === br.span.end;
  return overElse ? last.to : br.to;
}
