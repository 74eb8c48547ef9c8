// `raceway check <paths...>`: explore every (variant, strategy) of every scenario and compare the
// verdicts with the declared expectations. A thin shell: the work is in scenario/, explore/, report/.
import type { Outcome } from '../../explore/explorer.js';
import { collectPaths } from '../files.js';
import { UserError, type Io } from '../io.js';
import { exitCodeOf, type CheckOptions, type Tally } from './check-options.js';
import { OutputSink } from '../output-sink.js';
import { refuseOutputAmongInputs } from '../output-among-inputs.js';
import { loadPaint } from '../paint-loaded.js';
import { progressSink } from '../progress.js';
import { search } from '../search/request.js';
import { runnerFor } from '../search/runner-for.js';
import type { SearchRunner } from '../search/runner.js';
import { sourceOf, SOURCE_EXTENSIONS, type Read } from '../source-of.js';
import { internalErrorText } from '../internal-error.js';
import { loadFrontEnd } from '../front-ends/front-end-of.js';
import type { CheckItem, FrontEnd, SearchItem } from '../front-ends/front-end.js';
import { formatOf, type CaseResult } from './check-case.js';

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

/** Spin's own options mean nothing to raceway's search: say so rather than ignore them. */
function refuseSpinOptionsAlone(o: CheckOptions): void {
  const spinOnly = [o.bitstate ? '--bitstate' : null, o.swarm !== undefined ? '--swarm' : null, o.swarmFrom !== undefined ? '--swarm-from' : null].filter((f) => f !== null);
  if (spinOnly.length > 0 && o.engine !== 'spin') throw new UserError(`${spinOnly[0]} needs --engine spin`);
  if (o.swarm !== undefined && o.swarmFrom !== undefined) throw new UserError('--swarm runs a swarm here and --swarm-from reads one run elsewhere: give one of them');
}

async function runCheckTo(paths: readonly string[], o: CheckOptions, io: Io): Promise<number> {
  refuseSpinOptionsAlone(o);
  const format = formatOf(o);
  const out = await loadPaint(io.stdoutIsTTY, io.env);
  const err = await loadPaint(io.stderrIsTTY, io.env);
  const tally: Tally = { met: 0, unmet: 0, inconclusive: 0, badFiles: 0 };
  let folded = 0;
  const entries = collectPaths(paths, SOURCE_EXTENSIONS);
  if (o.output !== undefined) refuseOutputAmongInputs('--output', o.output, entries);
  // What to print, in the order of a serial run: text, output already rendered, or a search.
  const items: CheckItem[] = [];
  const mode = o.mode ?? 'both';
  const seed = o.seed ?? 0;
  // Said once, before the first scenario a random search explores (not for C litmus tests).
  let seedSaid = o.json || format !== 'table' && format !== 'lkml' && format !== 'markdown' || o.format === 'herd' || mode === 'exhaustive' || o.engine === 'spin';
  const saySeed = (): void => {
    if (!seedSaid) items.push(`seed ${seed} (${mode} mode; reproduce with --seed ${seed})\n`);
    seedSaid = true;
  };
  // With Spin as the engine, raceway's own search runs nowhere: no worker is started.
  const spin = o.engine === 'spin';
  // In the real process each search is queued as soon as its file is lowered, so the searches of
  // the first files run while the next ones load, and each is printed in its turn, whichever
  // finishes first. On this thread each runs when its turn to print comes, so output streams.
  const queued = io.threads && !spin;
  let runner = null as SearchRunner | null; // made at the first search
  const started = new Map<SearchItem, Promise<Outcome | null>>();
  const start = (i: SearchItem): Promise<Outcome | null> => {
    const sink = progressSink(i.label, o, io, io.now());
    runner ??= runnerFor(io, o.jobs);
    return runner.run(i.request, sink.progress).finally(sink.finish);
  };
  const push = (item: CheckItem): void => {
    items.push(item);
    if (queued && typeof item !== 'string' && 'request' in item) {
      const running = start(item);
      // Awaited in its turn to print; until then a failure must not count as unhandled.
      running.catch(() => {});
      started.set(item, running);
    }
  };
  let unread = 0;
  for (const entry of entries) {
    if (runner?.interrupted()) { unread++; continue; }
    const src = await sourceOf(entry, io);
    if (!src.ok) { push(errorItem(err.red(src.message) + '\n')); continue; }
    try {
      fileItems(src, await loadFrontEnd(src));
    } catch (e) {
      push(internalItem(src.file, e));
    }
    // Let the searches queued so far start (on this thread too) and finished ones come back.
    if (runner !== null) await new Promise((resolve) => setImmediate(resolve));
  }
  /** The items of one file, pushed in order, as its front end plans them. */
  function fileItems(src: Read, reader: FrontEnd): void {
    const plan = reader.check(src, o, { out, err, stderrIsTTY: io.stderrIsTTY });
    if (plan.random) saySeed();
    plan.items.forEach(push);
  }
  // Spin's export and runner are loaded only when Spin is the engine.
  const spinCase = spin ? (await import('./check-spin.js')).spinCase : null;
  // A source none of whose cases --strategy/--variant selects is skipped when another's case runs
  // (the names may be ones only some files of a folder have), and is an error when none runs.
  const someCaseRuns = items.some((i) => typeof i !== 'string' && 'request' in i);
  const plainText = !o.json && format !== 'svg' && o.format !== 'herd';
  try {
    for (const item of items) {
      if (typeof item === 'string') { io.stdout(item); continue; }
      if (someCaseRuns && 'unmatched' in item && item.unmatched !== undefined) {
        if (plainText) io.stdout(out.dim(item.unmatched) + '\n');
        tally.skipped = (tally.skipped ?? 0) + 1;
        continue;
      }
      let r: CaseResult | null = item as CaseResult;
      if ('request' in item && spinCase !== null) {
        // Spin answers the first search; a second one is raceway's own, on this thread.
        const then = async (first: Outcome): Promise<Outcome | null> => {
          const next = item.followUp?.(first) ?? null;
          return next === null ? null : search(next, io.now, io.interrupted);
        };
        r = await spinCase(item.program, item.lines, async (first) => item.render(first, await then(first)), o, io);
      } else if ('request' in item) {
        try {
          const outcome = await (started.get(item) ?? start(item));
          const next = outcome === null ? null : item.followUp?.(outcome) ?? null;
          const followed = next === null ? null : await runner!.run(next);
          r = outcome === null ? null : await item.render(outcome, followed);
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
    await runner?.close();
  }
  if (unread > 0) io.stderr(`raceway: interrupted: ${unread} file${unread === 1 ? '' : 's'} not read\n`);
  if (folded > 0) {
    io.stdout(out.dim(`\nCounterexamples that met their expectation are one line each: --full prints them, and\nraceway replay FILE --strategy S --variant V --token T prints one.\n`));
  }
  // With some case run, a name no source has is a typo the skipped files' notes would hide.
  if (someCaseRuns) {
    const searched = items.filter((i): i is SearchItem => typeof i !== 'string' && 'request' in i);
    const unknown = [
      ...[...new Set(o.strategy)].filter((n) => !searched.some((i) => i.program.strategy === n)).map((n) => `strategy '${n}'`),
      ...[...new Set(o.variant)].filter((n) => !searched.some((i) => i.program.variant === n)).map((n) => `variant '${n}'`),
    ];
    for (const u of unknown) io.stderr(err.red(`raceway: error: no case of these files has ${u} (expected a name some file has)`) + '\n');
    if (unknown.length > 0) tally.unknownNames = unknown.length;
  }
  if (tally.notRun) io.stderr(`raceway: interrupted: ${tally.notRun} search${tally.notRun === 1 ? '' : 'es'} not run\n`);
  if (plainText) {
    const total = tally.met + tally.unmet + tally.inconclusive;
    io.stdout(`\n${total} result${total === 1 ? '' : 's'}: ${out.green(`${tally.met} met`)}, ${tally.unmet ? out.red(`${tally.unmet} not met`) : '0 not met'}, ${tally.inconclusive ? out.yellow(`${tally.inconclusive} inconclusive`) : '0 inconclusive'}${tally.badFiles ? `, ${out.red(`${tally.badFiles} bad file${tally.badFiles === 1 ? '' : 's'}`)}` : ''}${tally.skipped ? `, ${tally.skipped} file${tally.skipped === 1 ? '' : 's'} skipped (no such strategy or variant)` : ''}${tally.unsupported ? `, ${out.yellow(`${tally.unsupported} unsupported`)}` : ''}${tally.notRun ? `, ${out.yellow(`${tally.notRun} not run (interrupted)`)}` : ''}${tally.internal ? `, ${out.red(`${tally.internal} internal error${tally.internal === 1 ? '' : 's'}`)}` : ''}\n`);
  }
  return exitCodeOf(tally);
}
