// One raceway instruction as the body and guard of one atomic Promela step, following
// machine/step.ts (execute), guard.ts (blockedOn) and ops/*.ts rule by rule, under SC or x86-TSO
// (the store buffer's parts are in tso.ts); the exporter refuses other memory models. Pure.
import { assertNever } from '../common/assert-never.js';
import type { Instr } from '../machine/program.js';
import { contextId } from '../machine/violation.js';
import { drainsFirst, isAtomic } from '../machine/guard.js';
import { forEachInstrExpr } from '../machine/visit.js';
import { compileExpr, compileLoc, lockOwner, pureExpr, pureFailsUnlocked, type StepCx } from './expr.js';
import { appendEntry, flushed, full, isTso, lockView, sbCount, unlockEntry } from './tso.js';
import { readerQueues } from '../machine/ops/locks.js';
import { emitAlloc, wrongPool } from './pool.js';
import { inRcuReader } from './rcu-reader.js';
import { emitSrcu, srcuGuard } from './srcu.js';
import { callbackGuard, emitCallback } from './callbacks.js';
import { emitSched } from './sched.js';
import { sleepingLockGuard } from './sleeping-lock.js';
import { emitBh } from './softirq.js';
import { contextTestExpr } from './context-test.js';
import { usesSoftirq } from '../machine/layout.js';
import {
  freedVar, gpVar, gpbVar, heldVar, irqOff, localVar, lockVar, memVar, pcVar, preempt, rcuNest,
  type Ctx,
} from './model-names.js';
import { PTR_BASE, type Expr, type LockDecl, type Program } from '../machine/program.js';

/** LOCK_WORDS offsets (layout.ts): a spinlock's holder; an rwlock's readers, writer, waiting writer. */
const HOLDER = 0;
const READERS = 0;
const WRITER = 1;
const WAITING = 2;

/** The guard of `instr` (guard.ts blockedOn) as a Promela expression; 'true' when it never blocks. */
export function guardOf(p: Program, c: Ctx, instr: Instr): string {
  const buffer = storeBufferGuard(p, c, instr);
  const own = instrGuard(p, c, instr);
  return buffer === 'true' ? own : own === 'true' ? buffer : `(${buffer} && ${own})`;
}

/**
 * What an instruction waits for in its CPU's store buffer (guard.ts blockedOn, ops/locks.ts
 * lockBlocked): a locked instruction or a barrier for the buffer to drain, except a conditional
 * atomic that fails on its first, plain read (guard.ts failsUnlocked); a store or a plain-store
 * unlock for room in it. 'true' under SC.
 */
function storeBufferGuard(p: Program, c: Ctx, instr: Instr): string {
  if (!isTso(p)) return 'true';
  const need: string[] = [];
  const atomics: Expr[] = [];
  forEachInstrExpr(instr, (e) => { if (isAtomic(e)) atomics.push(e); });
  if (atomics.length > 0) {
    // guard.ts failsUnlocked: every atomic, in order, fails; the first whose read faults ends it (true).
    let fails = '';
    for (let k = atomics.length - 1; k >= 0; k--) {
      const f = pureFailsUnlocked(p, c, atomics[k]!);
      fails = fails === '' ? `(${f.bad} || ${f.fails})` : `(${f.bad} || (${f.fails} && ${fails}))`;
    }
    need.push(`(${flushed(p, c.cpu)} || ${fails})`);
  }
  if (drainsFirst(instr)) need.push(flushed(p, c.cpu));
  if (instr.op === 'store') need.push(`!${full(p, c.cpu)}`);
  if (instr.op === 'lock') {
    const plainRelease = instr.kind === 'spin_unlock' || instr.kind === 'write_unlock';
    need.push(plainRelease ? `!${full(p, c.cpu)}` : flushed(p, c.cpu));
  }
  return need.length === 0 ? 'true' : need.join(' && ');
}

function instrGuard(p: Program, c: Ctx, instr: Instr): string {
  switch (instr.op) {
    case 'wait_until': {
      // A condition that faults lets the step run, and the step reports the fault (guard.ts).
      const g = pureExpr(p, c, instr.cond);
      return g.bad === 'false' ? `((${g.v}) != 0)` : `(${g.bad} || (${g.v}) != 0)`;
    }
    case 'synchronize_rcu_wait': return isTso(p) ? `(${gpVar(c.frame)} == 0 && ${gpbVar(c.frame)} == 0)` : `(${gpVar(c.frame)} == 0)`;
    case 'lock': {
      const decl = p.locks[instr.lock];
      const w = (word: number): string => lockVar(instr.lock, word);
      const kind = instr.kind;
      // A lock in a freed object: the step runs and reports the use-after-free (lockBlocked).
      const owner = lockOwner(p, instr.lock);
      if (owner !== null) return `(${freedVar(String(owner))} || ${lockGuard(p, kind, w, decl, c)})`;
      return lockGuard(p, kind, w, decl, c);
    }
    case 'srcu': return srcuGuard(p, c, instr);
    case 'rcu_callback': return callbackGuard(p, c, instr);
    case 'sched': return sleepingLockGuard(p, c, instr);
    // Never blocked: they run at once (their faults are the step's).
    case 'assign': case 'store': case 'eval': case 'fence': case 'branch': case 'jump': case 'loop': case 'assert': case 'irq': case 'preempt':
    case 'rcu': case 'synchronize_rcu_start': case 'free': case 'alloc': case 'nop':
      return 'true';
    default: return assertNever(instr);
  }
}

/** A lock op's guard (ops/locks.ts lockBlocked under SC). */
function lockGuard(p: Program, kind: Extract<Instr, { op: 'lock' }>['kind'], w: (word: number) => string, decl: LockDecl | undefined, c: Ctx): string {
  switch (kind) {
    case 'spin_lock': return `(${w(HOLDER)} == 0)`;
    // ops/locks.ts readerQueues: the qrwlock's task readers queue behind a waiting writer.
    case 'read_lock': {
      if (c.level !== 0 || !usesSoftirq(p)) return readerQueues(decl, c.level !== 0) ? `(${w(WRITER)} == 0 && ${w(WAITING)} == 0)` : `(${w(WRITER)} == 0)`;
      // ops/locks.ts inInterrupt: a task with bottom halves off is in_interrupt() too (read_lock_bh()).
      const queues = readerQueues(decl, false);
      if (queues === readerQueues(decl, true)) return queues ? `(${w(WRITER)} == 0 && ${w(WAITING)} == 0)` : `(${w(WRITER)} == 0)`;
      return `(${w(WRITER)} == 0 && (${contextTestExpr(p, c.cpu, 'in_interrupt')} != 0 || ${w(WAITING)} == 0))`;
    }
    case 'write_lock': return `(${w(WRITER)} == 0 && ${w(WAITING)} == 0)`;
    case 'write_lock_acquire': return `(${w(READERS)} == 0)`;
    case 'spin_unlock': case 'read_unlock': case 'write_unlock': return 'true';
    default: return assertNever(kind);
  }
}

/** Emits what `instr` at `pc` does, ending with the frame's new pc. */
export function emitBody(x: StepCx, instr: Instr, pc: number): void {
  const { e, c } = x;
  const me = contextId(c.cpu, c.level);
  const next = `${pcVar(c.frame)} = ${pc + 1}`;
  const misuse = (bad: string): void => e.check(bad, x.fault('misuse'));
  const nesting = (w: string, up: boolean): void => {
    if (!up) misuse(`${w} <= 0`);
    e.line(`${w} = ${w} ${up ? '+' : '-'} 1; ${next};`);
  };
  const clearing = (slots: readonly number[]): string => slots.map((s) => `${localVar(c, s)} = 0; `).join('');
  switch (instr.op) {
    case 'assign': { const v = compileExpr(x, instr.value); e.line(`${localVar(c, instr.local)} = ${v}; ${next};`); return; }
    case 'store': {
      const at = compileLoc(x, instr.loc);
      const v = compileExpr(x, instr.value);
      // memory/tso.ts store: the freed check is made at the store (and again at its drain).
      if (at.obj !== null) e.check(freedVar(at.obj), x.fault('use-after-free'));
      e.line(isTso(x.p) ? `${appendEntry(x.p, c.cpu, at.idx, v)} ${next};` : `${memVar(at.idx)} = ${v}; ${next};`);
      return;
    }
    case 'eval': compileExpr(x, instr.value); e.line(`${next};`); return;
    case 'fence': e.line(`${next};`); return; // under SC a barrier orders nothing more
    case 'branch': {
      const v = compileExpr(x, instr.cond);
      e.line(`if :: (${v}) != 0 -> ${next} :: else -> ${clearing(instr.clear)}${pcVar(c.frame)} = ${instr.to} fi;`);
      return;
    }
    case 'jump': e.line(`${clearing(instr.clear)}${pcVar(c.frame)} = ${instr.to};`); return;
    case 'loop': {
      const n = localVar(c, instr.counter);
      e.check(`${n} + 1 > ${instr.bound}`, x.fault('livelock'));
      e.line(`${n} = ${n} + 1; ${pcVar(c.frame)} = ${instr.to};`);
      return;
    }
    case 'wait_until': {
      compileExpr(x, instr.cond);
      // machine/step.ts: the value that satisfied the condition, read in the same step.
      if (instr.into) { const v = compileExpr(x, instr.into.value); e.line(`${localVar(c, instr.into.local)} = ${v};`); }
      e.line(`${next};`);
      return;
    }
    case 'assert': { const v = compileExpr(x, instr.cond); e.check(`(${v}) == 0`, x.fault('assertion')); e.line(`${next};`); return; }
    case 'irq': {
      const off = irqOff(c.cpu);
      const flags = instr.flags >= 0 ? localVar(c, instr.flags) : '0';
      const kind = instr.kind;
      // ops/interrupts.ts inHardirq: IRQs stay off in an IRQ or NMI handler; a softirq may turn them on.
      const hardirq = c.level === 1 || c.level === 2;
      switch (kind) {
        case 'local_irq_disable': e.line(`${off} = 1; ${next};`); return;
        case 'local_irq_save': e.line(`${flags} = ${off}; ${off} = 1; ${next};`); return;
        case 'local_irq_enable': misuse(hardirq ? 'true' : 'false'); e.line(`${off} = 0; ${next};`); return;
        case 'local_irq_restore':
          misuse(hardirq ? `${flags} == 0` : 'false');
          e.line(`${off} = (${flags} != 0); ${next};`);
          return;
        case 'local_bh_disable': case 'local_bh_enable': emitBh(x, kind, next); return;
        default: return assertNever(kind);
      }
    }
    // preempt_count and RCU nesting: counters whose unbalanced decrement is a misuse.
    case 'preempt': nesting(preempt(c.cpu), instr.kind === 'preempt_disable'); return;
    case 'rcu': nesting(rcuNest(c.cpu), instr.kind === 'rcu_read_lock'); return;
    case 'synchronize_rcu_start': {
      // Documentation/RCU/checklist.rst: no grace-period wait inside a read-side section.
      misuse(inRcuReader(x.p, c.cpu));
      const bits = [...Array(x.p.cpus).keys()].map((k) => `(${inRcuReader(x.p, k)} -> ${1 << k} : 0)`).join(' + ');
      e.line(`${gpVar(c.frame)} = ${bits}; ${next};`);
      // ops/rcu.ts startGracePeriod: under TSO, CPUs outside a section with stores still buffered.
      if (isTso(x.p)) e.line(`${gpbVar(c.frame)} = ${[...Array(x.p.cpus).keys()].map((k) => `((!${inRcuReader(x.p, k)} && ${sbCount(k)} != 0) -> ${1 << k} : 0)`).join(' + ')};`);
      return;
    }
    case 'synchronize_rcu_wait': e.line(`${next};`); return;
    case 'lock': emitLock(x, instr.kind, instr.lock, me, next); return;
    case 'free': {
      const v = compileExpr(x, instr.ptr);
      const t = x.temp();
      e.line(`${t} = ${v};`);
      e.line('if');
      e.line(`:: ${t} == 0 -> ${next}`); // kfree(NULL) is a no-op
      e.line(':: else ->');
      const mark = e.mark();
      e.open('');
      e.check(`${t} < ${PTR_BASE} || ${t} >= ${PTR_BASE + x.p.objects.length}`, x.fault('invalid-access'));
      const nonHeap = x.p.objects.map((o, i) => (o.heap ? -1 : i)).filter((i) => i >= 0);
      if (nonHeap.length > 0) e.check(nonHeap.map((i) => `${t} == ${PTR_BASE + i}`).join(' || '), x.fault('invalid-access'));
      e.check(wrongPool(x.p, t, instr.pool), x.fault('misuse'));
      e.check(freedVar(`${t} - ${PTR_BASE}`), x.fault('double-free'));
      e.line(`${freedVar(`${t} - ${PTR_BASE}`)} = 1; ${next}`);
      e.closeTo(mark);
      e.line('fi;');
      return;
    }
    case 'nop': e.line(`${next};`); return;
    case 'alloc': emitAlloc(x, instr); e.line(`${next};`); return;
    case 'srcu': emitSrcu(x, instr); e.line(`${next};`); return;
    case 'rcu_callback': {
      const queues = instr.kind === 'call_rcu' || instr.kind === 'kfree_rcu';
      emitCallback(x, instr, queues ? compileExpr(x, instr.ptr) : '0');
      e.line(`${next};`);
      return;
    }
    case 'sched': emitSched(x, instr); e.line(`${next};`); return;
    default:
      return assertNever(instr);
  }
}

function emitLock(x: StepCx, kind: Extract<Instr, { op: 'lock' }>['kind'], lock: number, me: number, next: string): void {
  const { e, c } = x;
  const w = (word: number): string => lockVar(lock, word);
  const pre = preempt(c.cpu);
  const misuse = (bad: string): void => e.check(bad, x.fault('misuse'));
  // ops/locks.ts preemptEnable: every unlock enables preemption the lowering disabled.
  const preemptEnable = (): void => { misuse(`${pre} <= 0`); e.line(`${pre} = ${pre} - 1;`); };
  // memory/tso.ts release: spin_unlock and write_unlock are plain stores, queued under TSO.
  const release = (word: number): void => e.line(isTso(x.p) ? appendEntry(x.p, c.cpu, String(unlockEntry(lock, word)), '0') : `${w(word)} = 0;`);
  const owner = lockOwner(x.p, lock);
  if (owner !== null) e.check(freedVar(String(owner)), x.fault('use-after-free'));
  switch (kind) {
    case 'spin_lock': e.line(`${w(HOLDER)} = ${me}; ${next};`); return;
    case 'spin_unlock': misuse(`${lockView(x.p, c.cpu, lock, HOLDER)} != ${me}`); release(HOLDER); preemptEnable(); e.line(`${next};`); return;
    case 'read_lock': {
      const h = heldVar(x.p, c.frame, lock);
      e.line(`${w(READERS)} = ${w(READERS)} + 1; ${h} = ${h} + 1; ${next};`);
      return;
    }
    case 'read_unlock': {
      const h = heldVar(x.p, c.frame, lock);
      misuse(`${h} <= 0`);
      e.line(`${w(READERS)} = ${w(READERS)} - 1; ${h} = ${h} - 1;`);
      preemptEnable();
      e.line(`${next};`);
      return;
    }
    case 'write_lock': e.line(`${w(WAITING)} = ${me}; ${next};`); return;
    case 'write_lock_acquire': e.line(`${w(WAITING)} = 0; ${w(WRITER)} = ${me}; ${next};`); return;
    case 'write_unlock': misuse(`${lockView(x.p, c.cpu, lock, WRITER)} != ${me}`); release(WRITER); preemptEnable(); e.line(`${next};`); return;
    default: return assertNever(kind);
  }
}
