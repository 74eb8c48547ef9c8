// Symmetry of interchangeable CPUs (symmetry.ts): which CPUs are found interchangeable, that a
// permutation of them is an automorphism of the machine (successors of a permuted state are the
// permuted successors), and that the search with symmetry, with or without the reduction, finds
// the full search's verdict, violation kinds and final states (up to permutation), with traces
// that replay. Random programs: testing/arb-program.ts made symmetric (CPU 2 runs CPU 1's program).
import { racedAlong } from '../testing/race-along.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { enabledMoves } from '../machine/enabled.js';
import type { Program } from '../machine/program.js';
import { initialState } from '../machine/start.js';
import type { State } from '../machine/state.js';
import { step } from '../machine/step.js';
import { loadScenario } from '../scenario/load.js';
import type { ArbOptions } from '../testing/arb-program.js';
import { arbSymmetric, orbitKey, permutations } from '../testing/arb-symmetric.js';
import { programOf, testBudget } from '../testing/inline.js';
import { repoRoot } from '../testing/repo-root.js';
import { exhaustiveExplorer } from './exhaustive.js';
import { replay } from './replay.js';
import { stateKey } from './state-key.js';
import { FAMILIES } from '../machine/ops/registry.js';
import { findGroups, symmetryGroupsOf } from './symmetry-groups.js';
import { Symmetry } from './symmetry.js';

function scaled(strategy: string, cpus: number): Program {
  const file = `${repoRoot}/scenarios/scaled/key-race-scaled.yaml`;
  const r = loadScenario(file, readFileSync(file, 'utf8'), { cpus });
  assert.ok(r.ok);
  return r.value.cases.find((c) => c.strategy === strategy)!.program;
}

test("the scaled key race's readers are interchangeable, but not where the writer names each one's slot", () => {
  assert.deepEqual(symmetryGroupsOf(scaled('rcu', 4))?.groups, [[1, 2, 3]]);
  assert.deepEqual(symmetryGroupsOf(scaled('none', 3))?.groups, [[1, 2]]);
  // hazptr-head's writer waits on slot[1], then slot[2]: the readers are told apart.
  assert.equal(symmetryGroupsOf(scaled('hazptr-head', 3)), null);
});

test('on the scaled key race at 3 CPUs, symmetry keeps the verdict and kinds and stores fewer states', () => {
  for (const strategy of ['none', 'rcu']) {
    const p = scaled(strategy, 3);
    const [on, off] = [true, false].map((symmetry) => exhaustiveExplorer({ reduction: true, symmetry }).explore(p, testBudget()));
    assert.equal(on!.verdict, off!.verdict);
    assert.deepEqual(on!.findings.map((f) => f.violation.kind), off!.findings.map((f) => f.violation.kind));
    assert.ok(on!.stats.states < off!.stats.states, `${strategy}: ${on!.stats.states} vs ${off!.stats.states}`);
    for (const f of on!.findings) assert.ok(replay(p, f.trace).ok);
  }
});

test('this_cpu as a value, or a per-CPU element chosen at run time, turns symmetry off', () => {
  const head = 'cpus: 3\nstate:\n  cells: { x: 0 }\n  arrays: { a: { size: 3, init: 0 } }\nprograms:\n  cpu 0: ["WRITE_ONCE(x, 3)"]\n';
  assert.deepEqual(symmetryGroupsOf(programOf(`${head}  cpu 1: ["WRITE_ONCE(a[this_cpu], 1)"]\n  cpu 2: ["WRITE_ONCE(a[this_cpu], 1)"]\n`))?.groups, [[1, 2]]);
  assert.equal(symmetryGroupsOf(programOf(`${head}  cpu 1: ["WRITE_ONCE(x, this_cpu)"]\n  cpu 2: ["WRITE_ONCE(x, this_cpu)"]\n`)), null);
  assert.equal(symmetryGroupsOf(programOf(`${head}  cpu 1: ["r = READ_ONCE(x)", "WRITE_ONCE(a[r], 1)", "WRITE_ONCE(a[this_cpu], 1)"]\n  cpu 2: ["r = READ_ONCE(x)", "WRITE_ONCE(a[r], 1)", "WRITE_ONCE(a[this_cpu], 1)"]\n`)), null);
  // Different code: no group.
  assert.equal(symmetryGroupsOf(programOf(`${head}  cpu 1: ["WRITE_ONCE(x, 1)"]\n  cpu 2: ["WRITE_ONCE(x, 2)"]\n`)), null);
});

/** The successors of a state (a violation as `!kind`), each permuted by `to`, as sorted keys. */
function successors(p: Program, sym: Symmetry, s: State, to: Int32Array): string[] {
  const t = new Int32Array(s.length);
  return enabledMoves(p, s).map((m) => {
    const r = step(p, s, m);
    if (r.kind === 'violation') return `!${r.violation.kind}`;
    sym.apply(r.state, t, to);
    return stateKey(t);
  }).sort();
}

/** Random programs per configuration for the search comparison (each is searched three times). */
const RUNS = 48;

const configs: [string, ArbOptions][] = [['sc', { primitives: true }], ['tso', { primitives: true, memoryModel: 'tso' }], ['pointers', { pointers: true, memoryModel: 'tso' }]];

for (const [name, opts] of configs) {
  test(`a permutation of interchangeable CPUs maps successors to successors (${name}, seed 71)`, () => {
    let checked = 0;
    fc.assert(fc.property(arbSymmetric(opts), fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), (yaml, walk) => {
      const p = programOf(yaml);
      const g = symmetryGroupsOf(p);
      if (!g) return;
      const sym = new Symmetry(p, g);
      const perms = permutations(sym, p.cpus);
      const identity = perms[0]!;
      let s = initialState(p);
      // Along a random run: every state's permuted successors are the permuted state's successors.
      for (const choice of walk) {
        for (const to of perms) {
          const image = new Int32Array(s.length);
          sym.apply(s, image, to);
          assert.deepEqual(successors(p, sym, image, identity), successors(p, sym, s, to), yaml);
          checked++;
        }
        const moves = enabledMoves(p, s);
        if (moves.length === 0) break;
        const r = step(p, s, moves[choice % moves.length]!);
        if (r.kind === 'violation') break;
        s = r.state;
      }
    }), { seed: 71, numRuns: 60 });
    assert.ok(checked > 200, `only ${checked} states checked`);
  });

  test(`with symmetry the search finds the full search's verdict, kinds and final states (${name}, seed 73)`, () => {
    let symmetric = 0;
    let smaller = 0;
    fc.assert(fc.property(arbSymmetric(opts), (yaml) => {
      const p = programOf(yaml);
      const g = symmetryGroupsOf(p);
      if (!g) return;
      symmetric++;
      const sym = new Symmetry(p, g);
      const runOf = (reduction: boolean, symmetry: boolean) => {
        const finals = new Set<string>();
        const o = exhaustiveExplorer({ reduction, symmetry, onFinal: (s) => finals.add(orbitKey(sym, s)) }).explore(p, testBudget(20_000));
        return { o, kinds: o.findings.map((f) => f.violation.kind).sort(), finals: [...finals].sort() };
      };
      const full = runOf(false, false);
      fc.pre(full.o.bound === undefined);
      for (const reduction of [false, true]) {
        const r = runOf(reduction, true);
        assert.equal(r.o.verdict, full.o.verdict, yaml);
        assert.deepEqual(r.kinds, full.kinds, yaml);
        assert.deepEqual(r.finals, full.finals, yaml);
        if (!reduction && r.o.stats.states < full.o.stats.states) smaller++;
        // Every counterexample is a real run: it replays to the violation it reports.
        for (const f of r.o.findings) {
          const rep = replay(p, f.trace);
          assert.ok(rep.ok, yaml);
          // A data race is a state the run passes (machine/race.ts), not where it ends.
          if (f.violation.kind === 'data-race') { assert.ok(racedAlong(p, f.trace, f.violation.loc), yaml); continue; }
          if (f.violation.kind !== 'livelock' && f.violation.kind !== 'deadlock') assert.equal(rep.end.kind === 'violation' ? rep.end.violation.kind : rep.end.kind, f.violation.kind, yaml);
        }
      }
    }), { seed: 73, numRuns: RUNS });
    assert.ok(symmetric >= RUNS / 4, `only ${symmetric} programs had interchangeable CPUs`);
    assert.ok(smaller >= RUNS / 8, `symmetry stored fewer states on only ${smaller} programs`);
  });
}

// A sleeping lock's owner is a task id (1 + the CPU in a program without tasks:
// ops/sleeping-lock.ts), not a context id, and Symmetry rewrites lock words as context ids: read
// as one, the owner would stay put when its CPU moves, and the permuted state's mutex_unlock()
// would be a misuse. Scheduler instructions (the sleeping locks among them) keep symmetry off.
test('a mutex or an rw_semaphore turns symmetry off', () => {
  for (const [lock, take, give] of [['mutex', 'mutex_lock(m)', 'mutex_unlock(m)'], ['rw_semaphore', 'down_write(m)', 'up_write(m)']] as const) {
    const body = `["${take}", "WRITE_ONCE(x, 1)", "${give}"]`;
    const yaml = `cpus: 3\nstate:\n  cells: { x: 0, y: 0 }\n  locks: { m: ${lock} }\nprograms:\n  cpu 0: ["WRITE_ONCE(y, 1)"]\n  cpu 1: ${body}\n  cpu 2: ${body}\n`;
    assert.equal(symmetryGroupsOf(programOf(yaml)), null, yaml);
    // The same CPUs with a spinlock (its holder is a context id) are interchangeable.
    assert.deepEqual(symmetryGroupsOf(programOf(yaml.replace(`m: ${lock}`, 'm: spinlock').replaceAll(take, 'spin_lock(m)').replaceAll(give, 'spin_unlock(m)')))?.groups, [[1, 2]]);
  }
});

// Symmetry is an allow-list (Family.cpuSymmetric): a family that does not declare itself
// CPU-symmetric, as a new one would not, turns it off in every program that uses it.
test('a family that does not declare itself CPU-symmetric turns symmetry off', () => {
  const body = '["spin_lock(m)", "WRITE_ONCE(x, 1)", "spin_unlock(m)"]';
  const p = programOf(`cpus: 3\nstate:\n  cells: { x: 0, y: 0 }\n  locks: { m: spinlock }\nprograms:\n  cpu 0: ["WRITE_ONCE(y, 1)"]\n  cpu 1: ${body}\n  cpu 2: ${body}\n`);
  assert.deepEqual(findGroups(p)?.groups, [[1, 2]]);
  const undeclared = FAMILIES.map((f) => (f.name === 'locks' ? { name: f.name, names: f.names } : f));
  assert.equal(findGroups(p, undeclared), null);
  // A family the list does not know at all counts as undeclared.
  assert.equal(findGroups(p, FAMILIES.filter((f) => f.name !== 'locks')), null);
  // A family the program does not use changes nothing.
  assert.deepEqual(findGroups(p, FAMILIES.map((f) => (f.name === 'srcu' ? { name: f.name, names: f.names } : f)))?.groups, [[1, 2]]);
});

// The families that name CPUs in words symmetry.ts does not permute leave the declaration out:
// SRCU (per-context words), RCU callbacks (the queuing CPU) and tasks (the scheduler's words).
test('SRCU, an RCU callback or a task turns symmetry off', () => {
  const head = (srcu: string): string => `cpus: 3\nstate:\n  cells: { x: 0, y: 0 }\n${srcu}  objects: { o: { v: 0, rcu: 0 } }\nprocedures:\n  f(n):\n    - WRITE_ONCE(y, 2)\nprograms:\n  cpu 0: ["WRITE_ONCE(y, 1)"]\n`;
  const both = (b: string): string => `  cpu 1: ${b}\n  cpu 2: ${b}\n`;
  const plain = head('') + both('["WRITE_ONCE(x, 1)"]');
  assert.deepEqual(symmetryGroupsOf(programOf(plain))?.groups, [[1, 2]]);
  const srcu = head('  srcu: { ss: srcu_struct }\n');
  assert.deepEqual(symmetryGroupsOf(programOf(srcu + both('["WRITE_ONCE(x, 1)"]')))?.groups, [[1, 2]]);
  assert.equal(symmetryGroupsOf(programOf(srcu + both('["i = srcu_read_lock(&ss)", "WRITE_ONCE(x, 1)", "srcu_read_unlock(&ss, i)"]'))), null);
  assert.equal(symmetryGroupsOf(programOf(head('') + both('["call_rcu(&o->rcu, f)"]'))), null);
  // rcu_barrier() where no callback is ever queued waits for nothing and has no words: symmetry stays.
  assert.deepEqual(symmetryGroupsOf(programOf(head('') + both('["WRITE_ONCE(x, 1)", "rcu_barrier()"]')))?.groups, [[1, 2]]);
  assert.equal(symmetryGroupsOf(programOf(`${plain}  task t on cpu 0: ["WRITE_ONCE(y, 3)"]\n`)), null);
});
