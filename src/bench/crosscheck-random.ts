// `npm run crosscheck -- ...` for random programs: CROSSCHECK_RANDOM=N small random scenarios
// (src/testing/arb-program.ts: every primitive, handlers, rwlocks, pointers; SC and TSO) through both engines,
// seed CROSSCHECK_SEED (default 1). Prints each disagreement's scenario; exits 1 on any.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { crosscheck } from '../cli/spin/crosscheck.js';
import { arbSmallScenario } from '../testing/arb-program.js';

export function randomCrosscheck(n: number, seed: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'raceway-crosscheck-'));
  let diff = 0;
  let compared = 0;
  const refused = new Map<string, number>();
  try {
    // SC and x86-TSO (the export encodes store buffers: spin/tso.ts); `primitives`: every name of
    // the registry (testing/arb-program.ts), so each family's Spin export is compared with the
    // machine as soon as it is registered.
    const kinds = [{}, { rwlocks: true }, { pointers: true }, { primitives: true }, { memoryModel: 'tso' }, { primitives: true, memoryModel: 'tso' }] as const;
    const samples = kinds.flatMap((k, i) => fc.sample(arbSmallScenario(k), { numRuns: Math.ceil(n / kinds.length), seed: seed + i }));
    samples.slice(0, n).forEach((s, i) => {
      const f = join(dir, `random-${i}.yaml`);
      writeFileSync(f, withoutUnusedDeclarations(s.yaml));
      for (const r of crosscheck([f], {})) {
        if (r.agree === null) {
          const why = r.spin.replace(/\d+/g, 'N');
          refused.set(why, (refused.get(why) ?? 0) + 1);
          continue;
        }
        compared++;
        if (!r.agree) {
          diff++;
          console.log(`DIFF random-${i} ${r.variant}/${r.strategy}: raceway ${r.raceway} | spin ${r.spin}\n${s.yaml}`);
        }
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${n} random scenarios, ${compared} cases compared: ${diff} disagree`);
  for (const [why, k] of refused) console.log(`  not exported (${k}): ${why}`);
  return diff;
}

/**
 * The registry-drawn programs declare a pool and srcu_structs whether or not they use them, and
 * the Promela export refuses any program that declares either (spin/refuse.ts): drop the
 * declarations a program does not use, so the rest of it is still compared.
 */
function withoutUnusedDeclarations(yaml: string): string {
  const drop = (line: RegExp, used: RegExp) => (text: string): string => (used.test(text.replace(line, '')) ? text : text.replace(line, ''));
  const pools = drop(/^ {2}pools:.*\n/m, /kmalloc|kzalloc|kmem_cache_/);
  const srcu = drop(/^ {2}srcu:.*\n/m, /srcu_|synchronize_srcu/);
  return srcu(pools(yaml));
}
