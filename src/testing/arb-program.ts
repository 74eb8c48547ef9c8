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
// With rwlocks: a fair, an unfair and a qrwlock one, read and write sides, so readers in handlers meet
// waiting and holding writers (the reduction names the writer a blocked context waits for).
const rwPairs: [string, string][] = [
  ['read_lock(rw)', 'read_unlock(rw)'], ['write_lock(rw)', 'write_unlock(rw)'],
  ['read_lock(rwf)', 'read_unlock(rwf)'], ['write_lock(rwf)', 'write_unlock(rwf)'],
  // The kernel's qrwlock: fair to task readers, unfair to readers in handlers.
  ['read_lock(rwq)', 'read_unlock(rwq)'], ['write_lock(rwq)', 'write_unlock(rwq)'],
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
  runs: readonly (readonly string[])[] = [], maxLength = 4, runWeight = 4, classic: readonly string[] = [],
): fc.Arbitrary<string[]> {
  return fc.array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...baseAtoms, ...moreAtoms).map((a) => [a]) },
      // The hand-picked atoms (frees, assertions, stray unlocks) beside the registry's hundreds of
      // names, so the programs keep going wrong in every way however large the registry grows.
      ...(classic.length > 0 ? [{ weight: 2, arbitrary: fc.constantFrom(...classic).map((a) => [a]) }] : []),
      ...(runs.length > 0 ? [{ weight: runWeight, arbitrary: fc.constantFrom(...runs).map((r) => [...r]) }] : []),
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...lockPairs), fc.array(fc.constantFrom(...baseAtoms.slice(0, 12)), { maxLength: 2 })).map(([[a, b], mid]) => [a, ...mid, b]) },
      { weight: 1, arbitrary: fc.constant(['synchronize_rcu()']) },
    ),
    { minLength: 1, maxLength },
  ).map((xs) => xs.flat());
}

// With counters: references taken and dropped on `rc`, near and away from its guard values (0 for
// atomic_inc_not_zero, 2 for the atomic_add_unless), a writer that zeroes it, and reads of it.
const counterPairs: [string, string][] = [
  ['wait_until(atomic_inc_not_zero(&rc))', 'atomic_dec(&rc)'], ['r = atomic_inc_not_zero(&rc)', 'atomic_dec(&rc)'],
  ['wait_until(cmpxchg(&rc, 1, 0) == 1)', 'atomic_set(&rc, 1)'], ['atomic_inc(&rc)', 'atomic_dec(&rc)'],
];
const counterAtoms = [
  'atomic_inc(&rc)', 'atomic_dec(&rc)', 'r = atomic_inc_not_zero(&rc)', 'r = atomic_add_unless(&rc, 1, 2)', 'atomic_add(2, &rc)',
  'r = READ_ONCE(rc)', 'assert(READ_ONCE(rc) != 0)', 'r = atomic_dec_and_test(&rc)', 'assert(atomic_inc_not_zero(&rc))',
];

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
  /**
   * With `primitives`: every program has tasks (ops/sched.ts), the sleeper and the waker each
   * followed by drawn statements, the waker on CPU 0 (beside the sleeper) or CPU 1, so switches,
   * preemption, sleeping and waking meet every primitive (the reduction's task part, futures.ts).
   */
  readonly tasks?: boolean;
  /**
   * A counter `rc` (1 at first) that contexts take and drop references on, as bucket-refcount
   * does: atomic_inc_not_zero()/atomic_dec() pairs, plain increments and decrements, a guarded add,
   * a writer that takes it from 1 to 0 and back, and reads of it (counts.ts). With `primitives`,
   * beside the registry's statements (and with `tasks`, in switched-out tasks too).
   */
  readonly counters?: boolean;
  /**
   * Plain accesses beside the marked ones (`x = 1`, `r = o->f`, a plain wait_until), alone and
   * inside lock pairs, so that some programs race and some do not (machine/race.ts).
   */
  readonly plain?: boolean;
}

// Plain accesses: the data-race check's question (machine/race.ts). First in the list, so the lock
// pairs (which take their middles from the first atoms) protect some of them.
const plainAtoms = ['x = 1', 'r = x', 'y = 2', 'r = y', 'o->f = 5', 'r = o->f', 'wait_until(x != 0)', 'a[0] = 1', 'r = a[0]'];

/** An argument for a role, varied by `k` so different statements touch different things. */
function argFor(r: ArgRole, k: number, lock: string | undefined): string {
  switch (r) {
    case 'lvalue': return ['x', 'y', 'o->f'][k % 3]!;
    case 'pointer': return ['&y', '&x', '&o->f'][k % 3]!;
    case 'value': return String(k % 3);
    // A declared spinlock, and one that is a field of a heap object (freed by free(o)).
    case 'spinlock': return lock ?? (k % 2 === 0 ? 'l' : '&o->lk');
    case 'rwlock': return lock ?? 'rw';
    // A declared seqlock, and one that is a field of a heap object (its count a word of it).
    case 'seqlock': return lock ?? (k % 2 === 0 ? '&sl' : '&o->sq');
    case 'flags': return 'flags';
    case 'cond': return k % 2 === 0 ? 'READ_ONCE(x) != 0' : 'READ_ONCE(y) != 2';
    case 'valcond': return k % 2 === 0 ? 'VAL != 0' : 'VAL != 2';
    case 'object': return 'o';
    case 'pool': return 'pl';
    // A local every drawn program has (`r = ...`), and the procedure the scenario declares.
    case 'old': return '&r';
    case 'procedure': return 'put_release';
    case 'srcu': return k % 2 === 0 ? '&ss' : '&ss2';
    case 'percpu': return 'pc';
    case 'rcu_head': return k % 2 === 0 ? '&o->rcu' : '&o2->rcu';
    case 'field': return 'rcu';
    case 'task': return k % 2 === 0 ? 'sleeper' : 'waker';
    // A declared mutex and one that is a field of a heap object; a declared rw_semaphore.
    case 'mutex': return lock ?? (k % 2 === 0 ? '&m' : '&o->mx');
    case 'rw_semaphore': return lock ?? '&sem';
    case 'waitqueue': return k % 2 === 0 ? '&wq' : '&wq2';
    case 'completion': return k % 2 === 0 ? '&cmp' : '&cmp2';
    case 'wait_entry': return '&wait';
    // The two work items the registry-drawn programs with tasks declare (ops/workqueue.ts).
    case 'work': return k % 2 === 0 ? '&w' : '&w2';
    case 'workqueue': return 'system_wq';
    default: { const never: never = r; return never; }
  }
}

/** A statement calling `n`: its value into `r` when it has one; `lock` its lock argument. */
function statementOf(n: PrimitiveName, k: number, lock?: string): string {
  // per_cpu(var, cpu) names a CPU: 0 or 1, which every drawn program has.
  // prepare_to_wait() takes the state to sleep in, never TASK_RUNNING (0).
  const c = `${n.name}(${n.roles.map((r, i) => (n.name === 'per_cpu' && r === 'value' ? String((k + i) % 2) : n.name === 'prepare_to_wait' && r === 'value' ? 'TASK_UNINTERRUPTIBLE' : argFor(r, k + i, lock))).join(', ')})`;
  const to = n.lower.to;
  return to === 'load' || to === 'rmw' || to === 'lock_value' || to === 'cond_load' || to === 'seq_retry' || to === 'alloc' || to === 'hoist' || to === 'context_test' ? `r = ${c}` : c;
}

/** The name that undoes `name` (spin_lock_irqsave -> spin_unlock_irqrestore), or undefined. */
export function releaseOf(name: string): string | undefined {
  const swaps: [RegExp, string][] = [[/_lock/, '_unlock'], [/^down_(read|write)$/, 'up_$1'], [/seqlock/, 'sequnlock'], [/_begin$/, '_end'], [/_irqsave$/, '_irqrestore'], [/_disable$/, '_enable'], [/_save$/, '_restore']];
  let out = name;
  for (const [from, to] of swaps) out = out.replace(from, to);
  return out !== name && primitiveNamed(out) ? out : undefined;
}

const allNames = FAMILIES.flatMap((f) => f.names);
const released = new Set(allNames.map((n) => releaseOf(n.name)).filter((n) => n !== undefined));
/** Every primitive not one half of a pair, as single statements (three arguments' worth of variety). */
const registryAtoms: readonly string[] = withFreesWeighted(allNames.filter((n) => releaseOf(n.name) === undefined && !released.has(n.name))
  .flatMap((n) => [statementOf(n, 0), statementOf(n, 1), statementOf(n, 2)]));

/**
 * `atoms` with more frees and assertions: a few hundred atomic_long_, refcount and bit names would
 * otherwise drown them, and the programs must still reach double frees and failed assertions
 * (registry-programs.test.ts). One atom in about twenty-five is one of these.
 */
function withFreesWeighted(atoms: readonly string[]): string[] {
  const frees = ['free(o)', 'kfree(o)', 'free(o2)', 'assert(READ_ONCE(y) != 2)', 'assert(READ_ONCE(x) != 1)'];
  const copies = Math.max(0, Math.round(atoms.length / 25 / frees.length) - 1);
  return [...atoms, ...Array.from({ length: copies }, () => frees).flat()];
}
/**
 * Every pair, on each rwlock (unfair, fair, the kernel's qrwlock) for the rwlock ones, and on a
 * declared spinlock and a heap object's lock field for the spinlock ones.
 */
const registryPairs: readonly [string, string][] = allNames.flatMap((n) => {
  const r = releaseOf(n.name);
  if (!r) return [];
  const other = primitiveNamed(r)!;
  const on = n.roles.includes('rwlock') ? ['rw', 'rwf', 'rwq'] : n.roles.includes('spinlock') ? ['l', '&o->lk'] : n.roles.includes('seqlock') ? ['&sl', '&o->sq']
    : n.roles.includes('mutex') ? ['&m', '&o->mx'] : [undefined];
  return on.map((lock): [string, string] => [statementOf(n, 0, lock), statementOf(other, 0, lock)]);
}).concat(
  // An allocation and the free of what it returned (unless r changed in between), so pool objects
  // are published, read and freed by the random programs, not only allocated.
  // And an RCU-deferred free of it, so pool objects have callbacks in the drawn programs too.
  allNames.filter((n) => n.lower.to === 'alloc').flatMap((n): [string, string][] => [[statementOf(n, 0), 'kfree(r)'], [statementOf(n, 0), 'WRITE_ONCE(x, r)'], [statementOf(n, 0), 'kfree_rcu_mightsleep(r)']]),
  [['r = READ_ONCE(x)', 'r = READ_ONCE(r->f)'], ['r = READ_ONCE(x)', 'kfree(r)'], ['r = READ_ONCE(x)', 'kmem_cache_free(pl, r)']],
);
/**
 * A lock field reached through a pointer known only at run time (`p` points to o, then maybe o2
 * or NULL): the lowering tests the pointer against each object with the field.
 */
const lockFieldRuns: readonly (readonly string[])[] = [
  ['r = READ_ONCE(p)', 'spin_lock(&r->lk)', 'WRITE_ONCE(x, 1)', 'spin_unlock(&r->lk)'], ['WRITE_ONCE(p, o2)'], ['WRITE_ONCE(p, NULL)'],
];
/** The names the registry-drawn programs call (for the test that every primitive is drawn). */
export const DRAWN_NAMES: ReadonlySet<string> = new Set(allNames.map((n) => n.name));

/** A statement of the scheduler family that needs the program to have tasks (ops/sched.ts). */
const needsTasks = (s: string): boolean => /(set_current_state|schedule|wake_up_process|msleep|might_sleep|wait_event|prepare_to_wait|finish_wait|wait_for_completion|_work|_work_sync)\(/.test(s);
/** The wait queue, completion and flush statements that only a task may make (scenario/lower/compile-wait.ts, compile-work.ts). */
const onlyInTasks = (s: string): boolean => /(wait_event|prepare_to_wait|finish_wait|wait_for_completion|flush_work|cancel_work_sync)\(/.test(s);
/**
 * The tasks of a registry-drawn program with a scheduler: a second task on CPU 0 that sleeps (the
 * condition tested on either side of its state, with or without the barrier), and one on CPU 1
 * that wakes it, besides the CPUs' own programs, which the scheduler may preempt.
 */
const sleeperRuns: readonly (readonly string[])[] = [
  ['set_current_state(TASK_UNINTERRUPTIBLE)', 'r = READ_ONCE(x)', 'schedule()'],
  ['__set_current_state(TASK_UNINTERRUPTIBLE)', 'r = READ_ONCE(x)', 'schedule()', '__set_current_state(TASK_RUNNING)'],
  ['r = READ_ONCE(x)', 'set_current_state(TASK_UNINTERRUPTIBLE)', 'schedule()'],
  ['WRITE_ONCE(y, 1)', 'r = READ_ONCE(x)'],
  // Wait queues and completions (ops/waitqueue.ts, ops/completion.ts), as the kernel writes them.
  ['wait_event(&wq, READ_ONCE(x) != 0)'],
  ['prepare_to_wait(&wq, &wait, TASK_UNINTERRUPTIBLE)', 'r = READ_ONCE(x)', 'schedule()', 'finish_wait(&wq, &wait)'],
  ['wait_for_completion(&cmp)', 'r = READ_ONCE(x)'],
];
const wakerRuns: readonly (readonly string[])[] = [
  ['WRITE_ONCE(x, 1)', 'wake_up_process(sleeper)'], ['wake_up_process(sleeper)'], ['WRITE_ONCE(x, 1)', 'r = READ_ONCE(y)'],
  // Each wakes both ways, so that a sleeper on a wait queue or a completion meets its waker often:
  // the footprints of wakeups that wake someone are the ones to check (ops/waitqueue.ts, completion.ts).
  ['WRITE_ONCE(x, 1)', 'wake_up(&wq)', 'complete(&cmp)'], ['WRITE_ONCE(x, 1)', 'complete_all(&cmp)', 'r = waitqueue_active(&wq)', 'wake_up(&wq)'],
];
/** RCU callbacks queued by a waker (in a draw from every name they are rare), one waited for by rcu_barrier(), one by kvfree_rcu_barrier(). */
const callbackRuns: readonly string[][] = [['call_rcu(&o->rcu, put_release)'], ['kfree_rcu(o, rcu)'], ['call_rcu(&o2->rcu, put_release)', 'rcu_barrier()'], ['kfree_rcu(o2, rcu)', 'kvfree_rcu_barrier()']];

/** The work items of a registry-drawn program with tasks (ops/workqueue.ts): w's function touches memory, w2's sleeps on a mutex. */
export const WORKS_LINE = '  works: { w: { func: work_fn, cpu: 0 }, w2: { func: work_fn2, cpu: 1 } }';
export const WORK_PROCEDURES: readonly string[] = ['  work_fn():', '    - "WRITE_ONCE(y, READ_ONCE(x) + 1)"', '  work_fn2():', '    - "mutex_lock(&m)"', '    - "WRITE_ONCE(x, 1)"', '    - "mutex_unlock(&m)"'];

/** The sleeper's and the waker's lines; `more`: statements after each, and the waker's CPU. */
function taskLines(sleeper: readonly string[], waker: readonly string[], more: [string[], string[], number] | null): string[] {
  const [afterSleep, afterWake, wakerCpu] = more ?? [[], [], 1];
  return [
    '  task sleeper on cpu 0:', ...[...sleeper, ...afterSleep].map((s) => `    - ${q(s)}`),
    `  task waker on cpu ${wakerCpu}:`, ...[...waker, ...afterWake].map((s) => `    - ${q(s)}`),
  ];
}

// Handler bodies stay short: with two handlers firing twice on three CPUs, size explodes.
const handlerBodyOf = (block: fc.Arbitrary<string[]>): fc.Arbitrary<string[]> =>
  block.map((b) => b.filter((s) => !s.includes('set_current_state(') && !onlyInTasks(s) && !s.startsWith('local_irq') && s !== 'synchronize_rcu()' && !s.startsWith('wait_until') && !s.startsWith('spin_') && !s.startsWith('write_')).slice(0, 2));

/**
 * A handler that begins by checking the CPU it runs on (a WARN_ON(smp_processor_id() != 0) in a
 * handler bound to one CPU): the check is on locals, so it is decided in the firing move itself,
 * and a firing on another CPU ends in a violation. The firings of the registry-drawn programs
 * include such moves, whose footprint is what they read before the fault (move-footprint.ts).
 */
const CPU_CHECK = 'assert(this_cpu == 0)';

export function arbSmallScenario(o: ArbOptions = {}): fc.Arbitrary<SmallScenario> {
  const arbBlock = o.primitives
    ? o.counters || o.pointers
      // Counts, or pointer runs, beside every primitive (with `tasks`, in every task too: the
      // reduction's task part must hold for count-drift.ts and for footprint/reach.ts).
      ? arbBlockOf(registryPairs, [], registryAtoms, [...lockFieldRuns, ...(o.counters ? counterPairs : []), ...(o.pointers ? pointerRuns : [])], 4, 1, [...atoms, ...(o.counters ? counterAtoms : [])])
      : arbBlockOf(registryPairs, [], registryAtoms, lockFieldRuns, 4, 1, atoms)
    : o.rwlocks
    ? arbBlockOf([...pairs, ...rwPairs], rwAtoms)
    : o.counters
    ? arbBlockOf([...pairs, ...counterPairs], counterAtoms, atoms, counterPairs.map(([a, b]) => [a, b]), 4, 3)
    : o.pointers ? arbBlockOf(pairs, [], atoms.filter((a) => !a.startsWith('atomic')), pointerRuns, 3)
    : o.plain ? arbBlockOf(pairs, [], [...plainAtoms, ...atoms]) : arbBlockOf(pairs);
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
    // Programs with tasks keep to two CPUs: their switches multiply the states.
    cpus: o.tasks ? fc.constant(2) : fc.integer({ min: 2, max: 3 }),
    // Now and then an idle CPU: it has no task, but its handlers fire while the run goes on.
    programs: fc.array(fc.oneof({ weight: 6, arbitrary: arbBlock }, { weight: 1, arbitrary: fc.constant([]) }), { minLength: 3, maxLength: 3 }),
    handlers: fc.array(fc.record({
      // Registry-drawn programs draw softirq handlers too (ops/softirq.ts); the others keep their draws.
      kind: o.primitives ? fc.constantFrom('irq', 'nmi', 'softirq') : fc.constantFrom('irq', 'nmi'),
      cpus: fc.constantFrom([0], [1], [0, 1]),
      max: fc.integer({ min: 1, max: 2 }),
      body: o.primitives ? fc.tuple(fc.nat({ max: 3 }), handlerBody).map(([k, b]) => (k === 0 ? [CPU_CHECK, ...b] : b)) : handlerBody,
    }), { maxLength: 2 }),
    // With the registry's names, one program in four has tasks (and every one that calls the
    // scheduler): a sleeper beside CPU 0's program, a waker beside CPU 1's, preemption bounded.
    tasks: o.primitives
      ? fc.record({
        on: o.tasks ? fc.constant(0) : fc.nat({ max: 3 }), preemptions: o.tasks ? fc.constantFrom(0, 1, 2) : fc.constantFrom(0, 2, 8),
        sleeper: fc.constantFrom(...sleeperRuns), waker: fc.constantFrom(...wakerRuns),
        more: o.tasks ? fc.tuple(arbBlock.map((b) => b.slice(0, 2)), fc.oneof({ weight: 3, arbitrary: arbBlock.map((b) => b.slice(0, 2)) }, { weight: 1, arbitrary: fc.constantFrom(...callbackRuns) }), fc.nat({ max: 1 })) : fc.constant(null),
      })
      : fc.constant(null),
  }).map(({ maxSteps, cpus, programs: drawn, handlers: drawnHandlers, tasks }) => {
    const withTasks = tasks !== null && (tasks.on === 0 || drawn.some((b) => b.some(needsTasks)) || drawnHandlers.some((h) => h.body.some(needsTasks)));
    // Tasks and SRCU together are refused (lower.ts): a program with tasks does without SRCU.
    // The workqueue calls need the work items, declared with tasks only.
    const keep = (b: readonly string[]): string[] => (withTasks ? b.filter((s) => !/srcu/.test(s)) : b.filter((s) => !/_work(_sync)?\(/.test(s)));
    const programs = drawn.map(keep);
    const handlers = drawnHandlers.map((h) => ({ ...h, body: keep(h.body) }));
    // Work items only where a call names them (each adds a kworker task, and its loop to the run bound).
    const usesWork = withTasks && [...programs, ...handlers.map((h) => h.body), ...(tasks?.more ? [tasks.more[0], tasks.more[1]] : [])].some((b) => b.some((x) => /_work(_sync)?\(/.test(x)));
    const lines = [
      `cpus: ${cpus}`,
      ...(o.memoryModel ? [`memory_model: ${o.memoryModel}`] : []),
      ...(maxSteps !== undefined ? [`max_steps: ${maxSteps}`] : []),
      ...(withTasks ? [`preemptions: ${tasks.preemptions}`] : []),
      'state:',
      o.primitives && o.counters ? '  cells: { x: 0, y: 0, p: o, rc: 1 }' : o.pointers || o.primitives ? '  cells: { x: 0, y: 0, p: o }' : o.counters ? '  cells: { x: 0, y: 0, rc: 1 }' : '  cells: { x: 0, y: 0 }',
      o.primitives ? '  objects: { o: { f: 0, lk: spinlock, sq: seqlock, rcu: 0, mx: mutex }, o2: { f: 0, lk: spinlock, sq: seqlock, rcu: 0, mx: mutex } }' : '  objects: { o: { f: 0 }, o2: { f: 0 } }',
      '  arrays: { a: { size: 40, init: 0 } }',
      o.primitives ? '  locks: { l: spinlock, rw: rwlock unfair, rwf: rwlock fair, rwq: rwlock, sl: seqlock, m: mutex, sem: rw_semaphore }'
      : o.rwlocks ? '  locks: { l: spinlock, rw: rwlock unfair, rwf: rwlock fair, rwq: rwlock }' : '  locks: { l: spinlock }',
      // Two objects for kmalloc(): a third allocation in a run finds the pool empty.
      ...(o.primitives ? ['  pools: { pl: { fields: [f], size: 2 } }'] : []),
      ...(o.primitives ? [...(withTasks ? [] : ['  srcu: { ss: srcu_struct, ss2: srcu_struct }']), '  percpu: { pc: 0 }'] : []),
      ...(o.primitives ? ['  waits: { wq: wait_queue_head, wq2: wait_queue_head, cmp: completion, cmp2: completion }'] : []),
      // Work items and their kworkers (ops/workqueue.ts), where a call names them.
      ...(usesWork ? [WORKS_LINE] : []),
      // kref_put()'s release procedure (ops/refcount.ts), for the registry-drawn programs.
      ...(o.primitives ? ['procedures:', '  put_release(obj):', '    - "WRITE_ONCE(x, 2)"'] : []),
      ...(usesWork ? WORK_PROCEDURES : []),
      'programs:',
      ...programs.slice(0, cpus).flatMap((b, i) => (b.length === 0 ? [`  cpu ${i}: []`] : [`  cpu ${i}:`, ...b.map((s) => `    - ${q(s)}`)])),
      ...(withTasks ? taskLines(tasks.sleeper, tasks.waker, tasks.more ? [keep(tasks.more[0]), keep(tasks.more[1]), tasks.more[2]] : null) : []),
    ];
    const kept = handlers.filter((h) => h.body.length > 0);
    if (kept.length > 0) {
      lines.push('interrupts:');
      for (const h of kept) lines.push(`  - kind: ${h.kind}`, `    cpus: [${h.cpus.join(', ')}]`, `    max: ${h.max}`, '    run:', ...h.body.map((s) => `      - ${q(s)}`));
    }
    return { yaml: lines.join('\n') + '\n', cpus };
  });
}
