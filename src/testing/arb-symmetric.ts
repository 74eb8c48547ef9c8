// Test and script support for symmetry (explore/symmetry.ts): random scenarios whose CPUs 1 and 2
// are interchangeable, and a state's exact key up to the permutations of its interchangeable CPUs
// (the least key over all of them), to compare the final states of searches with and without
// symmetry. Only tests and scripts import this.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import { stateKey } from '../explore/state-key.js';
import type { Symmetry } from '../explore/symmetry.js';
import type { State } from '../machine/state.js';
import { arbSmallScenario, type ArbOptions } from './arb-program.js';

/**
 * A random scenario made symmetric: three CPUs, CPU 2 runs CPU 1's program, and each handler is
 * declared for CPU 0, for CPUs 1 and 2 together, for all three, or once for CPU 1 and once for CPU 2.
 */
export function arbSymmetric(o: ArbOptions): fc.Arbitrary<string> {
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
export function orbitKey(sym: Symmetry, s: State): string {
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
export function permutations(sym: Symmetry, cpus: number): Int32Array[] {
  let out: Int32Array[] = [Int32Array.from({ length: cpus }, (_, c) => c)];
  for (const g of sym.groups) {
    const next: Int32Array[] = [];
    const perms = (xs: readonly number[]): number[][] => (xs.length <= 1 ? [[...xs]] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((r) => [x, ...r])));
    for (const base of out) for (const image of perms(g)) { const t = base.slice(); g.forEach((c, i) => { t[c] = image[i]!; }); next.push(t); }
    out = next;
  }
  return out;
}
