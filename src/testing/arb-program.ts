// Test support: random small scenarios as YAML text (2-3 CPUs, some idle, shared cells, a heap
// object, a spinlock (and on request two rwlocks), RCU, up to two handlers), so property tests go
// through the real front end.
import fc from 'fast-check';
import type { ArgRole, PrimitiveName } from '../machine/ops/family.js';
import { FAMILIES, primitiveNamed } from '../machine/ops/registry.js';

const atoms = [
  'WRITE_ONCE(x, 1)', 'WRITE_ONCE(x, 2)', 'WRITE_ONCE(y, 1)', 'r = READ_ONCE(x)', 'r = READ_ONCE(y)',
  'smp_mb()', 'r = xchg(&x, 3)', 'r = cmpxchg(&y, 0, 2)', 'atomic_inc(&y)', 'r = READ_ONCE(o->f)',
  'WRITE_ONCE(o->f, 5)', 'free(o)', 'wait_until(READ_ONCE(x) != 0)', 'assert(READ_ONCE(y) != 2)',
  'local_irq_disable()', 'local_irq_enable()',
  // Less kind ones: a second object, an unlock nobody balanced, an array past the 32nd word.
  'free(o2)', 'r = READ_ONCE(o2->f)', 'spin_unlock(l)', 'WRITE_ONCE(a[39], 1)', 'r = READ_ONCE(a[0])',
];
const pairs: [string, string][] = [['spin_lock(l)', 'spin_unlock(l)'], ['rcu_read_lock()', 'rcu_read_unlock()'], ['preempt_disable()', 'preempt_enable()']];
// With rwlocks: a fair and an unfair one, read and write sides, so readers in handlers meet
// waiting and holding writers (the reduction names the writer a blocked context waits for).
const rwPairs: [string, string][] = [
  ['read_lock(rw)', 'read_unlock(rw)'], ['write_lock(rw)', 'write_unlock(rw)'],
  ['read_lock(rwf)', 'read_unlock(rwf)'], ['write_lock(rwf)', 'write_unlock(rwf)'],
];
// And a read_unlock nobody balanced: a misuse by that context, whoever else holds a read lock.
const rwAtoms = ['read_unlock(rw)'];
// With pointers: a shared pointer `p` (to o at first) that contexts load, follow, free through,
// republish from their locals and clear, so objects leave and enter what each CPU can reach
// (footprint/reach.ts). No atomic_inc: an add may make a pointer, which turns that analysis off.
// A local is used only after the statement that assigns it, so these come in runs.
const pointerRuns: readonly (readonly string[])[] = [
  ['r = READ_ONCE(p)', 't = READ_ONCE(r->f)'], ['r = READ_ONCE(p)', 'WRITE_ONCE(y, 1)', 't = READ_ONCE(r->f)'],
  ['r = READ_ONCE(p)', 'WRITE_ONCE(r->f, 7)'], ['r = READ_ONCE(p)', 'free(r)'], ['r = READ_ONCE(p)', 'WRITE_ONCE(p, r)'],
  ['r = o2', 'WRITE_ONCE(p, r)'], ['WRITE_ONCE(p, o2)'], ['WRITE_ONCE(p, NULL)'],
];

function arbBlockOf(
  lockPairs: readonly [string, string][], moreAtoms: readonly string[] = [], baseAtoms: readonly string[] = atoms,
  runs: readonly (readonly string[])[] = [], maxLength = 4,
): fc.Arbitrary<string[]> {
  return fc.array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...baseAtoms, ...moreAtoms).map((a) => [a]) },
      ...(runs.length > 0 ? [{ weight: 4, arbitrary: fc.constantFrom(...runs).map((r) => [...r]) }] : []),
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...lockPairs), fc.array(fc.constantFrom(...baseAtoms.slice(0, 12)), { maxLength: 2 })).map(([[a, b], mid]) => [a, ...mid, b]) },
      { weight: 1, arbitrary: fc.constant(['synchronize_rcu()']) },
    ),
    { minLength: 1, maxLength },
  ).map((xs) => xs.flat());
}

const q = (s: string): string => JSON.stringify(s);

export interface SmallScenario { readonly yaml: string; readonly cpus: number }

export interface ArbOptions {
  /** The scenario's memory_model line; absent: none (SC). */
  readonly memoryModel?: 'sc' | 'tso';
  /** Also read_lock/write_lock pairs on a fair and an unfair rwlock. */
  readonly rwlocks?: boolean;
  /** A shared pointer cell `p` and statements that load, follow, free and store pointers. */
  readonly pointers?: boolean;
  /**
   * Statements drawn from every primitive of the registry (ops/registry.ts), each form included
   * (_irqsave, trylock, expedited RCU, every atomic), taking and releasing in pairs where the
   * kernel pairs them: a new primitive is in the soundness property as soon as it is registered.
   */
  readonly primitives?: boolean;
}

/** An argument for a role, varied by `k` so different statements touch different things. */
function argFor(r: ArgRole, k: number, rw: 'rw' | 'rwf'): string {
  switch (r) {
    case 'lvalue': return ['x', 'y', 'o->f'][k % 3]!;
    case 'pointer': return ['&y', '&x', '&o->f'][k % 3]!;
    case 'value': return String(k % 3);
    case 'spinlock': return 'l';
    case 'rwlock': return rw;
    case 'flags': return 'flags';
    case 'cond': return k % 2 === 0 ? 'READ_ONCE(x) != 0' : 'READ_ONCE(y) != 2';
    case 'object': return 'o';
    default: { const never: never = r; return never; }
  }
}

/** A statement calling `n`: its value into `r` when it has one. */
function statementOf(n: PrimitiveName, k: number, rw: 'rw' | 'rwf' = 'rw'): string {
  const c = `${n.name}(${n.roles.map((r, i) => argFor(r, k + i, rw)).join(', ')})`;
  const to = n.lower.to;
  return to === 'load' || to === 'rmw' || to === 'lock_value' ? `r = ${c}` : c;
}

/** The name that undoes `name` (spin_lock_irqsave -> spin_unlock_irqrestore), or undefined. */
export function releaseOf(name: string): string | undefined {
  const swaps: [RegExp, string][] = [[/_lock/, '_unlock'], [/_irqsave$/, '_irqrestore'], [/_disable$/, '_enable'], [/_save$/, '_restore']];
  let out = name;
  for (const [from, to] of swaps) out = out.replace(from, to);
  return out !== name && primitiveNamed(out) ? out : undefined;
}

const allNames = FAMILIES.flatMap((f) => f.names);
const released = new Set(allNames.map((n) => releaseOf(n.name)).filter((n) => n !== undefined));
/** Every primitive not one half of a pair, as single statements (three arguments' worth of variety). */
const registryAtoms: readonly string[] = allNames.filter((n) => releaseOf(n.name) === undefined && !released.has(n.name))
  .flatMap((n) => [statementOf(n, 0), statementOf(n, 1), statementOf(n, 2)]);
/** Every pair, on both rwlocks for the rwlock ones. */
const registryPairs: readonly [string, string][] = allNames.flatMap((n) => {
  const r = releaseOf(n.name);
  if (!r) return [];
  const other = primitiveNamed(r)!;
  const on = n.roles.includes('rwlock') ? (['rw', 'rwf'] as const) : (['rw'] as const);
  return on.map((rw): [string, string] => [statementOf(n, 0, rw), statementOf(other, 0, rw)]);
});
/** The names the registry-drawn programs call (for the test that every primitive is drawn). */
export const DRAWN_NAMES: ReadonlySet<string> = new Set(allNames.map((n) => n.name));

// Handler bodies stay short: with two handlers firing twice on three CPUs, size explodes.
const handlerBodyOf = (block: fc.Arbitrary<string[]>): fc.Arbitrary<string[]> =>
  block.map((b) => b.filter((s) => !s.startsWith('local_irq') && s !== 'synchronize_rcu()' && !s.startsWith('wait_until') && !s.startsWith('spin_') && !s.startsWith('write_')).slice(0, 2));

/**
 * A handler that begins by checking the CPU it runs on (a WARN_ON(smp_processor_id() != 0) in a
 * handler bound to one CPU): the check is on locals, so it is decided in the firing move itself,
 * and a firing on another CPU ends in a violation. The firings of the registry-drawn programs
 * include such moves, whose footprint is what they read before the fault (move-footprint.ts).
 */
const CPU_CHECK = 'assert(this_cpu == 0)';

export function arbSmallScenario(o: ArbOptions = {}): fc.Arbitrary<SmallScenario> {
  const arbBlock = o.primitives
    ? arbBlockOf(registryPairs, [], registryAtoms, [], 4)
    : o.rwlocks
    ? arbBlockOf([...pairs, ...rwPairs], rwAtoms)
    : o.pointers ? arbBlockOf(pairs, [], atoms.filter((a) => !a.startsWith('atomic')), pointerRuns, 3) : arbBlockOf(pairs);
  const handlerBody = handlerBodyOf(arbBlock);
  return fc.record({
    // Now and then (one program in five) a small step bound, so runs pass it and the search must
    // go on past it; the others have none, and the reduced search uses sleep sets on them
    // (exhaustive.ts). fc.option's `freq` weighs the value, not the nil: it gave a bound to four
    // programs in five, which left sleep sets to few of them.
    maxSteps: fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.integer({ min: 2, max: 8 }) },
    ),
    cpus: fc.integer({ min: 2, max: 3 }),
    // Now and then an idle CPU: it has no task, but its handlers fire while the run goes on.
    programs: fc.array(fc.oneof({ weight: 6, arbitrary: arbBlock }, { weight: 1, arbitrary: fc.constant([]) }), { minLength: 3, maxLength: 3 }),
    handlers: fc.array(fc.record({
      kind: fc.constantFrom('irq', 'nmi'),
      cpus: fc.constantFrom([0], [1], [0, 1]),
      max: fc.integer({ min: 1, max: 2 }),
      body: o.primitives ? fc.tuple(fc.nat({ max: 3 }), handlerBody).map(([k, b]) => (k === 0 ? [CPU_CHECK, ...b] : b)) : handlerBody,
    }), { maxLength: 2 }),
  }).map(({ maxSteps, cpus, programs, handlers }) => {
    const lines = [
      `cpus: ${cpus}`,
      ...(o.memoryModel ? [`memory_model: ${o.memoryModel}`] : []),
      ...(maxSteps !== undefined ? [`max_steps: ${maxSteps}`] : []),
      'state:',
      o.pointers ? '  cells: { x: 0, y: 0, p: o }' : '  cells: { x: 0, y: 0 }',
      '  objects: { o: { f: 0 }, o2: { f: 0 } }',
      '  arrays: { a: { size: 40, init: 0 } }',
      o.rwlocks || o.primitives ? '  locks: { l: spinlock, rw: rwlock unfair, rwf: rwlock fair }' : '  locks: { l: spinlock }',
      'programs:',
      ...programs.slice(0, cpus).flatMap((b, i) => (b.length === 0 ? [`  cpu ${i}: []`] : [`  cpu ${i}:`, ...b.map((s) => `    - ${q(s)}`)])),
    ];
    const kept = handlers.filter((h) => h.body.length > 0);
    if (kept.length > 0) {
      lines.push('interrupts:');
      for (const h of kept) lines.push(`  - kind: ${h.kind}`, `    cpus: [${h.cpus.join(', ')}]`, `    max: ${h.max}`, '    run:', ...h.body.map((s) => `      - ${q(s)}`));
    }
    return { yaml: lines.join('\n') + '\n', cpus };
  });
}
