// `raceway check <paths...>`: explore every (variant, strategy) of every scenario and compare the
// verdicts with the declared expectations. A thin shell: the work is in scenario/, explore/, report/.
import { LineIndex } from '../../common/span.js';
import type { Outcome } from '../../explore/explorer.js';
import type { SchedulerName } from '../../explore/random/scheduler.js';
import type { MemoryModelName, Program } from '../../machine/program.js';
import type { Format } from '../../report/render-finding.js';
import { loadScenario } from '../../scenario/load.js';
import { readImport } from '../import-reader.js';
import { collectPaths, SCENARIO_EXTENSIONS } from '../files.js';
import type { Io } from '../io.js';
import { OutputSink } from '../output-sink.js';
import { refuseOutputAmongInputs } from '../output-among-inputs.js';
import { unknownNames } from '../case-selection.js';
import { paintFor } from '../paint-chalk.js';
import { diagnosticsText } from '../print-diagnostics.js';
import { progressSink } from '../progress.js';
import type { SearchRequest } from '../search/request.js';
import { runnerFor } from '../search/runner-for.js';
import { sourceOf, type SourceOf } from '../source-of.js';
import { internalErrorText, INTERNAL_EXIT } from '../internal-error.js';
import { caseRequest, formatOf, renderCase, type CaseResult } from './check-case.js';
import { spinCase } from './check-spin.js';
import { litmusItem, LITMUS_EXTENSION } from './check-litmus.js';

export interface CheckOptions {
  readonly strategy: readonly string[];
  readonly variant: readonly string[];
  readonly json: boolean;
  readonly maxStates: number;
  readonly first: boolean;
  readonly summary: boolean;
  /** Every counterexample in full, also those that met their expectation (else one line each). */
  readonly full?: boolean;
  readonly timeout?: number;
  readonly cpus?: number;
  readonly memoryModel?: MemoryModelName;
  /** How counterexamples print (docs/formats.md); 'json' is --json; 'herd' is herd7's layout for C litmus tests. */
  readonly format?: Format | 'herd';
  /** Write stdout's text to this file instead (atomically), e.g. an SVG. */
  readonly output?: string;
  /** Partial-order reduction (default on; --no-reduction). */
  readonly reduction?: boolean;
  readonly preemptionBound?: number;
  readonly maxMemoryMb?: number;
  /** Progress on stderr even in --json runs or without a terminal. */
  readonly progress?: boolean;
  /** Random mode (issue 4): 'both' runs a random budget, then the exhaustive search. */
  readonly mode?: 'random' | 'exhaustive' | 'both';
  readonly runs?: number;
  readonly seed?: number;
  readonly depth?: number;
  readonly scheduler?: SchedulerName;
  /** Breadth-first exhaustive search: shortest counterexamples. */
  readonly shortest?: boolean;
  /** Worker threads that explore (default: one per core, never more than there are searches). */
  readonly jobs?: number;
  /** Which model checker searches: raceway's own (default) or Spin (docs/spin.md). */
  readonly engine?: 'raceway' | 'spin';
  /** --engine spin: bitstate hashing (never gives safe). */
  readonly bitstate?: boolean;
}

/**
 * `unsupported`: litmus tests using a construct raceway cannot run yet (not a failure).
 * `notRun`: searches never started because the user pressed Ctrl-C (inconclusive, like a bound).
 */
export interface Tally { met: number; unmet: number; inconclusive: number; badFiles: number; unsupported?: number; notRun?: number; internal?: number }

export function exitCodeOf(t: Tally): number {
  if ((t.internal ?? 0) > 0) return INTERNAL_EXIT;
  if (t.badFiles > 0) return 2;
  if (t.unmet > 0) return 1;
  if (t.inconclusive > 0 || (t.notRun ?? 0) > 0) return 3;
  return 0;
}

export async function runCheck(paths: readonly string[], opts: CheckOptions, ioIn: Io): Promise<number> {
  const sink = new OutputSink(ioIn, opts);
  const code = await runCheckTo(paths, { ...opts, json: opts.json || opts.format === 'json' }, sink.io);
  return sink.finish(code);
}

/** Text for stderr, kept in its place among the results. */
function errorItem(text: string): CaseResult {
  return { stdout: '', stderr: text, count: 'badFiles' };
}

/** A bug met on one file: its report in the file's place, and the batch goes on (exit 70 at the end). */
function internalItem(file: string, e: unknown): CaseResult {
  return { stdout: '', stderr: internalErrorText(e, file), count: 'internal' };
}

/** A search still to run, what to call it in progress lines, and how to print its outcome. */
interface SearchItem {
  readonly file: string;
  readonly request: SearchRequest;
  readonly program: Program;
  readonly label: string;
  readonly render: (o: Outcome) => CaseResult;
  readonly lines: LineIndex;
}

async function runCheckTo(paths: readonly string[], o: CheckOptions, io: Io): Promise<number> {
  const format = formatOf(o);
  const out = paintFor(io.stdoutIsTTY, io.env);
  const err = paintFor(io.stderrIsTTY, io.env);
  const tally: Tally = { met: 0, unmet: 0, inconclusive: 0, badFiles: 0 };
  let folded = 0;
  const entries = collectPaths(paths, [...SCENARIO_EXTENSIONS, LITMUS_EXTENSION]);
  if (o.output !== undefined) refuseOutputAmongInputs('--output', o.output, entries);
  // What to print, in the order of a serial run: text, output already rendered, or a search.
  const items: (string | CaseResult | SearchItem)[] = [];
  const mode = o.mode ?? 'both';
  const seed = o.seed ?? 0;
  // Said once, before the first scenario a random search explores (not for C litmus tests).
  let seedSaid = o.json || format !== 'table' && format !== 'lkml' && format !== 'markdown' || o.format === 'herd' || mode === 'exhaustive' || o.engine === 'spin';
  const saySeed = (): void => {
    if (!seedSaid) items.push(`seed ${seed} (${mode} mode; reproduce with --seed ${seed})\n`);
    seedSaid = true;
  };
  for (const entry of entries) {
    const src = await sourceOf(entry, io);
    if (!src.ok) { items.push(errorItem(err.red(src.message) + '\n')); continue; }
    try {
      fileItems(src);
    } catch (e) {
      items.push(internalItem(src.file, e));
    }
  }
  /** The items of one file, pushed in order. */
  function fileItems(src: Extract<SourceOf, { ok: true }>): void {
    if (src.frontEnd === 'litmus') {
      const l = litmusItem(src.file, src.text, o, out, err, io.stderrIsTTY);
      items.push('request' in l ? { ...l, file: src.file, label: src.file, lines: new LineIndex(src.text) } : l);
      return;
    }
    if (o.memoryModel === 'lkmm') {
      // The LKMM search runs C litmus tests so far (issue 20): a scenario is skipped, never
      // checked under another model than the one asked for.
      items.push({ stdout: out.bold(src.file) + `\n  ${out.yellow('skip')} unsupported: --memory-model lkmm runs C litmus tests (.litmus) only, so far; check this scenario under sc or tso\n`, stderr: '', count: 'unsupported' });
      return;
    }
    const mm = o.memoryModel;
    const lines = new LineIndex(src.text);
    const source = {
      frontEnd: 'scenario' as const, file: src.file, text: src.text, strategies: o.strategy,
      ...(o.cpus ? { cpus: o.cpus } : {}),
      ...(mm ? { memoryModel: mm } : {}),
    };
    const loaded = loadScenario(src.file, src.text, { ...source, variants: o.variant, imports: readImport });
    if (!loaded.ok) {
      items.push(errorItem(diagnosticsText(loaded.errors, src.text, err, io.stderrIsTTY, src.file)));
      return;
    }
    const cases = loaded.value.cases;
    if (cases.length === 0) {
      // Only when nothing is left: over a folder, --strategy may name one that only some files have.
      items.push(errorItem(unknownNames(src.file, loaded.value.ast, o.strategy, o.variant).map((l) => err.red(l) + '\n').join('')));
      return;
    }
    saySeed();
    if (!o.json && format !== 'svg') items.push(out.bold(`${src.file}: ${loaded.value.ast.name}`) + '\n');
    const widths = [cases.reduce((n, c) => Math.max(n, c.variant.length), 0), cases.reduce((n, c) => Math.max(n, c.strategy.length), 0)] as const;
    for (const c of cases) {
      items.push({
        file: src.file, request: caseRequest(source, c, o), program: c.program, label: `${c.variant}/${c.strategy}`, lines,
        render: (outcome) => renderCase(src.file, c, outcome, lines, o, out, widths),
      });
    }
  }
  const searches = items.filter((i): i is SearchItem => typeof i !== 'string' && 'request' in i);
  // With Spin as the engine, raceway's own search runs nowhere: no worker is started.
  const spin = o.engine === 'spin';
  const runner = runnerFor(io, o.jobs, spin ? 0 : searches.length);
  const start = (i: SearchItem): Promise<Outcome | null> => {
    const sink = progressSink(i.label, o, io, io.now());
    return runner.run(i.request, i.program, sink.progress).finally(sink.finish);
  };
  // On workers every search is queued at once and printed in its turn, whichever finishes first;
  // on this thread each runs when its turn comes, so output streams as the search goes.
  const started = new Map(io.threads && !spin ? searches.map((i) => [i, start(i)] as const) : []);
  try {
    for (const item of items) {
      if (typeof item === 'string') { io.stdout(item); continue; }
      let r: CaseResult | null = item as CaseResult;
      if ('request' in item && spin) r = spinCase(item.program, item.lines, item.render, o, io);
      else if ('request' in item) {
        try {
          const outcome = await (started.get(item) ?? start(item));
          r = outcome === null ? null : item.render(outcome);
        } catch (e) {
          r = internalItem(item.file, e);
        }
      }
      if (r === null) { tally.notRun = (tally.notRun ?? 0) + 1; continue; }
      io.stderr(r.stderr);
      io.stdout(r.stdout);
      if (r.count !== null) tally[r.count] = (tally[r.count] ?? 0) + 1;
      if (r.folded) folded++;
    }
  } finally {
    await runner.close();
  }
  if (folded > 0) {
    io.stdout(out.dim(`\nCounterexamples that met their expectation are one line each: --full prints them, and\nraceway replay FILE --strategy S --variant V --token T prints one.\n`));
  }
  if (tally.notRun) io.stderr(`raceway: interrupted: ${tally.notRun} search${tally.notRun === 1 ? '' : 'es'} not run\n`);
  if (!o.json && format !== 'svg' && o.format !== 'herd') {
    const total = tally.met + tally.unmet + tally.inconclusive;
    io.stdout(`\n${total} result${total === 1 ? '' : 's'}: ${out.green(`${tally.met} met`)}, ${tally.unmet ? out.red(`${tally.unmet} not met`) : '0 not met'}, ${tally.inconclusive ? out.yellow(`${tally.inconclusive} inconclusive`) : '0 inconclusive'}${tally.badFiles ? `, ${out.red(`${tally.badFiles} bad file${tally.badFiles === 1 ? '' : 's'}`)}` : ''}${tally.unsupported ? `, ${out.yellow(`${tally.unsupported} unsupported`)}` : ''}${tally.notRun ? `, ${out.yellow(`${tally.notRun} not run (interrupted)`)}` : ''}${tally.internal ? `, ${out.red(`${tally.internal} internal error${tally.internal === 1 ? '' : 's'}`)}` : ''}\n`);
  }
  return exitCodeOf(tally);
}
