// `npm run mutate`: weakens each family's footprint in turn (drops a read, a write, an add, a
// blocking condition, a reader or grace-period flag) in a copy of the compiled tree, runs the
// soundness tests on the copy, and reports whether each mutant is caught. Every mutant must be:
// one that survives is a footprint the tests would let go wrong unnoticed. Exit 1 then.
// A check, not a test (it takes minutes). Env: MUTATE_ONLY (mutants whose name contains it).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../testing/repo-root.js';

interface Mutant { readonly family: string; readonly name: string; readonly file: string; readonly from: string; readonly to: string }

const LOCKS = 'src/machine/ops/locks.js';
const RCU = 'src/machine/ops/rcu.js';
const IRQ = 'src/machine/ops/interrupts.js';
const STATIC = 'src/machine/footprint/static-footprint.js';
const MOVE = 'src/machine/footprint/move-footprint.js';
const FUTURES = 'src/explore/reduce/futures.js';
const CALLBACKS = 'src/machine/ops/rcu-callbacks.js';
const SCHED = 'src/machine/ops/sched.js';
const WAITQUEUE = 'src/machine/ops/waitqueue.js';
const COMPLETION = 'src/machine/ops/completion.js';
const SLEEPING = 'src/machine/ops/sleeping-lock.js';
const SRCU = 'src/machine/ops/srcu.js';

const MUTANTS: readonly Mutant[] = [
  { family: 'locks', name: "a spinlock trylock's footprint deleted", file: LOCKS, from: 'trylock: { reads: [LOCK_HOLDER], writes: [LOCK_HOLDER], adds: [], reader: true }', to: 'trylock: { reads: [], writes: [], adds: [], reader: false }' },
  { family: 'locks', name: 'spin_is_locked reads no lock word', file: LOCKS, from: 'is_locked: { reads: [LOCK_HOLDER]', to: 'is_locked: { reads: []' },
  { family: 'locks', name: 'read_lock ignores a waiting writer (fair rwlock blocking condition)', file: LOCKS, from: 'read_lock: { reads: [RW_WRITER, RW_WAITING]', to: 'read_lock: { reads: [RW_WRITER]' },
  { family: 'locks', name: 'write_lock_acquire ignores the readers (blocking condition)', file: LOCKS, from: 'write_lock_acquire: { reads: [RW_READERS]', to: 'write_lock_acquire: { reads: []' },
  { family: 'locks', name: 'read_unlock adds nothing to the reader count', file: LOCKS, from: 'read_unlock: { reads: [], writes: [], adds: [RW_READERS]', to: 'read_unlock: { reads: [], writes: [], adds: []' },
  { family: 'locks', name: 'spin_unlock does not change the reader state (preemption)', file: LOCKS, from: 'spin_unlock: { reads: [LOCK_HOLDER], writes: [LOCK_HOLDER], adds: [], reader: true }', to: 'spin_unlock: { reads: [LOCK_HOLDER], writes: [LOCK_HOLDER], adds: [], reader: false }' },
  { family: 'accesses', name: 'a load reads nothing', file: STATIC, from: "case 'load':\n                this.access(e.loc, true, false);", to: "case 'load':\n                this.access(e.loc, false, false);" },
  { family: 'accesses', name: 'a store writes nothing', file: STATIC, from: 'this.access(i.loc, false, true);', to: 'this.access(i.loc, false, false);' },
  { family: 'accesses', name: 'an access ignores the freed flag', file: STATIC, from: 'if (f >= 0)\n                setWord(this.r, this.fp.reads, f);\n            if (read)', to: 'if (false)\n                setWord(this.r, this.fp.reads, f);\n            if (read)' },
  { family: 'locks', name: "a lock field ignores its object's freed flag", file: STATIC, from: 'const at = this.p.locks[lock]?.at;\n        if (at !== undefined) {', to: 'const at = this.p.locks[lock]?.at;\n        if (false) {' },
  { family: 'atomics', name: 'an RMW writes nothing', file: STATIC, from: 'this.access(e.loc, true, true);', to: 'this.access(e.loc, true, false);' },
  { family: 'heap', name: 'free writes no freed flag', file: STATIC, from: 'setWord(this.r, this.fp.writes, this.l.freedBase + k);', to: ';' },
  { family: 'rcu', name: 'synchronize_rcu start reads no reader state (static)', file: RCU, from: 'synchronize_rcu_start: { reader: false, gp: true, drains: true }', to: 'synchronize_rcu_start: { reader: false, gp: false, drains: true }' },
  { family: 'rcu', name: 'rcu_read_lock and rcu_read_unlock leave the reader state alone (static)', file: RCU, from: 'rcu: { reader: true, gp: false, drains: false }', to: 'rcu: { reader: false, gp: false, drains: false }' },
  { family: 'rcu', name: 'synchronize_rcu start reads no reader state (dynamic)', file: RCU, from: 'return isRcuInstr(i) && RCU_ACCESS[i.op].gp;', to: 'return false;' },
  { family: 'irq', name: 'local_irq_* leave the reader state alone (static)', file: IRQ, from: 'irq: { reader: true }', to: 'irq: { reader: false }' },
  { family: 'irq', name: 'preempt_* leave the reader state alone (static)', file: IRQ, from: 'preempt: { reader: true }', to: 'preempt: { reader: false }' },
  { family: 'rcu', name: 'a move that leaves a reader section with stores buffered is no reader change (the TSO bug)', file: MOVE, from: ' || mem.flushed(l, s, cpu) !== mem.flushed(l, t, cpu)', to: '' },
  { family: 'accesses', name: 'a TSO store does not fill the buffer a grace period waits on', file: STATIC, from: "if (this.p.memoryModel === 'tso')\n                    this.fp.reader = true;", to: "if (false)\n                    this.fp.reader = true;" },
  { family: 'locks', name: 'draining a buffered unlock writes no lock word', file: MOVE, from: 'touch(fp.reads, word);\n                touch(fp.writes, word);', to: ';' },
  { family: 'irq', name: 'a firing reads no fire counter', file: MOVE, from: 'touch(fp.reads, l.fireBase + move.handler);', to: ';' },
  { family: 'pool', name: "kmalloc's static footprint leaves its pool's flags out", file: STATIC, from: 'for (const w of poolWords(this.p, this.l, i.pool)) {\n                    setWord(this.r, this.fp.reads, w);\n                    setWord(this.r, this.fp.writes, w);\n                }', to: ';' },
  { family: 'pool', name: 'kmalloc reads no pool flag (dynamic)', file: MOVE, from: 'for (const w of poolWords(p, l, instr.pool))\n                        touch(fp.reads, w);', to: ';' },
  // RCU callbacks (ops/rcu-callbacks.ts): queuing reads and writes its object's slot; it starts a
  // grace period; a callback's start reads the slot that says it is queued on that CPU.
  { family: 'rcu-callbacks', name: "call_rcu's footprint leaves its object's callback slot out", file: CALLBACKS, from: 'const w = slots(objects);', to: 'const w = [];' },
  { family: 'rcu-callbacks', name: 'call_rcu starts no grace period (dynamic)', file: MOVE, from: "fp.gp = instr.kind !== 'rcu_barrier_wait';", to: 'fp.gp = false;' },
  { family: 'rcu-callbacks', name: "a callback's start reads no slot", file: MOVE, from: 'touch(fp.reads, cbWord(l, cb.object, CB_DECL));\n                touch(fp.reads, cbWord(l, cb.object, CB_CPU));', to: ';' },
  // The futures of the persistent sets (static): what another CPU's firing or drain may still touch.
  { family: 'irq', name: "a firing's future touches no fire counter (persistent sets)", file: FUTURES, from: 'f.reads[b >>> 5] |= 1 << (b & 31);\n            f.writes[b >>> 5] |= 1 << (b & 31);', to: ';' },
  { family: 'locks', name: "a buffered unlock's future drain touches no lock word (persistent sets)", file: FUTURES, from: 'buffered.push(r.sharedBit[word]);\n                    continue;', to: 'continue;' },
  { family: 'sched', name: 'a context switch reads no sleep flag', file: MOVE, from: 'touch(fp.reads, asleepWord(l, t));', to: ';' },
  { family: 'sched', name: 'wake_up_process touches no sleep flag', file: SCHED, from: "case 'wake_up_process': return tasks[i.task] ? [state(i.task), asleepWord(l, i.task)] : [];", to: "case 'wake_up_process': return tasks[i.task] ? [state(i.task)] : [];" },
  // Wait queues and completions (ops/waitqueue.ts, ops/completion.ts): whom a wakeup may touch.
  { family: 'workqueue', name: "an idle kworker is left out of the tasks that may still run (persistent-set futures, count drift)", file: 'src/machine/task-words.js', from: 'return !taskDone(p, l, s, t) || workerIdle(p, l, s, t);', to: 'return !taskDone(p, l, s, t);' },
  { family: 'waitqueue', name: 'wake_up touches no waiter task', file: WAITQUEUE, from: "case 'wake_up': return [head, ...(p.sched?.tasks ?? []).flatMap((_, t) => wakeWords(x, t))];", to: "case 'wake_up': return [head];" },
  { family: 'waitqueue', name: "prepare_to_wait writes no waiter __state", file: WAITQUEUE, from: "case 'prepare_to_wait': return [head, ...wakeWords(x, i.task).slice(0, 1)];", to: "case 'prepare_to_wait': return [head];" },
  { family: 'completion', name: 'complete_all touches no waiter task', file: COMPLETION, from: "case 'complete_all': return [...words, ...(p.sched?.tasks ?? []).flatMap((_, t) => wakeWords(x, t))];", to: "case 'complete_all': return words;" },
  { family: 'completion', name: 'wait_for_completion touches no waiter sleep flag', file: COMPLETION, from: "case 'wait_for_completion': return [...words, ...wakeWords(x, i.task)];", to: "case 'wait_for_completion': return words;" },
  { family: 'sleeping-lock', name: "a rw_semaphore's writer words left out of its ops' footprint", file: SLEEPING, from: 'return [b + LOCK_HOLDER, b + RW_WRITER, b + RW_WAITING, ', to: 'return [b + LOCK_HOLDER, ' },
  { family: 'sleeping-lock', name: 'a context switch reads no lock its tasks sleep on', file: MOVE, from: 'for (const w of waitWords(p, l, s, tasksOn(p)[cpu]))', to: 'for (const w of [])' },
  { family: 'sleeping-lock', name: "an unlock that lets a switched-out task go on is not what enables its CPU's switch (persistent sets)", file: FUTURES, from: 'else if (t !== cur && taskWaitsOnLock(p, l, s, t))', to: 'else if (false)' },
  { family: 'sched', name: 'a firing on a CPU whose last task another CPU may wake reads no live bit', file: MOVE, from: ' || (l.schedBase >= 0 && allTasksDoneOnceWoken(p, l, s, cpu))', to: '' },
  { family: 'waitqueue', name: 'a wakeup by wake_up() or complete() touches the waiter __state but no sleep flag', file: 'src/machine/ops/wake.js', from: 'return t ? [x.layout.memBase + t.stateLoc, asleepWord(x.layout, task)] : [];', to: 'return t ? [x.layout.memBase + t.stateLoc] : [];' },
  // SRCU's semaphore-like readers (ops/srcu-down.ts): the counts an up_read ends and a wait waits on, the serialised grace periods.
  { family: 'srcu', name: 'srcu_up_read writes no count', file: SRCU, from: "case 'srcu_up_read': return { reads: counts, writes: counts };", to: "case 'srcu_up_read': return { reads: counts, writes: [] };" },
  { family: 'srcu', name: "synchronize_srcu's wait reads no srcu_down_read count", file: SRCU, from: "case 'synchronize_srcu_wait': return { reads: [...sets(ctxs), ...gp, ...counts], writes: gp };", to: "case 'synchronize_srcu_wait': return { reads: [...sets(ctxs), ...gp], writes: gp };" },
  { family: 'srcu', name: "synchronize_srcu's start touches no grace period in progress", file: SRCU, from: "case 'synchronize_srcu_start': return { reads: [w.idx, ...all.map(w.nest), ...gp], writes: [w.idx, ...sets(ctxs), ...gp] };", to: "case 'synchronize_srcu_start': return { reads: [w.idx, ...all.map(w.nest)], writes: [w.idx, ...sets(ctxs)] };" },
  { family: 'sched', name: 'a CPU whose tasks are done once woken keeps the run live while the persistent set stands still', file: 'src/explore/reduce/persistent.js', from: ' && !(p.sched && allTasksDoneOnceWoken(p, l, s, c))', to: '' },
  // Data races under sc and tso (machine/race.ts): a store is an access when it is issued, and a
  // context blocked in wait_until() polls its condition's locations.
  { family: 'races', name: 'a buffered store writes no location where data races are checked (TSO)', file: MOVE, from: 'if (races)\n                    touch(w.fp.writes, l.memBase + loc);', to: 'if (false)\n                    touch(w.fp.writes, l.memBase + loc);' },
  { family: 'races', name: 'a context blocked in wait_until() reads nothing while it polls', file: 'src/machine/race.js', from: "(!enabled && instr.op !== 'wait_until')", to: '(!enabled)' },
];

/** The tests a mutant must fail, fastest first: the first that fails catches it. */
const TESTS = [
  // Data races: which accesses race (a second), and the reduced search against the full one.
  'src/machine/race.test.js',
  'src/explore/reduce/race.property.test.js',
  // Every reachable state of small wait queue and completion handshakes (a second or two).
  'src/machine/ops/wait-footprint.test.js',
  // Work items and their kworkers, reduced searches included (a few seconds).
  'src/machine/ops/workqueue.test.js',
  'src/explore/reduce/footprint.property.test.js',
  // Programs with tasks searched with and without the reduction, and the soundness run's finds.
  'src/explore/reduce/task-programs.test.js',
  'src/explore/reduce/registry-programs.test.js',
  'src/explore/reduce/persistent.test.js',
  'test/scenarios/reduction.test.js',
];

const dist = join(repoRoot, 'dist');
const work = mkdtempSync(join(tmpdir(), 'raceway-mutate-'));
cpSync(dist, join(work, 'dist'), { recursive: true });
symlinkSync(join(repoRoot, 'node_modules'), join(work, 'node_modules'));
// The tests find the repository's files (scenarios, docs) through repoRoot: point it back here.
const rootFile = join(work, 'dist/src/testing/repo-root.js');
writeFileSync(rootFile, `export const repoRoot = ${JSON.stringify(repoRoot)};\n`);

const only = process.env.MUTATE_ONLY;
let survived = 0;
let run = 0;
for (const m of MUTANTS) {
  if (only && !m.name.includes(only)) continue;
  const path = join(work, 'dist', m.file);
  const original = readFileSync(path, 'utf8');
  const hits = original.split(m.from).length - 1;
  if (hits !== 1) {
    console.log(`BROKEN  ${m.family}: ${m.name}: the text to change occurs ${hits} times in ${m.file}`);
    survived++;
    continue;
  }
  writeFileSync(path, original.replace(m.from, m.to));
  run++;
  let caughtBy: string | null = null;
  for (const t of TESTS) {
    const r = spawnSync(process.execPath, ['--test', join(work, 'dist', t)], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, RACEWAY_MUTATE: '1' } });
    if (r.status !== 0) { caughtBy = t; break; }
  }
  writeFileSync(path, original);
  if (caughtBy === null) survived++;
  console.log(`${caughtBy ? 'caught  ' : 'SURVIVED'} ${m.family}: ${m.name}${caughtBy ? ` (by ${caughtBy.replace(/\.js$/, '.ts')})` : ''}`);
}
rmSync(work, { recursive: true, force: true });
console.log(`${run} mutants run, ${run + (MUTANTS.length - run) - survived - (MUTANTS.length - run)} caught, ${survived} not caught or broken`);
if (survived > 0) process.exitCode = 1;
