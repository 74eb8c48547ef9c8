// `raceway ablate <file>`: for each (variant, strategy) of a scenario, or a C litmus test's one
// case, remove one synchronization operation (or pair, explore/ablate-pairs.ts) at a time, re-check, and print which ones the
// expectation rests on. A thin shell over explore/ablate.ts; the checks run on the search pool
// (search/), in parallel across ablations.
import type { MemoryModelName } from '../../machine/program.js';
import { LineIndex } from '../../common/span.js';
import { ablate, ablationSites, type AblationResult } from '../../explore/ablate.js';
import { ablationJson, renderAblations } from '../../report/ablate-table.js';
import type { Io } from '../io.js';
import { paintFor } from '../paint-chalk.js';
import { sourceOf } from '../source-of.js';
import type { SearchRequest } from '../search/request.js';
import { runnerFor } from '../search/runner-for.js';
import { fileCases } from './file-cases.js';

export interface AblateOptions {
  readonly strategy: readonly string[];
  readonly variant: readonly string[];
  readonly json: boolean;
  readonly maxStates: number;
  /** Worker threads (default: one per core). */
  readonly jobs?: number;
  readonly memoryModel?: MemoryModelName;
  readonly cpus?: number;
  /** Also each READ_ONCE()/WRITE_ONCE() made plain, one statement at a time (explore/ablate-marking.ts). */
  readonly markings?: boolean;
}

export async function runAblate(file: string, o: AblateOptions, io: Io): Promise<number> {
  const out = paintFor(io.stdoutIsTTY, io.env);
  const err = paintFor(io.stderrIsTTY, io.env);
  const src = await sourceOf({ file }, io);
  if (!src.ok) { io.stderr(err.red(src.message) + '\n'); return 2; }
  const lines = new LineIndex(src.text);
  const loaded = fileCases(src, {
    strategies: o.strategy,
    variants: o.variant,
    ...(o.cpus ? { cpus: o.cpus } : {}),
    ...(o.memoryModel ? { memoryModel: o.memoryModel } : {}),
  }, err, io.stderrIsTTY, 'ablate');
  if (!loaded.ok) { io.stderr(loaded.stderr); return 2; }
  // A YAML scenario's unknown names are refused by fileCases; a C litmus test has one variant.
  const cases = loaded.cases.filter((c) => o.variant.length === 0 || o.variant.includes(c.variant));
  if (cases.length === 0) {
    const names = [...new Set(loaded.cases.flatMap((c) => [c.variant, c.strategy]))];
    io.stderr(`${src.file}: error: no strategy or variant named ${[...o.strategy, ...o.variant].map((u) => `'${u}'`).join(', ')} (expected one of ${names.join(', ') || 'the strategies of the file'})\n`);
    return 2;
  }
  // Every check at once: the original of each case and each of its ablations, printed in order.
  const planned = cases.map((c) => {
    const base: SearchRequest = { program: c.program, explorer: { mode: 'exhaustive', reduction: false }, budget: { maxStates: o.maxStates, seed: 0 } };
    return { c, base, sites: ablationSites(c.program, { markings: o.markings === true }) };
  });
  const runner = runnerFor(io, o.jobs);
  const running = planned.map(({ c, base, sites }) => ({
    original: runner.run(base),
    ablations: sites.map((site) => runner.run({ ...base, program: ablate(c.program, site) })),
  }));
  let inconclusive = false;
  let notRun = 0;
  try {
    for (const [k, { c, sites }] of planned.entries()) {
      const original = await running[k]!.original;
      const outcomes = await Promise.all(running[k]!.ablations);
      if (original === null) { notRun += 1 + sites.length; continue; }
      const results: AblationResult[] = [];
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome === null) notRun++;
        else results.push(await c.assess(sites[i]!, original, outcome));
      }
      if (results.some((r) => r.judgement === 'inconclusive') || original.verdict === 'inconclusive') inconclusive = true;
      if (o.json) {
        for (const r of results) {
          io.stdout(JSON.stringify({ file: src.file, scenario: c.program.scenario, variant: c.variant, strategy: c.strategy, memory_model: c.program.memoryModel, ...ablationJson(r, lines) }) + '\n');
        }
        continue;
      }
      const j = c.judge(original);
      const needed = results.filter((r) => r.breaks).length;
      io.stdout(out.bold(`${src.file}: ${c.program.scenario}, variant ${c.variant}, strategy ${c.strategy} (${c.program.memoryModel})`) + '\n');
      io.stdout(`  as written: ${c.word(original)} (${c.expected}${j === 'met' ? '' : `: ${j}`}); ${results.length} operation${results.length === 1 ? '' : 's'}, ${needed} load-bearing\n`);
      if (results.length > 0) io.stdout(renderAblations(results, lines, out) + '\n');
      io.stdout('\n');
    }
  } finally {
    await runner.close();
  }
  if (notRun > 0) io.stderr(`raceway: interrupted: ${notRun} check${notRun === 1 ? '' : 's'} not run\n`);
  return inconclusive || notRun > 0 ? 3 : 0;
}
