// Which primitive families (the modules under ops/, registry.ts) a lowered program uses: the family
// whose machinery steps each instruction and expression, and those its declarations bring (tasks,
// handlers, RCU callbacks). Read where a family's declarations gate a search (Family.cpuSymmetric,
// explore/symmetry-groups.ts). Every switch is exhaustive, so a new instruction or kind breaks the
// build here until it names its family. Pure.
import { assertNever } from '../../common/assert-never.js';
import { usesCallbacks } from '../layout.js';
import type { Expr, InstrBody, IrqOp, LockOp, Program, RcuCallbackOp, SchedOp } from '../program.js';
import { forEachInstrExpr } from '../visit.js';
import { accesses } from './accesses.js';
import { atomics } from './atomics.js';
import { barriers } from './barriers.js';
import { checks } from './checks.js';
import { completion } from './completion.js';
import { condLoad } from './cond-load.js';
import type { Family } from './family.js';
import { heap } from './heap.js';
import { irq } from './interrupts.js';
import { locks } from './locks.js';
import { mutex } from './mutex.js';
import { percpu } from './percpu.js';
import { pool } from './pool.js';
import { rcu } from './rcu.js';
import { rcuCallbacks } from './rcu-callbacks.js';
import { rwsem } from './rwsem.js';
import { sched } from './sched.js';
import { softirq } from './softirq.js';
import { srcu } from './srcu.js';
import { waitqueue } from './waitqueue.js';

/**
 * The families `p` uses. A family that only lowers onto others' instructions (atomic_long,
 * refcount, bitops, seqcount, workqueue) adds no state of its own and is represented by those.
 */
export function familiesUsed(p: Program): ReadonlySet<Family> {
  const out = new Set<Family>();
  // Tasks (and the kworkers of work items, which are tasks) are the scheduler's.
  if (p.sched) out.add(sched);
  for (const h of p.handlers) {
    switch (h.kind) {
      case 'irq': case 'nmi': out.add(irq); break;
      case 'softirq': out.add(softirq); break;
      default: assertNever(h.kind);
    }
    if (h.callback) out.add(rcuCallbacks);
  }
  for (const c of p.codes) {
    for (const i of c.instrs) {
      const f = instrFamily(p, i);
      if (f) out.add(f);
      forEachInstrExpr(i, (e) => { const g = exprFamily(e); if (g) out.add(g); });
    }
  }
  return out;
}

/** The family that steps an instruction itself (its expressions aside), or null for control flow on locals. */
function instrFamily(p: Program, i: InstrBody): Family | null {
  switch (i.op) {
    case 'assign': case 'eval': case 'branch': case 'jump': case 'loop': case 'nop': return null;
    case 'store': return accesses;
    case 'fence': return barriers;
    case 'wait_until': return condLoad;
    case 'assert': return checks;
    case 'irq': return irqFamily(i.kind);
    case 'preempt': return irq;
    case 'rcu': case 'synchronize_rcu_start': case 'synchronize_rcu_wait': return rcu;
    case 'lock': return lockFamily(i.kind);
    case 'srcu': return srcu;
    case 'free': return heap;
    case 'alloc': return pool;
    case 'rcu_callback': return callbackFamily(p, i.kind);
    case 'sched': return schedFamily(i.kind);
    default: return assertNever(i);
  }
}

function irqFamily(k: IrqOp): Family {
  switch (k) {
    case 'local_irq_disable': case 'local_irq_enable': case 'local_irq_save': case 'local_irq_restore': return irq;
    case 'local_bh_disable': case 'local_bh_enable': return softirq;
    default: return assertNever(k);
  }
}

function lockFamily(k: LockOp): Family {
  switch (k) {
    case 'spin_lock': case 'spin_unlock': case 'read_lock': case 'read_unlock': case 'write_lock': case 'write_lock_acquire': case 'write_unlock':
      return locks;
    default: return assertNever(k);
  }
}

function callbackFamily(p: Program, k: RcuCallbackOp): Family | null {
  switch (k) {
    case 'call_rcu': case 'kfree_rcu': return rcuCallbacks;
    // rcu_barrier() in a program that queues no callback waits for nothing and has no words (layout.ts).
    case 'rcu_barrier_start': case 'rcu_barrier_wait': return usesCallbacks(p) ? rcuCallbacks : null;
    default: return assertNever(k);
  }
}

function schedFamily(k: SchedOp): Family {
  switch (k) {
    case 'schedule': case 'wake_up_process': case 'might_sleep': return sched;
    case 'mutex_lock': case 'mutex_unlock': case 'mutex_trylock': return mutex;
    case 'down_read': case 'up_read': case 'down_write': case 'down_write_acquire': case 'up_write': case 'downgrade_write':
    case 'down_read_trylock': case 'down_write_trylock':
      return rwsem;
    case 'prepare_to_wait': case 'finish_wait': case 'wake_up': return waitqueue;
    case 'wait_for_completion': case 'complete': case 'complete_all': case 'try_wait_for_completion': return completion;
    default: return assertNever(k);
  }
}

/** The family an expression node belongs to (its sub-expressions aside), or null. */
function exprFamily(e: Expr): Family | null {
  switch (e.kind) {
    // this_context is the context's level (0 to 3), the same on every CPU.
    case 'const': case 'local': case 'un': case 'bin': case 'this_context': return null;
    case 'this_cpu': return percpu;
    case 'context_test': return softirq;
    case 'load': return accesses;
    case 'rmw': return atomics;
    case 'lock_value':
      switch (e.query) {
        case 'trylock': case 'read_trylock': case 'write_trylock': case 'is_locked': return locks;
        default: return assertNever(e.query);
      }
    default: return assertNever(e);
  }
}
