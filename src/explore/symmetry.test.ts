// Symmetry of interchangeable CPUs (symmetry.ts): which CPUs are found interchangeable, that a
// permutation of them is an automorphism of the machine (successors of a permuted state are the
// permuted successors), and that the search with symmetry, with or without the reduction, finds
// the full search's verdict, violation kinds and final states (up to permutation), with traces
// that replay. Random programs: testing/arb-program.ts made symmetric (CPU 2 runs CPU 1's program).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import { enabledMoves } from '../machine/enabled.js';
import type { Program } from '../machine/program.js';
import { initialState } from '../machine/start.js';
import type { State } from '../machine/state.js';
import { step } from '../machine/step.js';
import { loadScenario } from '../scenario/load.js';
import { arbSmallScenario, type ArbOptions } from '../testing/arb-program.js';
import { programOf, testBudget } from '../testing/inline.js';
import { repoRoot } from '../testing/repo-root.js';
import { exhaustiveExplorer } from './exhaustive.js';
import { replay } from './replay.js';
import { stateKey } from './state-key.js';
import { symmetryGroupsOf } from './symmetry-groups.js';
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

test('this_cpu as a value, or a per-CPU element chosen at run time, turns symmetry off', () => {
  const head = 'cpus: 3\nstate:\n  cells: { x: 0 }\n  arrays: { a: { size: 3, init: 0 } }\nprograms:\n  cpu 0: ["WRITE_ONCE(x, 3)"]\n';
  assert.deepEqual(symmetryGroupsOf(programOf(`${head}  cpu 1: ["WRITE_ONCE(a[this_cpu], 1)"]\n  cpu 2: ["WRITE_ONCE(a[this_cpu], 1)"]\n`))?.groups, [[1, 2]]);
  assert.equal(symmetryGroupsOf(programOf(`${head}  cpu 1: ["WRITE_ONCE(x, this_cpu)"]\n  cpu 2: ["WRITE_ONCE(x, this_cpu)"]\n`)), null);
  assert.equal(symmetryGroupsOf(programOf(`${head}  cpu 1: ["r = READ_ONCE(x)", "WRITE_ONCE(a[r], 1)", "WRITE_ONCE(a[this_cpu], 1)"]\n  cpu 2: ["r = READ_ONCE(x)", "WRITE_ONCE(a[r], 1)", "WRITE_ONCE(a[this_cpu], 1)"]\n`)), null);
  // Different code: no group.
  assert.equal(symmetryGroupsOf(programOf(`${head}  cpu 1: ["WRITE_ONCE(x, 1)"]\n  cpu 2: ["WRITE_ONCE(x, 2)"]\n`)), null);
});

/**
 * A random scenario made symmetric: three CPUs, CPU 2 runs CPU 1's program, and each handler is
 * declared for CPU 0, for CPUs 1 and 2 together, for all three, or once for CPU 1 and once for CPU 2.
 */
function arbSymmetric(o: ArbOptions): fc.Arbitrary<string> {
  return fc.tuple(arbSmallScenario(o), fc.array(fc.nat({ max: 3 }), { minLength: 2, maxLength: 2 })).map(([{ yaml }, shapes]) => {
    const doc = parseDocument(yaml);
    doc.set('cpus', 3);
    const programs = doc.get('programs') as YAMLMap;
    programs.set('cpu 2', (programs.get('cpu 1') as YAMLSeq | undefined)?.clone() ?? doc.createNode([]));
    const irqs = doc.get('interrupts');
    if (isSeq(irqs)) {
      const out = new YAMLSeq();
      (irqs.items as YAMLMap[]).forEach((h, i) => {
        const shape = shapes[i] ?? 0;
        const cpus = [[0], [1, 2], [0, 1, 2], [1]][shape]!;
        h.set('cpus', doc.createNode(cpus));
        out.items.push(h);
        if (shape === 3) { const twin = h.clone() as YAMLMap; twin.set('cpus', doc.createNode([2])); out.items.push(twin); }
      });
      doc.set('interrupts', out);
    }
    assert.ok(isMap(programs));
    return String(doc);
  });
}

/** A state's key up to the group permutations (the least key over all of them), for comparing final states. */
function orbitKey(sym: Symmetry, s: State): string {
  let best = stateKey(s);
  const out = new Int32Array(s.length);
  for (const to of permutations(sym, s.length > 0 ? sym.to.length : 0)) {
    sym.apply(s, out, to);
    const k = stateKey(out);
    if (k < best) best = k;
  }
  return best;
}

/** Every permutation of the CPUs that permutes each group within itself. */
function permutations(sym: Symmetry, cpus: number): Int32Array[] {
  let out: Int32Array[] = [Int32Array.from({ length: cpus }, (_, c) => c)];
  for (const g of sym.groups) {
    const next: Int32Array[] = [];
    const perms = (xs: readonly number[]): number[][] => (xs.length <= 1 ? [[...xs]] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((r) => [x, ...r])));
    for (const base of out) for (const image of perms(g)) { const t = base.slice(); g.forEach((c, i) => { t[c] = image[i]!; }); next.push(t); }
    out = next;
  }
  return out;
}

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
          if (f.violation.kind !== 'livelock' && f.violation.kind !== 'deadlock') assert.equal(rep.end.kind === 'violation' ? rep.end.violation.kind : rep.end.kind, f.violation.kind, yaml);
        }
      }
    }), { seed: 73, numRuns: RUNS });
    assert.ok(symmetric >= RUNS / 4, `only ${symmetric} programs had interchangeable CPUs`);
    assert.ok(smaller >= RUNS / 8, `symmetry stored fewer states on only ${smaller} programs`);
  });
}
