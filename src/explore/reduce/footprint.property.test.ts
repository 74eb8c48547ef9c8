// The reduction's assumptions about every primitive, checked against the machine itself on random
// states of random programs drawn from the registry (so every primitive and form is in them):
// - a move's footprint (what the persistent and sleep sets use) covers what the step really reads
//   and writes: changing a shared word outside it changes neither whether the move is enabled, nor
//   its violation, nor what it leaves in any other word (and that word keeps the changed value);
//   a word it only adds to moves by the same amount whatever it held;
// - a run move's dynamic footprint is inside its instruction's static one (the futures of the
//   persistent sets are unions of static footprints);
// - two moves the sleep sets call independent commute: each stays enabled after the other, and
//   either order ends in the same state;
// - a run move's footprint taken by comparing only the words its instruction's text names
//   (watch-words.ts) is the one a comparison of every word gives.
// A footprint with a read, a write or a blocking condition dropped fails here (`npm run mutate`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { enabledMoves } from '../../machine/enabled.js';
import { stepWithFootprint, type MoveFootprint } from '../../machine/footprint/move-footprint.js';
import { countGuards } from '../../machine/footprint/counts.js';
import { regionsOf } from '../../machine/footprint/regions.js';
import { hasBit, instrFootprint } from '../../machine/footprint/static-footprint.js';
import { layoutOf } from '../../machine/layout.js';
import { sameMove, type Move } from '../../machine/moves.js';
import { PTR_BASE, type Program } from '../../machine/program.js';
import { initialState } from '../../machine/start.js';
import { innermost, nextInstr, type State } from '../../machine/state.js';
import { step } from '../../machine/step.js';
import { contextId } from '../../machine/violation.js';
import { arbSmallScenario, WORK_PROCEDURES, WORKS_LINE, type ArbOptions, type SmallScenario } from '../../testing/arb-program.js';
import { programOf } from '../../testing/inline.js';
import { SleepSets } from './sleep.js';

interface Taken { readonly kind: string | null; readonly state: State | null }

function take(p: Program, s: State, m: Move): Taken {
  const r = step(p, s, m);
  return r.kind === 'violation' ? { kind: r.violation.kind, state: null } : { kind: null, state: r.state };
}

const enabledIn = (p: Program, s: State, m: Move): boolean => enabledMoves(p, s).some((x) => sameMove(x, m));
const show = (m: Move): string => `${m.kind} ${m.cpu}${m.kind === 'irq' || m.kind === 'nmi' ? ` handler ${m.handler}` : ''}`;

/** Values to put in a shared word: small numbers, pointers, context ids (lock holders), and neighbours. */
function candidates(p: Program, v: number): number[] {
  const out = new Set([0, 1, 2, v + 1, v - 1, PTR_BASE, PTR_BASE + 1]);
  for (let c = 0; c < p.cpus; c++) out.add(contextId(c, 0)).add(contextId(c, 1));
  out.delete(v);
  return [...out];
}

/** A problem with the footprint of `m` in `s`, or null. */
function footprintProblem(p: Program, s: State, m: Move, yaml: string): string | null {
  const r = regionsOf(p);
  const l = layoutOf(p);
  const out = new Int32Array(s.length);
  const { violation, fp } = stepWithFootprint(p, s, m, out);
  const all = stepWithFootprint(p, s, m, new Int32Array(s.length), true).fp;
  if (footprintKey(fp) !== footprintKey(all)) {
    return `${show(m)}: comparing the words its instruction names gives ${footprintKey(fp)}, comparing every word ${footprintKey(all)}\n${yaml}`;
  }
  if (fp.unknown) return null;
  const base: Taken = { kind: violation?.kind ?? null, state: violation ? null : out };
  const inFp = (b: number, list: readonly number[]): boolean => list.includes(b);
  for (let w = 0; w < s.length; w++) {
    const b = r.sharedBit[w]!;
    // A scalar cell is never freed: its freed flag stays 0 in every reachable state.
    if (b < 0 || (w >= l.freedBase && w < l.freedBase + p.objects.length && !p.objects[w - l.freedBase]!.heap)) continue;
    const read = inFp(b, fp.reads) || inFp(b, fp.writes);
    if (read) continue;
    // A count adds the same whatever the word holds, unless it holds a guard value (counts.ts):
    // the values it may not see are left out, the others must behave as an add.
    const counted = fp.count === b;
    const added = inFp(b, fp.adds) || counted;
    const guards = counted ? countGuards(p).get(w - l.memBase) ?? [] : [];
    if (guards.includes(s[w]!)) continue;
    for (const v of candidates(p, s[w]!).filter((x) => !guards.includes(x))) {
      const s2 = Int32Array.from(s);
      s2[w] = v;
      const where = `${show(m)} with word ${w} (${describe(p, w)}) changed from ${s[w]} to ${v}`;
      if (!enabledIn(p, s2, m)) return `${where}: the move is no longer enabled, so it reads the word, which its footprint leaves out\n${yaml}`;
      const t = take(p, s2, m);
      if (t.kind !== base.kind) return `${where}: ${base.kind ?? 'no violation'} became ${t.kind ?? 'no violation'}: the move reads the word\n${yaml}`;
      if (!t.state || !base.state) continue;
      for (let u = 0; u < s.length; u++) {
        const want = u === w ? (added ? v + (base.state[u]! - s[u]!) : v) : base.state[u]!;
        if (t.state[u] !== want) {
          return `${where}: word ${u} (${describe(p, u)}) ends ${t.state[u]}, not ${want}: the move ${u === w ? 'writes' : 'reads'} a word its footprint leaves out\n${yaml}`;
        }
      }
    }
  }
  if (base.state) {
    const bad = unchangedWriteProblem(p, s, m, fp, base.state, yaml);
    if (bad) return bad;
  }
  // The futures of the persistent sets are static footprints: a run move's must hold its dynamic one.
  if (m.kind === 'run') {
    const level = innermost(l, s, m.cpu);
    const instr = nextInstr(p, l, s, m.cpu, level);
    if (instr) {
      const st = instrFootprint(p, instr, { cpu: m.cpu, level });
      const missing = (list: readonly number[], ok: (b: number) => boolean): number | undefined => list.find((b) => b !== r.liveBit && !ok(b));
      const rd = missing(fp.reads, (b) => hasBit(st.reads, b) || hasBit(st.writes, b));
      const wr = missing(fp.writes, (b) => hasBit(st.writes, b));
      const ad = missing(fp.adds, (b) => hasBit(st.adds, b) || hasBit(st.writes, b));
      const ct = fp.count >= 0 && !hasBit(st.counts, fp.count) ? fp.count : undefined;
      const bad = rd ?? wr ?? ad ?? ct;
      if (bad !== undefined) return `${show(m)} at '${instr.text}': the static footprint misses shared bit ${bad} that the step touches\n${yaml}`;
      if (fp.gp && !st.gp) return `${show(m)} at '${instr.text}': a grace-period move whose static footprint says no\n${yaml}`;
      if (fp.reader && !st.reader && level === 0 && !violation && innermost(l, out, m.cpu) === 0) {
        return `${show(m)} at '${instr.text}': changes its CPU's reader state, which its static footprint leaves out\n${yaml}`;
      }
    }
  }
  return null;
}

/** A footprint as text, its bit lists as sorted sets: two ways of taking it must agree on it. */
function footprintKey(fp: MoveFootprint): string {
  const set = (xs: readonly number[]): string => [...new Set(xs)].sort((a, b) => a - b).join(',');
  return `reads ${set(fp.reads)} writes ${set(fp.writes)} adds ${set(fp.adds)} count ${fp.count} ${fp.countBefore} ${fp.countDelta} ` +
    `private ${fp.privateWrites} reader ${fp.reader} gp ${fp.gp} unknown ${fp.unknown} faults ${fp.faults}`;
}

/**
 * A word the move writes is in its footprint also from a state where the word already holds the
 * value written: a write that changes nothing is still a write (the move and another that writes
 * or reads the word do not commute). The before/after comparison of move-footprint.ts cannot see
 * such a write; this asks it from that state, where the move does the same to every word.
 */
function unchangedWriteProblem(p: Program, s: State, m: Move, fp: MoveFootprint, after: State, yaml: string): string | null {
  const r = regionsOf(p);
  for (let w = 0; w < s.length; w++) {
    const b = r.sharedBit[w]!;
    if (b < 0 || after[w] === s[w] || !fp.writes.includes(b)) continue;
    const s2 = Int32Array.from(s);
    s2[w] = after[w]!;
    if (!enabledIn(p, s2, m)) continue;
    const out = new Int32Array(s.length);
    const again = stepWithFootprint(p, s2, m, out);
    if (again.violation || out.some((v, u) => v !== after[u])) continue;
    if (!again.fp.writes.includes(b) && !again.fp.reads.includes(b)) {
      return `${show(m)} with word ${w} (${describe(p, w)}) already ${after[w]}: the move writes it, and its footprint leaves it out\n${yaml}`;
    }
  }
  return null;
}

function describe(p: Program, w: number): string {
  const l = layoutOf(p);
  if (w >= l.memBase && w < l.memBase + p.memInit.length) return p.locNames[w - l.memBase] ?? 'memory';
  if (w >= l.srcuBase && w < l.cpuBase) return `srcu_struct ${p.srcus?.[Math.floor((w - l.srcuBase) / l.srcuWords)]} word ${(w - l.srcuBase) % l.srcuWords}`;
  if (w >= l.lockBase && w < l.cpuBase) return `lock ${p.locks[Math.floor((w - l.lockBase) / 3)]?.name} word ${(w - l.lockBase) % 3}`;
  if (w >= l.freedBase && w < l.freedBase + p.objects.length) return `freed flag of ${p.objects[w - l.freedBase]?.name}`;
  if (w >= l.fireBase && w < l.fireBase + p.handlers.length) return `fire counter of handler ${w - l.fireBase}`;
  return 'state word';
}

/** A problem with two moves the sleep sets call independent, or null. */
function commuteProblem(p: Program, s: State, a: Move, fa: MoveFootprint, b: Move, fb: MoveFootprint, sleep: SleepSets, yaml: string): string | null {
  if (fa.faults || fb.faults || !sleep.independent(a, fa, b, fb)) return null;
  const ta = take(p, s, a).state!;
  const tb = take(p, s, b).state!;
  if (!enabledIn(p, ta, b)) return `${show(a)} disables ${show(b)}, which the sleep sets call independent of it\n${yaml}`;
  if (!enabledIn(p, tb, a)) return `${show(b)} disables ${show(a)}, which the sleep sets call independent of it\n${yaml}`;
  const ab = take(p, ta, b);
  const ba = take(p, tb, a);
  if (ab.kind !== ba.kind) return `${show(a)} then ${show(b)} ends in ${ab.kind ?? 'no violation'}, the other order in ${ba.kind ?? 'no violation'}\n${yaml}`;
  const differ = ab.state && ba.state ? [...ab.state.keys()].filter((i) => ab.state![i] !== ba.state![i]) : [];
  if (differ.length > 0) {
    const words = differ.map((w) => `word ${w} (${describe(p, w)}): ${ab.state![w]} / ${ba.state![w]}`).join(', ');
    return `${show(a)} and ${show(b)} do not commute in [${[...s].join(',')}]: ${words}\n${yaml}`;
  }
  return null;
}

/** Walk a run chosen by `picks` and check every state on the way; the first problem, or null. */
function checkRun(yaml: string, picks: readonly number[]): string | null {
  const p = programOf(yaml);
  const sleep = new SleepSets(p);
  let s = initialState(p);
  for (const pick of picks) {
    const moves = enabledMoves(p, s);
    if (moves.length === 0) return null;
    const fps = moves.map((m) => stepWithFootprint(p, s, m, new Int32Array(s.length)).fp);
    for (const m of moves) {
      const bad = footprintProblem(p, s, m, yaml);
      if (bad) return bad;
    }
    for (let i = 0; i < moves.length; i++) {
      for (let j = i + 1; j < moves.length; j++) {
        const bad = commuteProblem(p, s, moves[i]!, fps[i]!, moves[j]!, fps[j]!, sleep, yaml);
        if (bad) return bad;
      }
    }
    const t = take(p, s, moves[pick % moves.length]!);
    if (!t.state) return null;
    s = t.state;
  }
  return null;
}

/**
 * The sleeper and the waker of a drawn program with tasks, each taking the same sleeping lock
 * around its statements (`a` in one, `b` in the other): random draws seldom put a mutex or an
 * rw_semaphore in two programs (one in several hundred), so this puts it there.
 */
function contend(yaml: string, a: readonly [string, string], b: readonly [string, string]): string {
  const lines = yaml.split('\n');
  const tasks = lines.flatMap((l, i) => (/^ {2}task (sleeper|waker) on cpu \d+:$/.test(l) ? [i] : [])).reverse();
  for (const [k, at] of tasks.entries()) {
    const [lock, unlock] = k === 0 ? a : b;
    let end = at + 1;
    while (lines[end]?.startsWith('    - ')) end++;
    lines.splice(end, 0, `    - "${unlock}"`);
    lines.splice(at + 1, 0, `    - "${lock}"`);
  }
  return lines.join('\n');
}
/** A sleeping lock's ways to be taken and released (ops/sleeping-lock.ts). */
const SLEEPING_LOCKS: readonly (readonly (readonly [string, string])[])[] = [
  [['mutex_lock(&m)', 'mutex_unlock(&m)']],
  [['down_read(&sem)', 'up_read(&sem)'], ['down_write(&sem)', 'up_write(&sem)']],
];
const contended = fc.tuple(arbSmallScenario({ primitives: true, tasks: true }), fc.nat({ max: 1 }), fc.nat({ max: 1 }), fc.nat({ max: 1 }))
  .map(([s, l, a, b]) => {
    const forms = SLEEPING_LOCKS[l]!;
    return { ...s, yaml: contend(s.yaml, forms[a % forms.length]!, forms[b % forms.length]!) };
  });
/**
 * Work items (ops/workqueue.ts) queued by the waker task and waited for or cancelled by the
 * sleeper, beside whatever else was drawn: the kworkers wake, run, sleep on a mutex (w2's
 * function takes m) and go idle again in every program of this config.
 */
const WAIT_FOR_WORK = ['flush_work(&w)', 'cancel_work_sync(&w)', 'cancel_work(&w)', 'r = flush_work(&w2)', 'cancel_work_sync(&w2)'];
const worked = fc.tuple(arbSmallScenario({ primitives: true, tasks: true, memoryModel: 'tso' }), fc.nat({ max: WAIT_FOR_WORK.length - 1 }), fc.nat({ max: 1 }))
  .map(([s, k, which]) => {
    const lines = s.yaml.split('\n');
    if (!lines.includes(WORKS_LINE)) {
      lines.splice(lines.indexOf('state:') + 1, 0, WORKS_LINE);
      lines.splice(lines.indexOf('procedures:') + 1, 0, ...WORK_PROCEDURES);
    }
    const waker = lines.findIndex((x) => x.startsWith('  task waker on cpu'));
    lines.splice(waker + 1, 0, `    - "schedule_work(${which === 0 ? '&w' : '&w2'})"`);
    const sleeper = lines.findIndex((x) => x.startsWith('  task sleeper on cpu'));
    lines.splice(sleeper + 1, 0, `    - "${WAIT_FOR_WORK[k]!}"`);
    return { ...s, yaml: lines.join('\n') };
  });
/**
 * A drawn program with an SRCU section handed over between CPUs (ops/srcu-down.ts): CPU 0 begins
 * with srcu_down_read(&ss), CPU 1 ends with srcu_up_read(&ss, 0), and the last CPU begins with a
 * grace period of ss, so the down_read counts, the serialised grace periods and their waits meet
 * the other primitives in one program (a random draw names all three in one program seldom).
 */
function handOver(yaml: string, sync: string): string {
  const lines = yaml.split('\n').map((l) => l.replace(/^( {2}cpu \d+:) \[\]$/, '$1'));
  const at = (cpu: number): number => lines.indexOf(`  cpu ${cpu}:`);
  const end = (i: number): number => { let e = i + 1; while (lines[e]?.startsWith('    ')) e++; return e; };
  const last = Math.max(...lines.flatMap((l) => { const m = /^ {2}cpu (\d+):$/.exec(l); return m ? [Number(m[1])] : []; }));
  lines.splice(at(last) + 1, 0, `    - "${sync}"`);
  lines.splice(end(at(1)), 0, '    - "srcu_up_read(&ss, 0)"');
  lines.splice(at(0) + 1, 0, '    - "d = srcu_down_read(&ss)"');
  return lines.join('\n');
}
// Drawn programs with tasks do without SRCU (lower.ts refuses the two together).
const handedOver = fc.tuple(arbSmallScenario({ primitives: true }).filter(({ yaml }) => yaml.includes('  srcu: {')), fc.boolean())
  .map(([s, e]) => ({ ...s, yaml: handOver(s.yaml, e ? 'synchronize_srcu_expedited(&ss)' : 'synchronize_srcu(&ss)') }));
const drawn = (o: ArbOptions, keep?: (yaml: string) => boolean): fc.Arbitrary<SmallScenario> =>
  keep ? arbSmallScenario(o).filter(({ yaml }) => keep(yaml)) : arbSmallScenario(o);

// The fourth config keeps run-time pools and RCU callbacks in the sample: as the registry grows, a
// draw from every name calls them less and less often (the mutants that drop kmalloc's dynamic
// footprint and a callback start's slot read survived the three others once issue 19's families
// had joined the registry). The last two keep a sleeper on a wait queue or a completion beside a
// call that can wake it, and two tasks contending for a mutex or an rw_semaphore, so that wakeups
// that wake someone and sleeping locks that make someone wait are checked by design rather than by
// the luck of a seed (the mutant "wake_up touches no waiter task" is caught here and by the TSO
// tasks config, not by the first four).
// The last draws fewer programs: each holds two tasks contending for a lock, and 60 runs catch
// both sleeping-lock mutants (npm run mutate) in a fraction of the time of the others.
const configs: [string, fc.Arbitrary<SmallScenario>, number, number?][] = [
  ['every primitive of the registry, SC (seed 71)', drawn({ primitives: true }), 71],
  ['every primitive of the registry, TSO (seed 73)', drawn({ primitives: true, memoryModel: 'tso' }), 73],
  ['pointers loaded, followed and freed, TSO (seed 79)', drawn({ pointers: true, memoryModel: 'tso' }), 79],
  ['programs that allocate from a pool or queue an RCU callback, SC (seed 97)', drawn({ primitives: true }, (yaml) => /\b(kmalloc|kzalloc|kmem_cache_alloc|call_rcu|kfree_rcu)\(/.test(yaml)), 97],
  // Every program with tasks (issue 19): switches, preemption, sleeping and waking beside every primitive.
  ['programs with tasks that sleep, wake and are preempted, TSO (seed 101)', drawn({ primitives: true, tasks: true, memoryModel: 'tso' }), 101],
  ['wait queues and completions, a waiter and a waker, SC (seed 103)', drawn({ primitives: true, tasks: true },
    (yaml) => /\b(wait_event|prepare_to_wait|wait_for_completion)\(/.test(yaml) && /\b(wake_up|complete|complete_all)\(/.test(yaml)), 103],
  ['two tasks contending for a mutex or an rw_semaphore, SC (seed 107)', contended, 107, 60],
  // Work items (ops/workqueue.ts): their kworkers are tasks that start asleep and go idle again.
  ['work items queued, flushed and cancelled, with their kworkers, TSO (seed 109)', worked, 109, 60],
  // References taken and dropped on one counter, near its guard values (counts.ts).
  ['counters with atomic_inc_not_zero, atomic_dec and a guarded add, SC (seed 101)', drawn({ counters: true }), 101],
  // srcu_down_read() on one CPU, srcu_up_read() on another, a grace period on a third (ops/srcu-down.ts).
  ['an SRCU section begun and ended on different CPUs across a grace period, SC (seed 109)', handedOver, 109, 80],
];
for (const [name, arb, seed, runs = 150] of configs) {
  test(`footprints cover what each step reads and writes, and independent moves commute: ${name}`, () => {
    fc.assert(fc.property(arb, fc.array(fc.nat(), { minLength: 4, maxLength: 14 }), ({ yaml }, picks) => {
      const bad = checkRun(yaml, picks);
      // Printed too: fast-check's report of a failed property keeps only the shrunk input.
      if (bad) console.error(bad);
      assert.equal(bad, null, bad ?? '');
    // `npm run mutate` wants only whether a mutant fails, not the smallest counterexample.
    }), { seed, numRuns: runs, endOnFailure: process.env.RACEWAY_MUTATE === '1' });
  });
}

// A switch away from a task that has not stepped since it was switched in is a move only while
// that task cannot step (ops/sched.ts canSwitch): it reads what the task waits on. The random
// runs above seldom stop in such a state; this one does.
test('a switch away from a task just switched in reads what that task waits on', () => {
  const yaml = [
    'cpus: 2', 'preemptions: 2', 'state:', '  cells: { x: 0, y: 0 }', 'programs:',
    '  cpu 0: ["r = READ_ONCE(y)", "WRITE_ONCE(y, 1)"]',
    '  task other on cpu 0: ["wait_until(READ_ONCE(x) == 1)"]',
    '  cpu 1: ["WRITE_ONCE(x, 1)"]',
  ].join('\n') + '\n';
  const p = programOf(yaml);
  let s = initialState(p);
  for (const kind of ['run', 'switch']) {
    const m = enabledMoves(p, s).find((x) => x.kind === kind && x.cpu === 0)!;
    s = take(p, s, m).state!;
  }
  const back = enabledMoves(p, s).find((m) => m.kind === 'switch');
  assert.ok(back, 'the switch back is a move: task other waits for x');
  assert.equal(footprintProblem(p, s, back, yaml), null);
});

// Every reachable state, not a random run: CPU 0's only task sleeps in its last instruction and
// CPU 1's only move wakes it, which ends the run; an IRQ may fire on CPU 0 until then. The
// firing is enabled only while CPU 0 has a task to finish or the run is live, so it depends on the
// wakeup; its footprint once left the live bit out here, and the sleep sets called the two
// independent (the soundness run's tso seed 1101; reduce/task-programs.test.ts).
test('a firing on a CPU whose last task another CPU wakes does not commute with the run-ending wakeup', () => {
  const yaml = [
    'cpus: 2', 'state:', '  cells: { x: 0 }', 'programs:',
    '  cpu 0: ["WRITE_ONCE(x, 1)"]',
    '  task sleeper on cpu 0: ["set_current_state(TASK_UNINTERRUPTIBLE)", "schedule()"]',
    '  task waker on cpu 1: ["wake_up_process(sleeper)"]',
    'interrupts:', '  - kind: irq', '    cpus: [0]', '    max: 1', '    run: ["WRITE_ONCE(x, 2)"]',
  ].join('\n') + '\n';
  const p = programOf(yaml);
  const sleep = new SleepSets(p);
  const seen = new Set<string>();
  const todo = [initialState(p)];
  let pairs = 0;
  while (todo.length > 0) {
    const s = todo.pop()!;
    const moves = enabledMoves(p, s);
    const fps = moves.map((m) => stepWithFootprint(p, s, m, new Int32Array(s.length)).fp);
    for (let i = 0; i < moves.length; i++) {
      for (let j = i + 1; j < moves.length; j++) {
        if (moves[i]!.cpu !== moves[j]!.cpu) pairs++;
        assert.equal(commuteProblem(p, s, moves[i]!, fps[i]!, moves[j]!, fps[j]!, sleep, yaml), null);
      }
    }
    for (const m of moves) {
      const t = take(p, s, m).state;
      if (t && !seen.has(t.join())) { seen.add(t.join()); todo.push(t); }
    }
  }
  assert.ok(pairs > 50, `pairs of moves of two CPUs checked: ${pairs}`);
});
