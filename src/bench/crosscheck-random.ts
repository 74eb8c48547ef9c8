// `npm run crosscheck -- ...` for random programs: CROSSCHECK_RANDOM=N small random scenarios
// (src/testing/arb-program.ts: every primitive, handlers, rwlocks, pointers; SC and TSO) through both engines,
// seed CROSSCHECK_SEED (default 1). Prints each disagreement's scenario; exits 1 on any.
// CROSSCHECK_FOCUS=families draws registry programs (SC and TSO) that call a pool, SRCU or
// refcount/kref primitive only; CROSSCHECK_FOCUS=contexts those with issue 19's contexts: a
// softirq handler or bottom halves, an RCU callback, tasks, work items (the exports that came last).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { crosscheck } from '../cli/spin/crosscheck.js';
import { arbSmallScenario, type SmallScenario } from '../testing/arb-program.js';

export type Focus = 'families' | 'contexts';

export async function randomCrosscheck(n: number, seed: number, focus: Focus | null = null): Promise<number> {
  const groups = focus === 'contexts' ? CONTEXTS : FAMILIES;
  const dir = mkdtempSync(join(tmpdir(), 'raceway-crosscheck-'));
  let diff = 0;
  let compared = 0;
  const refused = new Map<string, number>();
  const byFamily = new Map<string, number>();
  try {
    // SC and x86-TSO (the export encodes store buffers: spin/tso.ts); `primitives`: every name of
    // the registry (testing/arb-program.ts), so each family's Spin export is compared with the
    // machine as soon as it is registered.
    const kinds = [{}, { rwlocks: true }, { pointers: true }, { primitives: true }, { memoryModel: 'tso' }, { primitives: true, memoryModel: 'tso' }] as const;
    const samples = focus ? focused(n, seed, groups) : kinds.flatMap((k, i) => fc.sample(arbSmallScenario(k), { numRuns: Math.ceil(n / kinds.length), seed: seed + i }));
    for (const [i, s] of samples.slice(0, n).entries()) {
      const f = join(dir, `random-${i}.yaml`);
      writeFileSync(f, s.yaml);
      for (const r of await crosscheck([f], {})) {
        if (r.agree === null) {
          const why = r.spin.replace(/\d+/g, 'N');
          refused.set(why, (refused.get(why) ?? 0) + 1);
          continue;
        }
        compared++;
        for (const [family, re] of groups) if (re.test(programText(s.yaml))) byFamily.set(family, (byFamily.get(family) ?? 0) + 1);
        if (!r.agree) {
          diff++;
          console.log(`DIFF random-${i} ${r.variant}/${r.strategy}: raceway ${r.raceway} | spin ${r.spin}\n${s.yaml}`);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`${n} random scenarios, ${compared} cases compared: ${diff} disagree`);
  console.log(`  of which use ${groups.map(([f]) => `${f} ${byFamily.get(f) ?? 0}`).join(', ')}`);
  for (const [why, k] of refused) console.log(`  not exported (${k}): ${why}`);
  return diff;
}

/** Families whose export came last (spin/pool.ts, srcu.ts, refcount.ts): how many compared cases use each. */
const FAMILIES: readonly [string, RegExp][] = [
  ['pools', /\b(kmalloc|kzalloc|kmem_cache_alloc)\(/],
  ['SRCU', /\b(srcu_read_lock|synchronize_srcu(_expedited)?)\(/],
  ['refcount/kref', /\b(refcount_\w+|kref_\w+)\(/],
];

/**
 * Issue 19's contexts (spin/softirq.ts, callbacks.ts, sched.ts), and work items: how many compared cases use each.
 * The programs and handlers come after the declarations, so `kind: softirq` is in the text tested.
 */
const CONTEXTS: readonly [string, RegExp][] = [
  ['softirqs/BH', /kind: softirq|\blocal_bh_|_bh\(|\bin_(interrupt|softirq|serving_softirq|task)\(/],
  ['RCU callbacks', /\b(call_rcu|kfree_rcu|rcu_barrier)\(/],
  ['tasks', /^\s*task \w+ on cpu/m],
  ['work items', /\b(queue_work|schedule_work|flush_work|cancel_work(_sync)?)\(/],
];

/**
 * `n` registry-drawn programs, half SC and half TSO, as many matching each of `groups`: drawn in
 * batches and filtered (SRCU's names come up in about one program in thirty).
 */
function focused(n: number, seed: number, groups: readonly [string, RegExp][]): SmallScenario[] {
  const each = Math.ceil(n / 2 / groups.length);
  return (['sc', 'tso'] as const).flatMap((memoryModel, m) => groups.flatMap(([, re], f) => {
    const out: SmallScenario[] = [];
    for (let batch = 0; out.length < each && batch < 50; batch++) {
      const drawn = fc.sample(arbSmallScenario({ primitives: true, memoryModel }), { numRuns: 200, seed: seed + 1000 * (m * groups.length + f) + batch });
      out.push(...drawn.filter((s) => re.test(programText(s.yaml))));
    }
    return out.slice(0, each);
  }));
}

/** The scenario's programs and procedures, without its declarations. */
function programText(yaml: string): string {
  const at = yaml.search(/^(procedures|programs):/m);
  return at < 0 ? '' : yaml.slice(at);
}
