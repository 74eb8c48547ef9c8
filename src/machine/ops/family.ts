// What a primitive family tells the rest of raceway about the kernel names it owns: how each takes
// its arguments (for both front ends), what it lowers to, and its row of the language reference.
// The machine side of a family (step, guard, footprint, cost) is code in the family's module;
// this file is the shape of the data the registry (registry.ts) lists. Pure data, no behaviour.
import type { InstrBody, IrqOp, LoadOrder, LockOp, LockValueKind, RmwOp, RmwOrder } from '../program.js';

/**
 * How a primitive takes an argument. `lvalue` is a location written as such (`READ_ONCE(x)`),
 * `pointer` its address (`smp_load_acquire(&x)`): the scenario language accepts either for both,
 * the C litmus front end tells them apart. `flags` is a local that local_irq_save() writes.
 */
export type ArgRole = 'lvalue' | 'pointer' | 'value' | 'spinlock' | 'rwlock' | 'flags' | 'cond' | 'object';

/** What a call lowers to: the front ends' compilers read this, and nothing else, per name. */
export type Lowering =
  | { readonly to: 'load'; readonly order: LoadOrder }
  /** `fence`: a barrier after the store (smp_store_mb() is WRITE_ONCE + smp_mb()). */
  | { readonly to: 'store'; readonly order: 'once' | 'release'; readonly fence?: 'smp_mb' }
  /**
   * One read-modify-write on the `pointer`/`lvalue` argument; the others are its operands in
   * order. `operands` replaces them with constants (atomic_inc is atomic_add of 1); `negate`
   * negates them (atomic_sub is atomic_add of -i).
   */
  | { readonly to: 'rmw'; readonly op: RmwOp; readonly operands?: readonly number[]; readonly negate?: boolean; readonly order?: RmwOrder }
  | { readonly to: 'lock_value'; readonly query: LockValueKind }
  /** A fixed instruction with no operands. */
  | { readonly to: 'instr'; readonly body: InstrBody }
  /** local_irq_save(flags) / local_irq_restore(flags): the flags argument is a local. */
  | { readonly to: 'irq_flags'; readonly kind: Extract<IrqOp, 'local_irq_save' | 'local_irq_restore'> }
  /**
   * Lock ops on the lock argument, with an IRQ op before (`irq`) or, for the unlocks, after them;
   * a lock that is taken disables preemption first (include/linux/spinlock_api_smp.h).
   */
  | { readonly to: 'lock'; readonly ops: readonly LockOp[]; readonly irq?: IrqOp; readonly irqAfter?: boolean }
  | { readonly to: 'grace_period'; readonly expedited: boolean }
  | { readonly to: 'wait_until' }
  | { readonly to: 'assert' }
  | { readonly to: 'free' };

export interface PrimitiveName {
  /** As the kernel spells it. */
  readonly name: string;
  readonly roles: readonly ArgRole[];
  readonly lower: Lowering;
  /** Whether a C litmus body may call it (herd7's linux-kernel.def, or a raceway extension there). */
  readonly litmus: boolean;
  /** The language reference's words for it (docs/scenario-language.md, docs/litmus.md). */
  readonly doc: string;
}

export interface Family {
  /** e.g. 'locks': the module under src/machine/ops/ that holds it. */
  readonly name: string;
  readonly names: readonly PrimitiveName[];
  /**
   * Kernel names of this family that raceway knows but cannot run yet: a litmus call to one is
   * `unsupported` (the file is skipped), not a mistake (litmus/known-primitives.ts).
   */
  readonly known?: readonly string[];
  /**
   * Operations of this family that come in pairs, opener and closer, as the machine's instructions
   * name their kind (a lock op, an IRQ op, an RCU op). `ablate` removes a pair whole: removing one
   * half alone breaks the other (an unlock without its lock is a misuse, a lock never unlocked a
   * deadlock), which says nothing about whether the pair is needed (explore/ablate-pairs.ts).
   */
  readonly pairs?: readonly (readonly [opener: string, closer: string])[];
}

/** The ordering suffixes the kernel adds to value-returning atomics (Documentation/atomic_t.txt). */
export const ORDER_SUFFIXES = ['_relaxed', '_acquire', '_release'] as const;

/** The ordering each suffix names, which the LKMM reads (the machine runs every form fully ordered). */
const ORDER_OF = { _relaxed: 'relaxed', _acquire: 'acquire', _release: 'release' } as const satisfies Record<(typeof ORDER_SUFFIXES)[number], RmwOrder>;

/**
 * A name and its _relaxed, _acquire and _release forms, which the machine runs as the fully ordered
 * one: SC and x86-TSO give every locked RMW full ordering (arch/x86/include/asm/atomic.h), so the
 * weaker forms allow nothing more there.
 */
export function withOrderings(n: PrimitiveName): PrimitiveName[] {
  return [n, ...ORDER_SUFFIXES.map((s) => ({ ...n, name: n.name + s, lower: n.lower.to === 'rmw' ? { ...n.lower, order: ORDER_OF[s] } : n.lower }))];
}
